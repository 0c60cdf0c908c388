/**
 * Staff editing of events: create, change, publish, cancel, delete, and per-occurrence exceptions of a series.
 * Every change runs in one transaction with the audit entry and the re-expansion of `event_occurrences`, so the
 * public pages and feeds show it on the next request. Every change a calendar client must see raises SEQUENCE.
 *
 * Form input arrives as strings (as a browser sends it) and is parsed here, so the rules live in one place and
 * the domain tests exercise them; broken rules come back as field → message key.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../db';
import type { MessageKey } from '../../../i18n';
import {
  categories,
  eventCategories,
  eventExceptions,
  eventOccurrences,
  eventQuartiere,
  events,
  eventTargetGroups,
  organisations,
  places,
  quartiere,
  targetGroups,
  type Event,
  type EventException,
  type EventStatus,
} from '../../../../db/schema';
import { recordAudit } from '../audit';
import { staffQuartierIds, type Actor } from '../auth/permissions';
import { slugify } from '../../slug';
import { ZONE } from '../../time';
import { InvalidRecurrenceError, syncOccurrences } from './occurrences';
import { buildRrule, checkSeries, isWeekdayCode, monthWeeks, parseRrule, type MonthWeek, type SeriesSpec } from './series';

/** Field name → message key of what is wrong with it. */
export type FieldErrors = Partial<Record<string, MessageKey>>;

export class EventValidationError extends Error {
  override name = 'EventValidationError';
  constructor(readonly fields: FieldErrors) {
    super(`Invalid event: ${Object.keys(fields).join(', ')}`);
  }
}

/** A change that is not allowed in the event's current state (e.g. publishing a deleted proposal). */
export class EventStateError extends Error {
  override name = 'EventStateError';
}

/** Languages offered in the form; stored as BCP 47 tags. */
export const eventLanguages = ['de', 'en', 'tr', 'ar', 'uk', 'ru', 'pl', 'fr', 'fa', 'ku', 'dgs'] as const;

/** What the event form sends, every value as the browser sends it (empty fields may be missing). */
export interface EventFormInput {
  title?: string | null;
  description?: string | null;
  allDay?: boolean;
  startDate?: string | null;
  startTime?: string | null;
  endDate?: string | null;
  endTime?: string | null;
  placeId?: string | null;
  locationName?: string | null;
  locationAddress?: string | null;
  quartierIds?: string[];
  categoryIds?: string[];
  targetGroupIds?: string[];
  isFree?: boolean;
  cost?: string | null;
  stepFree?: boolean;
  accessibilityNotes?: string | null;
  languages?: string[];
  organisationId?: string | null;
  organiserName?: string | null;
  contactEmail?: string | null;
  contactPhone?: string | null;
  registrationRequired?: boolean;
  capacity?: string | null;
  repeat?: string | null;
  interval?: string | null;
  weekdays?: string[];
  monthWeek?: string | null;
  monthWeekday?: string | null;
  ends?: string | null;
  count?: string | null;
  until?: string | null;
}

/** The event as stored, parsed and checked. */
export interface EventData {
  title: string;
  description: string;
  allDay: boolean;
  startLocal: string;
  endLocal: string;
  rrule: string | null;
  placeId: number | null;
  locationName: string | null;
  locationAddress: string | null;
  quartierIds: number[];
  categoryIds: number[];
  targetGroupIds: number[];
  isFree: boolean;
  cost: string;
  stepFree: boolean;
  accessibilityNotes: string;
  languages: string;
  organisationId: number | null;
  organiserName: string;
  contactEmail: string | null;
  contactPhone: string | null;
  registrationRequired: boolean;
  capacity: number | null;
}

const TITLE_MAX = 150;
const TEXT_MAX = 5000;
const SHORT_MAX = 300;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

const trimmed = (value: string | null | undefined): string => (value ?? '').trim();
const orNull = (value: string | null | undefined): string | null => trimmed(value) || null;

function validDate(value: string): boolean {
  return DATE_PATTERN.test(value) && DateTime.fromISO(value, { zone: ZONE }).isValid;
}

function positiveInt(value: string): number | null {
  if (!/^\d{1,6}$/.test(value)) return null;
  const n = Number(value);
  return n > 0 ? n : null;
}

type TableWithId = typeof places | typeof organisations | typeof quartiere | typeof categories | typeof targetGroups;

/** Whether every id names a row of the table (an empty list trivially does). */
function allExist(db: Db, table: TableWithId, wanted: number[]): boolean {
  if (wanted.length === 0) return true;
  return db.select({ id: table.id }).from(table).where(inArray(table.id, wanted)).all().length === wanted.length;
}

function existingPlaceId(db: Db, raw: string): number | null {
  const id = positiveInt(raw);
  return id !== null && allExist(db, places, [id]) ? id : null;
}

function existingOrganisationId(db: Db, raw: string): number | null {
  const id = positiveInt(raw);
  return id !== null && allExist(db, organisations, [id]) ? id : null;
}

function ids(values: string[] | undefined): number[] {
  return [...new Set((values ?? []).map(Number).filter((n) => Number.isInteger(n) && n > 0))];
}

