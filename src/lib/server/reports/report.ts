/**
 * The Quartiersbericht: every figure computed from the portal's own data for a period and a Quartier (or the whole
 * city), each with the sentence that says how it was computed. Nothing here is typed in by staff except attendance,
 * which the event close-out records. Who may read which report is checked here (`buildReport`).
 */
import { and, eq, gte, inArray, isNull, lt, lte, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db';
import {
  actorQuartiere,
  actors,
  bookings,
  categories,
  concernCategories,
  concernEvents,
  concerns,
  eventAttendance,
  eventCategories,
  eventOccurrences,
  eventQuartiere,
  events,
  eventTargetGroups,
  helperFindings,
  helperRounds,
  helperRoutes,
  helpRequests,
  offers,
  organisations,
  places,
  rooms,
  targetGroups,
  volunteerApplications,
  volunteerMatches,
  volunteerProgrammes,
  type Quartier,
} from '../../../../db/schema';
import type { MessageKey, Params } from '../../../i18n';
import type { Actor } from '../auth/permissions';
import { loadPlaceHours } from '../places';
import { hoursForDay, regularPeriods, type OpenPeriod, type PlaceHours } from '../places/opening-hours';
import { findHoliday } from '../places/holidays';
import { countWork } from '../concerns/queries';
import { berlinZone, localToInstant } from '../../time';
import type { Cell, CellUnit } from '../../reports-format';
import { resolvePeriod, resolveReportQuartier, type ReportPeriod, type ReportRequest } from './period';
import { DomainError, type Problem } from '../errors';

export type Label = { key: MessageKey; params?: Params } | { text: string };
export interface How {
  key: MessageKey;
  params?: Params;
}

export interface ReportFigure {
  id: string;
  label: MessageKey;
  value: Cell;
  how: How;
}

export interface ReportTable {
  id: string;
  title: MessageKey;
  /** Header of the row labels, then one per value column. */
  columns: MessageKey[];
  rows: { label: Label; cells: Cell[] }[];
  how: How;
  /** Drawn as bars next to the table (the table stays the text alternative). */
  chart?: 'bars';
}

export interface ReportSection {
  id: string;
  title: MessageKey;
  figures: ReportFigure[];
  tables: ReportTable[];
}

export interface QuartierReport {
  period: ReportPeriod;
  /** null: the whole city. */
  quartier: Quartier | null;
  generatedAt: Date;
  sections: ReportSection[];
}

/**
 * Sections computed elsewhere that belong in the report, e.g. "Ziele und Maßnahmen" from the goals domain: the page
 * passes the function, the report places its section after the figures.
 */
export type ExtraSection = (db: Db, quartier: Quartier | null, period: ReportPeriod) => ReportSection | null;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const cell = (value: number | null, unit: CellUnit = 'count'): Cell => ({ value, unit });
const round1 = (n: number): number => Math.round(n * 10) / 10;
const percent = (part: number, whole: number): Cell => cell(whole === 0 ? null : round1((part / whole) * 100), 'percent');

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Rows of counted labels, largest first (ties by label), for the "by category" tables. */
function countedRows(counts: Map<string, number>, unit: CellUnit = 'count', toLabel: (k: string) => Label = (text) => ({ text })): ReportTable['rows'] {
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k, n]) => ({ label: toLabel(k), cells: [cell(n, unit)] }));
}

