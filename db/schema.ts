/**
 * The whole data model of the Quartiersportal, one source of truth for drizzle-kit.
 *
 * Conventions:
 * - SQL names are snake_case, TypeScript keys camelCase.
 * - Instants are stored as UTC milliseconds (`timestamp_ms` → JS Date).
 * - Calendar dates that have no time ("the Treff is closed on 2026-12-24") are ISO text `YYYY-MM-DD`,
 *   wall-clock times are `HH:MM` text, both meant in Europe/Berlin.
 * - Recurrence rules are stored in local Europe/Berlin time (`startLocal` + RRULE), so 15:00 stays 15:00
 *   across daylight-saving changes; `event_occurrences` holds the expanded instants for fast listing.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex, blob, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .$defaultFn(() => new Date());
const updatedAt = () =>
  integer('updated_at', { mode: 'timestamp_ms' })
    .notNull()
    .$defaultFn(() => new Date())
    .$onUpdateFn(() => new Date());

// ---------------------------------------------------------------------------------------------
// Quartiere and places
// ---------------------------------------------------------------------------------------------

export const quartiere = sqliteTable('quartiere', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  contactName: text('contact_name'),
  contactEmail: text('contact_email'),
  contactPhone: text('contact_phone'),
  contactAddress: text('contact_address'),
  sortOrder: integer('sort_order').notNull().default(0),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
export type Quartier = typeof quartiere.$inferSelect;
export type NewQuartier = typeof quartiere.$inferInsert;

export const placeKinds = ['treff', 'stadtteilbuero', 'begegnungszentrum', 'venue'] as const;
export type PlaceKind = (typeof placeKinds)[number];

export const places = sqliteTable(
  'places',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    quartierId: integer('quartier_id')
      .notNull()
      .references(() => quartiere.id, { onDelete: 'restrict' }),
    kind: text('kind', { enum: placeKinds }).notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    street: text('street').notNull(),
    postalCode: text('postal_code').notNull(),
    city: text('city').notNull(),
    latitude: real('latitude'),
    longitude: real('longitude'),
    stepFree: integer('step_free', { mode: 'boolean' }).notNull().default(false),
    accessibleWc: integer('accessible_wc', { mode: 'boolean' }).notNull().default(false),
    hearingLoop: integer('hearing_loop', { mode: 'boolean' }).notNull().default(false),
    accessibilityNotes: text('accessibility_notes').notNull().default(''),
    contactName: text('contact_name'),
    contactEmail: text('contact_email'),
    contactPhone: text('contact_phone'),
    /** Treffs and Stadtteilbüros publish opening hours; other venues do not. */
    hasOpeningHours: integer('has_opening_hours', { mode: 'boolean' }).notNull().default(false),
    /** Federal state whose public holidays close the place (ISO 3166-2 suffix as feiertagejs uses it). */
    holidayRegion: text('holiday_region').notNull().default('NW'),
    /**
     * The staff's private feed of the place's room bookings: only the SHA-256 (hex) of its secret is stored; the
     * secret is derived from the server's feed key and the version (src/lib/server/feeds/feed-tokens.ts), which
     * goes up when the address is renewed or must change (a staff scope ended).
     */
    bookingCalendarTokenHash: text('booking_calendar_token_hash').unique(),
    bookingCalendarTokenVersion: integer('booking_calendar_token_version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('places_quartier_idx').on(t.quartierId),
    check('places_latitude_range', sql`${t.latitude} IS NULL OR (${t.latitude} BETWEEN -90 AND 90)`),
    check('places_longitude_range', sql`${t.longitude} IS NULL OR (${t.longitude} BETWEEN -180 AND 180)`),
  ],
);
export type Place = typeof places.$inferSelect;
export type NewPlace = typeof places.$inferInsert;

/** Weekly opening hours. `closes` earlier than `opens` means the period runs past midnight. */
export const openingHours = sqliteTable(
  'opening_hours',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    placeId: integer('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
    /** ISO weekday: 1 = Monday … 7 = Sunday. */
    weekday: integer('weekday').notNull(),
    opens: text('opens').notNull(),
    closes: text('closes').notNull(),
    validFrom: text('valid_from'),
    validUntil: text('valid_until'),
    note: text('note').notNull().default(''),
  },
  (t) => [
    index('opening_hours_place_idx').on(t.placeId, t.weekday),
    check('opening_hours_weekday_range', sql`${t.weekday} BETWEEN 1 AND 7`),
    check('opening_hours_time_format', sql`${t.opens} GLOB '[0-2][0-9]:[0-5][0-9]' AND ${t.closes} GLOB '[0-2][0-9]:[0-5][0-9]'`),
    check('opening_hours_not_empty', sql`${t.opens} <> ${t.closes}`),
    check('opening_hours_validity_order', sql`${t.validFrom} IS NULL OR ${t.validUntil} IS NULL OR ${t.validUntil} >= ${t.validFrom}`),
  ],
);
export type OpeningHoursRule = typeof openingHours.$inferSelect;

export const openingExceptionKinds = ['closed', 'special_hours'] as const;

/** Dated exceptions: a closure (holidays, training day) or special hours; they win over weekly rules and holidays. */
export const openingExceptions = sqliteTable(
  'opening_exceptions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    placeId: integer('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
    dateFrom: text('date_from').notNull(),
    dateTo: text('date_to').notNull(),
    kind: text('kind', { enum: openingExceptionKinds }).notNull(),
    opens: text('opens'),
    closes: text('closes'),
    reason: text('reason').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [
    index('opening_exceptions_place_idx').on(t.placeId, t.dateFrom),
    check('opening_exceptions_date_order', sql`${t.dateTo} >= ${t.dateFrom}`),
    check('opening_exceptions_special_has_hours', sql`${t.kind} <> 'special_hours' OR (${t.opens} IS NOT NULL AND ${t.closes} IS NOT NULL)`),
  ],
);
export type OpeningException = typeof openingExceptions.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Users, sessions, organisations, roles
// ---------------------------------------------------------------------------------------------

export const userRoles = ['member', 'staff', 'admin'] as const;
export type UserRole = (typeof userRoles)[number];

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Stored lower-cased; unique. */
    email: text('email').notNull().unique(),
    emailVerifiedAt: integer('email_verified_at', { mode: 'timestamp_ms' }),
    passwordHash: text('password_hash').notNull(),
    displayName: text('display_name').notNull(),
    /** staff rights are further limited to the Quartiere in staff_scopes; admin is city-wide. */
    role: text('role', { enum: userRoles }).notNull().default('member'),
    homeQuartierId: integer('home_quartier_id').references(() => quartiere.id, { onDelete: 'set null' }),
    locale: text('locale').notNull().default('de'),
    /**
     * The personal iCal feed: SHA-256 (hex) of its secret, null until the member asks for one; the version goes up
     * with each new address (see src/lib/server/feeds/feed-tokens.ts).
     */
    calendarTokenHash: text('calendar_token_hash').unique(),
    calendarTokenVersion: integer('calendar_token_version').notNull().default(0),
    disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [check('users_email_lowercase', sql`${t.email} = lower(${t.email})`)],
);
export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

/** Lucia recipe: token is `<id>.<secret>`; only a SHA-256 hash of the secret is stored. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
    createdAt: createdAt(),
    lastVerifiedAt: integer('last_verified_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);
export type Session = typeof sessions.$inferSelect;

export const userTokenKinds = ['verify_email', 'reset_password', 'change_email'] as const;

/** One-time tokens sent by mail; only a hash is stored. */
export const userTokens = sqliteTable(
  'user_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: userTokenKinds }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    newEmail: text('new_email'),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('user_tokens_user_idx').on(t.userId, t.kind)],
);

/** Fixed-window counters for rate limits (login, registration, reset, verification), per IP and per account. */
export const rateLimits = sqliteTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: integer('window_start', { mode: 'timestamp_ms' }).notNull(),
  hits: integer('hits').notNull().default(0),
});

export const staffScopes = sqliteTable(
  'staff_scopes',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    quartierId: integer('quartier_id')
      .notNull()
      .references(() => quartiere.id, { onDelete: 'cascade' }),
    /** What the person does there, shown to residents (e.g. Treffleitung, Quartiersentwickler*in). */
    title: text('title').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.userId, t.quartierId] }), index('staff_scopes_quartier_idx').on(t.quartierId)],
);

