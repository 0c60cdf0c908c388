/**
 * Per-occurrence exceptions of a series: one Wandercafé cancelled or moved, and undoing that. Like every event
 * command they check by themselves that the actor may change the event, and raise the series' SEQUENCE, because
 * calendars see the change as an EXDATE or an overridden instance.
 */
import { DateTime } from 'luxon';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { eventExceptions, eventOccurrences, events, type Event, type EventException } from '../../../../db/schema';
import { recordAudit, type AuditAction } from '../audit';
import type { Actor } from '../auth/permissions';
import { isClockTime, isIsoDate } from '../../time';
import { NotFoundError } from '../errors';
import { syncOccurrences, type ExpansionCache } from './occurrences';
import { EventValidationError, type FieldErrors } from './errors';
import { primaryQuartier, requireManagedEvent } from './commands';
import { eventQuartierIds } from './permissions';
import { existingPlaceId, NOTE_MAX, orNull, trimmed } from './event-form';
import { checkClosedDates, keepClosedDates, type ClosedTimesCheck } from './closed-dates';

function findOccurrence(db: Db, eventId: number, recurrenceLocal: string): { recurrenceLocal: string } | undefined {
  return db
    .select({ recurrenceLocal: eventOccurrences.recurrenceLocal })
    .from(eventOccurrences)
    .where(and(eq(eventOccurrences.eventId, eventId), eq(eventOccurrences.recurrenceLocal, recurrenceLocal)))
    .get();
}

type ExceptionValues = Pick<EventException, 'kind' | 'startLocal' | 'endLocal' | 'placeId' | 'locationName' | 'note'>;

/**
 * Writes exceptions of one series in one transaction: the series gets one new SEQUENCE and its occurrences are
 * expanded once, however many dates change (a closure can cancel several at a time).
 */
function writeExceptions(
  db: Db,
  actor: Actor,
  event: Event,
  entries: { recurrenceLocal: string; values: ExceptionValues }[],
  auditAction: AuditAction,
  now: Date,
  expansions?: ExpansionCache,
): void {
  db.transaction((tx) => {
    for (const { recurrenceLocal, values } of entries) {
      const existing = tx
        .select()
        .from(eventExceptions)
        .where(and(eq(eventExceptions.eventId, event.id), eq(eventExceptions.recurrenceLocal, recurrenceLocal)))
        .get();
      if (existing) {
        tx.update(eventExceptions)
          .set({ ...values, sequence: existing.sequence + 1, updatedAt: now })
          .where(eq(eventExceptions.id, existing.id))
          .run();
      } else {
        tx.insert(eventExceptions)
          .values({ eventId: event.id, recurrenceLocal, ...values, sequence: event.sequence + 1, createdAt: now, updatedAt: now })
          .run();
      }
    }
    // The series itself changes for calendars too (EXDATE / overridden instance), so it gets a new SEQUENCE.
    tx.update(events)
      .set({ sequence: event.sequence + 1, updatedAt: now })
      .where(eq(events.id, event.id))
      .run();
    syncOccurrences(tx, event.id, now, expansions);
    const quartierId = primaryQuartier(eventQuartierIds(tx, event.id));
    for (const { recurrenceLocal, values } of entries) {
      recordAudit(tx, {
        actorUserId: actor.id,
        action: auditAction,
        entityType: 'event',
        entityId: event.id,
        quartierId,
        details: { occurrence: recurrenceLocal, ...values },
      });
    }
  });
}

function writeException(
  db: Db,
  actor: Actor,
  event: Event,
  recurrenceLocal: string,
  values: ExceptionValues,
  auditAction: AuditAction,
  now: Date,
  expansions?: ExpansionCache,
): void {
  writeExceptions(db, actor, event, [{ recurrenceLocal, values }], auditAction, now, expansions);
}

/** The event, when the actor may change it and the occurrence belongs to its series. */
function requireSeriesOccurrence(db: Db, actor: Actor, eventId: number, recurrenceLocal: string): Event {
  const event = requireManagedEvent(db, actor, eventId);
  if (!findOccurrence(db, eventId, recurrenceLocal)) throw new NotFoundError('bo.err.occurrenceUnknown');
  return event;
}

/** Cancels one occurrence of a series (one Wandercafé); the note is shown to residents. */
export function cancelOccurrence(db: Db, actor: Actor, eventId: number, recurrenceLocal: string, note: string, now: Date = new Date()): void {
  cancelOccurrences(db, actor, eventId, [recurrenceLocal], note, now);
}

