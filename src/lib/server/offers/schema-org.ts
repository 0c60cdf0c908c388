/**
 * Offers and actors as schema.org JSON-LD: an offer is a `Service` provided by the actor (an `Organization`),
 * its weekly schedules `OpeningHoursSpecification`s (hoursAvailable), monthly ones a `Schedule` (byMonthWeek).
 */
import type { ActorRecord, Place, Quartier, TargetGroup } from '../../../../db/schema';
import { actorPath, offerPath, quartierPath } from '../../paths';
import { translate, type MessageKey } from '../../../i18n';
import { weekdayCodes } from '../events/series';
import type { Offer } from '../../../../db/schema';
import type { StoredSchedule } from './schedules';

const dayNames: Record<string, string> = { MO: 'Monday', TU: 'Tuesday', WE: 'Wednesday', TH: 'Thursday', FR: 'Friday', SA: 'Saturday', SU: 'Sunday' };

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function address(where: { street: string | null; postalCode: string | null; city: string | null }): Json {
  return {
    '@type': 'PostalAddress',
    streetAddress: where.street ?? '',
    postalCode: where.postalCode ?? '',
    addressLocality: where.city ?? '',
    addressCountry: 'DE',
  };
}

export function actorJsonLd(actor: ActorRecord, quartiere: Quartier[], baseUrl: string): { [key: string]: Json } {
  return {
    '@type': 'Organization',
    '@id': `${baseUrl}${actorPath(actor.slug)}`,
    name: actor.name,
    description: actor.description,
    url: `${baseUrl}${actorPath(actor.slug)}`,
    ...(actor.website ? { sameAs: actor.website } : {}),
    ...(actor.email ? { email: actor.email } : {}),
    ...(actor.phone ? { telephone: actor.phone } : {}),
    ...(actor.street ? { address: address(actor) } : {}),
    knowsLanguage: actor.languages.split(',').filter(Boolean),
    areaServed: quartiere.map((q) => ({ '@type': 'Place', name: q.name, url: `${baseUrl}${quartierPath(q.slug)}` })),
  };
}

export function offerJsonLd(
  details: { offer: Offer; actor: ActorRecord; quartier: Quartier; place: Place | null; targetGroups: TargetGroup[]; schedules: StoredSchedule[] },
  baseUrl: string,
): { [key: string]: Json } {
  const { offer, actor, quartier, place, targetGroups, schedules } = details;
  const where = place ?? offer;
  const weekly = schedules.filter((s) => s.freq === 'weekly');
  const monthly = schedules.filter((s) => s.freq === 'monthly');
  return {
    '@context': 'https://schema.org',
    '@type': 'Service',
    '@id': `${baseUrl}${offerPath(offer)}`,
    name: offer.title,
    description: offer.description,
    url: `${baseUrl}${offerPath(offer)}`,
    serviceType: translate('de', `offers.type.${offer.type}` as MessageKey),
    provider: { '@type': 'Organization', '@id': `${baseUrl}${actorPath(actor.slug)}`, name: actor.name, url: `${baseUrl}${actorPath(actor.slug)}` },
    areaServed: { '@type': 'Place', name: quartier.name, url: `${baseUrl}${quartierPath(quartier.slug)}` },
    availableChannel: {
      '@type': 'ServiceChannel',
      serviceLocation: { '@type': 'Place', name: place?.name ?? offer.locationName ?? offer.street ?? '', address: address(where) },
      ...(offer.contactPhone || actor.phone ? { servicePhone: { '@type': 'ContactPoint', telephone: offer.contactPhone ?? actor.phone ?? '' } } : {}),
    },
    audience: targetGroups.map((g) => ({ '@type': 'Audience', audienceType: g.name })),
    availableLanguage: offer.languages.split(',').filter(Boolean),
    isAccessibleForFree: offer.isFree,
    ...(offer.isFree ? {} : { offers: { '@type': 'Offer', description: offer.cost } }),
    hoursAvailable: weekly.flatMap((s) =>
      weekdayCodes
        .filter((c) => s.freq === 'weekly' && s.weekdays.includes(c))
        .map((c) => ({
          '@type': 'OpeningHoursSpecification',
          dayOfWeek: `https://schema.org/${dayNames[c]}`,
          opens: s.opensAt,
          closes: s.closesAt,
          ...(offer.validFrom ? { validFrom: offer.validFrom } : {}),
          ...(offer.validUntil ? { validThrough: offer.validUntil } : {}),
        })),
    ),
    ...(monthly.length > 0
      ? {
          eventSchedule: monthly.map((s) => ({
            '@type': 'Schedule',
            repeatFrequency: 'P1M',
            byDay: s.freq === 'monthly' ? `https://schema.org/${dayNames[s.weekday]}` : '',
            byMonthWeek: s.freq === 'monthly' ? s.monthWeek : 0,
            startTime: s.opensAt,
            endTime: s.closesAt,
            scheduleTimezone: 'Europe/Berlin',
          })),
        }
      : {}),
  };
}
