/**
 * Events proposed by organisations: a member proposes for their organisation (status `proposed`); staff of the
 * event's Quartier publish it or return it with a reason (status `draft` with the reason in `statusNote`). The
 * proposer is told by mail, sees the reason, edits and resubmits.
 */
import { and, desc, eq, inArray, ne, or } from 'drizzle-orm';
import type { Db } from '../db';
import { events, organisations, users, type Event, type EventStatus } from '../../../../db/schema';
import { organisationRole, userOrganisationIds, type Actor } from '../auth/permissions';
import { ForbiddenError, NotFoundError } from '../errors';
import { enqueueMail } from '../mail/outbox';
import { translate, type Locale, type MessageKey } from '../../../i18n';
import { recipientLocale } from '../mail/recipient-locale';
import { EventStateError, EventValidationError, type FieldErrors } from './errors';
import { parseEventForm, type EventData, type EventFormInput } from './event-form';
import { applyEventForm, getEvent, insertEvent, requireManagedEvent, writeEventStatus } from './commands';

export interface MailContext {
  publicUrl: string;
  siteName: string;
}

/**
 * Returned by staff: a draft with the reason in `statusNote`. Only returnProposal gives a draft a note (the reason
 * is required), so a draft staff wrote themselves — even one naming an organisation as organiser — never counts.
 */
export function isReturnedProposal(event: Pick<Event, 'status' | 'statusNote'>): boolean {
  return event.status === 'draft' && event.statusNote !== '';
}

/** A proposal its organisation may still change: awaiting review, or returned with a reason. */
function isOpenProposal(event: Event): boolean {
  return event.status === 'proposed' || isReturnedProposal(event);
}

function isMemberOf(db: Db, actor: Actor, organisationId: number | null): boolean {
  return organisationId !== null && organisationRole(db, actor.id, organisationId) !== null;
}

/** Whether the user may change this proposal: a member of its organisation, while it is open (see isOpenProposal). */
export function canEditProposal(db: Db, actor: Actor, event: Event): boolean {
  return isOpenProposal(event) && isMemberOf(db, actor, event.organisationId);
}

/**
 * Whether the user may look at this event on the proposal page: a member of its organisation, when it is an open
 * proposal, their own, or public anyway. A staff draft naming the organisation stays hidden.
 */
export function canViewProposal(db: Db, actor: Actor, event: Event): boolean {
  if (!isMemberOf(db, actor, event.organisationId)) return false;
  return isOpenProposal(event) || event.createdBy === actor.id || event.status === 'published' || event.status === 'cancelled';
}

/** The form checked as a proposal: every form rule, and the organisation must be one the proposer belongs to. */
function parseProposal(db: Db, actor: Actor, input: EventFormInput, existingRrule?: string | null): { data: EventData | null; errors: FieldErrors } {
  const { data, errors } = parseEventForm(db, input, { allowedQuartierIds: 'all', existingRrule: existingRrule ?? null });
  if (!errors.organisationId && !isMemberOf(db, actor, Number(input.organisationId) || null)) errors.organisationId = 'bo.err.organisationNotYours';
  return { data, errors };
}

/** An organisation member proposes an event for one of their organisations. */
export function proposeEvent(db: Db, actor: Actor, input: EventFormInput, now: Date = new Date()): Event {
  if (userOrganisationIds(db, actor.id).length === 0) throw new ForbiddenError();
  const { data, errors } = parseProposal(db, actor, input);
  if (!data || Object.keys(errors).length > 0) throw new EventValidationError(errors);
  return insertEvent(db, actor, data, 'proposed', now, 'event.propose');
}

/** The proposer changes an open proposal; it goes (back) to staff for review. */
export function resubmitProposal(db: Db, actor: Actor, eventId: number, input: EventFormInput, now: Date = new Date()): Event {
  const event = getEvent(db, eventId);
  if (!event) throw new NotFoundError();
  if (!canEditProposal(db, actor, event)) throw new ForbiddenError('bo.err.proposalLocked');
  const { errors } = parseProposal(db, actor, input, event.rrule);
  if (Object.keys(errors).length > 0) throw new EventValidationError(errors);
  return applyEventForm(
    db,
    actor,
    event,
    input,
    { allowedQuartierIds: 'all', status: 'proposed', statusNote: '', auditAction: 'event.proposal.resubmit' },
    now,
  );
}

function proposerOf(db: Db, event: Event): { email: string; displayName: string; locale: Locale } | null {
  if (!event.createdBy) return null;
  const user = db.select().from(users).where(eq(users.id, event.createdBy)).get();
  if (!user || user.disabledAt) return null;
  return { email: user.email, displayName: user.displayName, locale: recipientLocale(db, { email: user.email, userId: user.id }) };
}

function proposalMail(db: Db, event: Event, kind: 'proposal-returned' | 'proposal-published', reason: string, context: MailContext): void {
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
    .map(
      (para) =>
        `<p>${escape(para)
          .replace(/\n/g, '<br>')
          .replace(escape(link), `<a href="${escape(link)}">${escape(link)}</a>`)}</p>`,
    )
    .join('\n');
  enqueueMail(db, { to: proposer.email, subject: m(`${prefix}.subject` as MessageKey, params), text, html, kind });
}

/** Staff of the event's Quartier return a proposal with a reason; the proposer gets a mail and can change and resubmit it. */
export function returnProposal(db: Db, actor: Actor, eventId: number, reason: string, context: MailContext, now: Date = new Date()): Event {
  const event = requireManagedEvent(db, actor, eventId);
  if (event.status !== 'proposed') throw new EventStateError('bo.err.notProposed');
  const note = reason.trim();
  if (!note) throw new EventValidationError({ reason: 'bo.err.reasonRequired' });
  if (note.length > 1000) throw new EventValidationError({ reason: 'bo.err.tooLong' });
  return db.transaction((tx) => {
    const updated = writeEventStatus(tx, actor, event, 'draft', note, 'event.proposal.return', now);
    proposalMail(tx, updated, 'proposal-returned', note, context);
    return updated;
  });
}

/** Staff publish an event; when it was a proposal, the proposer is told. */
export function publishWithNotice(db: Db, actor: Actor, eventId: number, context: MailContext, now: Date = new Date()): Event {
  const before = requireManagedEvent(db, actor, eventId);
  return db.transaction((tx) => {
    const published = writeEventStatus(tx, actor, before, 'published', '', 'event.publish', now);
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

/** The user's own proposals and the open ones of their organisations (never a staff draft), newest first. */
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
    .where(
      and(
        inArray(events.organisationId, orgIds),
        or(eq(events.createdBy, userId), eq(events.status, 'proposed'), and(eq(events.status, 'draft'), ne(events.statusNote, ''))),
      ),
    )
    .orderBy(desc(events.updatedAt))
    .limit(100)
    .all();
}
