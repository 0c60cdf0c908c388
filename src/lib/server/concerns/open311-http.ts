/**
 * The HTTP side of Open311 GeoReport v2: `.json` and `.xml` answers of the same data (XML by the spec's
 * "Spark convention": a plural container element with singular items), the spec's error shape
 * (`[{code, description}]` / `<errors><error>`), 403 for a missing or wrong api_key, 404 for an unknown
 * service_code or request, 400 for anything else the request gets wrong.
 */
import type { Db } from '../db';
import { resolveLocale, translate } from '../../../i18n';
import { DomainError } from '../errors';
import { clientForKey } from './api-clients';
import { limitReports } from './limits';
import { getRequest, listRequests, listServices, nearestQuartier, parseRequestsQuery, QUARTIER_ATTRIBUTE, serviceDefinition } from './open311';
import { reportConcern } from './reporting';
import { xmlSafe } from './xml';
import { exceedsLimit } from '../http/body-limit';

const OPEN311_BODY_LIMIT = 64 * 1024;

export type Format = 'json' | 'xml';

export function formatOf(value: string | undefined): Format | null {
  return value === 'json' || value === 'xml' ? value : null;
}

const ITEM_NAMES: Record<string, string> = { services: 'service', service_requests: 'request', attributes: 'attribute', values: 'value', errors: 'error' };

function xmlElement(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? 'item';
    return `<${name}>${value.map((v) => xmlElement(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object')
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => xmlElement(k, v))
      .join('')}</${name}>`;
  return `<${name}>${xmlSafe(String(value))}</${name}>`;
}

const CACHE = { 'Cache-Control': 'public, max-age=0, must-revalidate' };