function parseSeries(input: EventFormInput, errors: FieldErrors): SeriesSpec | null {
  const repeat = trimmed(input.repeat) || 'none';
  if (repeat === 'none') return null;
  if (repeat !== 'weekly' && repeat !== 'monthly') {
    errors.repeat = 'bo.err.repeat';
    return null;
  }
  const interval = positiveInt(trimmed(input.interval) || '1') ?? 0;
  const endKind = trimmed(input.ends) || 'count';
  let end: SeriesSpec['end'];
  if (endKind === 'until') {
    const until = trimmed(input.until);
    if (!validDate(until)) {
      errors.until = 'bo.err.untilInvalid';
      return null;
    }
    end = { until };
  } else {
    const count = positiveInt(trimmed(input.count));
    if (count === null) {
      errors.count = 'bo.err.count';
      return null;
    }
    end = { count };
  }
  if (repeat === 'weekly') {
    const weekdays = (input.weekdays ?? []).filter(isWeekdayCode);
    return { freq: 'weekly', interval, weekdays, end };
  }
  const monthWeek = Number(trimmed(input.monthWeek));
  const weekday = trimmed(input.monthWeekday);
  if (!(monthWeeks as readonly number[]).includes(monthWeek) || !isWeekdayCode(weekday)) {
    errors.monthWeek = 'bo.err.monthWeek';
    return null;
  }
  return { freq: 'monthly', interval, monthWeek: monthWeek as MonthWeek, weekday, end };
}

const seriesMessages = {
  weekdays: ['weekdays', 'bo.err.weekdays'],
  startDay: ['startDate', 'bo.err.startNotInSeries'],
  interval: ['interval', 'bo.err.interval'],
  count: ['count', 'bo.err.count'],
  until: ['until', 'bo.err.untilBeforeStart'],
} as const satisfies Record<string, readonly [string, MessageKey]>;

/**
 * Parses and checks the form against the database (places, Quartiere, categories exist). `allowedQuartierIds`
 * limits which Quartiere may be chosen ('all' for admins and for proposals, which staff review anyway).
 */
