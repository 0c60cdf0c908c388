/**
 * Staff changes to events: create, change, publish, cancel, delete. Each command checks by itself that the acting
 * user may change this event (staff of one of its Quartiere, or an admin), so no caller can forget it. Every
 * change runs in one transaction with the audit entry and the re-expansion of `event_occurrences`, so the public
 * pages and feeds show it on the next request; every change a calendar client must see raises SEQUENCE.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { eventCategories, eventQuartiere, events, eventTargetGroups, type Event, type EventStatus } from '../../../../db/schema';
import { recordAudit, type AuditAction } from '../audit';
import { staffQuartierIds, type Actor } from '../auth/permissions';
import { ForbiddenError, NotFoundError } from '../errors';
import { slugify } from '../../slug';
import { InvalidRecurrenceError, syncOccurrences, type ExpansionCache } from './occurrences';
import { EventValidationError } from './errors';
import { NOTE_MAX, parseEventForm, type EventData, type EventFormInput, type EventLinks } from './event-form';
import { checkClosedDates, keepClosedDates, type ClosedTimesCheck } from './closed-dates';
import { canManageEvent, eventQuartierIds } from './permissions';

export function getEvent(db: Db, eventId: number): Event | null {
  return db.select().from(events).where(eq(events.id, eventId)).get() ?? null;
}

export function getEventLinks(db: Db, eventId: number): EventLinks {
  return {
    quartierIds: db
      .select({ id: eventQuartiere.quartierId })
      .from(eventQuartiere)
      .where(eq(eventQuartiere.eventId, eventId))
      .all()
      .map((r) => r.id),
    categoryIds: db
      .select({ id: eventCategories.categoryId })
      .from(eventCategories)
      .where(eq(eventCategories.eventId, eventId))
      .all()
      .map((r) => r.id),
    targetGroupIds: db
      .select({ id: eventTargetGroups.targetGroupId })
      .from(eventTargetGroups)
      .where(eq(eventTargetGroups.eventId, eventId))
      .all()
      .map((r) => r.id),
  };
}

/** The event, if it exists and the actor may change it; otherwise the refusal every command gives. */
export function requireManagedEvent(db: Db, actor: Actor, eventId: number): Event {
  const event = getEvent(db, eventId);
  if (!event) throw new NotFoundError();
  if (!canManageEvent(db, actor, eventId)) throw new ForbiddenError();
  return event;
}

export function primaryQuartier(quartierIds: number[]): number | null {
  return quartierIds[0] ?? null;
}

function writeLinks(db: Db, eventId: number, data: EventData): void {
  db.delete(eventQuartiere).where(eq(eventQuartiere.eventId, eventId)).run();
  db.delete(eventCategories).where(eq(eventCategories.eventId, eventId)).run();
  db.delete(eventTargetGroups).where(eq(eventTargetGroups.eventId, eventId)).run();
  for (const quartierId of data.quartierIds) db.insert(eventQuartiere).values({ eventId, quartierId }).run();
  for (const categoryId of data.categoryIds) db.insert(eventCategories).values({ eventId, categoryId }).run();
  for (const targetGroupId of data.targetGroupIds) db.insert(eventTargetGroups).values({ eventId, targetGroupId }).run();
}

function columnsOf(data: EventData): Omit<EventData, 'quartierIds' | 'categoryIds' | 'targetGroupIds'> {
  const { quartierIds: _q, categoryIds: _c, targetGroupIds: _t, ...columns } = data;
  return columns;
}

/** Expands occurrences; a rule that yields nothing is the user's mistake, reported on the series fields. */
function expandOrReject(db: Db, eventId: number, now: Date, expansions?: ExpansionCache): void {
  try {
    syncOccurrences(db, eventId, now, expansions);
  } catch (error) {
    if (error instanceof InvalidRecurrenceError) throw new EventValidationError({ repeat: 'bo.err.seriesEmpty' });
    throw error;
  }
}

/**
 * Inserts an event (staff: draft or published; proposals: proposed) with its links and occurrences. Callers have
 * checked who may create it (createEvent, proposeEvent).
 */
