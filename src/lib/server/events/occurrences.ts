/**
 * Expansion of events into occurrences. Series are stored as an RRULE in Berlin local time; each occurrence
 * keeps its wall-clock time across daylight-saving changes. Per-occurrence exceptions (cancelled, moved)
 * are applied on top. The result is kept in `event_occurrences`, which lists and feeds read.
 */
import { and, eq, notInArray, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { RRuleTemporal } from 'rrule-temporal';
import type { Db } from '../db';
import { eventExceptions, eventOccurrences, events, type Event, type EventException } from '../../../../db/schema';
import { berlinZone, ZONE } from '../../time';

/** How far ahead open-ended series are expanded; a daily refresh moves the window on. */
export const EXPANSION_HORIZON_MONTHS = 18;

/** Upper bound on occurrences per event, so a mistaken FREQ=DAILY without end cannot flood the table. */
export const MAX_OCCURRENCES = 1000;

export class InvalidRecurrenceError extends Error {
  override name = 'InvalidRecurrenceError';
}

export interface ExpandedOccurrence {
  /** Original local start (`YYYY-MM-DDTHH:MM`, or `YYYY-MM-DD` for all-day): the RECURRENCE-ID. */
  recurrenceLocal: string;
  startsAt: Date;
  endsAt: Date;
  status: 'scheduled' | 'cancelled';
  exceptionId: number | null;
}

type Schedule = Pick<Event, 'startLocal' | 'endLocal' | 'allDay' | 'rrule'>;
type Exception = Pick<EventException, 'id' | 'recurrenceLocal' | 'kind' | 'startLocal' | 'endLocal'>;

/**
 * Expansions of schedules without exceptions, by schedule and horizon, for work that expands the same series more
 * than once (a calendar import plans each series against the portal's rule, then writes its occurrences). The
 * expansion is a function of exactly the key, so a hit is the same result; keep one per run, not forever.
 */
export type ExpansionCache = Map<string, readonly ExpandedOccurrence[]>;

function parseLocal(local: string): DateTime {
  const dt = DateTime.fromISO(local, { zone: berlinZone });
  if (!dt.isValid) throw new InvalidRecurrenceError(`Invalid local date-time: ${local}`);
  return dt;
}

function formatLocal(dt: DateTime, allDay: boolean): string {
  return allDay ? dt.toFormat('yyyy-LL-dd') : dt.toFormat("yyyy-LL-dd'T'HH:mm");
}

/** All-day events end at the start of the day after their last day (exclusive), as iCal DTEND does. */
function endInstant(local: string, allDay: boolean): DateTime {
  const dt = parseLocal(local);
  return allDay ? dt.startOf('day').plus({ days: 1 }) : dt;
}

/** Local start dates of a series (or the single start), up to `until`. */
export function expandStarts(schedule: Schedule, until: Date): string[] {
  const start = parseLocal(schedule.startLocal);
  if (!schedule.rrule) return [formatLocal(start, schedule.allDay)];
  const dtstart = schedule.allDay ? `DTSTART;VALUE=DATE:${start.toFormat('yyyyLLdd')}` : `DTSTART;TZID=${ZONE}:${start.toFormat("yyyyLLdd'T'HHmmss")}`;
  let rule: RRuleTemporal;
  try {
    rule = new RRuleTemporal({ rruleString: `${dtstart}\nRRULE:${schedule.rrule}` });
  } catch (error) {
    throw new InvalidRecurrenceError(`Invalid RRULE "${schedule.rrule}": ${(error as Error).message}`);
  }
  const untilMs = until.getTime();
  const starts: string[] = [];
  for (const zdt of rule.all((date, index) => index < MAX_OCCURRENCES && date.epochMilliseconds <= untilMs)) {
    const local = DateTime.fromMillis(zdt.epochMilliseconds, { zone: berlinZone });
    starts.push(formatLocal(local, schedule.allDay));
  }
  return starts;
}

/** How long each occurrence lasts: whole calendar days for all-day events (a day may have 23 or 25 hours), else a fixed span. */
function durationOf(schedule: Schedule) {
  const first = parseLocal(schedule.startLocal);
  return schedule.allDay ? endInstant(schedule.endLocal, true).diff(first.startOf('day'), 'days') : endInstant(schedule.endLocal, false).diff(first);
}

/** The occurrences of a schedule as its rule gives them, before exceptions. */
function expandSchedule(schedule: Schedule, until: Date, cache?: ExpansionCache): readonly ExpandedOccurrence[] {
  const key = `${schedule.startLocal}|${schedule.endLocal}|${schedule.allDay}|${schedule.rrule ?? ''}|${until.getTime()}`;
  const cached = cache?.get(key);
  if (cached) return cached;
  const duration = durationOf(schedule);
  const expanded = expandStarts(schedule, until).map((recurrenceLocal): ExpandedOccurrence => {
    const start = parseLocal(recurrenceLocal);
    return { recurrenceLocal, startsAt: start.toJSDate(), endsAt: start.plus(duration).toJSDate(), status: 'scheduled', exceptionId: null };
  });
  cache?.set(key, expanded);
  return expanded;
}

/**
 * Occurrences of an event with its exceptions applied, up to `until`. An occurrence without exception is the rule's
 * own; a cancelled one keeps its times; a changed one gets the exception's times (or its own start plus the
 * event's duration where the exception leaves one out).
 */
export function expandOccurrences(schedule: Schedule, exceptions: Exception[], until: Date, cache?: ExpansionCache): ExpandedOccurrence[] {
  const byRecurrence = new Map(exceptions.map((e) => [e.recurrenceLocal, e]));
  let duration: ReturnType<typeof durationOf> | undefined;
  return expandSchedule(schedule, until, cache).map((occurrence) => {
    const exception = byRecurrence.get(occurrence.recurrenceLocal);
    if (!exception) return { ...occurrence };
    if (exception.kind === 'cancelled') return { ...occurrence, status: 'cancelled', exceptionId: exception.id };
    duration ??= durationOf(schedule);
    const start = exception.startLocal ? parseLocal(exception.startLocal) : parseLocal(occurrence.recurrenceLocal);
    const end = exception.endLocal ? endInstant(exception.endLocal, schedule.allDay) : start.plus(duration);
    return { ...occurrence, startsAt: start.toJSDate(), endsAt: end.toJSDate(), exceptionId: exception.id };
  });
}

export function expansionHorizon(now: Date = new Date()): Date {
  return DateTime.fromJSDate(now).plus({ months: EXPANSION_HORIZON_MONTHS }).toJSDate();
}

function sameOccurrence(stored: ExpandedOccurrence, expanded: ExpandedOccurrence): boolean {
  return (
    stored.startsAt.getTime() === expanded.startsAt.getTime() &&
    stored.endsAt.getTime() === expanded.endsAt.getTime() &&
    stored.status === expanded.status &&
    stored.exceptionId === expanded.exceptionId
  );
}

/** The statements of an occurrence sync, prepared once per writer: an import syncs thousands of events in one run. */
function prepareStatements(db: Db) {
  const eventId = sql.placeholder('eventId');
  return {
    event: db.select().from(events).where(eq(events.id, eventId)).prepare(),
    exceptions: db.select().from(eventExceptions).where(eq(eventExceptions.eventId, eventId)).prepare(),
    stored: db
      .select({
        recurrenceLocal: eventOccurrences.recurrenceLocal,
        startsAt: eventOccurrences.startsAt,
        endsAt: eventOccurrences.endsAt,
        status: eventOccurrences.status,
        exceptionId: eventOccurrences.exceptionId,
      })
      .from(eventOccurrences)
      .where(eq(eventOccurrences.eventId, eventId))
      .prepare(),
    upsert: db
      .insert(eventOccurrences)
      .values({
        eventId,
        recurrenceLocal: sql.placeholder('recurrenceLocal'),
        startsAt: sql.placeholder('startsAt'),
        endsAt: sql.placeholder('endsAt'),
        status: sql.placeholder('status'),
        exceptionId: sql.placeholder('exceptionId'),
      })
      .onConflictDoUpdate({
        target: [eventOccurrences.eventId, eventOccurrences.recurrenceLocal],
        set: { startsAt: sql`excluded.starts_at`, endsAt: sql`excluded.ends_at`, status: sql`excluded.status`, exceptionId: sql`excluded.exception_id` },
      })
      .prepare(),
    // Raw placeholders (epoch milliseconds): drizzle's timestamp encoder does not take the null of an open series.
    bounds: db
      .update(events)
      .set({
        firstStartsAt: sql`${sql.placeholder('firstStartsAt')}`,
        lastEndsAt: sql`${sql.placeholder('lastEndsAt')}`,
        updatedAt: sql`${sql.placeholder('updatedAt')}`,
      })
      .where(eq(events.id, eventId))
      .prepare(),
  };
}

export interface OccurrenceWriter {
  /** Brings the stored occurrences of one event in line (see `syncOccurrences`). */
  sync(eventId: number, now?: Date): ExpandedOccurrence[];
}

/**
 * A writer for many occurrence syncs on one connection or transaction, with its statements prepared once and the
 * expansions of `cache` reused (a calendar import passes the cache its mapping step filled).
 */
export function occurrenceWriter(db: Db, cache: ExpansionCache = new Map()): OccurrenceWriter {
  let statements: ReturnType<typeof prepareStatements> | undefined;
  return {
    sync(eventId, now = new Date()) {
      statements ??= prepareStatements(db);
      const event = statements.event.get({ eventId });
      if (!event) return [];
      const exceptions = statements.exceptions.all({ eventId });
      const expanded = expandOccurrences(event, exceptions, expansionHorizon(now), cache);
      if (expanded.length === 0) throw new InvalidRecurrenceError('The rule yields no occurrence.');
      const stored = new Map(statements.stored.all({ eventId }).map((row) => [row.recurrenceLocal, row as ExpandedOccurrence]));
      for (const occurrence of expanded) {
        const current = stored.get(occurrence.recurrenceLocal);
        if (current && sameOccurrence(current, occurrence)) continue;
        statements.upsert.run({ eventId, ...occurrence });
      }
      const keep = new Set(expanded.map((o) => o.recurrenceLocal));
      if ([...stored.keys()].some((local) => !keep.has(local))) {
        db.delete(eventOccurrences)
          .where(and(eq(eventOccurrences.eventId, eventId), notInArray(eventOccurrences.recurrenceLocal, [...keep])))
          .run();
      }
      const firstStartsAt = new Date(Math.min(...expanded.map((o) => o.startsAt.getTime())));
      const hasEnd = !event.rrule || /(?:^|;)(UNTIL|COUNT)=/.test(event.rrule);
      const lastEndsAt = hasEnd ? new Date(Math.max(...expanded.map((o) => o.endsAt.getTime()))) : null;
      if (event.firstStartsAt.getTime() !== firstStartsAt.getTime() || (event.lastEndsAt?.getTime() ?? null) !== (lastEndsAt?.getTime() ?? null)) {
        statements.bounds.run({
          eventId,
          firstStartsAt: firstStartsAt.getTime(),
          lastEndsAt: lastEndsAt?.getTime() ?? null,
          updatedAt: event.updatedAt.getTime(),
        });
      }
      return expanded;
    },
  };
}

/**
 * Brings the stored occurrences of an event in line with its rule, exceptions and the horizon. Existing rows keep
 * their ids (registrations point at them); occurrences that no longer exist are removed. Also keeps the event's
 * first/last instants current for range queries. Only rows that differ are written: the horizon job runs over
 * every series, and a write that changes nothing would still cost time and make every cached public page look
 * outdated. Call inside the transaction that changed the event. `expansions` hands over what a check before the
 * save expanded already (the closed-times warning), so a save expands its rule once.
 */
export function syncOccurrences(db: Db, eventId: number, now: Date = new Date(), expansions?: ExpansionCache): ExpandedOccurrence[] {
  return occurrenceWriter(db, expansions).sync(eventId, now);
}