export function parseEventForm(
  db: Db,
  input: EventFormInput,
  options: { allowedQuartierIds: number[] | 'all'; existingRrule?: string | null },
): { data: EventData | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const title = trimmed(input.title);
  if (!title) errors.title = 'bo.err.titleRequired';
  else if (title.length > TITLE_MAX) errors.title = 'bo.err.titleTooLong';
  const description = trimmed(input.description);
  if (description.length > TEXT_MAX) errors.description = 'bo.err.tooLong';

  const allDay = input.allDay === true;
  const startDate = trimmed(input.startDate);
  const endDate = trimmed(input.endDate) || startDate;
  let startLocal = '';
  let endLocal = '';
  if (!validDate(startDate)) errors.startDate = 'bo.err.dateInvalid';
  if (trimmed(input.endDate) && !validDate(endDate)) errors.endDate = 'bo.err.dateInvalid';
  if (allDay) {
    startLocal = startDate;
    endLocal = endDate;
    if (!errors.startDate && !errors.endDate && endDate < startDate) errors.endDate = 'bo.err.endBeforeStart';
  } else {
    const startTime = trimmed(input.startTime);
    const endTime = trimmed(input.endTime);
    if (!TIME_PATTERN.test(startTime)) errors.startTime = 'bo.err.timeInvalid';
    if (!TIME_PATTERN.test(endTime)) errors.endTime = 'bo.err.timeInvalid';
    startLocal = `${startDate}T${startTime}`;
    endLocal = `${endDate}T${endTime}`;
    if (!errors.startDate && !errors.endDate && !errors.startTime && !errors.endTime && endLocal <= startLocal) {
      errors.endTime = 'bo.err.endBeforeStart';
    }
  }

  let rrule: string | null = null;
  // A rule the form cannot express (imported, or written before the form existed) is kept as it is.
  const keepRule = trimmed(input.repeat) === 'custom' && !!options.existingRrule;
  if (keepRule) rrule = options.existingRrule ?? null;
  const series = keepRule ? null : parseSeries(input, errors);
  if (series && !errors.startDate) {
    const problem = checkSeries(series, startDate);
    if (problem) {
      const [field, message] = seriesMessages[problem];
      errors[field] ??= message;
    } else {
      rrule = buildRrule(series, allDay);
    }
  }
  if ((series || keepRule) && !errors.endDate && endDate > startDate) {
    // A series' single meeting may run past midnight, but not for days: that would overlap the next one.
    const days = DateTime.fromISO(endDate).diff(DateTime.fromISO(startDate), 'days').days;
    if (days > 1) errors.endDate = 'bo.err.seriesTooLong';
  }

  const placeRaw = trimmed(input.placeId);
  const placeId = placeRaw ? existingPlaceId(db, placeRaw) : null;
  if (placeRaw && placeId === null) errors.placeId = 'bo.err.placeUnknown';
  const locationName = orNull(input.locationName);
  const locationAddress = orNull(input.locationAddress);
  if (!placeRaw && !locationName) errors.placeId = 'bo.err.placeRequired';
  if ((locationName?.length ?? 0) > SHORT_MAX) errors.locationName = 'bo.err.tooLong';
  if ((locationAddress?.length ?? 0) > SHORT_MAX) errors.locationAddress = 'bo.err.tooLong';

  const quartierIds = ids(input.quartierIds);
  if (quartierIds.length === 0) {
    errors.quartierIds = 'bo.err.quartierRequired';
  } else {
    if (!allExist(db, quartiere, quartierIds)) errors.quartierIds = 'bo.err.quartierUnknown';
    else if (options.allowedQuartierIds !== 'all') {
      const allowed = options.allowedQuartierIds;
      if (quartierIds.some((id) => !allowed.includes(id))) errors.quartierIds = 'bo.err.quartierNotYours';
    }
  }
  const categoryIds = ids(input.categoryIds);
  if (categoryIds.length === 0) errors.categoryIds = 'bo.err.categoryRequired';
  else if (!allExist(db, categories, categoryIds)) errors.categoryIds = 'bo.err.categoryUnknown';
  const targetGroupIds = ids(input.targetGroupIds);
  if (!allExist(db, targetGroups, targetGroupIds)) errors.targetGroupIds = 'bo.err.targetGroupUnknown';

  const isFree = input.isFree === true;
  const cost = trimmed(input.cost);
  if (!isFree && !cost) errors.cost = 'bo.err.costRequired';
  if (cost.length > SHORT_MAX) errors.cost = 'bo.err.tooLong';
  const accessibilityNotes = trimmed(input.accessibilityNotes);
  if (accessibilityNotes.length > TEXT_MAX) errors.accessibilityNotes = 'bo.err.tooLong';

  const languages = (input.languages ?? []).filter((l) => (eventLanguages as readonly string[]).includes(l));
  if (languages.length === 0) errors.languages = 'bo.err.languageRequired';

  const organisationRaw = trimmed(input.organisationId);
  const organisationId = organisationRaw ? existingOrganisationId(db, organisationRaw) : null;
  if (organisationRaw && organisationId === null) errors.organisationId = 'bo.err.organisationUnknown';
  const organiserName = trimmed(input.organiserName);
  if (organiserName.length > SHORT_MAX) errors.organiserName = 'bo.err.tooLong';
  const contactEmail = orNull(input.contactEmail)?.toLowerCase() ?? null;
  if (contactEmail && !EMAIL_PATTERN.test(contactEmail)) errors.contactEmail = 'bo.err.emailInvalid';
  const contactPhone = orNull(input.contactPhone);
  if (contactPhone && !/^[+0-9 ()/-]{3,40}$/.test(contactPhone)) errors.contactPhone = 'bo.err.phoneInvalid';

  const registrationRequired = input.registrationRequired === true;
  let capacity: number | null = null;
  const capacityRaw = trimmed(input.capacity);
  if (capacityRaw) {
    capacity = positiveInt(capacityRaw);
    if (capacity === null || capacity > 100_000) errors.capacity = 'bo.err.capacity';
  } else if (registrationRequired) {
    errors.capacity = 'bo.err.capacityRequired';
  }

  if (Object.keys(errors).length > 0) return { data: null, errors };
  return {
    data: {
      title,
      description,
      allDay,
      startLocal,
      endLocal,
      rrule,
      placeId,
      locationName: placeId ? null : locationName,
      locationAddress: placeId ? null : locationAddress,
      quartierIds,
      categoryIds,
      targetGroupIds,
      isFree,
      cost: isFree ? '' : cost,
      stepFree: input.stepFree === true,
      accessibilityNotes,
      languages: eventLanguages.filter((l) => languages.includes(l)).join(','),
      organisationId,
      organiserName,
      contactEmail,
      contactPhone,
      registrationRequired,
      capacity: registrationRequired ? capacity : null,
    },
    errors,
  };
}

/** The stored event as form values, for the edit form. */
export function eventToForm(event: Event, links: { quartierIds: number[]; categoryIds: number[]; targetGroupIds: number[] }): EventFormInput {
  const series = event.rrule ? parseRrule(event.rrule) : null;
  const [startDate = '', startTime = ''] = event.startLocal.split('T');
  const [endDate = '', endTime = ''] = event.endLocal.split('T');
  return {
    title: event.title,
    description: event.description,
    allDay: event.allDay,
    startDate,
    startTime,
    endDate,
    endTime,
    placeId: event.placeId ? String(event.placeId) : '',
    locationName: event.locationName ?? '',
    locationAddress: event.locationAddress ?? '',
    quartierIds: links.quartierIds.map(String),
    categoryIds: links.categoryIds.map(String),
    targetGroupIds: links.targetGroupIds.map(String),
    isFree: event.isFree,
    cost: event.cost,
    stepFree: event.stepFree,
    accessibilityNotes: event.accessibilityNotes,
    languages: event.languages.split(',').filter(Boolean),
    organisationId: event.organisationId ? String(event.organisationId) : '',
    organiserName: event.organiserName,
    contactEmail: event.contactEmail ?? '',
    contactPhone: event.contactPhone ?? '',
    registrationRequired: event.registrationRequired,
    capacity: event.capacity ? String(event.capacity) : '',
    repeat: series?.freq ?? (event.rrule ? 'custom' : 'none'),
    interval: String(series?.interval ?? 1),
    weekdays: series?.freq === 'weekly' ? series.weekdays : [],
    monthWeek: series?.freq === 'monthly' ? String(series.monthWeek) : '',
    monthWeekday: series?.freq === 'monthly' ? series.weekday : '',
    ends: series && 'until' in series.end ? 'until' : 'count',
    count: series && 'count' in series.end ? String(series.end.count) : '',
    until: series && 'until' in series.end ? series.end.until : '',
  };
}

