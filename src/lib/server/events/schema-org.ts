/**
 * schema.org Event objects for the JSON-LD of event pages and for the open-data API, so that search engines,
 * the city's own calendar and a Verein's website read the same fields.
 */
import { DateTime } from 'luxon';
import { berlinZone } from '../../time';

export interface SchemaOrgEventInput {
  title: string;
  description: string;
  url: string;
  startsAt: Date;
  endsAt: Date;
  allDay: boolean;
  cancelled: boolean;
  /** Moved to another time or place by a per-occurrence change. */
  rescheduled: boolean;
  place: {
    name: string;
    street: string;
    postalCode: string;
    city: string;
    latitude: number | null;
    longitude: number | null;
    url: string;
  } | null;
  locationName: string | null;
  locationAddress: string | null;
  organiserName: string;
  organisationUrl: string | null;
  isFree: boolean;
  cost: string;
  /** BCP 47 tags. */
  languages: string[];
  categories: string[];
  targetGroups: string[];
  stepFree: boolean;
}

export type JsonObject = { [key: string]: JsonValue };
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** Berlin wall-clock time with offset (`2026-12-01T15:00:00+01:00`), or the date for all-day events. */
export function schemaDate(instant: Date, allDay: boolean, isEnd = false): string {
  const berlin = DateTime.fromJSDate(instant, { zone: berlinZone });
  // All-day ends are stored exclusive (start of the next day); schema.org expects the last day.
  if (allDay) return (isEnd ? berlin.minus({ days: 1 }) : berlin).toISODate() ?? '';
  return berlin.toISO({ suppressMilliseconds: true }) ?? '';
}

function location(input: SchemaOrgEventInput): JsonObject | null {
  if (input.place) {
    const place: JsonObject = {
      '@type': 'Place',
      name: input.place.name,
      url: input.place.url,
      address: {
        '@type': 'PostalAddress',
        streetAddress: input.place.street,
        postalCode: input.place.postalCode,
        addressLocality: input.place.city,
        addressCountry: 'DE',
      },
    };
    if (input.place.latitude !== null && input.place.longitude !== null) {
      place.geo = { '@type': 'GeoCoordinates', latitude: input.place.latitude, longitude: input.place.longitude };
    }
    return place;
  }
  if (input.locationName || input.locationAddress) {
    return { '@type': 'Place', name: input.locationName ?? input.locationAddress ?? '', address: input.locationAddress ?? input.locationName ?? '' };
  }
  return null;
}

export function toSchemaOrgEvent(input: SchemaOrgEventInput): JsonObject {
  const result: JsonObject = {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: input.title,
    description: input.description,
    url: input.url,
    startDate: schemaDate(input.startsAt, input.allDay),
    endDate: schemaDate(input.endsAt, input.allDay, true),
    eventStatus: input.cancelled
      ? 'https://schema.org/EventCancelled'
      : input.rescheduled
        ? 'https://schema.org/EventRescheduled'
        : 'https://schema.org/EventScheduled',
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    isAccessibleForFree: input.isFree,
    inLanguage: input.languages,
    keywords: input.categories.join(', '),
    organizer: input.organisationUrl
      ? { '@type': 'Organization', name: input.organiserName, url: input.organisationUrl }
      : { '@type': 'Organization', name: input.organiserName },
  };
  const place = location(input);
  if (place) result.location = place;
  if (input.targetGroups.length > 0) result.audience = { '@type': 'Audience', audienceType: input.targetGroups.join(', ') };
  if (input.cost) {
    result.offers = { '@type': 'Offer', description: input.cost, url: input.url, ...(input.isFree ? { price: 0, priceCurrency: 'EUR' } : {}) };
  }
  if (input.stepFree) result.accessibilityFeature = ['stepFreeAccess'];
  return result;
}

/** JSON for a `<script type="application/ld+json">` block: `<` escaped so no text can close the script. */
export function jsonLdText(value: JsonValue): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