export const organisationKinds = ['buergerverein', 'kirchengemeinde', 'wohlfahrtsverband', 'verein', 'initiative', 'other'] as const;

export const organisations = sqliteTable('organisations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  kind: text('kind', { enum: organisationKinds }).notNull(),
  quartierId: integer('quartier_id').references(() => quartiere.id, { onDelete: 'set null' }),
  email: text('email'),
  phone: text('phone'),
  website: text('website'),
  /**
   * The organisation's private booking feed: SHA-256 (hex) of its secret; the version goes up when the address is
   * renewed or must change (a member left), see src/lib/server/feeds/feed-tokens.ts.
   */
  calendarTokenHash: text('calendar_token_hash').unique(),
  calendarTokenVersion: integer('calendar_token_version').notNull().default(0),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
export type Organisation = typeof organisations.$inferSelect;

export const organisationMemberRoles = ['member', 'admin'] as const;

export const organisationMembers = sqliteTable(
  'organisation_members',
  {
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: organisationMemberRoles }).notNull().default('member'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.userId] }), index('organisation_members_user_idx').on(t.userId)],
);

export const organisationInvitations = sqliteTable(
  'organisation_invitations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role', { enum: organisationMemberRoles }).notNull().default('member'),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: integer('invited_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    acceptedAt: integer('accepted_at', { mode: 'timestamp_ms' }),
    /** The language the person used on the form: later mails to a guest go out in it (see mail/recipient-locale.ts). */
    locale: text('locale').notNull().default('de'),
    createdAt: createdAt(),
  },
  (t) => [
    index('organisation_invitations_org_idx').on(t.organisationId),
    check('organisation_invitations_locale', sql`${t.locale} IN ('de', 'en', 'tr', 'ar', 'uk')`),
  ],
);

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

export const categories = sqliteTable('categories', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
});
export type Category = typeof categories.$inferSelect;

export const targetGroups = sqliteTable('target_groups', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
});
export type TargetGroup = typeof targetGroups.$inferSelect;

export const eventStatuses = ['draft', 'proposed', 'published', 'cancelled'] as const;
export type EventStatus = (typeof eventStatuses)[number];

export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Stable iCal UID for the life of the event; occurrences use it with their RECURRENCE-ID. */
    uid: text('uid').notNull().unique(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** First occurrence in local Europe/Berlin wall-clock time, `YYYY-MM-DDTHH:MM` (date only when all-day). */
    startLocal: text('start_local').notNull(),
    endLocal: text('end_local').notNull(),
    allDay: integer('all_day', { mode: 'boolean' }).notNull().default(false),
    timezone: text('timezone').notNull().default('Europe/Berlin'),
    /** RFC 5545 RRULE body without DTSTART (e.g. `FREQ=MONTHLY;BYDAY=2TU;UNTIL=…`); null for single events. */
    rrule: text('rrule'),
    /** First and last instant covered, UTC, for range queries (lastEndsAt null = open-ended series). */
    firstStartsAt: integer('first_starts_at', { mode: 'timestamp_ms' }).notNull(),
    lastEndsAt: integer('last_ends_at', { mode: 'timestamp_ms' }),
    placeId: integer('place_id').references(() => places.id, { onDelete: 'set null' }),
    /** Free location when the event is not at a known place (e.g. "Spielplatz Mühlenweg"). */
    locationName: text('location_name'),
    locationAddress: text('location_address'),
    organisationId: integer('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
    organiserName: text('organiser_name').notNull().default(''),
    contactEmail: text('contact_email'),
    contactPhone: text('contact_phone'),
    cost: text('cost').notNull().default(''),
    isFree: integer('is_free', { mode: 'boolean' }).notNull().default(true),
    stepFree: integer('step_free', { mode: 'boolean' }).notNull().default(false),
    accessibilityNotes: text('accessibility_notes').notNull().default(''),
    /** BCP 47 language tags, comma-separated, e.g. `de` or `de,tr`. */
    languages: text('languages').notNull().default('de'),
    status: text('status', { enum: eventStatuses }).notNull().default('draft'),
    /** Why a proposed event was returned, or why it was cancelled; shown to the proposer/residents. */
    statusNote: text('status_note').notNull().default(''),
    /** Registration (Ausflug, Kochaktion with limited places); capacity null = no registration. */
    registrationRequired: integer('registration_required', { mode: 'boolean' }).notNull().default(false),
    capacity: integer('capacity'),
    /** iCal SEQUENCE, raised on every change that calendar clients must pick up. */
    sequence: integer('sequence').notNull().default(0),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    /** When the event came from a room booking offered as a public event. */
    bookingId: integer('booking_id').references((): AnySQLiteColumn => bookings.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('events_status_idx').on(t.status, t.firstStartsAt),
    index('events_place_idx').on(t.placeId),
    index('events_organisation_idx').on(t.organisationId),
    check('events_end_after_start', sql`${t.endLocal} >= ${t.startLocal}`),
    check('events_capacity_positive', sql`${t.capacity} IS NULL OR ${t.capacity} > 0`),
    check('events_sequence_non_negative', sql`${t.sequence} >= 0`),
    check('events_last_after_first', sql`${t.lastEndsAt} IS NULL OR ${t.lastEndsAt} >= ${t.firstStartsAt}`),
  ],
);
export type Event = typeof events.$inferSelect;
export type NewEvent = typeof events.$inferInsert;

export const eventQuartiere = sqliteTable(
  'event_quartiere',
  {
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    quartierId: integer('quartier_id')
      .notNull()
      .references(() => quartiere.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.quartierId] }), index('event_quartiere_quartier_idx').on(t.quartierId)],
);

export const eventCategories = sqliteTable(
  'event_categories',
  {
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    categoryId: integer('category_id')
      .notNull()
      .references(() => categories.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.categoryId] }), index('event_categories_category_idx').on(t.categoryId)],
);

export const eventTargetGroups = sqliteTable(
  'event_target_groups',
  {
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    targetGroupId: integer('target_group_id')
      .notNull()
      .references(() => targetGroups.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.targetGroupId] }), index('event_target_groups_group_idx').on(t.targetGroupId)],
);

export const eventExceptionKinds = ['cancelled', 'changed'] as const;

/**
 * Per-occurrence changes of a series: one Wandercafé cancelled, moved to another time or room.
 * `recurrenceLocal` is the original local start of the occurrence (the RECURRENCE-ID); it never changes.
 */
export const eventExceptions = sqliteTable(
  'event_exceptions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    recurrenceLocal: text('recurrence_local').notNull(),
    kind: text('kind', { enum: eventExceptionKinds }).notNull(),
    startLocal: text('start_local'),
    endLocal: text('end_local'),
    title: text('title'),
    placeId: integer('place_id').references(() => places.id, { onDelete: 'set null' }),
    locationName: text('location_name'),
    note: text('note').notNull().default(''),
    sequence: integer('sequence').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('event_exceptions_event_recurrence_uq').on(t.eventId, t.recurrenceLocal),
    check('event_exceptions_end_after_start', sql`${t.startLocal} IS NULL OR ${t.endLocal} IS NULL OR ${t.endLocal} >= ${t.startLocal}`),
  ],
);
export type EventException = typeof eventExceptions.$inferSelect;

export const occurrenceStatuses = ['scheduled', 'cancelled'] as const;

/**
 * Expanded occurrences (single events have one), kept in step with events + event_exceptions by the
 * events domain whenever either changes; lists, the month grid and feeds read from here.
 */
export const eventOccurrences = sqliteTable(
  'event_occurrences',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    /** Original local start (RECURRENCE-ID); part of the occurrence's URL, never changes. */
    recurrenceLocal: text('recurrence_local').notNull(),
    startsAt: integer('starts_at', { mode: 'timestamp_ms' }).notNull(),
    endsAt: integer('ends_at', { mode: 'timestamp_ms' }).notNull(),
    status: text('status', { enum: occurrenceStatuses }).notNull().default('scheduled'),
    /** Set when an exception moved/changed this occurrence. */
    exceptionId: integer('exception_id').references(() => eventExceptions.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('event_occurrences_event_recurrence_uq').on(t.eventId, t.recurrenceLocal),
    // With the end in the index, "what is still on from now" (ordered by start) skips the past dates inside the index
    // instead of reading each past row; the start alone served ranges and order the same way.
    index('event_occurrences_starts_ends_idx').on(t.startsAt, t.endsAt),
    check('event_occurrences_end_after_start', sql`${t.endsAt} >= ${t.startsAt}`),
  ],
);
export type EventOccurrence = typeof eventOccurrences.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Rooms and bookings
// ---------------------------------------------------------------------------------------------