export interface EventLinks {
  quartierIds: number[];
  categoryIds: number[];
  targetGroupIds: number[];
}

export function getEventLinks(db: Db, eventId: number): EventLinks {
  return {
    quartierIds: db.select({ id: eventQuartiere.quartierId }).from(eventQuartiere).where(eq(eventQuartiere.eventId, eventId)).all().map((r) => r.id),
    categoryIds: db.select({ id: eventCategories.categoryId }).from(eventCategories).where(eq(eventCategories.eventId, eventId)).all().map((r) => r.id),
    targetGroupIds: db
      .select({ id: eventTargetGroups.targetGroupId })
      .from(eventTargetGroups)
      .where(eq(eventTargetGroups.eventId, eventId))
      .all()
      .map((r) => r.id),
  };
}

export function getEvent(db: Db, eventId: number): Event | null {
  return db.select().from(events).where(eq(events.id, eventId)).get() ?? null;
}

/** The Quartiere an event belongs to (permission checks ask about these). */
export function eventQuartierIds(db: Db, eventId: number): number[] {
  return getEventLinks(db, eventId).quartierIds;
}

function writeLinks(db: Db, eventId: number, data: EventData): void {
  db.delete(eventQuartiere).where(eq(eventQuartiere.eventId, eventId)).run();
  db.delete(eventCategories).where(eq(eventCategories.eventId, eventId)).run();
  db.delete(eventTargetGroups).where(eq(eventTargetGroups.eventId, eventId)).run();
  for (const quartierId of data.quartierIds) db.insert(eventQuartiere).values({ eventId, quartierId }).run();
  for (const categoryId of data.categoryIds) db.insert(eventCategories).values({ eventId, categoryId }).run();
  for (const targetGroupId of data.targetGroupIds) db.insert(eventTargetGroups).values({ eventId, targetGroupId }).run();
}

function columnsOf(data: EventData): Omit<EventData, 'quartierIds' | 'categoryIds' | 'targetGroupIds'> {
  const { quartierIds: _q, categoryIds: _c, targetGroupIds: _t, ...columns } = data;
  return columns;
}

/** Expands occurrences; a rule that yields nothing is the user's mistake, reported on the series fields. */
function expandOrReject(db: Db, eventId: number, now: Date): void {
  try {
    syncOccurrences(db, eventId, now);
  } catch (error) {
    if (error instanceof InvalidRecurrenceError) throw new EventValidationError({ repeat: 'bo.err.seriesEmpty' });
    throw error;
  }
}

function primaryQuartier(quartierIds: number[]): number | null {
  return quartierIds[0] ?? null;
}