/** Cancels several occurrences of one series with the same note (the dates a closure falls on). */
export function cancelOccurrences(db: Db, actor: Actor, eventId: number, recurrenceLocals: string[], note: string, now: Date = new Date()): void {
  if (recurrenceLocals.length === 0) return;
  let event: Event | null = null;
  for (const recurrenceLocal of recurrenceLocals) event = requireSeriesOccurrence(db, actor, eventId, recurrenceLocal);
  const text = note.trim();
  if (text.length > NOTE_MAX) throw new EventValidationError({ note: 'bo.err.tooLong' });
  const values: ExceptionValues = { kind: 'cancelled', startLocal: null, endLocal: null, placeId: null, locationName: null, note: text };
  writeExceptions(
    db,
    actor,
    event!,
    recurrenceLocals.map((recurrenceLocal) => ({ recurrenceLocal, values })),
    'event.occurrence.cancel',
    now,
  );
}

export interface MoveOccurrenceInput {
  date?: string | null;
  startTime?: string | null;
  endTime?: string | null;
  placeId?: string | null;
  locationName?: string | null;
  note?: string | null;
}

/**
 * Moves one occurrence to another time and/or place; empty fields keep the series' values. With `closedTimes`, a
 * new time at which the place is closed holds the move back until the form confirms it; then the date is kept.
 */
export function moveOccurrence(
  db: Db,
  actor: Actor,
  eventId: number,
  recurrenceLocal: string,
  input: MoveOccurrenceInput,
  now: Date = new Date(),
  closedTimes?: ClosedTimesCheck,
): void {
  const event = requireSeriesOccurrence(db, actor, eventId, recurrenceLocal);
  const errors: FieldErrors = {};
  const date = trimmed(input.date) || recurrenceLocal.slice(0, 10);
  if (!isIsoDate(date)) errors.date = 'bo.err.dateInvalid';
  let startLocal: string | null = null;
  let endLocal: string | null = null;
  if (event.allDay) {
    startLocal = date;
    endLocal = date;
  } else {
    const startTime = trimmed(input.startTime) || recurrenceLocal.slice(11, 16);
    const endTime = trimmed(input.endTime) || event.endLocal.slice(11, 16);
    if (!isClockTime(startTime)) errors.startTime = 'bo.err.timeInvalid';
    if (!isClockTime(endTime)) errors.endTime = 'bo.err.timeInvalid';
    startLocal = `${date}T${startTime}`;
    // An end time before the start means the meeting runs past midnight, as the series may.
    const endDate = endTime <= startTime && !errors.date ? DateTime.fromISO(date).plus({ days: 1 }).toISODate() : date;
    endLocal = `${endDate}T${endTime}`;
    if (!errors.startTime && !errors.endTime && endTime === startTime) errors.endTime = 'bo.err.endBeforeStart';
  }
  const placeRaw = trimmed(input.placeId);
  const placeId = placeRaw ? existingPlaceId(db, placeRaw) : null;
  if (placeRaw && placeId === null) errors.placeId = 'bo.err.placeUnknown';
  const locationName = placeId ? null : orNull(input.locationName);
  const note = trimmed(input.note);
  if (note.length > NOTE_MAX) errors.note = 'bo.err.tooLong';
  if (Object.keys(errors).length > 0) throw new EventValidationError(errors);
  const values: ExceptionValues = { kind: 'changed', startLocal, endLocal, placeId, locationName, note };
  const dates = closedTimes ? checkClosedDates(db, eventId, event, closedTimes, now, { id: 0, recurrenceLocal, ...values }) : null;
  db.transaction((tx) => {
    writeException(tx, actor, event, recurrenceLocal, values, 'event.occurrence.move', now, dates?.expansions);
    if (dates) keepClosedDates(tx, actor, eventId, dates, primaryQuartier(eventQuartierIds(tx, eventId)), now);
  });
}

/** Undoes a cancellation or move: the occurrence follows the series again. False when there was nothing to undo. */
export function restoreOccurrence(db: Db, actor: Actor, eventId: number, recurrenceLocal: string, now: Date = new Date()): boolean {
  const event = requireManagedEvent(db, actor, eventId);
  return db.transaction((tx) => {
    const removed = tx
      .delete(eventExceptions)
      .where(and(eq(eventExceptions.eventId, eventId), eq(eventExceptions.recurrenceLocal, recurrenceLocal)))
      .returning({ id: eventExceptions.id })
      .all();
    if (removed.length === 0) return false;
    tx.update(events)
      .set({ sequence: event.sequence + 1, updatedAt: now })
      .where(eq(events.id, eventId))
      .run();
    syncOccurrences(tx, eventId, now);
    recordAudit(tx, {
      actorUserId: actor.id,
      action: 'event.occurrence.restore',
      entityType: 'event',
      entityId: eventId,
      quartierId: primaryQuartier(eventQuartierIds(tx, eventId)),
      details: { occurrence: recurrenceLocal },
    });
    return true;
  });
}
