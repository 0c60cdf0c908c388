import { isNotNull } from 'drizzle-orm';
import type { Db } from '../db';
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