/** Inserts an event (staff: draft or published; proposals: proposed) with its links and occurrences. */
export function insertEvent(
  db: Db,
  actor: Actor,
  data: EventData,
  status: EventStatus,
  now: Date = new Date(),
  auditAction = 'event.create',
): Event {
  return db.transaction((tx) => {
    const event = tx
      .insert(events)
      .values({
        ...columnsOf(data),
        uid: `${randomUUID()}@quartiersportal`,
        slug: slugify(data.title),
        status,
        firstStartsAt: now,
        createdBy: actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    writeLinks(tx, event.id, data);
    expandOrReject(tx, event.id, now);
    recordAudit(tx, {
      actorUserId: actor.id,
      action: auditAction,
      entityType: 'event',
      entityId: event.id,
      quartierId: primaryQuartier(data.quartierIds),
      details: { title: data.title, status },
    });
    return tx.select().from(events).where(eq(events.id, event.id)).get()!;
  });
}

/** Staff create an event; the form's Quartiere must be the actor's own. */
export function createEvent(db: Db, actor: Actor, input: EventFormInput, publish: boolean, now: Date = new Date()): Event {
  const { data, errors } = parseEventForm(db, input, { allowedQuartierIds: staffQuartierIds(db, actor) });
  if (!data) throw new EventValidationError(errors);
  return insertEvent(db, actor, data, publish ? 'published' : 'draft', now);
}

/** Which stored fields differ, for the audit entry (and to know whether calendars must update). */
function changedFields(before: Event, beforeLinks: EventLinks, data: EventData): string[] {
  const columns = columnsOf(data) as Record<string, unknown>;
  const changed = Object.keys(columns).filter((key) => (before as Record<string, unknown>)[key] !== columns[key]);
  const sameSet = (a: number[], b: number[]): boolean => a.length === b.length && a.every((x) => b.includes(x));
  if (!sameSet(beforeLinks.quartierIds, data.quartierIds)) changed.push('quartierIds');
  if (!sameSet(beforeLinks.categoryIds, data.categoryIds)) changed.push('categoryIds');
  if (!sameSet(beforeLinks.targetGroupIds, data.targetGroupIds)) changed.push('targetGroupIds');
  return changed;
}

/**
 * Writes new form values onto an event. Quartiere the event already had may stay even when the actor is not
 * responsible for them (a joint event of two Quartiere); newly added ones must be the actor's own.
 */
export function updateEvent(
  db: Db,
  actor: Actor,
  eventId: number,
  input: EventFormInput,
  options: { allowedQuartierIds?: number[] | 'all'; status?: EventStatus; statusNote?: string; auditAction?: string } = {},
  now: Date = new Date(),
): Event {
  const before = getEvent(db, eventId);
  if (!before) throw new EventStateError('Event not found');
  const beforeLinks = getEventLinks(db, eventId);
  const scope = options.allowedQuartierIds ?? staffQuartierIds(db, actor);
  const allowed = scope === 'all' ? 'all' : [...new Set([...scope, ...beforeLinks.quartierIds])];
  const { data, errors } = parseEventForm(db, input, { allowedQuartierIds: allowed, existingRrule: before.rrule });
  if (!data) throw new EventValidationError(errors);
  const changed = changedFields(before, beforeLinks, data);
  const statusChanged = options.status !== undefined && options.status !== before.status;
  return db.transaction((tx) => {
    tx.update(events)
      .set({
        ...columnsOf(data),
        // The URL slug follows the title; old links still work because the id leads.
        slug: slugify(data.title),
        status: options.status ?? before.status,
        statusNote: options.statusNote ?? before.statusNote,
        sequence: changed.length > 0 || statusChanged ? before.sequence + 1 : before.sequence,
        updatedAt: now,
      })
      .where(eq(events.id, eventId))
      .run();
    writeLinks(tx, eventId, data);
    expandOrReject(tx, eventId, now);
    recordAudit(tx, {
      actorUserId: actor.id,
      action: options.auditAction ?? 'event.update',
      entityType: 'event',
      entityId: eventId,
      quartierId: primaryQuartier(data.quartierIds),
      details: { changed, ...(statusChanged ? { status: options.status } : {}) },
    });
    return tx.select().from(events).where(eq(events.id, eventId)).get()!;
  });
}

/** Sets the status of an event (publish, cancel, return) with audit and a SEQUENCE bump. */
export function setEventStatus(
  db: Db,
  actor: Actor,
  eventId: number,
  status: EventStatus,
  statusNote: string,
  auditAction: string,
  now: Date = new Date(),
): Event {
  const before = getEvent(db, eventId);
  if (!before) throw new EventStateError('Event not found');
  return db.transaction((tx) => {
    tx.update(events)
      .set({ status, statusNote, sequence: before.sequence + 1, updatedAt: now })
      .where(eq(events.id, eventId))
      .run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: auditAction,
      entityType: 'event',
      entityId: eventId,
      quartierId: primaryQuartier(eventQuartierIds(tx, eventId)),
      details: { from: before.status, to: status, ...(statusNote ? { note: statusNote } : {}) },
    });
    return tx.select().from(events).where(eq(events.id, eventId)).get()!;
  });
}

export function publishEvent(db: Db, actor: Actor, eventId: number, now: Date = new Date()): Event {
  return setEventStatus(db, actor, eventId, 'published', '', 'event.publish', now);
}

/** Cancels the whole event; the reason is shown to residents on the event page and in feeds. */
export function cancelEvent(db: Db, actor: Actor, eventId: number, reason: string, now: Date = new Date()): Event {
  const note = reason.trim();
  if (!note) throw new EventValidationError({ reason: 'bo.err.reasonRequired' });
  if (note.length > SHORT_MAX * 3) throw new EventValidationError({ reason: 'bo.err.tooLong' });
  return setEventStatus(db, actor, eventId, 'cancelled', note, 'event.cancel', now);
}

/** Removes the event with its occurrences, exceptions and registrations. */
export function deleteEvent(db: Db, actor: Actor, eventId: number): boolean {
  const before = getEvent(db, eventId);
  if (!before) return false;
  db.transaction((tx) => {
    const quartierId = primaryQuartier(eventQuartierIds(tx, eventId));
    tx.delete(events).where(eq(events.id, eventId)).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: 'event.delete',
      entityType: 'event',
      entityId: eventId,
      quartierId,
      details: { title: before.title, status: before.status },
    });
  });
  return true;
}

// ------------------------------------------------------------------------------------------------
// Occurrence exceptions
// ------------------------------------------------------------------------------------------------

function findOccurrence(db: Db, eventId: number, recurrenceLocal: string): { recurrenceLocal: string } | undefined {
  return db
    .select({ recurrenceLocal: eventOccurrences.recurrenceLocal })
    .from(eventOccurrences)
    .where(and(eq(eventOccurrences.eventId, eventId), eq(eventOccurrences.recurrenceLocal, recurrenceLocal)))
    .get();
}