function increment(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

const monthLabel = (month: DateTime): Label => ({ key: 'reports.month', params: { month: month.toFormat('LL/yy') } });

/**
 * Counts per Berlin month of the period. The month starts are turned into instants once and each instant is placed by
 * comparison: converting 20,000 instants to Berlin time one by one costs over a second.
 */
function perMonthRows(period: ReportPeriod, instants: Date[]): ReportTable['rows'] {
  const months: DateTime[] = [];
  for (let m = DateTime.fromISO(period.from, { zone: berlinZone }).startOf('month'); m.toISODate()! <= period.to; m = m.plus({ months: 1 })) months.push(m);
  const starts = months.map((m) => m.toMillis());
  const counts = months.map(() => 0);
  for (const at of instants) {
    const ms = at.getTime();
    let index = -1;
    for (let i = starts.length - 1; i >= 0; i--) {
      if (ms >= starts[i]!) {
        index = i;
        break;
      }
    }
    if (index >= 0) counts[index]! += 1;
  }
  return months.map((m, i) => ({ label: monthLabel(m), cells: [cell(counts[i]!)] }));
}

function hoursOf(periods: OpenPeriod[]): number {
  return periods.reduce((sum, p) => sum + (p.endsAt.getTime() - p.startsAt.getTime()) / HOUR_MS, 0);
}

/** Hours of [from, to) that fall inside [periodStart, periodEnd). */
function overlapHours(from: Date, to: Date, periodStart: Date, periodEnd: Date): number {
  const start = Math.max(from.getTime(), periodStart.getTime());
  const end = Math.min(to.getTime(), periodEnd.getTime());
  return end > start ? (end - start) / HOUR_MS : 0;
}

/** The earliest instant (ms) per owner id in a child table, e.g. a help request's first match, for the owners `owners` selects. */
function firstTimes(db: Db, table: SQLiteTable, owner: SQLiteColumn, time: SQLiteColumn, owners: SQLWrapper, condition?: SQL): Map<number, number> {
  const rows = db
    .select({ owner: sql<number>`${owner}`, first: sql<number>`min(${time})` })
    .from(table)
    .where(and(inArray(owner, owners), condition))
    .groupBy(owner)
    .all();
  return new Map(rows.map((row) => [row.owner, Number(row.first)]));
}

/**
 * Opening hours of each place on each day of the period. An ordinary day (no exception, no public holiday, no clock
 * change) is the sum of its weekly rules, which is plain arithmetic; every other day goes through the places domain's
 * `hoursForDay`, which knows the precedence of exceptions and holidays and the length of a day with a clock change.
 * A city-wide year is about 10,000 place-days; through Luxon each costs a fraction of a millisecond too many.
 */
function dailyHours(hours: PlaceHours, dates: readonly DayFacts[]): { regular: number; actual: number }[] {
  return dates.map((day) => {
    const exception = hours.exceptions.some((e) => e.dateFrom <= day.date && e.dateTo >= day.date);
    if (day.clockChange) {
      return { regular: hoursOf(regularPeriods(hours, day.date)), actual: hoursOf(hoursForDay(hours, day.date).periods) };
    }
    const regular = hours.rules
      .filter((r) => r.weekday === day.weekday && (r.validFrom === null || r.validFrom <= day.date) && (r.validUntil === null || r.validUntil >= day.date))
      .reduce((sum, r) => sum + clockSpanHours(r.opens, r.closes), 0);
    if (exception || findHoliday(hours.holidayRegion, day.date)) return { regular, actual: hoursOf(hoursForDay(hours, day.date).periods) };
    return { regular, actual: regular };
  });
}

interface DayFacts {
  date: string;
  weekday: number;
  /** The clocks change on this day (or in the night after it, which an overnight period reaches). */
  clockChange: boolean;
}

function dayFacts(period: ReportPeriod): DayFacts[] {
  const days: DayFacts[] = [];
  for (let d = DateTime.fromISO(period.from, { zone: berlinZone }); d.toISODate()! <= period.to; d = d.plus({ days: 1 })) {
    const dayAfterNext = d.plus({ days: 2 });
    days.push({ date: d.toISODate()!, weekday: d.weekday, clockChange: d.offset !== dayAfterNext.offset });
  }
  return days;
}

/** Hours from `opens` to `closes` (`HH:MM`) on a day without a clock change; a closing time at or before the opening runs past midnight. */
function clockSpanHours(opens: string, closes: string): number {
  const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const span = minutes(closes) - minutes(opens);
  return (span <= 0 ? span + 24 * 60 : span) / 60;
}

// ---------------------------------------------------------------------------------------------
// Events and attendance
// ---------------------------------------------------------------------------------------------

function groupNames(rows: { eventId: number; name: string }[]): Map<number, string[]> {
  const result = new Map<number, string[]>();
  for (const row of rows) result.set(row.eventId, [...(result.get(row.eventId) ?? []), row.name]);
  return result;
}

export function eventsSection(db: Db, quartierId: number | null, period: ReportPeriod, now: Date): ReportSection {
  const inQuartier: SQL[] =
    quartierId === null
      ? []
      : [inArray(events.id, db.select({ id: eventQuartiere.eventId }).from(eventQuartiere).where(eq(eventQuartiere.quartierId, quartierId)))];
  const rows = db
    .select({
      eventId: events.id,
      eventStatus: events.status,
      status: eventOccurrences.status,
      startsAt: eventOccurrences.startsAt,
      endsAt: eventOccurrences.endsAt,
      organisationKind: organisations.kind,
      attendees: eventAttendance.attendees,
    })
    .from(eventOccurrences)
    .innerJoin(events, eq(events.id, eventOccurrences.eventId))
    .leftJoin(organisations, eq(organisations.id, events.organisationId))
    .leftJoin(
      eventAttendance,
      and(eq(eventAttendance.eventId, eventOccurrences.eventId), eq(eventAttendance.recurrenceLocal, eventOccurrences.recurrenceLocal)),
    )
    .where(
      and(
        inArray(events.status, ['published', 'cancelled']),
        gte(eventOccurrences.startsAt, period.startsAt),
        lt(eventOccurrences.startsAt, period.endsAt),
        ...inQuartier,
      ),
    )
    .all();
  const cancelled = rows.filter((r) => r.status === 'cancelled' || r.eventStatus === 'cancelled');
  const held = rows.filter((r) => !cancelled.includes(r) && r.endsAt <= now);
  const recorded = held.filter((r) => r.attendees !== null);
  const total = recorded.reduce((sum, r) => sum + r.attendees!, 0);
  const eventIds = [...new Set(held.map((r) => r.eventId))];

  const byCategory = new Map<string, number>();
  const byGroup = new Map<string, number>();
  const byOrganiser = new Map<string, number>();
  const attendanceByCategory = new Map<string, number>();
  if (eventIds.length > 0) {
    const categoriesOf = groupNames(
      db
        .select({ eventId: eventCategories.eventId, name: categories.name })
        .from(eventCategories)
        .innerJoin(categories, eq(categories.id, eventCategories.categoryId))
        .where(inArray(eventCategories.eventId, eventIds))
        .all(),
    );
    const groupsOf = groupNames(
      db
        .select({ eventId: eventTargetGroups.eventId, name: targetGroups.name })
        .from(eventTargetGroups)
        .innerJoin(targetGroups, eq(targetGroups.id, eventTargetGroups.targetGroupId))
        .where(inArray(eventTargetGroups.eventId, eventIds))
        .all(),
    );
    for (const r of held) {
      for (const name of categoriesOf.get(r.eventId) ?? []) {
        increment(byCategory, name);
        if (r.attendees !== null) increment(attendanceByCategory, name, r.attendees);
      }
      for (const name of groupsOf.get(r.eventId) ?? []) increment(byGroup, name);
      increment(byOrganiser, r.organisationKind ?? 'none');
    }
  }
  return {
    id: 'veranstaltungen',
    title: 'reports.section.events',
    figures: [
      { id: 'held', label: 'reports.figure.eventsHeld', value: cell(held.length), how: { key: 'reports.how.eventsHeld', params: { events: eventIds.length } } },
      { id: 'cancelled', label: 'reports.figure.eventsCancelled', value: cell(cancelled.length), how: { key: 'reports.how.eventsCancelled' } },
      {
        id: 'coverage',
        label: 'reports.figure.attendanceCoverage',
        value: percent(recorded.length, held.length),
        how: { key: 'reports.how.attendanceCoverage', params: { recorded: recorded.length, held: held.length } },
      },
      {
        id: 'attendance',
        label: 'reports.figure.attendanceTotal',
        value: cell(total, 'people'),
        how: { key: 'reports.how.attendanceTotal', params: { recorded: recorded.length } },
      },
      {
        id: 'average',
        label: 'reports.figure.attendanceAverage',
        value: cell(recorded.length === 0 ? null : round1(total / recorded.length), 'people'),
        how: { key: 'reports.how.attendanceAverage' },
      },
    ],
    tables: [
      {
        id: 'veranstaltungen-monat',
        title: 'reports.table.eventsPerMonth',
        columns: ['reports.col.month', 'reports.col.eventsHeld'],
        rows: perMonthRows(
          period,
          held.map((r) => r.startsAt),
        ),
        how: { key: 'reports.how.perMonth' },
        chart: 'bars',
      },
      {
        id: 'veranstaltungen-kategorie',
        title: 'reports.table.eventsByCategory',
        columns: ['reports.col.category', 'reports.col.eventsHeld', 'reports.col.attendance'],
        rows: countedRows(byCategory).map((row) => ({
          ...row,
          cells: [...row.cells, cell(attendanceByCategory.get((row.label as { text: string }).text) ?? 0, 'people')],
        })),
        how: { key: 'reports.how.byCategory' },
      },
      {
        id: 'veranstaltungen-zielgruppe',
        title: 'reports.table.eventsByGroup',
        columns: ['reports.col.targetGroup', 'reports.col.eventsHeld'],
        rows: countedRows(byGroup),
        how: { key: 'reports.how.byCategory' },
      },
      {
        id: 'veranstaltungen-veranstalter',
        title: 'reports.table.eventsByOrganiser',
        columns: ['reports.col.organiserKind', 'reports.col.eventsHeld'],
        rows: countedRows(byOrganiser, 'count', (kind) => ({ key: kind === 'none' ? 'reports.organiser.none' : (`admin.orgs.kind.${kind}` as MessageKey) })),
        how: { key: 'reports.how.byOrganiser' },
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Treffs: opening hours; rooms: bookings
// ---------------------------------------------------------------------------------------------

function placesOf(db: Db, quartierId: number | null) {
  return db
    .select({ id: places.id, name: places.name, holidayRegion: places.holidayRegion, hasOpeningHours: places.hasOpeningHours })
    .from(places)
    .where(quartierId === null ? undefined : eq(places.quartierId, quartierId))
    .orderBy(places.name)
    .all();
}

export function openingHoursSection(db: Db, quartierId: number | null, period: ReportPeriod): ReportSection {
  const open = placesOf(db, quartierId).filter((p) => p.hasOpeningHours);
  const hours = loadPlaceHours(db, open, period.from);
  const days = dayFacts(period);
  let offered = 0;
  let closed = 0;
  const rows: ReportTable['rows'] = open.map((place) => {
    let placeOffered = 0;
    let placeClosed = 0;
    let closedDays = 0;
    for (const { regular, actual } of dailyHours(hours.get(place.id)!, days)) {
      placeOffered += actual;
      if (regular > actual) placeClosed += regular - actual;
      if (regular > 0 && actual === 0) closedDays += 1;
    }
    offered += placeOffered;
    closed += placeClosed;
    return { label: { text: place.name }, cells: [cell(round1(placeOffered), 'hours'), cell(round1(placeClosed), 'hours'), cell(closedDays)] };
  });
  return {
    id: 'treffs',
    title: 'reports.section.treffs',
    figures: [
      {
        id: 'offered',
        label: 'reports.figure.hoursOffered',
        value: cell(round1(offered), 'hours'),
        how: { key: 'reports.how.hoursOffered', params: { places: open.length } },
      },
      { id: 'closed', label: 'reports.figure.hoursClosed', value: cell(round1(closed), 'hours'), how: { key: 'reports.how.hoursClosed' } },
    ],
    tables: [
      {
        id: 'treffs-oeffnungszeiten',
        title: 'reports.table.hoursByPlace',
        columns: ['reports.col.place', 'reports.col.hoursOffered', 'reports.col.hoursClosed', 'reports.col.closedDays'],
        rows,
        how: { key: 'reports.how.hoursClosed' },
      },
    ],
  };
}

/** Hours a room could be booked in the period: its own daily booking hours, or else the opening hours of its place. */
function bookableHours(
  room: { bookableFrom: string | null; bookableUntil: string | null },
  placeDays: { actual: number }[] | undefined,
  days: readonly DayFacts[],
): number {
  const { bookableFrom: from, bookableUntil: until } = room;
  if (!from || !until) return (placeDays ?? []).reduce((sum, d) => sum + d.actual, 0);
  return days.reduce((sum, day) => {
    if (!day.clockChange) return sum + clockSpanHours(from, until);
    const start = localToInstant(`${day.date}T${from}`);
    let end = localToInstant(`${day.date}T${until}`);
    if (start && end && end <= start) end = DateTime.fromJSDate(end).plus({ days: 1 }).toJSDate();
    return start && end ? sum + (end.getTime() - start.getTime()) / HOUR_MS : sum;
  }, 0);
}

export function roomsSection(db: Db, quartierId: number | null, period: ReportPeriod): ReportSection {
  const placeList = placesOf(db, quartierId);
  const roomList =
    placeList.length === 0
      ? []
      : db
          .select({ id: rooms.id, name: rooms.name, placeId: rooms.placeId, bookableFrom: rooms.bookableFrom, bookableUntil: rooms.bookableUntil })
          .from(rooms)
          .where(
            inArray(
              rooms.placeId,
              placeList.map((p) => p.id),
            ),
          )
          .orderBy(rooms.name)
          .all();
  const roomIds = roomList.map((r) => r.id);
  const list =
    roomIds.length === 0
      ? []
      : db
          .select({ roomId: bookings.roomId, status: bookings.status, startsAt: bookings.startsAt, endsAt: bookings.endsAt, kind: organisations.kind })
          .from(bookings)
          .innerJoin(organisations, eq(organisations.id, bookings.organisationId))
          .where(and(inArray(bookings.roomId, roomIds), lt(bookings.startsAt, period.endsAt), gte(bookings.endsAt, period.startsAt)))
          .all();
  const hours = loadPlaceHours(db, placeList, period.from);
  const days = dayFacts(period);
  const placeDays = new Map<number, { actual: number }[]>();
  for (const room of roomList) {
    if (!placeDays.has(room.placeId) && !(room.bookableFrom && room.bookableUntil)) placeDays.set(room.placeId, dailyHours(hours.get(room.placeId)!, days));
  }
  const placeName = new Map(placeList.map((p) => [p.id, p.name]));
  const byKind = new Map<string, number>();
  let bookedTotal = 0;
  let bookableTotal = 0;
  const rows: ReportTable['rows'] = roomList.map((room) => {
    const confirmed = list.filter((b) => b.roomId === room.id && b.status === 'confirmed');
    const booked = confirmed.reduce((sum, b) => sum + overlapHours(b.startsAt, b.endsAt, period.startsAt, period.endsAt), 0);
    for (const b of confirmed) increment(byKind, b.kind, overlapHours(b.startsAt, b.endsAt, period.startsAt, period.endsAt));
    const bookable = bookableHours(room, placeDays.get(room.placeId), days);
    bookedTotal += booked;
    bookableTotal += bookable;
    return {
      label: { text: `${room.name} (${placeName.get(room.placeId) ?? ''})` },
      cells: [cell(round1(booked), 'hours'), cell(round1(bookable), 'hours'), percent(booked, bookable)],
    };
  });
  const declined = list.filter((b) => b.status === 'declined' && b.startsAt >= period.startsAt).length;
  const requests = list.filter((b) => b.startsAt >= period.startsAt).length;
  return {
    id: 'raeume',
    title: 'reports.section.rooms',
    figures: [
      {
        id: 'booked',
        label: 'reports.figure.bookedHours',
        value: cell(round1(bookedTotal), 'hours'),
        how: { key: 'reports.how.bookedHours', params: { rooms: roomList.length } },
      },
      { id: 'occupancy', label: 'reports.figure.occupancy', value: percent(bookedTotal, bookableTotal), how: { key: 'reports.how.occupancy' } },
      { id: 'declined', label: 'reports.figure.declined', value: cell(declined), how: { key: 'reports.how.declined', params: { requests } } },
    ],
    tables: [
      {
        id: 'raeume-raum',
        title: 'reports.table.roomUse',
        columns: ['reports.col.room', 'reports.col.bookedHours', 'reports.col.bookableHours', 'reports.col.occupancy'],
        rows,
        how: { key: 'reports.how.occupancy' },
      },
      {
        id: 'raeume-organisation',
        title: 'reports.table.roomUseByKind',
        columns: ['reports.col.organiserKind', 'reports.col.bookedHours'],
        rows: countedRows(new Map([...byKind].map(([k, v]) => [k, round1(v)])), 'hours', (kind) => ({ key: `admin.orgs.kind.${kind}` as MessageKey })),
        how: { key: 'reports.how.bookedHours', params: { rooms: roomList.length } },
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Volunteering
// ---------------------------------------------------------------------------------------------

export function volunteeringSection(db: Db, quartierId: number | null, period: ReportPeriod): ReportSection {
  const programmeFilter = quartierId === null ? undefined : eq(volunteerProgrammes.quartierId, quartierId);
  const applications = db
    .select({ status: volunteerApplications.status, createdAt: volunteerApplications.createdAt, endedAt: volunteerApplications.endedAt })
    .from(volunteerApplications)
    .innerJoin(volunteerProgrammes, eq(volunteerProgrammes.id, volunteerApplications.programmeId))
    .where(and(programmeFilter, lt(volunteerApplications.createdAt, period.endsAt)))
    .all();
  const received = applications.filter((a) => a.createdAt >= period.startsAt).length;
  const active = applications.filter(
    (a) => (a.status === 'aktiv' || a.status === 'pausiert' || a.status === 'beendet') && (a.endedAt === null || a.endedAt >= period.startsAt),
  ).length;
  const requestFilter = and(
    quartierId === null ? undefined : eq(helpRequests.quartierId, quartierId),
    gte(helpRequests.createdAt, period.startsAt),
    lt(helpRequests.createdAt, period.endsAt),
  );
  const requests = db
    .select({ id: helpRequests.id, status: helpRequests.status, createdAt: helpRequests.createdAt })
    .from(helpRequests)
    .where(requestFilter)
    .all();
  const firstMatch = firstTimes(
    db,
    volunteerMatches,
    volunteerMatches.helpRequestId,
    volunteerMatches.createdAt,
    db.select({ id: helpRequests.id }).from(helpRequests).where(requestFilter),
  );
  const matched = requests.filter((r) => firstMatch.has(r.id));
  const open = requests.filter((r) => r.status === 'neu' || r.status === 'in_klaerung').length;
  const daysToMatch = median(matched.map((r) => (firstMatch.get(r.id)! - r.createdAt.getTime()) / DAY_MS));
  return {
    id: 'ehrenamt',
    title: 'reports.section.volunteering',
    figures: [
      { id: 'active', label: 'reports.figure.activeVolunteers', value: cell(active, 'people'), how: { key: 'reports.how.activeVolunteers' } },
      { id: 'applications', label: 'reports.figure.applications', value: cell(received, 'people'), how: { key: 'reports.how.applications' } },
      { id: 'requests', label: 'reports.figure.helpRequests', value: cell(requests.length, 'people'), how: { key: 'reports.how.helpRequests' } },
      {
        id: 'matched',
        label: 'reports.figure.helpMatched',
        value: cell(matched.length, 'people'),
        how: { key: 'reports.how.helpMatched', params: { received: requests.length } },
      },
      { id: 'open', label: 'reports.figure.helpOpen', value: cell(open, 'people'), how: { key: 'reports.how.helpOpen' } },
      {
        id: 'timeToMatch',
        label: 'reports.figure.daysToMatch',
        value: cell(daysToMatch === null ? null : round1(daysToMatch), 'days'),
        how: { key: 'reports.how.daysToMatch', params: { matched: matched.length } },
      },
    ],
    tables: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Concerns and Quartiershelfer rounds
// ---------------------------------------------------------------------------------------------

const solvedStatuses = new Set(['erledigt', 'selbst_beseitigt']);

export function concernsSection(db: Db, quartierId: number | null, period: ReportPeriod, now: Date): ReportSection {
  const concernFilter = and(
    quartierId === null ? undefined : eq(concerns.quartierId, quartierId),
    gte(concerns.createdAt, period.startsAt),
    lt(concerns.createdAt, period.endsAt),
  );
  const list = db
    .select({
      id: concerns.id,
      status: concerns.status,
      createdAt: concerns.createdAt,
      forwardedAt: concerns.forwardedAt,
      category: concernCategories.name,
    })
    .from(concerns)
    .innerJoin(concernCategories, eq(concernCategories.id, concerns.categoryId))
    .where(concernFilter)
    .all();
  const ids = db.select({ id: concerns.id }).from(concerns).where(concernFilter);
  const firstAnswer = firstTimes(db, concernEvents, concernEvents.concernId, concernEvents.at, ids, eq(concernEvents.kind, 'answer'));
  // A forwarding is normally on the concern itself; the timeline is only asked about those without one, which keeps a
  // city-wide year (some 15,000 forwardings) from reading every timeline twice.
  const notMarkedForwarded = db
    .select({ id: concerns.id })
    .from(concerns)
    .where(and(concernFilter, isNull(concerns.forwardedAt)));
  const forwardedIds = firstTimes(db, concernEvents, concernEvents.concernId, concernEvents.at, notMarkedForwarded, eq(concernEvents.kind, 'forwarded'));
  // A duplicate is the same matter reported again: it is counted as received, its outcome is its original's.
  const counted = list.filter((c) => c.status !== 'dublette');
  const forwarded = counted.filter((c) => c.forwardedAt !== null || forwardedIds.has(c.id)).length;
  const answered = counted.filter((c) => firstAnswer.has(c.id));
  const daysToAnswer = median(answered.map((c) => (firstAnswer.get(c.id)! - c.createdAt.getTime()) / DAY_MS));
  const solved = counted.filter((c) => solvedStatuses.has(c.status)).length;
  const notGranted = counted.filter((c) => c.status === 'nicht_entsprochen').length;
  const open = counted.length - solved - notGranted;
  const overdue = countWork(db, quartierId === null ? 'all' : [quartierId], now, quartierId ?? undefined).ueberfaellig;
  const byCategory = new Map<string, number>();
  for (const c of counted) increment(byCategory, c.category);

  const routeFilter = quartierId === null ? undefined : eq(helperRoutes.quartierId, quartierId);
  const roundList = db
    .select({ id: helperRounds.id })
    .from(helperRounds)
    .innerJoin(helperRoutes, eq(helperRoutes.id, helperRounds.routeId))
    .where(and(routeFilter, gte(helperRounds.walkedOn, period.from), lte(helperRounds.walkedOn, period.to)))
    .all();
  const findings =
    roundList.length === 0
      ? []
      : db
          .select({ category: helperFindings.category, outcome: helperFindings.outcome })
          .from(helperFindings)
          .where(
            inArray(
              helperFindings.roundId,
              roundList.map((r) => r.id),
            ),
          )
          .all();
  const findingRows = (['abfall', 'gruen', 'strasse', 'sonstiges'] as const).map((category) => ({
    label: { key: `rounds.category.${category}` as MessageKey },
    cells: [
      cell(findings.filter((f) => f.category === category && f.outcome === 'selbst_beseitigt').length),
      cell(findings.filter((f) => f.category === category && f.outcome === 'weitergegeben').length),
    ],
  }));
  return {
    id: 'anliegen',
    title: 'reports.section.concerns',
    figures: [
      {
        id: 'received',
        label: 'reports.figure.concernsReceived',
        value: cell(list.length),
        how: { key: 'reports.how.concernsReceived', params: { duplicates: list.length - counted.length } },
      },
      { id: 'forwarded', label: 'reports.figure.concernsForwarded', value: cell(forwarded), how: { key: 'reports.how.concernsForwarded' } },
      { id: 'answered', label: 'reports.figure.concernsAnswered', value: cell(answered.length), how: { key: 'reports.how.concernsAnswered' } },
      {
        id: 'timeToAnswer',
        label: 'reports.figure.daysToAnswer',
        value: cell(daysToAnswer === null ? null : round1(daysToAnswer), 'days'),
        how: { key: 'reports.how.daysToAnswer', params: { answered: answered.length } },
      },
      {
        id: 'solved',
        label: 'reports.figure.shareSolved',
        value: percent(solved, counted.length),
        how: { key: 'reports.how.share', params: { part: solved, whole: counted.length } },
      },
      {
        id: 'notGranted',
        label: 'reports.figure.shareNotGranted',
        value: percent(notGranted, counted.length),
        how: { key: 'reports.how.share', params: { part: notGranted, whole: counted.length } },
      },
      {
        id: 'open',
        label: 'reports.figure.shareOpen',
        value: percent(open, counted.length),
        how: { key: 'reports.how.share', params: { part: open, whole: counted.length } },
      },
      { id: 'overdue', label: 'reports.figure.overdueNow', value: cell(overdue), how: { key: 'reports.how.overdueNow' } },
      {
        id: 'rounds',
        label: 'reports.figure.rounds',
        value: cell(roundList.length),
        how: { key: 'reports.how.rounds', params: { findings: findings.length } },
      },
    ],
    tables: [
      {
        id: 'anliegen-monat',
        title: 'reports.table.concernsPerMonth',
        columns: ['reports.col.month', 'reports.col.concerns'],
        rows: perMonthRows(
          period,
          list.map((c) => c.createdAt),
        ),
        how: { key: 'reports.how.concernsReceived', params: { duplicates: list.length - counted.length } },
        chart: 'bars',
      },
      {
        id: 'anliegen-ergebnis',
        title: 'reports.table.concernOutcomes',
        columns: ['reports.col.outcome', 'reports.col.concerns'],
        rows: [
          { label: { key: 'reports.outcome.solved' }, cells: [cell(solved)] },
          { label: { key: 'reports.outcome.notGranted' }, cells: [cell(notGranted)] },
          { label: { key: 'reports.outcome.open' }, cells: [cell(open)] },
        ],
        how: { key: 'reports.how.outcomes' },
        chart: 'bars',
      },
      {
        id: 'anliegen-kategorie',
        title: 'reports.table.concernsByCategory',
        columns: ['reports.col.category', 'reports.col.concerns'],
        rows: countedRows(byCategory),
        how: { key: 'reports.how.outcomes' },
      },
      {
        id: 'runden-befunde',
        title: 'reports.table.findings',
        columns: ['reports.col.category', 'rounds.outcome.selbst_beseitigt', 'rounds.outcome.weitergegeben'],
        rows: findingRows,
        how: { key: 'reports.how.rounds', params: { findings: findings.length } },
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// The directory of actors and offers
// ---------------------------------------------------------------------------------------------

export function offersSection(db: Db, quartierId: number | null, now: Date): ReportSection {
  const yearAgo = DateTime.fromJSDate(now).minus({ months: 12 }).toJSDate();
  const actorList = db
    .select({ checkedAt: actors.checkedAt })
    .from(actors)
    .where(
      quartierId === null
        ? undefined
        : inArray(actors.id, db.select({ id: actorQuartiere.actorId }).from(actorQuartiere).where(eq(actorQuartiere.quartierId, quartierId))),
    )
    .all();
  const offerList = db
    .select({ checkedAt: offers.checkedAt })
    .from(offers)
    .where(and(eq(offers.status, 'published'), quartierId === null ? undefined : eq(offers.quartierId, quartierId)))
    .all();
  const actorsConfirmed = actorList.filter((a) => a.checkedAt >= yearAgo).length;
  const offersConfirmed = offerList.filter((o) => o.checkedAt >= yearAgo).length;
  return {
    id: 'angebote',
    title: 'reports.section.offers',
    figures: [
      { id: 'actors', label: 'reports.figure.actors', value: cell(actorList.length), how: { key: 'reports.how.actors' } },
      { id: 'offers', label: 'reports.figure.offers', value: cell(offerList.length), how: { key: 'reports.how.offers' } },
      {
        id: 'actorsConfirmed',
        label: 'reports.figure.actorsConfirmed',
        value: percent(actorsConfirmed, actorList.length),
        how: { key: 'reports.how.confirmed', params: { part: actorsConfirmed, whole: actorList.length } },
      },
      {
        id: 'offersConfirmed',
        label: 'reports.figure.offersConfirmed',
        value: percent(offersConfirmed, offerList.length),
        how: { key: 'reports.how.confirmed', params: { part: offersConfirmed, whole: offerList.length } },
      },
    ],
    tables: [],
  };
}

/** The report's own sections in their order, by id, so that one of them can be computed alone (a public highlight). */
export const reportSections: { id: string; compute: (db: Db, quartierId: number | null, period: ReportPeriod, now: Date) => ReportSection }[] = [
  { id: 'veranstaltungen', compute: eventsSection },
  { id: 'treffs', compute: (db, id, period) => openingHoursSection(db, id, period) },
  { id: 'raeume', compute: (db, id, period) => roomsSection(db, id, period) },
  { id: 'ehrenamt', compute: (db, id, period) => volunteeringSection(db, id, period) },
  { id: 'anliegen', compute: concernsSection },
  { id: 'angebote', compute: (db, id, _period, now) => offersSection(db, id, now) },
];

/** The figures of one period without a permission check: for tests and the benchmark, and behind `buildReport`. */
export function computeReport(db: Db, quartier: Quartier | null, period: ReportPeriod, now: Date, extra: ExtraSection[] = []): QuartierReport {
  const sections = reportSections.map((section) => section.compute(db, quartier?.id ?? null, period, now));
  for (const section of extra) {
    const computed = section(db, quartier, period);
    if (computed) sections.push(computed);
  }
  return { period, quartier, generatedAt: now, sections };
}

/**
 * The report the user asked for: the period and Quartier are checked (bad input → 'invalid' with the field), then who
 * may read it (staff of the Quartier; the city-wide report and every Quartier for admins → otherwise 'forbidden').
 */
export function buildReport(
  db: Db,
  user: Actor | null | undefined,
  request: ReportRequest,
  now: Date = new Date(),
  extra: ExtraSection[] = [],
): QuartierReport {
  const problems: Problem[] = [];
  let period: ReportPeriod | null = null;
  let quartier: Quartier | null = null;
  try {
    period = resolvePeriod(request, now);
  } catch (error) {
    if (!(error instanceof DomainError) || error.kind !== 'invalid') throw error;
    problems.push(...error.problems);
  }
  try {
    quartier = resolveReportQuartier(db, user, request.quartier);
  } catch (error) {
    if (!(error instanceof DomainError) || error.kind !== 'invalid') throw error;
    problems.push(...error.problems);
  }
  if (problems.length > 0 || !period) throw new DomainError('invalid', problems);
  return computeReport(db, quartier, period, now, extra);
}
