/**
 * The open-data view of the places (`/api/places.json`): schema.org-shaped, plus plain fields that a
 * Verein's website can use without knowing schema.org.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import { openingExceptions, places } from '../../../../db/schema';
import { listPlacesWithQuartier, loadPlaceHours } from './index';
import { shiftDate, upcomingExceptions, upcomingHolidayClosures, weeklyHours, type WeekdayHours } from './opening-hours';
import { toSchemaOrgPlace, type SchemaOrgPlace } from './schema-org';

/** Exceptions and holiday closures are published this many days ahead. */
export const OPEN_DATA_DAYS_AHEAD = 90;

export type OpenDataPlace = SchemaOrgPlace & {
  kind: string;
  quartier: { slug: string; name: string };
  accessibility: { stepFree: boolean; accessibleWc: boolean; hearingLoop: boolean; notes: string };
  hasOpeningHours: boolean;
  holidayRegion: string;
  /** Monday (1) to Sunday (7) with the periods valid on `validOn`. */
  weeklyHours: WeekdayHours[];
  upcomingExceptions: { dateFrom: string; dateTo: string; kind: 'closed' | 'special_hours'; opens: string | null; closes: string | null; reason: string }[];
  holidayClosures: { date: string; name: string }[];
};

export interface OpenDataPlaces {
  '@context': 'https://schema.org';
  validOn: string;
  daysAhead: number;
  places: OpenDataPlace[];
}

/**
 * @param today Berlin date `YYYY-MM-DD`; the document only depends on it and the data, so its ETag is stable
 *   for a day unless staff change something.
 */
export function buildOpenDataPlaces(db: Db, options: { baseUrl: string; today: string; quartierId?: number }): OpenDataPlaces {
  const rows = listPlacesWithQuartier(db, options.quartierId === undefined ? {} : { quartierId: options.quartierId });
  const hoursById = loadPlaceHours(
    db,
    rows.map((r) => r.place),
    shiftDate(options.today, -1),
  );
  return {
    '@context': 'https://schema.org',
    validOn: options.today,
    daysAhead: OPEN_DATA_DAYS_AHEAD,
    places: rows.map(({ place, quartier }) => {
      const loaded = hoursById.get(place.id);
      const hours = place.hasOpeningHours && loaded ? loaded : null;
      return {
        ...toSchemaOrgPlace(place, quartier, hours, { baseUrl: options.baseUrl, today: options.today, days: OPEN_DATA_DAYS_AHEAD }),
        kind: place.kind,
        quartier: { slug: quartier.slug, name: quartier.name },
        accessibility: { stepFree: place.stepFree, accessibleWc: place.accessibleWc, hearingLoop: place.hearingLoop, notes: place.accessibilityNotes },
        hasOpeningHours: hours !== null,
        holidayRegion: place.holidayRegion,
        weeklyHours: hours ? weeklyHours(hours, options.today) : [],
        upcomingExceptions: hours
          ? upcomingExceptions(hours, options.today, OPEN_DATA_DAYS_AHEAD).map((e) => ({
              dateFrom: e.dateFrom,
              dateTo: e.dateTo,
              kind: e.kind,
              opens: e.opens,
              closes: e.closes,
              reason: e.reason,
            }))
          : [],
        holidayClosures: hours ? upcomingHolidayClosures(hours, options.today, OPEN_DATA_DAYS_AHEAD).map((h) => ({ date: h.date, name: h.name.de })) : [],
      };
    }),
  };
}

/**
 * The newest change to places and their exceptions (for Last-Modified). Weekly rules carry no timestamp;
 * the body's ETag covers them, and If-None-Match wins over If-Modified-Since.
 */
export function lastPlaceChange(db: Db): Date {
  const row = db
    .select({
      places: sql<number | null>`(select max(${places.updatedAt}) from ${places})`,
      exceptions: sql<number | null>`(select max(${openingExceptions.createdAt}) from ${openingExceptions})`,
    })
    .from(sql`(select 1)`)
    .get();
  return new Date(Math.max(row?.places ?? 0, row?.exceptions ?? 0));
}
