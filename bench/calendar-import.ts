/**
 * A sync of a subscribed calendar with 2,000 events (1,700 single dates and 300 weekly series with an EXDATE, a
 * moved and a cancelled occurrence each, as a busy Verein's Nextcloud would publish) into the large dataset: the
 * first import, and the second run of the same file, which must write nothing. Target: ≤ 5 s each.
 */
import { DateTime } from 'luxon';
import { createDb } from '../db/client';
import { calendarSubscriptions, organisations } from '../db/schema';
import { importCalendarText } from '../src/lib/server/calendar-import/subscriptions';
import { round } from './stats';

export interface CalendarImportProbe {
  events: number;
  firstImportMs: number;
  secondRunMs: number;
  added: number;
  changedOnSecondRun: number;
}

const stamp = (dt: DateTime): string => dt.toFormat("yyyyLLdd'T'HHmmss");

/** The calendar text: `singles` single events and `series` weekly series from `now` on. */
export function sampleCalendar(now: Date, singles = 1700, series = 300): string {
  const start = DateTime.fromJSDate(now, { zone: 'Europe/Berlin' }).startOf('day');
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Nextcloud calendar v4//EN', 'X-WR-CALNAME:Bench', 'X-WR-TIMEZONE:Europe/Berlin'];
  for (let n = 0; n < singles; n++) {
    const at = start.plus({ days: n % 365, hours: 9 + (n % 10) });
    lines.push('BEGIN:VEVENT', `UID:single-${n}@bench`, `DTSTAMP:20261201T000000Z`, `DTSTART;TZID=Europe/Berlin:${stamp(at)}`);
    lines.push(`DTEND;TZID=Europe/Berlin:${stamp(at.plus({ hours: 2 }))}`, `SUMMARY:Termin ${n}`, `LOCATION:Vereinsheim\\, Musterweg ${n % 50}`);
    lines.push('DESCRIPTION:Ein Termin des Vereins mit etwas Text\\, wie er in Kalendern steht.', 'END:VEVENT');
  }
  for (let n = 0; n < series; n++) {
    const at = start.plus({ days: n % 7, hours: 15 });
    const uid = `series-${n}@bench`;
    lines.push('BEGIN:VEVENT', `UID:${uid}`, `DTSTAMP:20261201T000000Z`, `DTSTART;TZID=Europe/Berlin:${stamp(at)}`);
    lines.push(
      `DTEND;TZID=Europe/Berlin:${stamp(at.plus({ hours: 2 }))}`,
      'RRULE:FREQ=WEEKLY;COUNT=40',
      `EXDATE;TZID=Europe/Berlin:${stamp(at.plus({ weeks: 3 }))}`,
    );
    lines.push(`SUMMARY:Gruppe ${n}`, 'END:VEVENT');
    lines.push('BEGIN:VEVENT', `UID:${uid}`, `DTSTAMP:20261201T000000Z`, `RECURRENCE-ID;TZID=Europe/Berlin:${stamp(at.plus({ weeks: 5 }))}`);
    lines.push(
      `DTSTART;TZID=Europe/Berlin:${stamp(at.plus({ weeks: 5, days: 1 }))}`,
      `DTEND;TZID=Europe/Berlin:${stamp(at.plus({ weeks: 5, days: 1, hours: 2 }))}`,
    );
    lines.push(`SUMMARY:Gruppe ${n} (verlegt)`, 'END:VEVENT');
    lines.push('BEGIN:VEVENT', `UID:${uid}`, `DTSTAMP:20261201T000000Z`, `RECURRENCE-ID;TZID=Europe/Berlin:${stamp(at.plus({ weeks: 8 }))}`);
    lines.push(`DTSTART;TZID=Europe/Berlin:${stamp(at.plus({ weeks: 8 }))}`, `DTEND;TZID=Europe/Berlin:${stamp(at.plus({ weeks: 8, hours: 2 }))}`);
    lines.push('STATUS:CANCELLED', `SUMMARY:Gruppe ${n}`, 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.join('\r\n') + '\r\n';
}

export function probeCalendarImport(dbPath: string, now: Date = new Date()): CalendarImportProbe {
  const db = createDb(dbPath);
  try {
    const organisation = db.select().from(organisations).limit(1).get();
    const quartierId = organisation?.quartierId ?? db.$client.prepare('SELECT id FROM quartiere LIMIT 1').pluck().get();
    if (!organisation || typeof quartierId !== 'number') throw new Error('the dataset has no organisation or Quartier');
    const subscription = db
      .insert(calendarSubscriptions)
      .values({ organisationId: organisation.id, url: `https://kalender.example.org/bench-${Date.now()}.ics`, quartierId, publishMode: 'publish' })
      .returning()
      .get();
    const text = sampleCalendar(now);
    let started = performance.now();
    const first = importCalendarText(db, subscription.id, text, now);
    const firstImportMs = round(performance.now() - started);
    started = performance.now();
    const second = importCalendarText(db, subscription.id, text, now);
    const secondRunMs = round(performance.now() - started);
    if (first.outcome !== 'imported' || second.outcome !== 'imported') throw new Error(`import failed: ${first.errorDetail || second.errorDetail}`);
    return { events: 2000, firstImportMs, secondRunMs, added: first.added, changedOnSecondRun: second.changed + second.added + second.cancelled };
  } finally {
    db.$client.close();
  }
}