export function respond(format: Format, root: string, data: unknown, status = 200, headers: Record<string, string> = CACHE): Response {
  const body = format === 'json' ? JSON.stringify(data) : `<?xml version="1.0" encoding="utf-8"?>\n${xmlElement(root, data)}\n`;
  return new Response(body, {
    status,
    headers: { 'Content-Type': format === 'json' ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8', ...headers },
  });
}

export function errorResponse(format: Format, status: number, description: string | string[]): Response {
  const list = Array.isArray(description) ? description : [description];
  return respond(
    format,
    'errors',
    list.map((d) => ({ code: status, description: d })),
    status,
    { 'Cache-Control': 'no-store' },
  );
}

export function servicesResponse(db: Db, format: Format): Response {
  return respond(format, 'services', listServices(db));
}

export function serviceDefinitionResponse(db: Db, code: string, format: Format): Response {
  const definition = serviceDefinition(db, code);
  if (!definition) return errorResponse(format, 404, `service_code ${code} was not found.`);
  return respond(format, 'service_definition', definition);
}

export function requestsResponse(db: Db, params: URLSearchParams, format: Format, publicUrl: string, now: Date = new Date()): Response {
  const parsed = parseRequestsQuery(params, now);
  if (!parsed.ok) return errorResponse(format, 400, parsed.description);
  return respond(format, 'service_requests', listRequests(db, parsed.query, publicUrl));
}

export function requestResponse(db: Db, idText: string, format: Format, publicUrl: string): Response {
  const request = /^\d{1,9}$/.test(idText) ? getRequest(db, Number(idText), publicUrl) : null;
  if (!request) return errorResponse(format, 404, `service_request_id ${idText} was not found.`);
  return respond(format, 'service_requests', [request]);
}

const field = (data: FormData, name: string): string | undefined => {
  const value = data.get(name);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

/** Open311's field names, for the problems the domain reports. */
const FIELD_NAMES = { category: 'service_code', quartier: `attribute[${QUARTIER_ATTRIBUTE}]`, latitude: 'lat', email: 'email', photos: 'media_url' } as const;

/**
 * POST Service Request: creates a public concern (shown once staff have reviewed it). `media_url` is not
 * fetched: the portal makes no requests to third parties.
 */
export async function createRequestResponse(db: Db, request: Request, format: Format, clientAddress: string, now: Date = new Date()): Promise<Response> {
  if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers.get('content-type') ?? '')) {
    return errorResponse(format, 400, 'Send the request as application/x-www-form-urlencoded.');
  }
  // A request is a few fields of text (media_url is a link, not a file). Refused here rather than by the start
  // script's body limit (which still caps chunked bodies at 2 MB) so the client gets the error in its format.
  if (exceedsLimit(request.headers.get('content-length'), OPEN311_BODY_LIMIT)) return errorResponse(format, 413, 'The request body is too large.');
  let data: FormData;
  try {
    data = await request.formData();
  } catch {
    return errorResponse(format, 400, 'The request body could not be read.');
  }
  const apiKey = field(data, 'api_key');
  const client = apiKey ? clientForKey(db, apiKey, now) : null;
  if (!client) return errorResponse(format, 403, apiKey ? 'Invalid api_key received.' : 'api_key is missing.');
  const code = field(data, 'service_code');
  if (!code) return errorResponse(format, 400, 'service_code was not provided.');
  if (!listServices(db).some((s) => s.service_code === code)) return errorResponse(format, 404, `service_code ${code} was not found.`);
  const latText = field(data, 'lat');
  const longText = field(data, 'long');
  const address = field(data, 'address_string') ?? field(data, 'address_id');
  const description = field(data, 'description');
  const problems: string[] = [];
  const lat = latText === undefined ? undefined : Number(latText);
  const long = longText === undefined ? undefined : Number(longText);
  if ((lat !== undefined && !Number.isFinite(lat)) || (long !== undefined && !Number.isFinite(long))) problems.push('lat and long must be numbers (WGS84).');
  if ((lat === undefined || long === undefined) && !address) problems.push('A location is required: lat and long, or address_string.');
  if (!description) problems.push('description was not provided.');
  else if (description.length > 4000) problems.push('description may have at most 4,000 characters.');
  if (problems.length > 0) return errorResponse(format, 400, problems);
  const quartier = field(data, `attribute[${QUARTIER_ATTRIBUTE}]`) ?? (lat !== undefined && long !== undefined ? nearestQuartier(db, lat, long) : null);
  if (!quartier) return errorResponse(format, 400, `attribute[${QUARTIER_ATTRIBUTE}] is required when no lat/long is given.`);
  const email = field(data, 'email')?.toLowerCase();
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return errorResponse(format, 400, 'email is not a valid address.');
  const name = [field(data, 'first_name'), field(data, 'last_name')].filter(Boolean).join(' ') || undefined;
  // The reporter's language, for the mails about the concern: a `locale` field (an extension some clients send,
  // e.g. `tr` or `tr-TR`), else the request's Accept-Language, else German.
  const reporterLocale = resolveLocale(undefined, field(data, 'locale') ?? request.headers.get('accept-language'));
  try {
    limitReports(db, { address: clientAddress, email, apiClientId: client.id }, now);
    const concern = await reportConcern(
      db,
      {
        description: description!,
        category: code,
        quartier,
        locationText: address ?? `${lat}, ${long}`,
        latitude: lat !== undefined && long !== undefined ? lat : undefined,
        longitude: lat !== undefined && long !== undefined ? long : undefined,
        isPublic: true,
        reporterName: name,
        reporterEmail: email,
        reporterPhone: field(data, 'phone'),
      },
      { locale: reporterLocale, source: 'open311', apiClientId: client.id, now, fieldNames: FIELD_NAMES },
    );
    const notice = translate('de', 'concerns.open311.notice');
    return respond(format, 'service_requests', [{ service_request_id: String(concern.id), service_notice: notice, account_id: null }], 201, {
      'Cache-Control': 'no-store',
    });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const status = error.kind === 'rate_limited' ? 429 : error.kind === 'not_found' ? 404 : 400;
    return errorResponse(
      format,
      status,
      error.problems.map((p) => `${p.field ? `${p.field}: ` : ''}${translate('de', p.key, p.params)}`),
    );
  }
}