export const rooms = sqliteTable(
  'rooms',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    placeId: integer('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'restrict' }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    capacity: integer('capacity').notNull(),
    /** Comma-separated equipment list, e.g. `Beamer,Küche,Flipchart`. */
    equipment: text('equipment').notNull().default(''),
    stepFree: integer('step_free', { mode: 'boolean' }).notNull().default(false),
    photoPath: text('photo_path'),
    photoAlt: text('photo_alt'),
    requiresApproval: integer('requires_approval', { mode: 'boolean' }).notNull().default(true),
    /** Bookable hours; both null = the place's opening hours. */
    bookableFrom: text('bookable_from'),
    bookableUntil: text('bookable_until'),
    minMinutes: integer('min_minutes').notNull().default(30),
    maxMinutes: integer('max_minutes').notNull().default(480),
    /** How far ahead a request must come in. */
    leadTimeHours: integer('lead_time_hours').notNull().default(48),
    /** How far into the future a booking may lie. */
    maxAdvanceDays: integer('max_advance_days').notNull().default(365),
    bufferMinutes: integer('buffer_minutes').notNull().default(0),
    /** Organisations may cancel until this many hours before the start. */
    cancelDeadlineHours: integer('cancel_deadline_hours').notNull().default(24),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('rooms_place_slug_uq').on(t.placeId, t.slug),
    check('rooms_capacity_positive', sql`${t.capacity} > 0`),
    check('rooms_min_positive', sql`${t.minMinutes} > 0`),
    check('rooms_max_at_least_min', sql`${t.maxMinutes} >= ${t.minMinutes}`),
    check('rooms_non_negative_rules', sql`${t.leadTimeHours} >= 0 AND ${t.bufferMinutes} >= 0 AND ${t.cancelDeadlineHours} >= 0 AND ${t.maxAdvanceDays} > 0`),
    check('rooms_bookable_hours_pair', sql`(${t.bookableFrom} IS NULL) = (${t.bookableUntil} IS NULL)`),
  ],
);
export type Room = typeof rooms.$inferSelect;

/** Which organisations may book a room; no row for a room means every organisation may. */
export const roomAllowedOrganisations = sqliteTable(
  'room_allowed_organisations',
  {
    roomId: integer('room_id')
      .notNull()
      .references(() => rooms.id, { onDelete: 'cascade' }),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.organisationId] })],
);

export const roomClosures = sqliteTable(
  'room_closures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    roomId: integer('room_id')
      .notNull()
      .references(() => rooms.id, { onDelete: 'cascade' }),
    startsAt: integer('starts_at', { mode: 'timestamp_ms' }).notNull(),
    endsAt: integer('ends_at', { mode: 'timestamp_ms' }).notNull(),
    reason: text('reason').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [index('room_closures_room_idx').on(t.roomId, t.startsAt), check('room_closures_end_after_start', sql`${t.endsAt} > ${t.startsAt}`)],
);

export const bookingSeriesRules = ['weekly', 'fortnightly'] as const;

export const bookingSeries = sqliteTable(
  'booking_series',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    roomId: integer('room_id')
      .notNull()
      .references(() => rooms.id, { onDelete: 'restrict' }),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    requestedBy: integer('requested_by').references(() => users.id, { onDelete: 'set null' }),
    rule: text('rule', { enum: bookingSeriesRules }).notNull(),
    purpose: text('purpose').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('booking_series_org_idx').on(t.organisationId)],
);

export const bookingStatuses = ['requested', 'confirmed', 'declined', 'cancelled'] as const;
export type BookingStatus = (typeof bookingStatuses)[number];

export const bookings = sqliteTable(
  'bookings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    roomId: integer('room_id')
      .notNull()
      .references(() => rooms.id, { onDelete: 'restrict' }),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    requestedBy: integer('requested_by').references(() => users.id, { onDelete: 'set null' }),
    seriesId: integer('series_id').references(() => bookingSeries.id, { onDelete: 'set null' }),
    startsAt: integer('starts_at', { mode: 'timestamp_ms' }).notNull(),
    endsAt: integer('ends_at', { mode: 'timestamp_ms' }).notNull(),
    purpose: text('purpose').notNull(),
    expectedAttendees: integer('expected_attendees').notNull(),
    status: text('status', { enum: bookingStatuses }).notNull().default('requested'),
    /** Reason given when declined or cancelled by staff. */
    statusReason: text('status_reason').notNull().default(''),
    decidedBy: integer('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
    cancelledBy: integer('cancelled_by').references(() => users.id, { onDelete: 'set null' }),
    cancelledAt: integer('cancelled_at', { mode: 'timestamp_ms' }),
    reminderSentAt: integer('reminder_sent_at', { mode: 'timestamp_ms' }),
    /** iCal SEQUENCE for the organisation and staff feeds. */
    sequence: integer('sequence').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('bookings_room_time_idx').on(t.roomId, t.startsAt),
    index('bookings_org_idx').on(t.organisationId, t.startsAt),
    index('bookings_status_idx').on(t.status, t.startsAt),
    index('bookings_series_idx').on(t.seriesId),
    check('bookings_end_after_start', sql`${t.endsAt} > ${t.startsAt}`),
    check('bookings_attendees_positive', sql`${t.expectedAttendees} > 0`),
    check('bookings_sequence_non_negative', sql`${t.sequence} >= 0`),
  ],
);
export type Booking = typeof bookings.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Volunteering
// ---------------------------------------------------------------------------------------------

