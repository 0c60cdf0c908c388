/**
 * Where an imported event came from: the credit on its page ("aus dem Kalender von …") and what staff locked.
 * Kept apart from the rest of the import so the event page needs nothing else of it.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { calendarSubscriptions, importedEvents, organisations } from '../../../../db/schema';
import { lockedFieldsOf, type LockableField } from './locks';

export interface ImportSource {
  organisationName: string;
  detached: boolean;
  lockedFields: LockableField[];
}

/** Where an imported event came from, for the credit on its page ("aus dem Kalender von …"). */
export function importSourceOf(db: Db, eventId: number): ImportSource | null {
  const row = db
    .select({ name: organisations.name, detached: importedEvents.detached, lockedFields: importedEvents.lockedFields })
    .from(importedEvents)
    .innerJoin(calendarSubscriptions, eq(calendarSubscriptions.id, importedEvents.subscriptionId))
    .innerJoin(organisations, eq(organisations.id, calendarSubscriptions.organisationId))
    .where(eq(importedEvents.eventId, eventId))
    .get();
  return row ? { organisationName: row.name, detached: row.detached, lockedFields: lockedFieldsOf(row) } : null;
}
