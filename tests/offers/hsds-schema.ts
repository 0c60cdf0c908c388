/**
 * A JSON Schema of the HSDS 3 objects the portal publishes, written from the Open Referral HSDS 3 specification
 * (schema/*.json of openreferral/specification: service, organization, location, service_at_location, schedule,
 * language, accessibility, phone, contact, address) and the API's paginated response. Field names, types, enums
 * and required fields follow the standard; `additionalProperties: false` makes sure the portal emits no field the
 * standard does not name.
 */
const uuid = { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' } as const;
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const time = { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' } as const;
const text = { type: 'string' } as const;
const uri = { type: 'string', pattern: '^https?://' } as const;
const email = { type: 'string', pattern: '^[^\\s@]+@[^\\s@]+$' } as const;

const object = (properties: Record<string, unknown>, required: string[]) => ({ type: 'object', additionalProperties: false, required, properties });

const language = object(
  { id: uuid, service_id: uuid, location_id: uuid, phone_id: uuid, name: text, code: { type: 'string', pattern: '^[a-z]{2,3}$' }, note: text },
  ['id'],
);
const phone = object(
  {
    id: uuid,
    location_id: uuid,
    service_id: uuid,
    organization_id: uuid,
    contact_id: uuid,
    service_at_location_id: uuid,
    number: text,
    extension: { type: 'number' },
    type: text,
    description: text,
    languages: { type: 'array', items: language },
  },
  ['id', 'number'],
);
const contact = object(
  {
    id: uuid,
    organization_id: uuid,
    service_id: uuid,
    service_at_location_id: uuid,
    location_id: uuid,
    name: text,
    title: text,
    department: text,
    email,
    phones: { type: 'array', items: phone },
  },
  ['id'],
);
const schedule = object(
  {
    id: uuid,
    service_id: uuid,
    location_id: uuid,
    service_at_location_id: uuid,
    valid_from: date,
    valid_to: date,
    dtstart: date,
    timezone: { type: 'number' },
    until: date,
    count: { type: 'number' },
    wkst: { enum: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] },
    freq: { enum: ['WEEKLY', 'MONTHLY'] },
    interval: { type: 'number', minimum: 1 },
    byday: { type: 'string', pattern: '^((-1|[1-4])?(MO|TU|WE|TH|FR|SA|SU))(,((-1|[1-4])?(MO|TU|WE|TH|FR|SA|SU)))*$' },
    byweekno: text,
    bymonthday: text,
    byyearday: text,
    description: text,
    opens_at: time,
    closes_at: time,
    schedule_link: uri,
    attending_type: text,
    notes: text,
  },
  ['id'],
);
const address = object(
  {
    id: uuid,
    location_id: uuid,
    attention: text,
    address_1: text,
    address_2: text,
    city: text,
    region: text,
    state_province: text,
    postal_code: text,
    country: { type: 'string', pattern: '^[A-Z]{2}$' },
    address_type: { enum: ['physical', 'postal', 'virtual'] },
  },
  ['id', 'address_1', 'city', 'state_province', 'postal_code', 'country', 'address_type'],
);
const accessibility = object({ id: uuid, location_id: uuid, description: text, details: text, url: uri }, ['id']);
const location = object(
  {
    id: uuid,
    location_type: { enum: ['physical', 'postal', 'virtual'] },
    url: uri,
    organization_id: uuid,
    name: text,
    alternate_name: text,
    description: text,
    transportation: text,
    latitude: { type: 'number', minimum: -90, maximum: 90 },
    longitude: { type: 'number', minimum: -180, maximum: 180 },
    languages: { type: 'array', items: language },
    addresses: { type: 'array', items: address },
    contacts: { type: 'array', items: contact },
    accessibility: { type: 'array', items: accessibility },
    phones: { type: 'array', items: phone },
    schedules: { type: 'array', items: schedule },
  },
  ['id', 'location_type'],
);
const serviceAtLocation = object(
  {
    id: uuid,
    service_id: uuid,
    location_id: uuid,
    description: text,
    contacts: { type: 'array', items: contact },
    phones: { type: 'array', items: phone },
    schedules: { type: 'array', items: schedule },
    location,
  },
  ['id'],
);
const organization = object(
  {
    id: uuid,
    name: text,
    alternate_name: text,
    description: text,
    email,
    website: uri,
    logo: uri,
    uri,
    legal_status: text,
    parent_organization_id: uuid,
    contacts: { type: 'array', items: contact },
    phones: { type: 'array', items: phone },
    locations: { type: 'array', items: location },
  },
  ['id', 'name', 'description'],
);
const service = object(
  {
    id: uuid,
    organization_id: uuid,
    program_id: uuid,
    name: text,
    alternate_name: text,
    description: text,
    url: uri,
    email,
    status: { enum: ['active', 'inactive', 'defunct', 'temporarily closed'] },
    interpretation_services: text,
    application_process: text,
    fees_description: text,
    accreditations: text,
    eligibility_description: text,
    minimum_age: { type: 'number' },
    maximum_age: { type: 'number' },
    assured_date: date,
    assurer_email: email,
    alert: text,
    phones: { type: 'array', items: phone },
    schedules: { type: 'array', items: schedule },
    service_at_locations: { type: 'array', items: serviceAtLocation },
    languages: { type: 'array', items: language },
    organization,
    contacts: { type: 'array', items: contact },
  },
  ['id', 'name', 'status'],
);

export const hsdsServicePageSchema = object(
  {
    total_items: { type: 'integer', minimum: 0 },
    total_pages: { type: 'integer', minimum: 1 },
    page_number: { type: 'integer', minimum: 1 },
    size: { type: 'integer', minimum: 0 },
    first_page: { type: 'boolean' },
    last_page: { type: 'boolean' },
    empty: { type: 'boolean' },
    contents: { type: 'array', items: service },
  },
  ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents'],
);
