/**
 * Open311 GeoReport v2 (the interface city apps and FixMyStreet speak), written from the specification at
 * wiki.open311.org/GeoReport_v2: service list and definitions, service requests with their filters, and
 * creating a request with an api_key. Only public, reviewed concerns are listed; contact data never appear.
 * Categories are the services (service_code = slug); the Quartier is the service definition's one attribute.
 */
import { and, desc, eq, gte, inArray, isNotNull, lte } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../db';
import { berlinIsoSeconds, berlinZone } from '../../time';
import { concernCategories, concernOffices, concerns, places, quartiere, type ConcernStatus } from '../../../../db/schema';
import { isShownPublicly, publicColumns, publicPhotos, type PublicConcern } from './queries';
import { listCategories } from './routing';
import { isClosed, open311Status } from './states';
import { statusLabel } from './labels';
import { concernPaths } from './paths';

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

export function listServices(db: Db): Open311Service[] {
  return listCategories(db, { activeOnly: true }).map((c) => ({
    service_code: c.slug,
    service_name: c.name,
    description: c.description,
    // The Quartier is asked for as an attribute (see the service definition).
    metadata: true,
    type: 'realtime',
    keywords: c.keywords,
    group: c.groupName,
  }));
}

export const QUARTIER_ATTRIBUTE = 'quartier';

export interface Open311Definition {
  service_code: string;
  attributes: {
    variable: boolean;
    code: string;
    datatype: 'singlevaluelist';
    required: boolean;
    datatype_description: string;
    order: number;
    description: string;
    values: { key: string; name: string }[];
  }[];
}

export function serviceDefinition(db: Db, code: string): Open311Definition | null {
  if (!listServices(db).some((s) => s.service_code === code)) return null;
  const values = db.select({ key: quartiere.slug, name: quartiere.name }).from(quartiere).orderBy(quartiere.sortOrder).all();
  return {
    service_code: code,
    attributes: [
      {
        variable: true,
        code: QUARTIER_ATTRIBUTE,
        datatype: 'singlevaluelist',
        // Without it the Quartier of the nearest Stadtteilbüro or Treff to lat/long is taken.
        required: false,
        datatype_description: 'Quartier',
        order: 1,
        description: 'Quartier, in dem das Anliegen liegt (ohne Angabe: das nächstgelegene zu lat/long).',
        values,
      },
    ],
  };
}

export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

/** w3 datetime with the Berlin offset, e.g. 2026-11-23T11:00:00+01:00. */
export const w3 = berlinIsoSeconds;

type Row = PublicConcern & { closedAt: Date | null };

function toRequest(row: Row, mediaFile: string | undefined, publicUrl: string): Open311Request {
  const closed = isClosed(row.status);
  return {
    service_request_id: String(row.id),
    status: open311Status(row.status),
    status_notes: row.answerText ?? (row.status === 'dublette' ? statusLabel(row.status, 'de', row) : null),
    service_name: row.categoryName,
    service_code: row.categorySlug,
    description: row.description,
    agency_responsible: row.officeName,
    service_notice: statusLabel(row.status, 'de', row, row.officeName),
    requested_datetime: w3(row.createdAt),
    updated_datetime: w3(closed && row.closedAt ? row.closedAt : row.updatedAt),
    expected_datetime:
      row.expectedOn && row.status === 'in_arbeit' ? DateTime.fromISO(row.expectedOn, { zone: berlinZone }).toISO({ suppressMilliseconds: true }) : null,
    address: `${row.locationText}, ${row.quartierName}`,
    address_id: null,
    zipcode: /\b\d{5}\b/.exec(row.locationText)?.[0] ?? null,
    lat: row.latitude,
    long: row.longitude,
    media_url: mediaFile ? publicUrl + concernPaths.photo(mediaFile) : null,
  };
}

export interface RequestsQuery {
  ids?: number[];
  serviceCodes?: string[];
  statuses?: ('open' | 'closed')[];
  start: Date;
  end: Date;
}

/** The spec's limits: a window of at most 90 days, at most 1,000 requests. */
export const MAX_DAYS = 90;
export const MAX_REQUESTS = 1000;

const W3_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function parseW3(value: string): Date | null {
  if (!W3_DATETIME.test(value)) return null;
  const parsed = DateTime.fromISO(value, { setZone: true });
  return parsed.isValid ? parsed.toJSDate() : null;
}

const list = (value: string | null): string[] =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

export type ParsedQuery = { ok: true; query: RequestsQuery } | { ok: false; description: string };