export const volunteerProgrammes = sqliteTable(
  'volunteer_programmes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    /** null = city-wide programme. */
    quartierId: integer('quartier_id').references(() => quartiere.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    summary: text('summary').notNull().default(''),
    description: text('description').notNull().default(''),
    forWhom: text('for_whom').notNull().default(''),
    timeCommitment: text('time_commitment').notNull().default(''),
    requirements: text('requirements').notNull().default(''),
    requiresTraining: integer('requires_training', { mode: 'boolean' }).notNull().default(false),
    requiresCertificate: integer('requires_certificate', { mode: 'boolean' }).notNull().default(false),
    /** Whether residents can ask this programme for help (a companion, a visit). */
    acceptsHelpRequests: integer('accepts_help_requests', { mode: 'boolean' }).notNull().default(false),
    coordinatorUserId: integer('coordinator_user_id').references(() => users.id, { onDelete: 'set null' }),
    contactEmail: text('contact_email'),
    contactPhone: text('contact_phone'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('volunteer_programmes_quartier_idx').on(t.quartierId)],
);
export type VolunteerProgramme = typeof volunteerProgrammes.$inferSelect;

export const applicationStatuses = ['neu', 'gespraech', 'aktiv', 'pausiert', 'beendet'] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

export const volunteerApplications = sqliteTable(
  'volunteer_applications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => volunteerProgrammes.id, { onDelete: 'cascade' }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    email: text('email').notNull(),
    phone: text('phone'),
    quartierId: integer('quartier_id').references(() => quartiere.id, { onDelete: 'set null' }),
    /** JSON: [{ weekday: 1..7, from: 'HH:MM', to: 'HH:MM' }]. */
    availability: text('availability').notNull().default('[]'),
    /** Comma-separated language tags. */
    languages: text('languages').notNull().default('de'),
    motivation: text('motivation').notNull().default(''),
    consentAt: integer('consent_at', { mode: 'timestamp_ms' }).notNull(),
    /** Version of the consent text the person agreed to. */
    consentVersion: text('consent_version').notNull(),
    /** Double opt-in for visitors; members with a verified address are confirmed at once. */
    emailConfirmedAt: integer('email_confirmed_at', { mode: 'timestamp_ms' }),
    confirmTokenHash: text('confirm_token_hash').unique(),
    status: text('status', { enum: applicationStatuses }).notNull().default('neu'),
    /** Private notes of the coordinator; never shown to the volunteer. */
    coordinatorNotes: text('coordinator_notes').notNull().default(''),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
    anonymisedAt: integer('anonymised_at', { mode: 'timestamp_ms' }),
    /** The language the person used on the form: later mails to a guest go out in it (see mail/recipient-locale.ts). */
    locale: text('locale').notNull().default('de'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('volunteer_applications_programme_idx').on(t.programmeId, t.status),
    index('volunteer_applications_user_idx').on(t.userId),
    check('volunteer_applications_locale', sql`${t.locale} IN ('de', 'en', 'tr', 'ar', 'uk')`),
  ],
);
export type VolunteerApplication = typeof volunteerApplications.$inferSelect;

export const helpRequestStatuses = ['neu', 'in_klaerung', 'vermittelt', 'beendet'] as const;

/** Someone asks for a companion or a visit, possibly a relative or social worker on their behalf. */
export const helpRequests = sqliteTable(
  'help_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => volunteerProgrammes.id, { onDelete: 'cascade' }),
    requesterName: text('requester_name').notNull(),
    requesterPhone: text('requester_phone'),
    requesterEmail: text('requester_email'),
    /** Filled when someone asks on another person's behalf. */
    onBehalfOf: text('on_behalf_of'),
    relationship: text('relationship'),
    quartierId: integer('quartier_id').references(() => quartiere.id, { onDelete: 'set null' }),
    languages: text('languages').notNull().default('de'),
    availability: text('availability').notNull().default('[]'),
    message: text('message').notNull().default(''),
    consentAt: integer('consent_at', { mode: 'timestamp_ms' }).notNull(),
    consentVersion: text('consent_version').notNull(),
    status: text('status', { enum: helpRequestStatuses }).notNull().default('neu'),
    coordinatorNotes: text('coordinator_notes').notNull().default(''),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
    anonymisedAt: integer('anonymised_at', { mode: 'timestamp_ms' }),
    /** The language the person used on the form: later mails to a guest go out in it (see mail/recipient-locale.ts). */
    locale: text('locale').notNull().default('de'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('help_requests_programme_idx').on(t.programmeId, t.status),
    check('help_requests_has_contact', sql`${t.requesterPhone} IS NOT NULL OR ${t.requesterEmail} IS NOT NULL OR ${t.anonymisedAt} IS NOT NULL`),
    check('help_requests_locale', sql`${t.locale} IN ('de', 'en', 'tr', 'ar', 'uk')`),
  ],
);
export type HelpRequest = typeof helpRequests.$inferSelect;

export const volunteerMatches = sqliteTable(
  'volunteer_matches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    helpRequestId: integer('help_request_id')
      .notNull()
      .references(() => helpRequests.id, { onDelete: 'cascade' }),
    applicationId: integer('application_id')
      .notNull()
      .references(() => volunteerApplications.id, { onDelete: 'cascade' }),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    note: text('note').notNull().default(''),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('volunteer_matches_pair_uq').on(t.helpRequestId, t.applicationId)],
);

export const attestationKinds = ['training', 'certificate_of_conduct'] as const;

/** What a coordinator has seen (training done, extended certificate of good conduct seen) — never the document itself. */
export const attestations = sqliteTable(
  'attestations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: attestationKinds }).notNull(),
    programmeId: integer('programme_id').references(() => volunteerProgrammes.id, { onDelete: 'set null' }),
    attestedOn: text('attested_on').notNull(),
    validUntil: text('valid_until'),
    recordedBy: integer('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    note: text('note').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [index('attestations_user_idx').on(t.userId, t.kind)],
);

export const slotKinds = ['training', 'visit_round', 'event_help', 'other'] as const;

export const volunteerSlots = sqliteTable(
  'volunteer_slots',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    programmeId: integer('programme_id')
      .notNull()
      .references(() => volunteerProgrammes.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: slotKinds }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    startsAt: integer('starts_at', { mode: 'timestamp_ms' }).notNull(),
    endsAt: integer('ends_at', { mode: 'timestamp_ms' }).notNull(),
    placeId: integer('place_id').references(() => places.id, { onDelete: 'set null' }),
    locationName: text('location_name'),
    needed: integer('needed').notNull(),
    signupOpensAt: integer('signup_opens_at', { mode: 'timestamp_ms' }),
    /** Only volunteers with a training attestation may sign up. */
    requiresTraining: integer('requires_training', { mode: 'boolean' }).notNull().default(false),
    reminderSentAt: integer('reminder_sent_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('volunteer_slots_programme_idx').on(t.programmeId, t.startsAt),
    check('volunteer_slots_end_after_start', sql`${t.endsAt} > ${t.startsAt}`),
    check('volunteer_slots_needed_positive', sql`${t.needed} > 0`),
  ],
);
export type VolunteerSlot = typeof volunteerSlots.$inferSelect;

/**
 * Staff chose to let something take place although its place is closed then (the Offene Sprechstunde on
 * Heiligabend, with a colleague on duty): it leaves the back office's conflict list and the public side says
 * "findet trotz Schließzeit statt". Exactly one target: an event date (by its key in the series, which
 * survives re-expanding the occurrences), a room booking or a volunteer date. Who chose it is in the audit log.
 */
export const closureKeeps = sqliteTable(
  'closure_keeps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id').references(() => events.id, { onDelete: 'cascade' }),
    recurrenceLocal: text('recurrence_local'),
    bookingId: integer('booking_id').references(() => bookings.id, { onDelete: 'cascade' }),
    slotId: integer('slot_id').references(() => volunteerSlots.id, { onDelete: 'cascade' }),
    keptBy: integer('kept_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('closure_keeps_occurrence_uq').on(t.eventId, t.recurrenceLocal),
    uniqueIndex('closure_keeps_booking_uq').on(t.bookingId),
    uniqueIndex('closure_keeps_slot_uq').on(t.slotId),
    check(
      'closure_keeps_one_target',
      sql`(${t.eventId} IS NOT NULL AND ${t.recurrenceLocal} IS NOT NULL) + (${t.bookingId} IS NOT NULL) + (${t.slotId} IS NOT NULL) = 1`,
    ),
  ],
);
export type ClosureKeep = typeof closureKeeps.$inferSelect;

/** `pending`: a visitor's registration whose e-mail address is not confirmed yet; it takes no place. */
export const signupStatuses = ['pending', 'confirmed', 'waiting', 'cancelled'] as const;
export type SignupStatus = (typeof signupStatuses)[number];

/**
 * One mechanism for limited places: a volunteer's sign-up for a slot, or a resident's registration for an
 * event occurrence (Ausflug, Kochaktion). Exactly one of slotId / occurrenceId is set. Registrants without an
 * account give name and e-mail and manage their registration through a secret link.
 */
