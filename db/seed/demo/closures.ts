/**
 * What the Quartiersmanagement does once the year's closures are entered: every occurrence of a series that falls on
 * a day its place is shut (the Weihnachtspause, a public holiday) is cancelled with the reason, so the demo city never
 * lists a Sprechstunde behind a locked door. It goes through the same check and the same command staff use.
 */
import type { Db } from '../../client';
import * as s from '../../schema';
import { listClosureConflicts } from '../../../src/lib/server/places/closure-conflicts';
import { cancelOccurrences } from '../../../src/lib/server/events/occurrence-exceptions';
import { dateOnly, type DemoContext, type Ids } from './context';

/** Days ahead the check covers: further than any demo series runs. */
const HORIZON_DAYS = 400;

export function cancelOccurrencesOnClosedDays({ t, now, nowDate }: DemoContext, ids: { u: Ids }): void {
  const coordinator = { id: ids.u['admin@example.org']!, role: 'admin' as const };
  const db: Db = t;
  // Grouped by series and reason: one command per series and closure, as staff would cancel them together.
  const byEventAndNote = new Map<string, { eventId: number; note: string; dates: string[] }>();
  for (const place of db.select({ id: s.places.id }).from(s.places).all()) {
    for (const conflict of listClosureConflicts(db, place.id, dateOnly(now), dateOnly(now.plus({ days: HORIZON_DAYS })))) {
      // A date at an hour the Treff is not open is a mistake in the demo data, not a closure: it stays listed.
      if (conflict.kind !== 'occurrence' || (conflict.why?.kind !== 'closed' && conflict.why?.kind !== 'holiday')) continue;
      const note = `Fällt aus: ${conflict.reason}`;
      const key = `${conflict.eventId}|${note}`;
      const entry = byEventAndNote.get(key) ?? { eventId: conflict.eventId!, note, dates: [] };
      entry.dates.push(conflict.recurrenceLocal!);
      byEventAndNote.set(key, entry);
    }
  }
  for (const { eventId, note, dates } of byEventAndNote.values()) cancelOccurrences(db, coordinator, eventId, dates, note, nowDate);
}