export function insertEvent(
  db: Db,
  actor: Actor,
  data: EventData,
  status: EventStatus,
  now: Date = new Date(),
  auditAction: AuditAction = 'event.create',
  expansions?: ExpansionCache,
): Event {
  return db.transaction((tx) => {
    const event = tx
      .insert(events)
      .values({
        ...columnsOf(data),
        uid: `${randomUUID()}@quartiersportal`,
        slug: slugify(data.title),
        status,
        firstStartsAt: now,
        createdBy: actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    writeLinks(tx, event.id, data);
    expandOrReject(tx, event.id, now, expansions);
    recordAudit(tx, {
      actorUserId: actor.id,
      action: auditAction,
      entityType: 'event',
      entityId: event.id,
      quartierId: primaryQuartier(data.quartierIds),
      details: { title: data.title, status },
    });
    return tx.select().from(events).where(eq(events.id, event.id)).get()!;
  });
}

/**
 * Staff create an event; the form's Quartiere must be the actor's own. With `closedTimes`, dates at a closed time
 * of the place hold the save back until the form confirms the warnings; then they are recorded as kept.
 */
export function createEvent(db: Db, actor: Actor, input: EventFormInput, publish: boolean, now: Date = new Date(), closedTimes?: ClosedTimesCheck): Event {
  const scope = staffQuartierIds(db, actor);
  if (scope !== 'all' && scope.length === 0) throw new ForbiddenError();
  const { data, errors } = parseEventForm(db, input, { allowedQuartierIds: scope });
  if (!data) throw new EventValidationError(errors);
  const dates = closedTimes ? checkClosedDates(db, null, data, closedTimes, now) : null;
  return db.transaction((tx) => {
    const event = insertEvent(tx, actor, data, publish ? 'published' : 'draft', now, 'event.create', dates?.expansions);
    if (dates) keepClosedDates(tx, actor, event.id, dates, primaryQuartier(data.quartierIds), now);
    return event;
  });
}

/** Which stored fields differ, for the audit entry (and to know whether calendars must update). */
function changedFields(before: Event, beforeLinks: EventLinks, data: EventData): string[] {
  const columns = columnsOf(data) as Record<string, unknown>;
  const changed = Object.keys(columns).filter((key) => (before as Record<string, unknown>)[key] !== columns[key]);
  const sameSet = (a: number[], b: number[]): boolean => a.length === b.length && a.every((x) => b.includes(x));
  if (!sameSet(beforeLinks.quartierIds, data.quartierIds)) changed.push('quartierIds');
  if (!sameSet(beforeLinks.categoryIds, data.categoryIds)) changed.push('categoryIds');
  if (!sameSet(beforeLinks.targetGroupIds, data.targetGroupIds)) changed.push('targetGroupIds');
  return changed;
}

export interface ApplyFormOptions {
  allowedQuartierIds?: number[] | 'all';
  status?: EventStatus;
  statusNote?: string;
  auditAction?: AuditAction;
  /** Staff saves: warn about dates at a closed time of the place before saving (see `createEvent`). */
  closedTimes?: ClosedTimesCheck;
}

/**
 * Writes new form values onto an event whose caller has checked the permission (updateEvent for staff,
 * resubmitProposal for the proposing organisation). Quartiere the event already had may stay even when the actor
 * is not responsible for them (a joint event of two Quartiere); newly added ones must be the actor's own.
 */
export function applyEventForm(db: Db, actor: Actor, before: Event, input: EventFormInput, options: ApplyFormOptions = {}, now: Date = new Date()): Event {
  const eventId = before.id;
  const beforeLinks = getEventLinks(db, eventId);
  const scope = options.allowedQuartierIds ?? staffQuartierIds(db, actor);
  const allowed = scope === 'all' ? 'all' : [...new Set([...scope, ...beforeLinks.quartierIds])];
  const { data, errors } = parseEventForm(db, input, { allowedQuartierIds: allowed, existingRrule: before.rrule });
  if (!data) throw new EventValidationError(errors);
  const dates = options.closedTimes ? checkClosedDates(db, eventId, data, options.closedTimes, now) : null;
  const changed = changedFields(before, beforeLinks, data);
  const statusChanged = options.status !== undefined && options.status !== before.status;
  return db.transaction((tx) => {
    tx.update(events)
      .set({
        ...columnsOf(data),
        // The URL slug follows the title; old links still work because the id leads.
        slug: slugify(data.title),
        status: options.status ?? before.status,
        statusNote: options.statusNote ?? before.statusNote,
        sequence: changed.length > 0 || statusChanged ? before.sequence + 1 : before.sequence,
        updatedAt: now,
      })
      .where(eq(events.id, eventId))
      .run();
    writeLinks(tx, eventId, data);
    expandOrReject(tx, eventId, now, dates?.expansions);
    if (dates) keepClosedDates(tx, actor, eventId, dates, primaryQuartier(data.quartierIds), now);
    recordAudit(tx, {
      actorUserId: actor.id,
      action: options.auditAction ?? 'event.update',
      entityType: 'event',
      entityId: eventId,
      quartierId: primaryQuartier(data.quartierIds),
      details: { changed, ...(statusChanged ? { status: options.status } : {}) },
    });
    return tx.select().from(events).where(eq(events.id, eventId)).get()!;
  });
}

/** Staff change an event of one of their Quartiere (with `closedTimes`: warned about dates at a closed time). */
export function updateEvent(db: Db, actor: Actor, eventId: number, input: EventFormInput, now: Date = new Date(), closedTimes?: ClosedTimesCheck): Event {
  return applyEventForm(db, actor, requireManagedEvent(db, actor, eventId), input, closedTimes ? { closedTimes } : {}, now);
}

/**
 * Sets the status of an event (publish, cancel, return) with audit and a SEQUENCE bump. Callers have checked the
 * permission (publishEvent, cancelEvent, returnProposal).
 */
export function writeEventStatus(
  db: Db,
  actor: Actor,
  before: Event,
  status: EventStatus,
  statusNote: string,
  auditAction: AuditAction,
  now: Date = new Date(),
): Event {
  return db.transaction((tx) => {
    tx.update(events)
      .set({ status, statusNote, sequence: before.sequence + 1, updatedAt: now })
      .where(eq(events.id, before.id))
      .run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: auditAction,
      entityType: 'event',
      entityId: before.id,
      quartierId: primaryQuartier(eventQuartierIds(tx, before.id)),
      details: { from: before.status, to: status, ...(statusNote ? { note: statusNote } : {}) },
    });
    return tx.select().from(events).where(eq(events.id, before.id)).get()!;
  });
}

