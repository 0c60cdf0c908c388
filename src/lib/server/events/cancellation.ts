/**
 * Cancelling or deleting a whole event, with what it does to the people registered for its coming dates: the
 * confirmation step shows that before staff commit, and cancelling tells them (deleting cannot: their
 * registrations go with the event).
 */
import { and, eq, gt, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '../db';
import { eventOccurrences, signups, type Event } from '../../../../db/schema';
import type { Actor } from '../auth/permissions';
import type { Locale } from '../../../i18n';
import { getOccurrenceRegistration, mailOccurrenceCancelled } from '../registrations/events';
import { cancelEvent } from './commands';
import { cancelOccurrences } from './occurrence-exceptions';

export interface RemovalImpact {
  /** Dates still to come that are not already cancelled. */
  upcomingDates: number;
  /** Registrations (with a place or waiting) for those dates that have an address: each gets a cancellation mail. */
  peopleToMail: number;
  /** All registrations of the event; deleting removes them without a word to anyone. */
  registrations: number;
}

function upcomingOccurrenceIds(db: Db, eventId: number, now: Date): number[] {
  return db
    .select({ id: eventOccurrences.id })
    .from(eventOccurrences)
    .where(and(eq(eventOccurrences.eventId, eventId), eq(eventOccurrences.status, 'scheduled'), gt(eventOccurrences.startsAt, now)))
    .all()
    .map((r) => r.id);
}

export function describeEventRemoval(db: Db, eventId: number, now: Date = new Date()): RemovalImpact {
  const upcoming = upcomingOccurrenceIds(db, eventId, now);
  const toMail = upcoming.length
    ? db
        .select({ id: signups.id })
        .from(signups)
        .where(and(inArray(signups.occurrenceId, upcoming), inArray(signups.status, ['confirmed', 'waiting']), isNotNull(signups.email)))
        .all().length
    : 0;
  const registrations = db
    .select({ id: signups.id })
    .from(signups)
    .innerJoin(eventOccurrences, eq(eventOccurrences.id, signups.occurrenceId))
    .where(and(eq(eventOccurrences.eventId, eventId), inArray(signups.status, ['confirmed', 'waiting', 'pending'])))
    .all().length;
  return { upcomingDates: upcoming.length, peopleToMail: toMail, registrations };
}

/** Cancels the whole event and mails everyone registered for a coming date, in one transaction; returns how many were mailed. */
export function cancelEventAndTellRegistered(
  db: Db,
  actor: Actor,
  eventId: number,
  reason: string,
  ctx: { baseUrl: string; locale: Locale; now?: Date },
): { event: Event; mailed: number } {
  const now = ctx.now ?? new Date();
  return db.transaction((tx) => {
    const upcoming = upcomingOccurrenceIds(tx, eventId, now);
    const event = cancelEvent(tx, actor, eventId, reason, now);
    const mailed = upcoming.reduce((sum, id) => sum + mailOccurrenceCancelled(tx, id, event.statusNote, { ...ctx, now }), 0);
    return { event, mailed };
  });
}

export interface OccurrenceCancellationImpact {
  /** Registrations for this date (with a place, waiting or unconfirmed); they stay, marked by the cancelled date. */
  registrations: number;
  /** Those of them with an address who get the cancellation mail (with a place or waiting). */
  peopleToMail: number;
}

function findOccurrenceId(db: Db, eventId: number, recurrenceLocal: string): number | null {
  return (
    db
      .select({ id: eventOccurrences.id })
      .from(eventOccurrences)
      .where(and(eq(eventOccurrences.eventId, eventId), eq(eventOccurrences.recurrenceLocal, recurrenceLocal)))
      .get()?.id ?? null
  );
}

/** What cancelling one date of a series does, for its confirmation step. */
export function describeOccurrenceCancellation(db: Db, eventId: number, recurrenceLocal: string): OccurrenceCancellationImpact {
  const occurrenceId = findOccurrenceId(db, eventId, recurrenceLocal);
  if (occurrenceId === null) return { registrations: 0, peopleToMail: 0 };
  const rows = db
    .select({ status: signups.status, email: signups.email })
    .from(signups)
    .where(and(eq(signups.occurrenceId, occurrenceId), inArray(signups.status, ['confirmed', 'waiting', 'pending'])))
    .all();
  // The same people `mailOccurrenceCancelled` writes to: none when the event no longer takes registrations.
  const mailed = getOccurrenceRegistration(db, occurrenceId) ? rows.filter((r) => r.status !== 'pending' && r.email !== null).length : 0;
  return { registrations: rows.length, peopleToMail: mailed };
}

/**
 * Cancels one date of a series and mails everyone registered for it, in one transaction (as a closure's "cancel
 * this date" does); returns how many were mailed.
 */
export function cancelOccurrenceAndTellRegistered(
  db: Db,
  actor: Actor,
  eventId: number,
  recurrenceLocal: string,
  note: string,
  ctx: { baseUrl: string; locale: Locale; now?: Date },
): { mailed: number } {
  const now = ctx.now ?? new Date();
  return db.transaction((tx) => {
    cancelOccurrences(tx, actor, eventId, [recurrenceLocal], note, now);
    const occurrenceId = findOccurrenceId(tx, eventId, recurrenceLocal);
    return { mailed: occurrenceId === null ? 0 : mailOccurrenceCancelled(tx, occurrenceId, note.trim(), { ...ctx, now }) };
  });
}