export const signups = sqliteTable(
  'signups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slotId: integer('slot_id').references(() => volunteerSlots.id, { onDelete: 'cascade' }),
    occurrenceId: integer('occurrence_id').references(() => eventOccurrences.id, { onDelete: 'cascade' }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    places: integer('places').notNull().default(1),
    status: text('status', { enum: signupStatuses }).notNull(),
    manageTokenHash: text('manage_token_hash').unique(),
    /** When the person joined the queue; the waiting list moves up in this order. */
    queuedAt: integer('queued_at', { mode: 'timestamp_ms' }).notNull(),
    cancelledAt: integer('cancelled_at', { mode: 'timestamp_ms' }),
    /** The language the person used on the form: later mails to a guest go out in it (see mail/recipient-locale.ts). */
    locale: text('locale').notNull().default('de'),
    reminderSentAt: integer('reminder_sent_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('signups_slot_idx').on(t.slotId, t.status, t.queuedAt),
    index('signups_occurrence_idx').on(t.occurrenceId, t.status, t.queuedAt),
    index('signups_user_idx').on(t.userId),
    check('signups_one_target', sql`(${t.slotId} IS NULL) <> (${t.occurrenceId} IS NULL)`),
    check('signups_places_positive', sql`${t.places} > 0`),
    check('signups_locale', sql`${t.locale} IN ('de', 'en', 'tr', 'ar', 'uk')`),
  ],
);
export type Signup = typeof signups.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Mail outbox and audit log
// ---------------------------------------------------------------------------------------------

export const outboxStatuses = ['pending', 'sent', 'failed'] as const;

/** Mails are written here in the same transaction as the change that causes them; a worker sends them. */
/** A file attached to an outbox mail: text content (calendar files), sent as it is. */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body'),
    /** Files sent with the mail (e.g. the .ics of booked dates), as they were when the mail was queued. */
    attachments: text('attachments', { mode: 'json' }).$type<MailAttachment[]>(),
    /** Template name, for the admin list and tests (e.g. `booking-confirmed`). */
    kind: text('kind').notNull(),
    /** Idempotency: a reminder or notice that must go out once carries a key; duplicates are refused. */
    dedupeKey: text('dedupe_key').unique(),
    status: text('status', { enum: outboxStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    /** Set while a worker holds the mail, so two workers never send it twice. */
    lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),
    lastError: text('last_error'),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('outbox_due_idx').on(t.status, t.nextAttemptAt), check('outbox_attempts_non_negative', sql`${t.attempts} >= 0`)],
);
export type OutboxMail = typeof outbox.$inferSelect;

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at', { mode: 'timestamp_ms' })
      .notNull()
      .$defaultFn(() => new Date()),
    actorUserId: integer('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** e.g. `event.publish`, `booking.decline`, `user.role` */
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    quartierId: integer('quartier_id').references(() => quartiere.id, { onDelete: 'set null' }),
    /** JSON with what changed. */
    details: text('details').notNull().default('{}'),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_entity_idx').on(t.entityType, t.entityId)],
);
export type AuditEntry = typeof auditLog.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Concerns (Anliegen): residents' reports, the offices they are forwarded to, the timeline, reply links,
// the Open311 clients, and the Quartiershelfer rounds whose findings can become concerns
// ---------------------------------------------------------------------------------------------

/** Kinds of concern the admin defines (Open311 `service_code` = slug). */
export const concernCategories = sqliteTable('concern_categories', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  /** Open311 `group` and `keywords` (comma separated). */
  groupName: text('group_name').notNull().default(''),
  keywords: text('keywords').notNull().default(''),
  /** Wiedervorlage: a forwarded concern without an answer reminds the office after this many days. */
  reminderDays: integer('reminder_days').notNull().default(14),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  sortOrder: integer('sort_order').notNull().default(0),
  createdAt: createdAt(),
});
export type ConcernCategory = typeof concernCategories.$inferSelect;

/** A city department, Träger or housing company that answers forwarded concerns (no account). */
export const concernOffices = sqliteTable('concern_offices', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  email: text('email').notNull(),
  phone: text('phone'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
export type ConcernOffice = typeof concernOffices.$inferSelect;

/** Who is responsible for a category in a Quartier. */
export const concernRouting = sqliteTable(
  'concern_routing',
  {
    categoryId: integer('category_id')
      .notNull()
      .references(() => concernCategories.id, { onDelete: 'cascade' }),
    quartierId: integer('quartier_id')
      .notNull()
      .references(() => quartiere.id, { onDelete: 'cascade' }),
    officeId: integer('office_id')
      .notNull()
      .references(() => concernOffices.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.categoryId, t.quartierId] })],
);

export const concernStatuses = [
  'neu',
  'in_pruefung',
  'weitergeleitet',
  'antwort_erhalten',
  'in_arbeit',
  'erledigt',
  'nicht_entsprochen',
  'selbst_beseitigt',
  'dublette',
] as const;
export type ConcernStatus = (typeof concernStatuses)[number];

export const concernSources = ['web', 'staff', 'open311', 'round'] as const;

