/**
 * A place as schema.org data (Place / CivicStructure with OpeningHoursSpecification), shared by the
 * JSON-LD on the place page and by /api/places.json so both always say the same.
 */
import type { Place, Quartier } from '../../../../db/schema';
import { placePath, quartierPath } from '../../paths';
import { upcomingExceptions, upcomingHolidayClosures, type PlaceHours } from './opening-hours';

const dayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export type OpeningHoursSpecification = {
  '@type': 'OpeningHoursSpecification';
  dayOfWeek?: string;
  opens: string;
  closes: string;
  validFrom?: string;
  validThrough?: string;
  name?: string;
};

export type SchemaOrgPlace = {
  '@type': 'Place' | 'CivicStructure';
  '@id': string;
  identifier: string;
  name: string;
  description: string;
  url: string;
  additionalType: string;
  address: {
    '@type': 'PostalAddress';
    streetAddress: string;
    postalCode: string;
    addressLocality: string;
    addressCountry: 'DE';
  };
  geo?: { '@type': 'GeoCoordinates'; latitude: number; longitude: number };
  telephone?: string;
  email?: string;
  containedInPlace: { '@type': 'Place'; identifier: string; name: string; url: string };
  isAccessibleForFree: true;
  publicAccess: true;
  amenityFeature: { '@type': 'LocationFeatureSpecification'; name: string; propertyID: string; value: boolean }[];
  accessibilityNotes?: string;
  openingHoursSpecification: OpeningHoursSpecification[];
  specialOpeningHoursSpecification: OpeningHoursSpecification[];
};

/** schema.org marks a closed day as opens = closes = 00:00. */
const CLOSED = { opens: '00:00', closes: '00:00' } as const;

/**
 * @param hours the place's opening hours, or null for a venue without any
 * @param today Berlin date `YYYY-MM-DD` from which exceptions and holiday closures are listed
 * @param days how far ahead exceptions and holiday closures are listed
 */
export function toSchemaOrgPlace(
  place: Place,
  quartier: Quartier,
  hours: PlaceHours | null,
  options: { baseUrl: string; today: string; days: number },
): SchemaOrgPlace {
  const url = options.baseUrl + placePath(place.slug);
  const regular: OpeningHoursSpecification[] = (hours?.rules ?? []).map((rule) => ({
    '@type': 'OpeningHoursSpecification',
    dayOfWeek: `https://schema.org/${dayNames[rule.weekday - 1]}`,
    opens: rule.opens,
    closes: rule.closes,
    ...(rule.validFrom ? { validFrom: rule.validFrom } : {}),
    ...(rule.validUntil ? { validThrough: rule.validUntil } : {}),
  }));
  const special: OpeningHoursSpecification[] = hours
    ? [
        ...upcomingExceptions(hours, options.today, options.days).map((e) => ({
          '@type': 'OpeningHoursSpecification' as const,
          ...(e.kind === 'special_hours' && e.opens && e.closes ? { opens: e.opens, closes: e.closes } : CLOSED),
          validFrom: e.dateFrom,
          validThrough: e.dateTo,
          ...(e.reason ? { name: e.reason } : {}),
        })),
        ...upcomingHolidayClosures(hours, options.today, options.days).map((h) => ({
          '@type': 'OpeningHoursSpecification' as const,
          ...CLOSED,
          validFrom: h.date,
          validThrough: h.date,
          name: h.name.de,
        })),
      ].sort((a, b) => a.validFrom.localeCompare(b.validFrom))
    : [];
  return {
    '@type': place.kind === 'venue' ? 'Place' : 'CivicStructure',
    '@id': url,
    identifier: place.slug,
    name: place.name,
    description: place.description,
    url,
    additionalType: place.kind,
    address: {
      '@type': 'PostalAddress',
      streetAddress: place.street,
      postalCode: place.postalCode,
      addressLocality: place.city,
      addressCountry: 'DE',
    },
    ...(place.latitude !== null && place.longitude !== null
      ? { geo: { '@type': 'GeoCoordinates' as const, latitude: place.latitude, longitude: place.longitude } }
      : {}),
    ...(place.contactPhone ? { telephone: place.contactPhone } : {}),
    ...(place.contactEmail ? { email: place.contactEmail } : {}),
    containedInPlace: { '@type': 'Place', identifier: quartier.slug, name: quartier.name, url: options.baseUrl + quartierPath(quartier.slug) },
    isAccessibleForFree: true,
    publicAccess: true,
    amenityFeature: [
      { '@type': 'LocationFeatureSpecification', propertyID: 'stepFree', name: 'Stufenloser Zugang', value: place.stepFree },
      { '@type': 'LocationFeatureSpecification', propertyID: 'accessibleWc', name: 'Barrierefreies WC', value: place.accessibleWc },
      { '@type': 'LocationFeatureSpecification', propertyID: 'hearingLoop', name: 'Induktionsschleife', value: place.hearingLoop },
    ],
    ...(place.accessibilityNotes ? { accessibilityNotes: place.accessibilityNotes } : {}),
    openingHoursSpecification: regular,
    specialOpeningHoursSpecification: special,
  };
}
