/**
 * What the Quartiersmanagement does once the year's closures are entered: every occurrence of a series that falls on
 * a day its place is shut (the Weihnachtspause, a public holiday) is cancelled with the reason, so the demo city never
 * lists a Sprechstunde behind a locked door. It goes through the same check and the same command staff use.
 */
import type { Db } from '../../client';
import * as s from '../../schema';
import { listClosureConflicts } from '../../../src/lib/server/places/closure-conflicts';
import { cancelOccurrence } from '../../../src/lib/server/events/occurrence-exceptions';
import { dateOnly, type DemoContext, type Ids } from './context';

/** Days ahead the check covers: further than any demo series runs. */
const HORIZON_DAYS = 400;

export function cancelOccurrencesOnClosedDays({ t, now, nowDate }: DemoContext, ids: { u: Ids }): void {
  const coordinator = { id: ids.u['admin@example.org']!, role: 'admin' as const };
  const db: Db = t;
  for (const place of db.select({ id: s.places.id }).from(s.places).all()) {
    for (const conflict of listClosureConflicts(db, place.id, dateOnly(now), dateOnly(now.plus({ days: HORIZON_DAYS })))) {
      if (conflict.kind !== 'occurrence') continue;
      cancelOccurrence(db, coordinator, conflict.eventId!, conflict.recurrenceLocal!, `Fällt aus: ${conflict.reason}`, nowDate);
    }
  }
}
