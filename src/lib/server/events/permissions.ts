/**
 * Who may change an event: staff of one of its Quartiere, or an admin. Apart from the commands, so that code which
 * only asks (the calendar import's field locks) does not load the commands' form parsing and closed-times warnings.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { eventQuartiere } from '../../../../db/schema';
import { canManageAnyQuartier, type Actor } from '../auth/permissions';

/** The Quartiere an event belongs to (permission checks ask about these). */
export function eventQuartierIds(db: Db, eventId: number): number[] {
  return db
    .select({ id: eventQuartiere.quartierId })
    .from(eventQuartiere)
    .where(eq(eventQuartiere.eventId, eventId))
    .all()
    .map((r) => r.id);
}

/** Whether the user is staff of one of the event's Quartiere (or an admin): who may change it in the back office. */
export function canManageEvent(db: Db, actor: Actor | null | undefined, eventId: number): boolean {
  return canManageAnyQuartier(db, actor, eventQuartierIds(db, eventId));
}