function writeException(
  db: Db,
  actor: Actor,
  event: Event,
  recurrenceLocal: string,
  values: Pick<EventException, 'kind' | 'startLocal' | 'endLocal' | 'placeId' | 'locationName' | 'note'>,
  auditAction: string,
  now: Date,
): void {
  db.transaction((tx) => {
    const existing = tx
      .select()
      .from(eventExceptions)
      .where(and(eq(eventExceptions.eventId, event.id), eq(eventExceptions.recurrenceLocal, recurrenceLocal)))
      .get();
    if (existing) {
      tx.update(eventExceptions)
        .set({ ...values, sequence: existing.sequence + 1, updatedAt: now })
        .where(eq(eventExceptions.id, existing.id))
        .run();
    } else {
      tx.insert(eventExceptions)
        .values({ eventId: event.id, recurrenceLocal, ...values, sequence: event.sequence + 1, createdAt: now, updatedAt: now })
        .run();
    }
    // The series itself changes for calendars too (EXDATE / overridden instance), so it gets a new SEQUENCE.
    tx.update(events).set({ sequence: event.sequence + 1, updatedAt: now }).where(eq(events.id, event.id)).run();
    syncOccurrences(tx, event.id, now);
    recordAudit(tx, {
      actorUserId: actor.id,
      action: auditAction,
      entityType: 'event',
      entityId: event.id,
      quartierId: primaryQuartier(eventQuartierIds(tx, event.id)),
      details: { occurrence: recurrenceLocal, ...values },
    });
  });
}

function requireSeriesOccurrence(db: Db, eventId: number, recurrenceLocal: string): Event {
  const event = getEvent(db, eventId);
  if (!event) throw new EventStateError('Event not found');
  if (!findOccurrence(db, eventId, recurrenceLocal)) throw new EventValidationError({ occurrence: 'bo.err.occurrenceUnknown' });
  return event;
}

/** Cancels one occurrence of a series (one Wandercafé); the note is shown to residents. */
export function cancelOccurrence(db: Db, actor: Actor, eventId: number, recurrenceLocal: string, note: string, now: Date = new Date()): void {
  const event = requireSeriesOccurrence(db, eventId, recurrenceLocal);
  const text = note.trim();
  if (text.length > SHORT_MAX * 3) throw new EventValidationError({ note: 'bo.err.tooLong' });
  writeException(
    db,
    actor,
    event,
    recurrenceLocal,
    { kind: 'cancelled', startLocal: null, endLocal: null, placeId: null, locationName: null, note: text },
    'event.occurrence.cancel',
    now,
  );
}

export interface MoveOccurrenceInput {
  date?: string | null;
  startTime?: string | null;
  endTime?: string | null;
  placeId?: string | null;
  locationName?: string | null;
  note?: string | null;
}

/** Moves one occurrence to another time and/or place; empty fields keep the series' values. */
export function moveOccurrence(
  db: Db,
  actor: Actor,
  eventId: number,
  recurrenceLocal: string,
  input: MoveOccurrenceInput,
  now: Date = new Date(),
): void {
  const event = requireSeriesOccurrence(db, eventId, recurrenceLocal);
  const errors: FieldErrors = {};
  const date = trimmed(input.date) || recurrenceLocal.slice(0, 10);
  if (!validDate(date)) errors.date = 'bo.err.dateInvalid';
  let startLocal: string | null = null;
  let endLocal: string | null = null;
  if (event.allDay) {
    startLocal = date;
    endLocal = date;
  } else {
    const originalStart = recurrenceLocal.slice(11, 16);
    const originalEnd = event.endLocal.slice(11, 16);
    const startTime = trimmed(input.startTime) || originalStart;
    const endTime = trimmed(input.endTime) || originalEnd;
    if (!TIME_PATTERN.test(startTime)) errors.startTime = 'bo.err.timeInvalid';
    if (!TIME_PATTERN.test(endTime)) errors.endTime = 'bo.err.timeInvalid';
    startLocal = `${date}T${startTime}`;
    // An end time before the start means the meeting runs past midnight, as the series may.
    const endDate = endTime <= startTime ? DateTime.fromISO(date).plus({ days: 1 }).toISODate() : date;
    endLocal = `${endDate}T${endTime}`;
    if (!errors.startTime && !errors.endTime && endTime === startTime) errors.endTime = 'bo.err.endBeforeStart';
  }
  const placeRaw = trimmed(input.placeId);
  const placeId = placeRaw ? existingPlaceId(db, placeRaw) : null;
  if (placeRaw && placeId === null) errors.placeId = 'bo.err.placeUnknown';
  const locationName = placeId ? null : orNull(input.locationName);
  const note = trimmed(input.note);
  if (note.length > SHORT_MAX * 3) errors.note = 'bo.err.tooLong';
  if (Object.keys(errors).length > 0) throw new EventValidationError(errors);
  writeException(db, actor, event, recurrenceLocal, { kind: 'changed', startLocal, endLocal, placeId, locationName, note }, 'event.occurrence.move', now);
}