/** Reads the optional arguments; an optional argument sent empty counts as not sent (spec, "Optional Arguments"). */
export function parseRequestsQuery(params: URLSearchParams, now: Date): ParsedQuery {
  const ids = list(params.get('service_request_id'));
  if (ids.some((id) => !/^\d{1,9}$/.test(id))) return { ok: false, description: 'service_request_id must be a comma separated list of numbers.' };
  const statuses = list(params.get('status'));
  if (statuses.some((s) => s !== 'open' && s !== 'closed')) return { ok: false, description: 'status must be open, closed or both (comma separated).' };
  const startText = params.get('start_date') || null;
  const endText = params.get('end_date') || null;
  const start = startText === null ? null : parseW3(startText);
  const end = endText === null ? null : parseW3(endText);
  if (startText !== null && !start) return { ok: false, description: 'start_date must be a w3 datetime with time zone, e.g. 2026-01-01T00:00:00Z.' };
  if (endText !== null && !end) return { ok: false, description: 'end_date must be a w3 datetime with time zone, e.g. 2026-01-31T23:59:59Z.' };
  const berlin = (d: Date): DateTime => DateTime.fromJSDate(d, { zone: berlinZone });
  const to = end ?? (start ? berlin(start).plus({ days: MAX_DAYS }).toJSDate() : now);
  const from = start ?? berlin(to).minus({ days: MAX_DAYS }).toJSDate();
  if (from > to) return { ok: false, description: 'start_date must be before end_date.' };
  if (berlin(from).plus({ days: MAX_DAYS }) < berlin(to)) return { ok: false, description: `start_date and end_date may not span more than ${MAX_DAYS} days.` };
  return {
    ok: true,
    query: {
      ...(ids.length > 0 ? { ids: ids.map(Number) } : {}),
      ...(list(params.get('service_code')).length > 0 ? { serviceCodes: list(params.get('service_code')) } : {}),
      ...(statuses.length > 0 ? { statuses: statuses as ('open' | 'closed')[] } : {}),
      start: from,
      end: to,
    },
  };
}

const openStates: ConcernStatus[] = ['in_pruefung', 'weitergeleitet', 'antwort_erhalten', 'in_arbeit'];
const closedStates: ConcernStatus[] = ['erledigt', 'nicht_entsprochen', 'selbst_beseitigt', 'dublette'];

function selectRequests(db: Db) {
  return db
    .select({ ...publicColumns, closedAt: concerns.closedAt })
    .from(concerns)
    .innerJoin(concernCategories, eq(concernCategories.id, concerns.categoryId))
    .innerJoin(quartiere, eq(quartiere.id, concerns.quartierId))
    .leftJoin(concernOffices, eq(concernOffices.id, concerns.officeId));
}

function withMedia(db: Db, rows: Row[], publicUrl: string): Open311Request[] {
  const photos = publicPhotos(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toRequest(r, photos.get(r.id)?.[0], publicUrl));
}

export function listRequests(db: Db, query: RequestsQuery, publicUrl: string): Open311Request[] {
  // service_request_id overrides all other arguments.
  const where = query.ids
    ? and(isShownPublicly, inArray(concerns.id, query.ids))
    : and(
        isShownPublicly,
        gte(concerns.createdAt, query.start),
        lte(concerns.createdAt, query.end),
        query.serviceCodes ? inArray(concernCategories.slug, query.serviceCodes) : undefined,
        query.statuses?.length === 1 ? inArray(concerns.status, query.statuses[0] === 'open' ? openStates : closedStates) : undefined,
      );
  const rows = selectRequests(db).where(where).orderBy(desc(concerns.createdAt), desc(concerns.id)).limit(MAX_REQUESTS).all();
  return withMedia(db, rows, publicUrl);
}

export function getRequest(db: Db, id: number, publicUrl: string): Open311Request | null {
  const row = selectRequests(db)
    .where(and(isShownPublicly, eq(concerns.id, id)))
    .get();
  return row ? withMedia(db, [row], publicUrl)[0]! : null;
}

/** The Quartier of the nearest Stadtteilbüro, Treff or venue to a point (for requests without the attribute). */
export function nearestQuartier(db: Db, lat: number, lon: number): string | null {
  const candidates = db
    .select({ slug: quartiere.slug, lat: places.latitude, lon: places.longitude })
    .from(places)
    .innerJoin(quartiere, eq(quartiere.id, places.quartierId))
    .where(and(isNotNull(places.latitude), isNotNull(places.longitude)))
    .all();
  const scale = Math.cos((lat * Math.PI) / 180);
  let best: { slug: string; distance: number } | null = null;
  for (const c of candidates) {
    const distance = (c.lat! - lat) ** 2 + ((c.lon! - lon) * scale) ** 2;
    if (!best || distance < best.distance) best = { slug: c.slug, distance };
  }
  return best?.slug ?? null;
}
