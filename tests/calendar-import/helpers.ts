import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { eq } from 'drizzle-orm';
import type { DbConnection } from '../../db/client';
import { calendarSubscriptions, organisations } from '../../db/schema';

export const fixture = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

/** A subscription of the demo organisation with the given slug, written straight into the table. */
export function subscribe(db: DbConnection, organisationSlug: string, url: string, publishMode: 'publish' | 'review' = 'publish'): number {
  const organisation = db.select().from(organisations).where(eq(organisations.slug, organisationSlug)).get()!;
  return db
    .insert(calendarSubscriptions)
    .values({ organisationId: organisation.id, url, quartierId: organisation.quartierId!, publishMode })
    .returning({ id: calendarSubscriptions.id })
    .get().id;
}

export interface Occurrence {
  start: string;
  end: string;
  summary: string;
}

/**
 * The independent reading: ical.js alone, with the VTIMEZONE blocks the file brings and floating times meant in
 * Berlin, expanded in [from, to). Cancelled occurrences are left out (the portal shows them as "Fällt aus").
 * `uids` limits it to some events.
 */
export function icaljsOccurrences(text: string, from: Date, to: Date, uids?: Set<string>): Occurrence[] {
  const root = new ICAL.Component(ICAL.parse(text));
  const zones: string[] = [];
  for (const vtimezone of root.getAllSubcomponents('vtimezone')) {
    const zone = new ICAL.Timezone(vtimezone);
    ICAL.TimezoneService.register(zone, zone.tzid);
    zones.push(zone.tzid);
  }
  try {
    const byUid = new Map<string, { master?: InstanceType<typeof ICAL.Component>; overrides: InstanceType<typeof ICAL.Component>[] }>();
    for (const vevent of root.getAllSubcomponents('vevent')) {
      const uid = String(vevent.getFirstPropertyValue('uid'));
      if (uids && !uids.has(uid)) continue;
      const group = byUid.get(uid) ?? { overrides: [] };
      if (vevent.hasProperty('recurrence-id')) group.overrides.push(vevent);
      else group.master = vevent;
      byUid.set(uid, group);
    }
    const instant = (time: InstanceType<typeof ICAL.Time>): DateTime =>
      time.isDate
        ? DateTime.fromObject({ year: time.year, month: time.month, day: time.day }, { zone: 'Europe/Berlin' })
        : !time.zone || time.zone.tzid === 'floating'
          ? DateTime.fromObject({ year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute }, { zone: 'Europe/Berlin' })
          : DateTime.fromSeconds(time.toUnixTime(), { zone: 'Europe/Berlin' });
    const result: Occurrence[] = [];
    for (const { master, overrides } of byUid.values()) {
      if (!master) continue;
      const event = new ICAL.Event(master, { exceptions: overrides, strictExceptions: true });
      const push = (start: InstanceType<typeof ICAL.Time>, end: InstanceType<typeof ICAL.Time>, item: InstanceType<typeof ICAL.Event>): void => {
        const s = instant(start);
        if (s.toMillis() < from.getTime() || s.toMillis() >= to.getTime()) return;
        if (String(item.component.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED') return;
        result.push({ start: s.toISO()!, end: instant(end).toISO()!, summary: item.summary });
      };
      if (!event.isRecurring()) {
        push(event.startDate, event.endDate, event);
        continue;
      }
      const iterator = event.iterator();
      for (let next = iterator.next(), n = 0; next && n < 2000; next = iterator.next(), n++) {
        const details = event.getOccurrenceDetails(next);
        if (instant(details.recurrenceId).toMillis() >= to.getTime() + 86_400_000 * 31) break;
        push(details.startDate, details.endDate, details.item);
      }
    }
    return result.sort((a, b) => a.start.localeCompare(b.start) || a.summary.localeCompare(b.summary));
  } finally {
    for (const tzid of zones) ICAL.TimezoneService.remove(tzid);
  }
}
