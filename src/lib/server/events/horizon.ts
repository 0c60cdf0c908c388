import { isNotNull } from 'drizzle-orm';
import { setImmediate as yieldToRequests } from 'node:timers/promises';
import type { Db, DbConnection } from '../db';
import { events } from '../../../../db/schema';
import { syncOccurrences } from './occurrences';

/** Open-ended and long series are expanded a fixed time ahead; this moves the window on as days pass. */
export function extendSeriesHorizon(db: Db, now: Date = new Date()): number {
  const series = db.select({ id: events.id }).from(events).where(isNotNull(events.rrule)).all();
  db.transaction((tx) => {
    for (const { id } of series) syncOccurrences(tx, id, now);
  });
  return series.length;
}

/**
 * The same, for the running server: one series at a time, each in its own transaction, handing the event
 * loop back to waiting requests in between. Expanding 150 series of a large city costs seconds of CPU; done
 * in one go it would stall every page for that long. Stops early when `shouldStop` says so (shutdown).
 */
export async function extendSeriesHorizonInSteps(db: DbConnection, shouldStop: () => boolean = () => false, now: Date = new Date()): Promise<number> {
  const series = db.select({ id: events.id }).from(events).where(isNotNull(events.rrule)).all();
  let done = 0;
  for (const { id } of series) {
    if (shouldStop()) break;
    db.transaction((tx) => {
      syncOccurrences(tx, id, now);
    });
    done += 1;
    await yieldToRequests();
  }
  return done;
}