/** Undoes a cancellation or move: the occurrence follows the series again. */
export function restoreOccurrence(db: Db, actor: Actor, eventId: number, recurrenceLocal: string, now: Date = new Date()): boolean {
  const event = getEvent(db, eventId);
  if (!event) return false;
  return db.transaction((tx) => {
    const removed = tx
      .delete(eventExceptions)
      .where(and(eq(eventExceptions.eventId, eventId), eq(eventExceptions.recurrenceLocal, recurrenceLocal)))
      .returning({ id: eventExceptions.id })
      .all();
    if (removed.length === 0) return false;
    tx.update(events).set({ sequence: event.sequence + 1, updatedAt: now }).where(eq(events.id, eventId)).run();
    syncOccurrences(tx, eventId, now);
    recordAudit(tx, {
      actorUserId: actor.id,
      action: 'event.occurrence.restore',
      entityType: 'event',
      entityId: eventId,
      quartierId: primaryQuartier(eventQuartierIds(tx, eventId)),
      details: { occurrence: recurrenceLocal },
    });
    return true;
  });
}

// ------------------------------------------------------------------------------------------------
// Reading for the back office
// ------------------------------------------------------------------------------------------------

export interface StaffEventRow {
  id: number;
  title: string;
  status: EventStatus;
  statusNote: string;
  startLocal: string;
  allDay: boolean;
  isSeries: boolean;
  nextStartsAt: Date | null;
  quartierNames: string[];
  placeName: string | null;
  locationName: string | null;
  organisationName: string | null;
}

export interface StaffEventFilter {
  quartierId?: number | null;
  status?: EventStatus | null;
  search?: string | null;
  /** Only events that still have an occurrence ending after this instant. */
  upcomingFrom?: Date | null;
  limit?: number;
  offset?: number;
}