export const concerns = sqliteTable(
  'concerns',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    quartierId: integer('quartier_id')
      .notNull()
      .references(() => quartiere.id, { onDelete: 'restrict' }),
    categoryId: integer('category_id')
      .notNull()
      .references(() => concernCategories.id, { onDelete: 'restrict' }),
    description: text('description').notNull(),
    /** An address or a described place ("Spielplatz hinter der Grundschule"). */
    locationText: text('location_text').notNull(),
    latitude: real('latitude'),
    longitude: real('longitude'),
    /** The reporter agreed to show it publicly (text, place, state; never the contact). */
    isPublic: integer('is_public', { mode: 'boolean' }).notNull().default(false),
    status: text('status', { enum: concernStatuses }).notNull().default('neu'),
    source: text('source', { enum: concernSources }).notNull().default('web'),
    reporterName: text('reporter_name'),
    reporterEmail: text('reporter_email'),
    reporterPhone: text('reporter_phone'),
    /** Mails to the reporter are written in this language. */
    reporterLocale: text('reporter_locale').notNull().default('de'),
    /** Nothing but the confirmation mail goes to an address before it is confirmed. */
    emailConfirmedAt: integer('email_confirmed_at', { mode: 'timestamp_ms' }),
    /** Entered by staff on behalf of a resident without e-mail: staff call back. */
    callBack: integer('call_back', { mode: 'boolean' }).notNull().default(false),
    createdByUserId: integer('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    apiClientId: integer('api_client_id').references((): AnySQLiteColumn => open311Clients.id, { onDelete: 'set null' }),
    /** Staff have looked at it: only then is it shown publicly, photos included. */
    reviewedAt: integer('reviewed_at', { mode: 'timestamp_ms' }),
    officeId: integer('office_id').references(() => concernOffices.id, { onDelete: 'set null' }),
    forwardedAt: integer('forwarded_at', { mode: 'timestamp_ms' }),
    reminderSentAt: integer('reminder_sent_at', { mode: 'timestamp_ms' }),
    overdueAt: integer('overdue_at', { mode: 'timestamp_ms' }),
    /** "wird erledigt bis …" (Berlin date). */
    expectedOn: text('expected_on'),
    /** The latest answer the resident and the public see (office or staff). */
    answerText: text('answer_text'),
    duplicateOfId: integer('duplicate_of_id').references((): AnySQLiteColumn => concerns.id, { onDelete: 'set null' }),
    reopenedAt: integer('reopened_at', { mode: 'timestamp_ms' }),
    resolvedAt: integer('resolved_at', { mode: 'timestamp_ms' }),
    feedbackAskedAt: integer('feedback_asked_at', { mode: 'timestamp_ms' }),
    /** Set when the concern reached a final state; the retention job removes the contact N months later. */
    closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
    contactRemovedAt: integer('contact_removed_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    index('concerns_public_idx').on(t.isPublic, t.createdAt),
    // Covers counting the public list with its filters (Quartier, category, state) without reading rows.
    index('concerns_public_count_idx').on(t.isPublic, t.quartierId, t.categoryId, t.status, t.reviewedAt),
    index('concerns_quartier_status_idx').on(t.quartierId, t.status),
    index('concerns_status_idx').on(t.status, t.forwardedAt),
    index('concerns_duplicate_idx').on(t.duplicateOfId),
    check('concerns_latitude_range', sql`${t.latitude} IS NULL OR (${t.latitude} BETWEEN -90 AND 90)`),
    check('concerns_longitude_range', sql`${t.longitude} IS NULL OR (${t.longitude} BETWEEN -180 AND 180)`),
    check('concerns_locale', sql`${t.reporterLocale} IN ('de', 'en', 'tr', 'ar', 'uk')`),
  ],
);
export type Concern = typeof concerns.$inferSelect;
export type NewConcern = typeof concerns.$inferInsert;

/** Photos, re-encoded without metadata; the file name is random and unguessable. */
export const concernPhotos = sqliteTable(
  'concern_photos',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    concernId: integer('concern_id')
      .notNull()
      .references(() => concerns.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull().unique(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: integer('bytes').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('concern_photos_concern_idx').on(t.concernId)],
);
export type ConcernPhoto = typeof concernPhotos.$inferSelect;

export const concernEventKinds = [
  'reported',
  'status',
  'forwarded',
  'answer',
  'reminder',
  'overdue',
  'merged',
  'feedback',
  'reopened',
  'note',
  'contact_removed',
] as const;

/** The timeline: every change of a concern, staff-visible; `isPublic` entries also appear publicly and in the feed. */
export const concernEvents = sqliteTable(
  'concern_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    concernId: integer('concern_id')
      .notNull()
      .references(() => concerns.id, { onDelete: 'cascade' }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    kind: text('kind', { enum: concernEventKinds }).notNull(),
    fromStatus: text('from_status', { enum: concernStatuses }),
    toStatus: text('to_status', { enum: concernStatuses }),
    actorUserId: integer('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    officeId: integer('office_id').references(() => concernOffices.id, { onDelete: 'set null' }),
    note: text('note').notNull().default(''),
    isPublic: integer('is_public', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [index('concern_events_concern_idx').on(t.concernId, t.at), index('concern_events_public_idx').on(t.isPublic, t.at)],
);
export type ConcernEvent = typeof concernEvents.$inferSelect;

export const concernTokenPurposes = ['confirm', 'reply', 'feedback'] as const;

/** Links sent by mail (confirm an address, an office's answer, "behoben?"): only a hash is stored; one use each. */
export const concernTokens = sqliteTable(
  'concern_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    concernId: integer('concern_id')
      .notNull()
      .references(() => concerns.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: concernTokenPurposes }).notNull(),
    officeId: integer('office_id').references(() => concernOffices.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('concern_tokens_concern_idx').on(t.concernId, t.purpose)],
);
export type ConcernToken = typeof concernTokens.$inferSelect;

/** Apps and systems allowed to POST Open311 requests; only a hash of the key is stored. */
export const open311Clients = sqliteTable('open311_clients', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  keyHash: text('key_hash').notNull().unique(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
  revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
});
export type Open311Client = typeof open311Clients.$inferSelect;

/** Quartiershelfer*innen: members scoped to Quartiere (the users.role stays `member`). */
export const helperScopes = sqliteTable(
  'helper_scopes',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    quartierId: integer('quartier_id')
      .notNull()
      .references(() => quartiere.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.quartierId] })],
);

export const helperRoutes = sqliteTable(
  'helper_routes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    quartierId: integer('quartier_id')
      .notNull()
      .references(() => quartiere.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Ordered stops, one per line. */
    stops: text('stops').notNull(),
    /** ISO weekdays the route is walked, e.g. `1,3,5`. */
    weekdays: text('weekdays').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('helper_routes_quartier_idx').on(t.quartierId)],
);
export type HelperRoute = typeof helperRoutes.$inferSelect;

export const helperRounds = sqliteTable(
  'helper_rounds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    routeId: integer('route_id')
      .notNull()
      .references(() => helperRoutes.id, { onDelete: 'cascade' }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** Berlin date the round was walked. */
    walkedOn: text('walked_on').notNull(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
    note: text('note').notNull().default(''),
  },
  (t) => [index('helper_rounds_route_idx').on(t.routeId, t.walkedOn), index('helper_rounds_user_idx').on(t.userId, t.walkedOn)],
);
export type HelperRound = typeof helperRounds.$inferSelect;

export const findingCategories = ['abfall', 'gruen', 'strasse', 'sonstiges'] as const;
export type FindingCategory = (typeof findingCategories)[number];
export const findingOutcomes = ['selbst_beseitigt', 'weitergegeben'] as const;

export const helperFindings = sqliteTable(
  'helper_findings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    roundId: integer('round_id')
      .notNull()
      .references(() => helperRounds.id, { onDelete: 'cascade' }),
    category: text('category', { enum: findingCategories }).notNull(),
    locationText: text('location_text').notNull(),
    note: text('note').notNull().default(''),
    outcome: text('outcome', { enum: findingOutcomes }).notNull(),
    /** The concern a handed-on finding became (its photo moves there). */
    concernId: integer('concern_id').references(() => concerns.id, { onDelete: 'set null' }),
    photoFileName: text('photo_file_name'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('helper_findings_round_idx').on(t.roundId)],
);
export type HelperFinding = typeof helperFindings.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Angebotslandschaft: actors of a Quartier and their regular offers
// ---------------------------------------------------------------------------------------------

export const actorKinds = [
  'buergerverein',
  'kirchengemeinde',
  'traeger',
  'kita',
  'schule',
  'sportverein',
  'selbsthilfegruppe',
  'wohnungsgesellschaft',
  'initiative',
  'laden',
  'verwaltung',
] as const;
export type ActorKind = (typeof actorKinds)[number];

/**
 * Every organisation that carries an offer in a Quartier. One with an account links to `organisations` and is
 * kept by its members; one without is kept by the staff of its Quartiere.
 */
export const actors = sqliteTable(
  'actors',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    kind: text('kind', { enum: actorKinds }).notNull(),
    description: text('description').notNull().default(''),
    email: text('email'),
    phone: text('phone'),
    website: text('website'),
    /** Where the actor can be found: a place of the portal, or an address of its own. */
    placeId: integer('place_id').references(() => places.id, { onDelete: 'set null' }),
    street: text('street'),
    postalCode: text('postal_code'),
    city: text('city'),
    /** BCP 47 tags of the languages spoken, comma-separated. */
    languages: text('languages').notNull().default('de'),
    stepFree: integer('step_free', { mode: 'boolean' }).notNull().default(false),
    accessibilityNotes: text('accessibility_notes').notNull().default(''),
    organisationId: integer('organisation_id')
      .unique()
      .references(() => organisations.id, { onDelete: 'set null' }),
    /** Whether changes by the organisation's members wait for staff review before they are public. */
    reviewMemberChanges: integer('review_member_changes', { mode: 'boolean' }).notNull().default(false),
    /** Last time someone responsible looked at the profile (saved it or confirmed it unchanged). */
    checkedAt: integer('checked_at', { mode: 'timestamp_ms' }).notNull(),
    /** "Stimmt das noch?" reminders sent since the last check (0, 1 or 2) and when the last one went out. */
    reminderStage: integer('reminder_stage').notNull().default(0),
    reminderSentAt: integer('reminder_sent_at', { mode: 'timestamp_ms' }),
    /** A member's change waiting for review (JSON of the actor input), who sent it and when. */
    pendingChanges: text('pending_changes'),
    pendingBy: integer('pending_by').references(() => users.id, { onDelete: 'set null' }),
    pendingAt: integer('pending_at', { mode: 'timestamp_ms' }),
    /** Name and description folded for search (see foldForSearch). */
    searchText: text('search_text').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [check('actors_reminder_stage_range', sql`${t.reminderStage} BETWEEN 0 AND 2`), index('actors_checked_idx').on(t.checkedAt)],
);
export type ActorRecord = typeof actors.$inferSelect;

export const actorQuartiere = sqliteTable(
  'actor_quartiere',
  {
    actorId: integer('actor_id')
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    quartierId: integer('quartier_id')
      .notNull()
      .references(() => quartiere.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.actorId, t.quartierId] }), index('actor_quartiere_quartier_idx').on(t.quartierId)],
);

export const offerTypes = ['beratung', 'treffpunkt', 'kurs', 'alltagshilfe', 'sport', 'kultur', 'kinder_jugend', 'bildung'] as const;
export type OfferType = (typeof offerTypes)[number];

/** `pending`: a new offer waiting for staff review; `withdrawn`: taken off the portal by its maintainers. */
export const offerStatuses = ['published', 'pending', 'withdrawn'] as const;
export type OfferStatus = (typeof offerStatuses)[number];

export const offers = sqliteTable(
  'offers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    actorId: integer('actor_id')
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    type: text('type', { enum: offerTypes }).notNull(),
    quartierId: integer('quartier_id')
      .notNull()
      .references(() => quartiere.id, { onDelete: 'restrict' }),
    languages: text('languages').notNull().default('de'),
    isFree: integer('is_free', { mode: 'boolean' }).notNull().default(true),
    cost: text('cost').notNull().default(''),
    registrationRequired: integer('registration_required', { mode: 'boolean' }).notNull().default(false),
    /** Only used without a place; at a place its own accessibility facts count. */
    stepFree: integer('step_free', { mode: 'boolean' }).notNull().default(false),
    accessibilityNotes: text('accessibility_notes').notNull().default(''),
    placeId: integer('place_id').references(() => places.id, { onDelete: 'set null' }),
    locationName: text('location_name'),
    street: text('street'),
    postalCode: text('postal_code'),
    city: text('city'),
    /** "nach Vereinbarung": no regular dates; `scheduleNote` says how to get one. */
    byAppointment: integer('by_appointment', { mode: 'boolean' }).notNull().default(false),
    scheduleNote: text('schedule_note').notNull().default(''),
    /** First and last day the offer runs (`YYYY-MM-DD`, inclusive); null = open-ended. */
    validFrom: text('valid_from'),
    validUntil: text('valid_until'),
    contactName: text('contact_name'),
    contactEmail: text('contact_email'),
    contactPhone: text('contact_phone'),
    /** The one switch: the offer's dates also appear in the calendar (as event series it owns). */
    inCalendar: integer('in_calendar', { mode: 'boolean' }).notNull().default(false),
    status: text('status', { enum: offerStatuses }).notNull().default('published'),
    checkedAt: integer('checked_at', { mode: 'timestamp_ms' }).notNull(),
    pendingChanges: text('pending_changes'),
    pendingBy: integer('pending_by').references(() => users.id, { onDelete: 'set null' }),
    pendingAt: integer('pending_at', { mode: 'timestamp_ms' }),
    /** Title, description, actor and place names folded for search. */
    searchText: text('search_text').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('offers_actor_slug_uq').on(t.actorId, t.slug),
    index('offers_quartier_idx').on(t.quartierId, t.status),
    index('offers_type_idx').on(t.type, t.status),
    check('offers_validity_order', sql`${t.validFrom} IS NULL OR ${t.validUntil} IS NULL OR ${t.validUntil} >= ${t.validFrom}`),
  ],
);
export type Offer = typeof offers.$inferSelect;

