import { DateTime } from 'luxon';
import { ZONE } from '../../src/lib/time';

/** The part of an occurrence in `/api/events.json` (schema.org Event) that tests compare with pages. */
export interface OpenDataEvent {
  url: string;
  endDate: string;
}

/**
 * The occurrences that have not ended at `now`. Open data lists whole days; the calendar's quick ranges and the
 * embeddable widget leave out what has already ended, so a comparison must do the same or depend on the hour it runs.
 * An all-day occurrence's `endDate` is its last day (a date without a time).
 */
export function notEndedAt<T extends OpenDataEvent>(events: T[], now: DateTime): T[] {
  return events.filter((e) => (e.endDate.length === 10 ? DateTime.fromISO(e.endDate, { zone: ZONE }).endOf('day') > now : DateTime.fromISO(e.endDate) > now));
}
