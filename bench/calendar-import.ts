/**
 * A sync of a subscribed calendar with 2,000 events (1,700 single dates and 300 weekly series with an EXDATE, a
 * moved and a cancelled occurrence each, as a busy Verein's Nextcloud would publish) into the large dataset: the
 * first import, and the second run of the same file, which must write nothing. Target: ≤ 5 s each.
 * And the same calendar synced through the running server's "Jetzt abgleichen", while a public page is requested
 * every 50 ms: its time to first byte during the sync against idle shows whether the sync blocks page rendering.
 */
import { createServer } from 'node:http';
import Database from 'better-sqlite3';
import { DateTime } from 'luxon';
import { createDb } from '../db/client';
import { calendarSubscriptions, organisations } from '../db/schema';
import { importCalendarText } from '../src/lib/server/calendar-import/subscriptions';
import { percentile, round } from './stats';

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

export interface TtfbFigures {
  medianMs: number;
  maxMs: number;
  samples: number;
}

export interface SyncNowProbe {
  events: number;
  /** From the click to the server's answer (303). */
  clickMs: number;
  /** From the click until the worker released the subscription's lock: worker start, fetch, parse and write. */
  syncMs: number;
  outcome: string;
  added: number;
  idle: TtfbFigures;
  during: TtfbFigures;
}

const figures = (values: number[]): TtfbFigures => ({
  medianMs: round(percentile(values, 50)),
  maxMs: round(Math.max(...values)),
  samples: values.length,
});

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * "Jetzt abgleichen" for a new subscription of the organisation the cookie's user keeps (the calendar served from
 * a loopback server here), with `pagePath` requested every 50 ms, rendered anew each time (`_bench=`): 2 s idle
 * first, then from the click until the worker releases the lock. Only answers after which the lock was still
 * held count as "during".
 */
export async function probeSyncNow(options: {
  base: string;
  dbPath: string;
  cookie: string;
  organisationId: number;
  pagePath: string;
  ttfb: (url: string) => Promise<number>;
}): Promise<SyncNowProbe> {
  const calendar = sampleCalendar(new Date());
  const host = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8' }).end(calendar));
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  const address = host.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const db = new Database(options.dbPath);
  try {
    const quartierId = db.prepare('SELECT quartier_id FROM organisations WHERE id = ?').pluck().get(options.organisationId) as number | null;
    const subscriptionId = Number(
      db
        .prepare(
          "INSERT INTO calendar_subscriptions (organisation_id, url, quartier_id, publish_mode, last_run_at, created_at, updated_at) VALUES (?, ?, ?, 'publish', ?, ?, ?)",
        )
        .run(
          options.organisationId,
          `http://127.0.0.1:${port}/bench-${Date.now()}.ics`,
          quartierId ?? db.prepare('SELECT id FROM quartiere LIMIT 1').pluck().get(),
          Date.now(),
          Date.now(),
          Date.now(),
        ).lastInsertRowid,
    );
    const locked = (): boolean => db.prepare('SELECT sync_started_at FROM calendar_subscriptions WHERE id = ?').pluck().get(subscriptionId) !== null;
    let n = 0;
    const sample = async (): Promise<{ ms: number; at: number }> => {
      const started = performance.now();
      const ms = await options.ttfb(`${options.base}${options.pagePath}?_bench=sync-${n++}-${Date.now()}`);
      const at = Date.now();
      await pause(50 - (performance.now() - started));
      return { ms, at };
    };
    const idle: number[] = [];
    for (const until = Date.now() + 2000; Date.now() < until;) idle.push((await sample()).ms);

    const page = `/konto/organisationen/${options.organisationId}/kalender`;
    const clicked = performance.now();
    const response = await fetch(`${options.base}${page}?_action=calendarImport.syncNow`, {
      method: 'POST',
      body: new URLSearchParams({ subscriptionId: String(subscriptionId) }),
      headers: { origin: options.base, cookie: options.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    });
    const clickMs = round(performance.now() - clicked);
    if (response.status !== 303) throw new Error(`"Jetzt abgleichen" answered ${response.status}`);
    const during: { ms: number; at: number; running: boolean }[] = [];
    for (const until = Date.now() + 120_000; locked() && Date.now() < until;) during.push({ ...(await sample()), running: locked() });
    const syncMs = round(performance.now() - clicked);
    const run = db.prepare('SELECT outcome, added FROM calendar_sync_runs WHERE subscription_id = ? ORDER BY id DESC').get(subscriptionId) as
      { outcome: string; added: number } | undefined;
    if (!run) throw new Error('the sync did not finish within two minutes');
    return {
      events: 2000,
      clickMs,
      syncMs,
      outcome: run.outcome,
      added: run.added,
      idle: figures(idle),
      during: figures(during.filter((s) => s.running).map((s) => s.ms)),
    };
  } finally {
    db.close();
    await new Promise((resolve) => host.close(resolve));
  }
}