export const offerTargetGroups = sqliteTable(
  'offer_target_groups',
  {
    offerId: integer('offer_id')
      .notNull()
      .references(() => offers.id, { onDelete: 'cascade' }),
    targetGroupId: integer('target_group_id')
      .notNull()
      .references(() => targetGroups.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.offerId, t.targetGroupId] }), index('offer_target_groups_group_idx').on(t.targetGroupId)],
);

export const offerScheduleFreqs = ['weekly', 'monthly'] as const;

/**
 * When an offer takes place, as the RRULE parts HSDS 3 names: FREQ, INTERVAL, BYDAY (`TU,TH`, or `1WE` / `-1FR`
 * for monthly), with local opening and closing time. `dtstart` anchors intervals ("every second Tuesday").
 */
export const offerSchedules = sqliteTable(
  'offer_schedules',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    offerId: integer('offer_id')
      .notNull()
      .references(() => offers.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
    freq: text('freq', { enum: offerScheduleFreqs }).notNull(),
    interval: integer('interval').notNull().default(1),
    byday: text('byday').notNull(),
    opensAt: text('opens_at').notNull(),
    closesAt: text('closes_at').notNull(),
    dtstart: text('dtstart').notNull(),
    /** The event series that shows these dates in the calendar, while the offer's calendar switch is on. */
    eventId: integer('event_id').references(() => events.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('offer_schedules_offer_position_uq').on(t.offerId, t.position),
    check('offer_schedules_interval_range', sql`${t.interval} BETWEEN 1 AND 12`),
    check('offer_schedules_time_order', sql`${t.closesAt} > ${t.opensAt}`),
  ],
);
export type OfferSchedule = typeof offerSchedules.$inferSelect;

/** The links of the yearly "Stimmt das noch?" mails; only a hash of the token is stored. */
export const actorConfirmations = sqliteTable(
  'actor_confirmations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    actorId: integer('actor_id')
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    stage: integer('stage').notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('actor_confirmations_actor_idx').on(t.actorId)],
);

// ---------------------------------------------------------------------------------------------
// Goals and measures (KDA steps 5 and 7) and what residents see of them ("Was wir erreicht haben")
// ---------------------------------------------------------------------------------------------

export const goals = sqliteTable(
  'goals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    quartierId: integer('quartier_id')
      .notNull()
      .references(() => quartiere.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('goals_quartier_idx').on(t.quartierId)],
);
export type Goal = typeof goals.$inferSelect;

export const measureStatuses = ['geplant', 'laeuft', 'abgeschlossen', 'verworfen'] as const;
export type MeasureStatus = (typeof measureStatuses)[number];

export const measures = sqliteTable(
  'measures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    goalId: integer('goal_id')
      .notNull()
      .references(() => goals.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** The organisation of the directory that carries it; `responsibleText` when none fits (e.g. "Quartiersmanagement"). */
    actorId: integer('actor_id').references(() => actors.id, { onDelete: 'set null' }),
    responsibleText: text('responsible_text').notNull().default(''),
    /** Berlin dates `YYYY-MM-DD`. */
    startsOn: text('starts_on'),
    endsOn: text('ends_on'),
    status: text('status', { enum: measureStatuses }).notNull().default('geplant'),
    /** What a finished measure brought, in plain words for residents. */
    outcome: text('outcome').notNull().default(''),
    /** Staff chose to show the finished measure on "Was wir erreicht haben" since then (the feed's date). */
    publicSince: integer('public_since', { mode: 'timestamp_ms' }),
    /** A photo for the public page, re-encoded without metadata like concern photos (same folder, random name). */
    photoFile: text('photo_file').unique(),
    photoWidth: integer('photo_width'),
    photoHeight: integer('photo_height'),
    photoAlt: text('photo_alt').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('measures_goal_idx').on(t.goalId),
    check('measures_end_after_start', sql`${t.startsOn} IS NULL OR ${t.endsOn} IS NULL OR ${t.endsOn} >= ${t.startsOn}`),
  ],
);
export type Measure = typeof measures.$inferSelect;

/** Who wrote a progress note, by role only: notes are shown to committees and maybe residents, never with a name. */
export const noteAuthorRoles = ['quartiersmanagement', 'koordinationsstelle'] as const;
export type NoteAuthorRole = (typeof noteAuthorRoles)[number];

export const measureNotes = sqliteTable(
  'measure_notes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    measureId: integer('measure_id')
      .notNull()
      .references(() => measures.id, { onDelete: 'cascade' }),
    /** The day the note is about (Berlin date). */
    notedOn: text('noted_on').notNull(),
    text: text('text').notNull(),
    authorRole: text('author_role', { enum: noteAuthorRoles }).notNull(),
    publicSince: integer('public_since', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('measure_notes_measure_idx').on(t.measureId, t.notedOn)],
);
export type MeasureNote = typeof measureNotes.$inferSelect;

export const measureLinkKinds = ['event', 'offer', 'programme', 'concern'] as const;
export type MeasureLinkKind = (typeof measureLinkKinds)[number];

/** The events, offers, volunteer programmes and concerns that belong to a measure (each of its Quartier). */
export const measureLinks = sqliteTable(
  'measure_links',
  {
    measureId: integer('measure_id')
      .notNull()
      .references(() => measures.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: measureLinkKinds }).notNull(),
    itemId: integer('item_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.measureId, t.kind, t.itemId] })],
);

/**
 * A figure or chart of a Quartier's report that staff chose for "Was wir erreicht haben". The key names the figure
 * (`<section>.<figure>`, e.g. `veranstaltungen.attendance`) or the charted table (`anliegen-monat`); the period is the
 * report's it was chosen from, and the public page recomputes the figure for exactly that period, so the comment
 * written about it stays true while corrected attendance still counts.
 */
export const reportHighlights = sqliteTable(
  'report_highlights',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    quartierId: integer('quartier_id')
      .notNull()
      .references(() => quartiere.id, { onDelete: 'cascade' }),
    figureKey: text('figure_key').notNull(),
    /** Berlin dates `YYYY-MM-DD`, both inclusive. */
    periodFrom: text('period_from').notNull(),
    periodTo: text('period_to').notNull(),
    /** One plain-language sentence for residents; may be empty. */
    comment: text('comment').notNull().default(''),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    /** Shown since then: the Atom entry's date. */
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('report_highlights_figure_uq').on(t.quartierId, t.figureKey, t.periodFrom, t.periodTo)],
);
export type ReportHighlight = typeof reportHighlights.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Calendar subscriptions: organisations' own .ics calendars imported by UID
// ---------------------------------------------------------------------------------------------

/** Imported events go live at once, or wait as proposals for staff review. */
export const subscriptionPublishModes = ['publish', 'review'] as const;
export type SubscriptionPublishMode = (typeof subscriptionPublishModes)[number];

