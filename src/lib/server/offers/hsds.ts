/**
 * The directory as Open Referral HSDS 3: the API's paginated shape (total_items, total_pages, page_number, size,
 * first_page, last_page, empty, contents) with one full `service` per offer — its organization, schedules
 * (RRULE parts: freq, interval, byday, opens_at, closes_at, valid_from, valid_to, dtstart, until, wkst),
 * languages, phones, contacts and service_at_locations with the location (addresses, accessibility).
 * Identifiers are UUIDs derived from the portal's ids, so they stay the same from one request to the next.
 */
import { createHash } from 'node:crypto';
import { and, eq, inArray, max, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { actors, offerTargetGroups, offers, places, quartiere, targetGroups, type ActorRecord, type Offer, type Place } from '../../../../db/schema';
import { translate, type MessageKey } from '../../../i18n';
import { berlinDate } from '../../time';
import { offerPath, actorPath } from '../../paths';
import { describeWhen } from './describe';
import { loadScheduleMap, visibleCondition } from './search';
import { bydayOf, firstMatchingDate, type StoredSchedule } from './schedules';

/** A name-based UUID (version 5 layout over SHA-1) for an entity of the portal. */
export function stableUuid(kind: string, id: number | string): string {
  const hash = createHash('sha1').update(`quartiersportal:${kind}:${id}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface HsdsPage {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: Record<string, unknown>[];
}

const STATE = 'Nordrhein-Westfalen';

function languageEntries(codes: string, owner: { service_id?: string; location_id?: string }, prefix: string): Record<string, unknown>[] {
  return codes
    .split(',')
    .filter(Boolean)
    .map((code) => ({ id: stableUuid(`${prefix}-language`, code), ...owner, name: translate('en', `bo.lang.${code}` as MessageKey), code, note: null }));
}

function organizationOf(actor: ActorRecord, baseUrl: string): Record<string, unknown> {
  const id = stableUuid('actor', actor.id);
  return {
    id,
    name: actor.name,
    alternate_name: null,
    description: actor.description,
    email: actor.email,
    website: actor.website ?? `${baseUrl}${actorPath(actor.slug)}`,
    uri: `${baseUrl}${actorPath(actor.slug)}`,
    phones: actor.phone ? [{ id: stableUuid('actor-phone', actor.id), organization_id: id, number: actor.phone, type: 'voice', languages: [] }] : [],
  };
}

function locationOf(offer: Offer, place: Place | null, quartierName: string): Record<string, unknown> | null {
  const street = place?.street ?? offer.street;
  if (!street) return null;
  const id = place ? stableUuid('place', place.id) : stableUuid('offer-location', offer.id);
  const stepFree = place ? place.stepFree : offer.stepFree;
  const notes = [place?.accessibilityNotes, offer.accessibilityNotes].filter(Boolean).join(' ');
  return {
    id,
    location_type: 'physical',
    name: place?.name ?? offer.locationName ?? street,
    description: place?.description ?? '',
    latitude: place?.latitude ?? null,
    longitude: place?.longitude ?? null,
    addresses: [
      {
        id: stableUuid(`${id}-address`, 1),
        location_id: id,
        address_1: street,
        address_2: quartierName,
        city: place?.city ?? offer.city ?? '',
        state_province: STATE,
        postal_code: place?.postalCode ?? offer.postalCode ?? '',
        country: 'DE',
        address_type: 'physical',
      },
    ],
    accessibility: [
      {
        id: stableUuid(`${id}-accessibility`, 1),
        location_id: id,
        description: stepFree ? 'Step-free access / stufenlos erreichbar' : 'Not step-free / nicht stufenlos erreichbar',
        details: notes || null,
      },
    ],
  };
}

function scheduleOf(schedule: StoredSchedule, position: number, offer: Offer, serviceId: string): Record<string, unknown> {
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate('de', key, params);
  return {
    id: stableUuid('offer-schedule', `${offer.id}-${position}`),
    service_id: serviceId,
    valid_from: offer.validFrom,
    valid_to: offer.validUntil,
    dtstart: firstMatchingDate(schedule, schedule.dtstart) ?? schedule.dtstart,
    until: offer.validUntil,
    wkst: 'MO',
    freq: schedule.freq === 'weekly' ? 'WEEKLY' : 'MONTHLY',
    interval: schedule.interval,
    byday: bydayOf(schedule),
    opens_at: schedule.opensAt,
    closes_at: schedule.closesAt,
    description: describeWhen(t, [schedule], false)[0] ?? '',
    notes: 'Local time Europe/Berlin. Not on public holidays in NRW and on closing days of the place.',
  };
}

/** One page of the public offers as HSDS 3 services; optionally one Quartier. */
export function hsdsServices(db: Db, options: { baseUrl: string; now?: Date; quartierId?: number; page: number; perPage: number }): HsdsPage {
  const now = options.now ?? new Date();
  const where = and(visibleCondition(berlinDate(now)), options.quartierId === undefined ? undefined : eq(offers.quartierId, options.quartierId));
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(offers)
      .where(where)
      .get()?.n ?? 0;
  const rows = db
    .select({ offer: offers, actor: actors, place: places, quartierName: quartiere.name })
    .from(offers)
    .innerJoin(actors, eq(actors.id, offers.actorId))
    .innerJoin(quartiere, eq(quartiere.id, offers.quartierId))
    .leftJoin(places, eq(places.id, offers.placeId))
    .where(where)
    .orderBy(offers.id)
    .limit(options.perPage)
    .offset((options.page - 1) * options.perPage)
    .all();
  const ids = rows.map((r) => r.offer.id);
  const schedules = loadScheduleMap(db, ids);
  const groups = new Map<number, string[]>();
  if (ids.length > 0) {
    for (const g of db
      .select({ offerId: offerTargetGroups.offerId, name: targetGroups.name })
      .from(offerTargetGroups)
      .innerJoin(targetGroups, eq(targetGroups.id, offerTargetGroups.targetGroupId))
      .where(inArray(offerTargetGroups.offerId, ids))
      .all()) {
      groups.set(g.offerId, [...(groups.get(g.offerId) ?? []), g.name]);
    }
  }
  const contents = rows.map(({ offer, actor, place, quartierName }) => {
    const id = stableUuid('offer', offer.id);
    const location = locationOf(offer, place, quartierName);
    const phone = offer.contactPhone ?? actor.phone;
    const own = schedules.get(offer.id) ?? [];
    return {
      id,
      organization_id: stableUuid('actor', actor.id),
      name: offer.title,
      alternate_name: null,
      description: offer.description,
      url: `${options.baseUrl}${offerPath(offer)}`,
      email: offer.contactEmail ?? actor.email,
      status: 'active',
      fees_description: offer.isFree ? 'kostenlos / free of charge' : offer.cost,
      eligibility_description: (groups.get(offer.id) ?? []).join(', ') || null,
      application_process: offer.registrationRequired ? 'Anmeldung nötig / registration needed' : null,
      assured_date: berlinDate(offer.checkedAt),
      organization: organizationOf(actor, options.baseUrl),
      languages: languageEntries(offer.languages, { service_id: id }, `offer-${offer.id}`),
      phones: phone ? [{ id: stableUuid('offer-phone', offer.id), service_id: id, number: phone, type: 'voice', languages: [] }] : [],
      contacts:
        offer.contactName || offer.contactEmail
          ? [{ id: stableUuid('offer-contact', offer.id), service_id: id, name: offer.contactName, email: offer.contactEmail, phones: [] }]
          : [],
      schedules: [
        ...own.map((s, i) => scheduleOf(s, i, offer, id)),
        ...(offer.byAppointment
          ? [
              {
                id: stableUuid('offer-schedule', `${offer.id}-appointment`),
                service_id: id,
                description: offer.scheduleNote || 'nach Vereinbarung / by appointment',
                valid_from: offer.validFrom,
                valid_to: offer.validUntil,
              },
            ]
          : []),
      ],
      service_at_locations: location
        ? [{ id: stableUuid('offer-at-location', offer.id), service_id: id, location_id: location.id, description: null, location }]
        : [],
    };
  });
  const totalPages = Math.max(1, Math.ceil(total / options.perPage));
  // HSDS fields are typed (a string is a string): an unknown value is left out rather than sent as null.
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: options.page,
    size: contents.length,
    first_page: options.page === 1,
    last_page: options.page >= totalPages,
    empty: contents.length === 0,
    contents: contents.map((service) => withoutNulls(service) as Record<string, unknown>),
  };
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

/** When the directory last changed, for Last-Modified. */
export function lastOfferChange(db: Db): Date {
  const a =
    db
      .select({ at: max(actors.updatedAt) })
      .from(actors)
      .get()?.at ?? null;
  const o =
    db
      .select({ at: max(offers.updatedAt) })
      .from(offers)
      .get()?.at ?? null;
  return new Date(Math.max(a?.getTime() ?? 0, o?.getTime() ?? 0));
}
