/**
 * Expansion of events into occurrences. Series are stored as an RRULE in Berlin local time; each occurrence
 * keeps its wall-clock time across daylight-saving changes. Per-occurrence exceptions (cancelled, moved)
 * are applied on top. The result is kept in `event_occurrences`, which lists and feeds read.
 */
import { and, eq, notInArray } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { RRuleTemporal } from 'rrule-temporal';
import type { Db } from '../db';
import { eventExceptions, eventOccurrences, events, type Event, type EventException } from '../../../../db/schema';
import { ZONE } from '../../time';

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

function parseLocal(local: string): DateTime {
  const dt = DateTime.fromISO(local, { zone: ZONE });
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
    const local = DateTime.fromMillis(zdt.epochMilliseconds, { zone: ZONE });
    starts.push(formatLocal(local, schedule.allDay));
  }
  return starts;
}

/** Occurrences of an event with its exceptions applied, up to `until`. */
export function expandOccurrences(schedule: Schedule, exceptions: Exception[], until: Date): ExpandedOccurrence[] {
  const first = parseLocal(schedule.startLocal);
  // All-day events last whole calendar days (a day may have 23 or 25 hours); timed ones a fixed time span.
  const duration = schedule.allDay ? endInstant(schedule.endLocal, true).diff(first.startOf('day'), 'days') : endInstant(schedule.endLocal, false).diff(first);
  const byRecurrence = new Map(exceptions.map((e) => [e.recurrenceLocal, e]));
  return expandStarts(schedule, until).map((recurrenceLocal) => {
    const exception = byRecurrence.get(recurrenceLocal);
    let start = parseLocal(recurrenceLocal);
    let end = start.plus(duration);
    if (exception?.kind === 'changed') {
      if (exception.startLocal) start = parseLocal(exception.startLocal);
      end = exception.endLocal ? endInstant(exception.endLocal, schedule.allDay) : start.plus(duration);
    }
    return {
      recurrenceLocal,
      startsAt: start.toJSDate(),
      endsAt: end.toJSDate(),
      status: exception?.kind === 'cancelled' ? 'cancelled' : 'scheduled',
      exceptionId: exception?.id ?? null,
    };
  });
}

export function expansionHorizon(now: Date = new Date()): Date {
  return DateTime.fromJSDate(now).plus({ months: EXPANSION_HORIZON_MONTHS }).toJSDate();
}

/**
 * Brings `event_occurrences` of one event in line with the event and its exceptions. Existing rows keep their
 * ids (registrations point at them); occurrences that no longer exist are removed. Also keeps the event's
 * first/last instants current for range queries. Call inside the transaction that changed the event.
 */
function sameOccurrence(stored: ExpandedOccurrence, expanded: ExpandedOccurrence): boolean {
  return (
    stored.startsAt.getTime() === expanded.startsAt.getTime() &&
    stored.endsAt.getTime() === expanded.endsAt.getTime() &&
    stored.status === expanded.status &&
    stored.exceptionId === expanded.exceptionId
  );
}

/**
 * Brings the stored occurrences of an event in line with its rule, exceptions and the horizon. Only rows
 * that differ are written: the horizon job runs over every series, and a write that changes nothing would
 * still cost time and make every cached public page look outdated.
 */
export function syncOccurrences(db: Db, eventId: number, now: Date = new Date()): ExpandedOccurrence[] {
  const event = db.select().from(events).where(eq(events.id, eventId)).get();
  if (!event) return [];
  const exceptions = db.select().from(eventExceptions).where(eq(eventExceptions.eventId, eventId)).all();
  const expanded = expandOccurrences(event, exceptions, expansionHorizon(now));
  if (expanded.length === 0) throw new InvalidRecurrenceError('The rule yields no occurrence.');
  const stored = new Map(
    db
      .select({
        recurrenceLocal: eventOccurrences.recurrenceLocal,
        startsAt: eventOccurrences.startsAt,
        endsAt: eventOccurrences.endsAt,
        status: eventOccurrences.status,
        exceptionId: eventOccurrences.exceptionId,
      })
      .from(eventOccurrences)
      .where(eq(eventOccurrences.eventId, eventId))
      .all()
      .map((row) => [row.recurrenceLocal, row as ExpandedOccurrence]),
  );
  for (const occurrence of expanded) {
    const current = stored.get(occurrence.recurrenceLocal);
    if (current && sameOccurrence(current, occurrence)) continue;
    db.insert(eventOccurrences)
      .values({ eventId, ...occurrence })
      .onConflictDoUpdate({
        target: [eventOccurrences.eventId, eventOccurrences.recurrenceLocal],
        set: {
          startsAt: occurrence.startsAt,
          endsAt: occurrence.endsAt,
          status: occurrence.status,
          exceptionId: occurrence.exceptionId,
        },
      })
      .run();
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
    db.update(events).set({ firstStartsAt, lastEndsAt, updatedAt: event.updatedAt }).where(eq(events.id, eventId)).run();
  }
  return expanded;
}
