/**
 * The event form: what it sends, how it is parsed and checked against the database, and how a stored event is
 * turned back into form values. Form input arrives as strings (as a browser sends it) and is checked here, so the
 * rules live in one place, every mistake is reported at once (field → message key) and the domain tests exercise
 * them. Used by staff editing (commands.ts) and by organisation proposals (proposals.ts).
 */
import { DateTime } from 'luxon';
import { inArray } from 'drizzle-orm';
import type { Db } from '../db';
import type { MessageKey } from '../../../i18n';
import { categories, organisations, places, quartiere, targetGroups, type Event } from '../../../../db/schema';
import { isClockTime, isIsoDate } from '../../time';
import { isEmailAddress, isPhoneNumber } from '../../contact';
import { buildRrule, checkSeries, isWeekdayCode, monthWeeks, parseRrule, type MonthWeek, type SeriesSpec } from './series';
import type { FieldErrors } from './errors';

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

/** The Quartiere, categories and target groups an event is linked to. */
export interface EventLinks {
  quartierIds: number[];
  categoryIds: number[];
  targetGroupIds: number[];
}

const TITLE_MAX = 150;
const TEXT_MAX = 5000;
const SHORT_MAX = 300;
/** A reason or note shown to residents (cancellation, moved date). */
export const NOTE_MAX = 900;

export const trimmed = (value: string | null | undefined): string => (value ?? '').trim();
export const orNull = (value: string | null | undefined): string | null => trimmed(value) || null;

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

/** The id of a known place, or null for anything else the form might send. */
export function existingPlaceId(db: Db, raw: string): number | null {
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
    if (!isIsoDate(until)) {
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

/** Start and end as stored (dates for all-day events, local date-times otherwise), with what is wrong with them. */
function parseWhen(input: EventFormInput, errors: FieldErrors): { allDay: boolean; startDate: string; endDate: string; startLocal: string; endLocal: string } {
  const allDay = input.allDay === true;
  const startDate = trimmed(input.startDate);
  const endGiven = trimmed(input.endDate);
  const endDate = endGiven || startDate;
  if (!isIsoDate(startDate)) errors.startDate = 'bo.err.dateInvalid';
  if (endGiven && !isIsoDate(endDate)) errors.endDate = 'bo.err.dateInvalid';
  if (allDay) {
    if (!errors.startDate && !errors.endDate && endDate < startDate) errors.endDate = 'bo.err.endBeforeStart';
    return { allDay, startDate, endDate, startLocal: startDate, endLocal: endDate };
  }
  const startTime = trimmed(input.startTime);
  const endTime = trimmed(input.endTime);
  if (!isClockTime(startTime)) errors.startTime = 'bo.err.timeInvalid';
  if (!isClockTime(endTime)) errors.endTime = 'bo.err.timeInvalid';
  const startLocal = `${startDate}T${startTime}`;
  const endLocal = `${endDate}T${endTime}`;
  // On one day the times alone decide, so this mistake is reported even while the date is still missing.
  const endsTooEarly = endGiven ? !errors.startDate && !errors.endDate && endLocal <= startLocal : endTime <= startTime;
  if (!errors.startTime && !errors.endTime && endsTooEarly) errors.endTime = 'bo.err.endBeforeStart';
  return { allDay, startDate, endDate, startLocal, endLocal };
}

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

  const { allDay, startDate, endDate, startLocal, endLocal } = parseWhen(input, errors);

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
  if ((series || keepRule) && !errors.startDate && !errors.endDate && endDate > startDate) {
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
  if (contactEmail && !isEmailAddress(contactEmail)) errors.contactEmail = 'bo.err.emailInvalid';
  const contactPhone = orNull(input.contactPhone);
  if (contactPhone && !isPhoneNumber(contactPhone)) errors.contactPhone = 'bo.err.phoneInvalid';

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
export function eventToForm(event: Event, links: EventLinks): EventFormInput {
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

/** A fresh form: free of charge, in German, in the staff member's only Quartier if there is just one. */
export function blankEventForm(quartierIds: number[]): EventFormInput {
  return {
    isFree: true,
    languages: ['de'],
    quartierIds: quartierIds.length === 1 ? quartierIds.map(String) : [],
    repeat: 'none',
    interval: '1',
    ends: 'count',
  };
}
