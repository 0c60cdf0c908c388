/**
 * What the public calendar shows depends on events, their exceptions and occurrences, the places they
 * take place at, the reference lists, the translations of titles and the dates kept despite a closure. This reads, in one cheap statement, a fingerprint that changes
 * whenever any of them changes (including deletions, through the counts), for ETag and Last-Modified.
 */
import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../db';
import { berlinZone } from '../../time';
import { computeEtag, type Validators } from '../http/conditional';

export interface CalendarDataVersion {
  /** Changes whenever the public calendar data may have changed. */
  fingerprint: string;
  lastModified: Date;
}

export function getCalendarDataVersion(db: Db): CalendarDataVersion {
  const row = db.get<{
    events_at: number | null;
    events_n: number;
    events_seq: number;
    exceptions_at: number | null;
    exceptions_n: number;
    occurrences_n: number;
    occurrences_max: number | null;
    places_at: number | null;
    quartiere_at: number | null;
    reference_n: number;
    translations_at: number | null;
    translations_n: number;
    keeps_at: number | null;
    keeps_n: number;
  }>(sql`SELECT
      (SELECT max(updated_at) FROM events) AS events_at,
      (SELECT count(*) FROM events) AS events_n,
      (SELECT total(sequence) FROM events) AS events_seq,
      (SELECT max(updated_at) FROM event_exceptions) AS exceptions_at,
      (SELECT count(*) FROM event_exceptions) AS exceptions_n,
      (SELECT count(*) FROM event_occurrences) AS occurrences_n,
      (SELECT max(id) FROM event_occurrences) AS occurrences_max,
      (SELECT max(updated_at) FROM places) AS places_at,
      (SELECT max(updated_at) FROM quartiere) AS quartiere_at,
      (SELECT count(*) FROM categories) + (SELECT count(*) FROM target_groups) AS reference_n,
      (SELECT max(updated_at) FROM content_translations) AS translations_at,
      (SELECT count(*) FROM content_translations) AS translations_n,
      (SELECT max(created_at) FROM closure_keeps) AS keeps_at,
      (SELECT count(*) FROM closure_keeps) AS keeps_n`);
  const times = [row.events_at, row.exceptions_at, row.places_at, row.quartiere_at, row.translations_at, row.keeps_at].filter((v): v is number => v !== null);
  return {
    fingerprint: [
      row.events_at,
      row.events_n,
      row.events_seq,
      row.exceptions_at,
      row.exceptions_n,
      row.occurrences_n,
      row.occurrences_max,
      row.places_at,
      row.quartiere_at,
      row.reference_n,
      row.translations_at,
      row.translations_n,
      // A date kept despite a closure is marked on the public side ("findet trotz Schließzeit statt").
      row.keeps_at,
      row.keeps_n,
    ].join(':'),
    lastModified: new Date(times.length > 0 ? Math.max(...times) : 0),
  };
}

/**
 * Lists that start "now" change as time passes even when no data changes; responses are therefore tied to
 * a time slot (default ten minutes) so a cached copy is never older than that.
 */
export function timeSlot(now: Date, minutes = 10): { key: string; start: Date } {
  const berlin = DateTime.fromJSDate(now, { zone: berlinZone });
  const dayStart = berlin.startOf('day');
  const elapsed = Math.floor(berlin.diff(dayStart, 'minutes').minutes / minutes) * minutes;
  const start = dayStart.plus({ minutes: elapsed });
  return { key: start.toISO() ?? '', start: start.toJSDate() };
}

/**
 * Validators for a response built from calendar data at `now`: the data fingerprint, the time slot and
 * whatever else shapes the response (path, query, language).
 */
export function calendarValidators(db: Db, now: Date, parts: readonly string[], slotMinutes = 10): Validators {
  const version = getCalendarDataVersion(db);
  const slot = timeSlot(now, slotMinutes);
  return {
    etag: computeEtag([version.fingerprint, slot.key, ...parts]),
    lastModified: new Date(Math.max(version.lastModified.getTime(), slot.start.getTime())),
  };
}