export const calendarSubscriptions = sqliteTable(
  'calendar_subscriptions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    /** As entered (https:// or webcal://); fetched over https (http only where tests allow it). */
    url: text('url').notNull(),
    quartierId: integer('quartier_id')
      .notNull()
      .references(() => quartiere.id, { onDelete: 'restrict' }),
    /** Where events without a LOCATION take place: a known place, or a free address. */
    placeId: integer('place_id').references(() => places.id, { onDelete: 'set null' }),
    locationAddress: text('location_address'),
    publishMode: text('publish_mode', { enum: subscriptionPublishModes }).notNull().default('review'),
    /** Conditional GET: what the server sent last time. */
    etag: text('etag'),
    lastModifiedHeader: text('last_modified_header'),
    lastRunAt: integer('last_run_at', { mode: 'timestamp_ms' }),
    /** Set while a sync runs (the lock against a second one); a crashed run's lock runs out (calendar-import/background.ts). */
    syncStartedAt: integer('sync_started_at', { mode: 'timestamp_ms' }),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('calendar_subscriptions_org_idx').on(t.organisationId), uniqueIndex('calendar_subscriptions_org_url_uq').on(t.organisationId, t.url)],
);
export type CalendarSubscription = typeof calendarSubscriptions.$inferSelect;

export const calendarSubscriptionCategories = sqliteTable(
  'calendar_subscription_categories',
  {
    subscriptionId: integer('subscription_id')
      .notNull()
      .references(() => calendarSubscriptions.id, { onDelete: 'cascade' }),
    categoryId: integer('category_id')
      .notNull()
      .references(() => categories.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.subscriptionId, t.categoryId] })],
);

export const calendarSubscriptionTargetGroups = sqliteTable(
  'calendar_subscription_target_groups',
  {
    subscriptionId: integer('subscription_id')
      .notNull()
      .references(() => calendarSubscriptions.id, { onDelete: 'cascade' }),
    targetGroupId: integer('target_group_id')
      .notNull()
      .references(() => targetGroups.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.subscriptionId, t.targetGroupId] })],
);

/**
 * One portal event that came from a subscribed calendar. `sourceKey` is the source's UID, or `UID#<local start>` for
 * an extra date (RDATE) the portal's series cannot express and keeps as a single event of its own.
 * `lockedFields` (comma-separated event columns) are kept when the source changes; a detached event no longer
 * follows the source at all.
 */
export const importedEvents = sqliteTable(
  'imported_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subscriptionId: integer('subscription_id')
      .notNull()
      .references(() => calendarSubscriptions.id, { onDelete: 'cascade' }),
    sourceKey: text('source_key').notNull(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    sourceSequence: integer('source_sequence').notNull().default(0),
    sourceLastModified: integer('source_last_modified', { mode: 'timestamp_ms' }),
    /**
     * Hash of the source's VEVENTs of this UID with what the mapping depended on (the day's horizon, the
     * subscription's settings, the places): when it is the same at the next run, the event is skipped unread.
     */
    sourceHash: text('source_hash').notNull().default(''),
    lockedFields: text('locked_fields').notNull().default(''),
    detached: integer('detached', { mode: 'boolean' }).notNull().default(false),
    /** Set when the source no longer has the event; the portal event was cancelled then, not deleted. */
    removedAt: integer('removed_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('imported_events_source_uq').on(t.subscriptionId, t.sourceKey), uniqueIndex('imported_events_event_uq').on(t.eventId)],
);
export type ImportedEvent = typeof importedEvents.$inferSelect;

export const syncOutcomes = ['imported', 'not_modified', 'failed'] as const;
export type SyncOutcome = (typeof syncOutcomes)[number];

/** The sync log of a subscription: one row per run, with what was refused and why. */
export const calendarSyncRuns = sqliteTable(
  'calendar_sync_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subscriptionId: integer('subscription_id')
      .notNull()
      .references(() => calendarSubscriptions.id, { onDelete: 'cascade' }),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }).notNull(),
    outcome: text('outcome', { enum: syncOutcomes }).notNull(),
    /** Message key of a failed run (not a calendar, too large, timeout, address refused, …). */
    errorKey: text('error_key'),
    /** JSON object of the message's parameters (the size limit, the HTTP status, …). */
    errorParams: text('error_params').notNull().default('{}'),
    errorDetail: text('error_detail').notNull().default(''),
    added: integer('added').notNull().default(0),
    changed: integer('changed').notNull().default(0),
    cancelled: integer('cancelled').notNull().default(0),
    /** JSON list of `{ uid, summary, reason }` for events that could not be imported. */
    refused: text('refused').notNull().default('[]'),
  },
  (t) => [index('calendar_sync_runs_subscription_idx').on(t.subscriptionId, t.startedAt)],
);
export type CalendarSyncRun = typeof calendarSyncRuns.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Quartiersbericht: attendance recorded after an event took place
// ---------------------------------------------------------------------------------------------

/** Upper bound of a plausible head count; a larger number is a typing slip (an extra zero), not a Stadtteilfest. */
export const MAX_ATTENDEES = 10_000;

/**
 * How many people came to one occurrence (single events have one). Keyed by the occurrence's RECURRENCE-ID rather than
 * the row id of `event_occurrences`, which the events domain may rewrite when a series changes.
 */
export const eventAttendance = sqliteTable(
  'event_attendance',
  {
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    recurrenceLocal: text('recurrence_local').notNull(),
    attendees: integer('attendees').notNull(),
    note: text('note').notNull().default(''),
    recordedBy: integer('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    recordedAt: integer('recorded_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.recurrenceLocal] }), check('event_attendance_range', sql`${t.attendees} BETWEEN 0 AND 10000`)],
);
export type EventAttendance = typeof eventAttendance.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Content in other languages: a translated title and short description of an event (a series is an event with an
// RRULE), a place, a volunteer programme or an offer
// ---------------------------------------------------------------------------------------------

export const translationSubjectKinds = ['event', 'place', 'programme', 'offer'] as const;
export type TranslationSubjectKind = (typeof translationSubjectKinds)[number];

/** The enabled languages other than German, the source (`locales` in src/i18n/index.ts; a test keeps them equal). */
export const translationLocales = ['en', 'tr', 'ar', 'uk'] as const;
export type TranslationLocale = (typeof translationLocales)[number];

/** The limits of the German originals: an event's or offer's title, a programme's summary. */
export const TRANSLATION_TITLE_MAX = 150;
export const TRANSLATION_SUMMARY_MAX = 300;

/**
 * One translation per subject and language. SQLite cannot point one foreign key at four tables, so each kind has
 * its own nullable column and exactly the one of `subject_kind` is set: deleting the subject deletes its
 * translations through the cascade, whichever code path deletes it.
 */
export const contentTranslations = sqliteTable(
  'content_translations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subjectKind: text('subject_kind', { enum: translationSubjectKinds }).notNull(),
    eventId: integer('event_id').references(() => events.id, { onDelete: 'cascade' }),
    placeId: integer('place_id').references(() => places.id, { onDelete: 'cascade' }),
    programmeId: integer('programme_id').references(() => volunteerProgrammes.id, { onDelete: 'cascade' }),
    offerId: integer('offer_id').references(() => offers.id, { onDelete: 'cascade' }),
    locale: text('locale', { enum: translationLocales }).notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    updatedAt: updatedAt(),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('content_translations_event_uq').on(t.eventId, t.locale),
    uniqueIndex('content_translations_place_uq').on(t.placeId, t.locale),
    uniqueIndex('content_translations_programme_uq').on(t.programmeId, t.locale),
    uniqueIndex('content_translations_offer_uq').on(t.offerId, t.locale),
    check('content_translations_kind', sql`${t.subjectKind} IN ('event', 'place', 'programme', 'offer')`),
    check('content_translations_locale', sql`${t.locale} IN ('en', 'tr', 'ar', 'uk')`),
    check(
      'content_translations_one_subject',
      sql`(${t.subjectKind} = 'event') = (${t.eventId} IS NOT NULL) AND (${t.subjectKind} = 'place') = (${t.placeId} IS NOT NULL) AND (${t.subjectKind} = 'programme') = (${t.programmeId} IS NOT NULL) AND (${t.subjectKind} = 'offer') = (${t.offerId} IS NOT NULL)`,
    ),
    check('content_translations_title_length', sql`length(${t.title}) BETWEEN 1 AND 150`),
    check('content_translations_summary_length', sql`length(${t.summary}) <= 300`),
  ],
);
export type ContentTranslation = typeof contentTranslations.$inferSelect;