/** Events in the given Quartiere ('all' for admins), newest first by next date. */
export function listEventsForStaff(db: Db, scope: number[] | 'all', filter: StaffEventFilter = {}): { rows: StaffEventRow[]; total: number } {
  const conditions: SQL[] = [];
  const inScope = (quartierIds: number[]): SQL =>
    inArray(events.id, db.select({ id: eventQuartiere.eventId }).from(eventQuartiere).where(inArray(eventQuartiere.quartierId, quartierIds)));
  if (scope !== 'all') conditions.push(inScope(scope));
  if (filter.quartierId) conditions.push(inScope([filter.quartierId]));
  if (filter.status) conditions.push(eq(events.status, filter.status));
  const search = filter.search?.trim();
  if (search) {
    const pattern = `%${search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    const matches = (column: AnyColumn): SQL => sql`${column} like ${pattern} escape '\\'`;
    conditions.push(or(matches(events.title), matches(events.organiserName), matches(events.description))!);
  }
  if (filter.upcomingFrom) {
    conditions.push(
      inArray(events.id, db.select({ id: eventOccurrences.eventId }).from(eventOccurrences).where(gte(eventOccurrences.endsAt, filter.upcomingFrom))),
    );
  }
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const total = db.select({ n: sql<number>`count(*)` }).from(events).where(where).get()?.n ?? 0;
  const nowMs = Date.now();
  const nextStart = sql<number | null>`(select min(${eventOccurrences.startsAt}) from ${eventOccurrences}
    where ${eventOccurrences.eventId} = ${events.id} and ${eventOccurrences.endsAt} >= ${nowMs})`;
  const rows = db
    .select({
      id: events.id,
      title: events.title,
      status: events.status,
      statusNote: events.statusNote,
      startLocal: events.startLocal,
      allDay: events.allDay,
      rrule: events.rrule,
      nextStart,
      placeName: places.name,
      locationName: events.locationName,
      organisationName: organisations.name,
    })
    .from(events)
    .leftJoin(places, eq(places.id, events.placeId))
    .leftJoin(organisations, eq(organisations.id, events.organisationId))
    .where(where)
    .orderBy(sql`${nextStart} is null`, asc(nextStart), desc(events.firstStartsAt))
    .limit(filter.limit ?? 50)
    .offset(filter.offset ?? 0)
    .all();
  const names = quartierNamesByEvent(db, rows.map((r) => r.id));
  return {
    total,
    rows: rows.map(({ rrule, nextStart: next, ...row }) => ({
      ...row,
      isSeries: rrule !== null,
      nextStartsAt: next === null ? null : new Date(next),
      quartierNames: names.get(row.id) ?? [],
    })),
  };
}

function quartierNamesByEvent(db: Db, eventIds: number[]): Map<number, string[]> {
  const result = new Map<number, string[]>();
  if (eventIds.length === 0) return result;
  const rows = db
    .select({ eventId: eventQuartiere.eventId, name: quartiere.name })
    .from(eventQuartiere)
    .innerJoin(quartiere, eq(quartiere.id, eventQuartiere.quartierId))
    .where(inArray(eventQuartiere.eventId, eventIds))
    .orderBy(asc(quartiere.sortOrder))
    .all();
  for (const row of rows) result.set(row.eventId, [...(result.get(row.eventId) ?? []), row.name]);
  return result;
}

export interface StaffOccurrenceRow {
  recurrenceLocal: string;
  startsAt: Date;
  endsAt: Date;
  status: 'scheduled' | 'cancelled';
  exception: EventException | null;
  placeName: string | null;
}

/** Occurrences of one event from `from` on, with the exception that shaped each. */
export function listOccurrencesForEditing(db: Db, eventId: number, from: Date, limit = 60): StaffOccurrenceRow[] {
  const rows = db
    .select({ occurrence: eventOccurrences, exception: eventExceptions, placeName: places.name })
    .from(eventOccurrences)
    .leftJoin(eventExceptions, eq(eventExceptions.id, eventOccurrences.exceptionId))
    .leftJoin(places, eq(places.id, eventExceptions.placeId))
    .where(and(eq(eventOccurrences.eventId, eventId), gte(eventOccurrences.endsAt, from)))
    .orderBy(asc(eventOccurrences.startsAt))
    .limit(limit)
    .all();
  return rows.map(({ occurrence, exception, placeName }) => ({
    recurrenceLocal: occurrence.recurrenceLocal,
    startsAt: occurrence.startsAt,
    endsAt: occurrence.endsAt,
    status: occurrence.status,
    exception,
    placeName,
  }));
}

export interface EventFormOptions {
  quartiere: { id: number; name: string }[];
  places: { id: number; name: string; quartierName: string }[];
  categories: { id: number; name: string }[];
  targetGroups: { id: number; name: string }[];
  organisations: { id: number; name: string }[];
}

/** Choices for the event form; `quartierScope` limits the Quartiere offered. */
export function loadEventFormOptions(db: Db, quartierScope: number[] | 'all'): EventFormOptions {
  const allQuartiere = db.select({ id: quartiere.id, name: quartiere.name }).from(quartiere).orderBy(asc(quartiere.sortOrder), asc(quartiere.name)).all();
  return {
    quartiere: quartierScope === 'all' ? allQuartiere : allQuartiere.filter((q) => quartierScope.includes(q.id)),
    places: db
      .select({ id: places.id, name: places.name, quartierName: quartiere.name })
      .from(places)
      .innerJoin(quartiere, eq(quartiere.id, places.quartierId))
      .orderBy(asc(quartiere.sortOrder), asc(places.name))
      .all(),
    categories: db.select({ id: categories.id, name: categories.name }).from(categories).orderBy(asc(categories.sortOrder)).all(),
    targetGroups: db.select({ id: targetGroups.id, name: targetGroups.name }).from(targetGroups).orderBy(asc(targetGroups.sortOrder)).all(),
    organisations: db.select({ id: organisations.id, name: organisations.name }).from(organisations).orderBy(asc(organisations.name)).all(),
  };
}

export interface AttentionItem {
  eventId: number;
  title: string;
  recurrenceLocal: string;
  startsAt: Date;
  kind: 'cancelled' | 'changed' | 'eventCancelled';
  note: string;
}

/** Cancelled or changed dates coming up in the given Quartiere, for the dashboard. */
export function listUpcomingChanges(db: Db, scope: number[] | 'all', from: Date, to: Date, limit = 30): AttentionItem[] {
  const conditions: SQL[] = [
    gte(eventOccurrences.endsAt, from),
    sql`${eventOccurrences.startsAt} < ${to.getTime()}`,
    inArray(events.status, ['published', 'cancelled']),
    or(eq(eventOccurrences.status, 'cancelled'), sql`${eventOccurrences.exceptionId} is not null`, eq(events.status, 'cancelled'))!,
  ];
  if (scope !== 'all') {
    conditions.push(inArray(events.id, db.select({ id: eventQuartiere.eventId }).from(eventQuartiere).where(inArray(eventQuartiere.quartierId, scope))));
  }
  return db
    .select({
      eventId: events.id,
      title: events.title,
      eventStatus: events.status,
      statusNote: events.statusNote,
      recurrenceLocal: eventOccurrences.recurrenceLocal,
      startsAt: eventOccurrences.startsAt,
      occurrenceStatus: eventOccurrences.status,
      exceptionNote: eventExceptions.note,
    })
    .from(eventOccurrences)
    .innerJoin(events, eq(events.id, eventOccurrences.eventId))
    .leftJoin(eventExceptions, eq(eventExceptions.id, eventOccurrences.exceptionId))
    .where(and(...conditions))
    .orderBy(asc(eventOccurrences.startsAt))
    .limit(limit)
    .all()
    .map((row) => ({
      eventId: row.eventId,
      title: row.title,
      recurrenceLocal: row.recurrenceLocal,
      startsAt: row.startsAt,
      kind: row.eventStatus === 'cancelled' ? 'eventCancelled' : row.occurrenceStatus === 'cancelled' ? 'cancelled' : 'changed',
      note: row.eventStatus === 'cancelled' ? row.statusNote : (row.exceptionNote ?? ''),
    }));
}
