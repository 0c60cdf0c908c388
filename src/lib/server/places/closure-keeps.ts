/**
 * The record that something planned at a closed time takes place on purpose (`closure_keeps`): an event date
 * (kept when staff save at a closed time, or from the place's conflict list), a room booking or a volunteer date.
 * Every write and every read of that table goes through here, so the save warning, the conflict list and the
 * public mark "findet trotz Schließzeit statt" cannot disagree about what is kept.
 */
import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { closureKeeps, eventOccurrences } from '../../../../db/schema';
import type { Actor } from '../auth/permissions';
import { recordAudit } from '../audit';

/**
 * Keeps event dates (original local starts) despite the closure, and audits the ones not kept before under the
 * one code `event.closure.keep`. Returns the dates newly kept.
 */
export function recordKeeps(db: Db, actor: Actor, eventId: number, dates: readonly string[], context: { quartierId: number | null; now: Date }): string[] {
  if (dates.length === 0) return [];
  const added = db
    .insert(closureKeeps)
    .values([...new Set(dates)].map((recurrenceLocal) => ({ eventId, recurrenceLocal, keptBy: actor.id, createdAt: context.now })))
    .onConflictDoNothing()
    .returning({ recurrenceLocal: closureKeeps.recurrenceLocal })
    .all()
    .map((k) => k.recurrenceLocal!);
  if (added.length > 0)
    recordAudit(db, {
      actorUserId: actor.id,
      action: 'event.closure.keep',
      entityType: 'event',
      entityId: eventId,
      quartierId: context.quartierId,
      details: { dates: added },
    });
  return added;
}

/** Drops the mark from event dates that are no longer at a closed time (moved to another hour or place). */
export function releaseKeeps(db: Db, eventId: number, dates: readonly string[]): void {
  if (dates.length === 0) return;
  db.delete(closureKeeps)
    .where(and(eq(closureKeeps.eventId, eventId), inArray(closureKeeps.recurrenceLocal, [...dates])))
    .run();
}

/** Keeps a room booking or a volunteer date; the caller audits it in its own terms. */
export function recordItemKeep(db: Db, actorId: number, item: { kind: 'booking' | 'slot'; id: number }, now: Date): void {
  db.insert(closureKeeps)
    .values({ bookingId: item.kind === 'booking' ? item.id : null, slotId: item.kind === 'slot' ? item.id : null, keptBy: actorId, createdAt: now })
    .run();
}

/** The kept dates of one event (original local starts). */
export function keptDatesOf(db: Db, eventId: number | null): Set<string> {
  if (eventId === null) return new Set();
  return new Set(
    db
      .select({ recurrenceLocal: closureKeeps.recurrenceLocal })
      .from(closureKeeps)
      .where(eq(closureKeeps.eventId, eventId))
      .all()
      .map((k) => k.recurrenceLocal!),
  );
}

/** Whether staff chose to keep this event date despite a closure. */
export function isOccurrenceKept(db: Db, eventId: number, recurrenceLocal: string): boolean {
  return keptDatesOf(db, eventId).has(recurrenceLocal);
}

/** For a query over `event_occurrences`: whether the row's date is kept, without a join that could repeat rows. */
export const occurrenceKeptColumn: SQL<boolean> =
  sql<boolean>`exists (select 1 from ${closureKeeps} where ${closureKeeps.eventId} = ${eventOccurrences.eventId} and ${closureKeeps.recurrenceLocal} = ${eventOccurrences.recurrenceLocal})`.mapWith(
    (v: number) => v === 1,
  );

/** The key an item is kept under: an event date by its place in the series, a booking or slot by its id. */
export function keepKey(kind: 'occurrence' | 'booking' | 'slot', id: number, eventId: number | null, recurrenceLocal: string | null): string {
  return kind === 'occurrence' ? `occurrence:${eventId}:${recurrenceLocal}` : `${kind}:${id}`;
}

/** Which of the given events' dates, bookings and volunteer dates are kept, as `keepKey`s. */
export function keptKeys(db: Db, items: { eventIds: number[]; bookingIds: number[]; slotIds: number[] }): Set<string> {
  const { eventIds, bookingIds, slotIds } = items;
  if (eventIds.length + bookingIds.length + slotIds.length === 0) return new Set();
  const rows = db
    .select()
    .from(closureKeeps)
    .where(or(inArray(closureKeeps.eventId, eventIds), inArray(closureKeeps.bookingId, bookingIds), inArray(closureKeeps.slotId, slotIds)))
    .all();
  return new Set(
    rows.map((k) =>
      k.eventId !== null
        ? keepKey('occurrence', 0, k.eventId, k.recurrenceLocal)
        : k.bookingId !== null
          ? keepKey('booking', k.bookingId, null, null)
          : keepKey('slot', k.slotId!, null, null),
    ),
  );
}
