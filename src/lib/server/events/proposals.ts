/**
 * Events proposed by organisations: a member proposes for their organisation (status `proposed`); staff of the
 * event's Quartier publish it or return it with a reason (status `draft` with the reason in `statusNote`). The
 * proposer is told by mail, sees the reason, edits and resubmits.
 */
import { and, desc, eq, inArray, or } from 'drizzle-orm';
import type { Db } from '../db';
import { events, organisations, users, type Event, type EventStatus } from '../../../../db/schema';
import { organisationRole, userOrganisationIds, type Actor } from '../auth/permissions';
import { enqueueMail } from '../mail/outbox';
import { isLocale, translate, type Locale, type MessageKey } from '../../../i18n';
import {
  EventStateError,
  EventValidationError,
  getEvent,
  insertEvent,
  parseEventForm,
  publishEvent,
  setEventStatus,
  updateEvent,
  type EventFormInput,
} from './editing';

export interface MailContext {
  publicUrl: string;
  siteName: string;
}

/** Statuses in which the proposing organisation may still change its proposal. */
const editableStatuses: EventStatus[] = ['proposed', 'draft'];

function requireOwnOrganisation(db: Db, actor: Actor, input: EventFormInput): void {
  const organisationId = Number(input.organisationId);
  if (!Number.isInteger(organisationId) || organisationRole(db, actor.id, organisationId) === null) {
    throw new EventValidationError({ organisationId: 'bo.err.organisationNotYours' });
  }
}

/** An organisation member proposes an event for one of their organisations. */
export function proposeEvent(db: Db, actor: Actor, input: EventFormInput, now: Date = new Date()): Event {
  const { data, errors } = parseEventForm(db, input, { allowedQuartierIds: 'all' });
  if (!errors.organisationId) {
    try {
      requireOwnOrganisation(db, actor, input);
    } catch (error) {
      if (error instanceof EventValidationError) Object.assign(errors, error.fields);
    }
  }
  if (!data || Object.keys(errors).length > 0) throw new EventValidationError(errors);
  return insertEvent(db, actor, data, 'proposed', now, 'event.propose');
}

/** Whether the user may change this proposal: a member of its organisation, while it is not yet published. */
export function canEditProposal(db: Db, actor: Actor, event: Event): boolean {
  if (!event.organisationId || !editableStatuses.includes(event.status)) return false;
  return organisationRole(db, actor.id, event.organisationId) !== null;
}

/** The proposer changes the proposal; it goes (back) to staff for review. */
export function resubmitProposal(db: Db, actor: Actor, eventId: number, input: EventFormInput, now: Date = new Date()): Event {
  const event = getEvent(db, eventId);
  if (!event || !canEditProposal(db, actor, event)) throw new EventStateError('Proposal cannot be changed');
  requireOwnOrganisation(db, actor, input);
  return updateEvent(db, actor, eventId, input, { allowedQuartierIds: 'all', status: 'proposed', statusNote: '', auditAction: 'event.proposal.resubmit' }, now);
}

function proposerOf(db: Db, event: Event): { email: string; displayName: string; locale: Locale } | null {
  if (!event.createdBy) return null;
  const user = db.select().from(users).where(eq(users.id, event.createdBy)).get();
  if (!user || user.disabledAt) return null;
  return { email: user.email, displayName: user.displayName, locale: isLocale(user.locale) ? user.locale : 'de' };
}

function proposalMail(
  db: Db,
  event: Event,
  kind: 'proposal-returned' | 'proposal-published',
  reason: string,
  context: MailContext,
): void {
  const proposer = proposerOf(db, event);
  if (!proposer) return;
  const m = (key: MessageKey, params?: Record<string, string>): string => translate(proposer.locale, key, params);
  const link = `${context.publicUrl}/veranstaltungen/vorschlagen/${event.id}`;
  const prefix = kind === 'proposal-returned' ? 'mail.proposalReturned' : 'mail.proposalPublished';
  const params = { name: proposer.displayName, title: event.title, reason, link, site: context.siteName };
  const text = [
    m(`${prefix}.greeting` as MessageKey, params),
    '',
    m(`${prefix}.body` as MessageKey, params),
    ...(reason ? ['', reason] : []),
    '',
    m(`${prefix}.action` as MessageKey, params),
    link,
    '',
    m('mail.proposal.why', params),
  ].join('\n');
  const escape = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
  const html = text
    .split('\n\n')
    .map((para) => `<p>${escape(para).replace(/\n/g, '<br>').replace(escape(link), `<a href="${escape(link)}">${escape(link)}</a>`)}</p>`)
    .join('\n');
  enqueueMail(db, { to: proposer.email, subject: m(`${prefix}.subject` as MessageKey, params), text, html, kind });
}

/** Staff return a proposal with a reason; the proposer gets a mail and can change and resubmit it. */
export function returnProposal(db: Db, actor: Actor, eventId: number, reason: string, context: MailContext, now: Date = new Date()): Event {
  const event = getEvent(db, eventId);
  if (!event) throw new EventStateError('Event not found');
  if (event.status !== 'proposed') throw new EventStateError('Only proposed events can be returned');
  const note = reason.trim();
  if (!note) throw new EventValidationError({ reason: 'bo.err.reasonRequired' });
  if (note.length > 1000) throw new EventValidationError({ reason: 'bo.err.tooLong' });
  return db.transaction((tx) => {
    const updated = setEventStatus(tx, actor, eventId, 'draft', note, 'event.proposal.return', now);
    proposalMail(tx, updated, 'proposal-returned', note, context);
    return updated;
  });
}

/** Publishes an event; when it was a proposal, the proposer is told. */
export function publishWithNotice(db: Db, actor: Actor, eventId: number, context: MailContext, now: Date = new Date()): Event {
  const before = getEvent(db, eventId);
  if (!before) throw new EventStateError('Event not found');
  return db.transaction((tx) => {
    const published = publishEvent(tx, actor, eventId, now);
    if (before.status === 'proposed' && before.organisationId) proposalMail(tx, published, 'proposal-published', '', context);
    return published;
  });
}

export interface ProposalRow {
  id: number;
  title: string;
  status: EventStatus;
  statusNote: string;
  startLocal: string;
  organisationName: string | null;
  updatedAt: Date;
}

/** The user's own proposals and the open ones of their organisations, newest first. */
export function listOwnProposals(db: Db, userId: number): ProposalRow[] {
  const orgIds = userOrganisationIds(db, userId);
  if (orgIds.length === 0) return [];
  return db
    .select({
      id: events.id,
      title: events.title,
      status: events.status,
      statusNote: events.statusNote,
      startLocal: events.startLocal,
      organisationName: organisations.name,
      updatedAt: events.updatedAt,
    })
    .from(events)
    .leftJoin(organisations, eq(organisations.id, events.organisationId))
    .where(and(inArray(events.organisationId, orgIds), or(eq(events.createdBy, userId), inArray(events.status, editableStatuses))))
    .orderBy(desc(events.updatedAt))
    .limit(100)
    .all();
}