export function publishEvent(db: Db, actor: Actor, eventId: number, now: Date = new Date()): Event {
  return writeEventStatus(db, actor, requireManagedEvent(db, actor, eventId), 'published', '', 'event.publish', now);
}

/** Cancels the whole event; the reason is shown to residents on the event page and in feeds. */
export function cancelEvent(db: Db, actor: Actor, eventId: number, reason: string, now: Date = new Date()): Event {
  const before = requireManagedEvent(db, actor, eventId);
  const note = reason.trim();
  if (!note) throw new EventValidationError({ reason: 'bo.err.reasonRequired' });
  if (note.length > NOTE_MAX) throw new EventValidationError({ reason: 'bo.err.tooLong' });
  return writeEventStatus(db, actor, before, 'cancelled', note, 'event.cancel', now);
}

/** Removes the event with its occurrences, exceptions and registrations. */
export function deleteEvent(db: Db, actor: Actor, eventId: number): void {
  const before = requireManagedEvent(db, actor, eventId);
  db.transaction((tx) => {
    const quartierId = primaryQuartier(eventQuartierIds(tx, eventId));
    tx.delete(events).where(eq(events.id, eventId)).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: 'event.delete',
      entityType: 'event',
      entityId: eventId,
      quartierId,
      details: { title: before.title, status: before.status },
    });
  });
}
