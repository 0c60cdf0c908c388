/**
 * Event dates at a time their place is closed (places/closed-times.ts decides): the warning staff see before a
 * save, and, once they save anyway, the record that these dates are held on purpose (`recordKeeps`, the same
 * record the conflict list's "keep" writes). So the public pages mark them "findet trotz Schließzeit statt" and
 * the place's conflict list shows them as kept instead of asking again.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { eventExceptions, type Event, type EventException } from '../../../../db/schema';
import type { Locale } from '../../../i18n';
import type { Actor } from '../auth/permissions';
import { requireConfirmedWarnings } from '../errors';
import { keptDatesOf, recordKeeps, releaseKeeps } from '../places/closure-keeps';
import { describeClosedTimes, findClosedTimes, type PlannedTime } from '../places/closed-times';
import { expandOccurrences, expansionHorizon, InvalidRecurrenceError, type ExpansionCache } from './occurrences';

/** What a staff save passes to be checked: the confirmation "Trotzdem speichern" sent, and the reader's language. */
export interface ClosedTimesCheck {
  confirmation: string | null | undefined;
  locale: Locale;
}

/** The outcome of a passed check, for `keepClosedDates` after the write. */
export interface CheckedDates {
  /** The dates looked at (original local starts). */
  checked: string[];
  /** Those at a closed time of their place. */
  closed: string[];
  /** The rule's expansion, for the save to write the occurrences from (one expansion per save). */
  expansions: ExpansionCache;
}

type Schedule = Pick<Event, 'startLocal' | 'endLocal' | 'allDay' | 'rrule' | 'placeId'>;
type ExceptionShape = Pick<EventException, 'id' | 'recurrenceLocal' | 'kind' | 'startLocal' | 'endLocal' | 'placeId'>;

/**
 * The scheduled dates of an event as it would be saved, with its stored exceptions (and `override`, the one being
 * written) applied. A date moved by an exception without a place of its own stays at the event's place, as the
 * listings show it.
 */
function plannedDates(db: Db, eventId: number | null, schedule: Schedule, now: Date, expansions: ExpansionCache, override?: ExceptionShape): PlannedTime[] {
  const stored: ExceptionShape[] = eventId === null ? [] : db.select().from(eventExceptions).where(eq(eventExceptions.eventId, eventId)).all();
  const exceptions = override ? [...stored.filter((e) => e.recurrenceLocal !== override.recurrenceLocal), override] : stored;
  const placeOf = new Map(exceptions.map((e) => [e.recurrenceLocal, e.placeId]));
  let expanded;
  try {
    expanded = expandOccurrences(schedule, exceptions, expansionHorizon(now), expansions);
  } catch (error) {
    // A rule that yields nothing is reported by the save itself.
    if (error instanceof InvalidRecurrenceError) return [];
    throw error;
  }
  return expanded.flatMap((o) => {
    const placeId = placeOf.get(o.recurrenceLocal) ?? schedule.placeId;
    if (o.status !== 'scheduled' || placeId === null) return [];
    return [{ placeId, startsAt: o.startsAt, endsAt: o.endsAt, allDay: schedule.allDay, key: o.recurrenceLocal }];
  });
}

/**
 * Checks the event's upcoming dates (only the `moved` one when one occurrence is moved) against their place's hours.
 * Dates already kept are not asked about again. Throws `UnconfirmedWarningsError` unless the form confirmed exactly
 * the warnings the other dates give; otherwise returns what `keepClosedDates` records after the write.
 */
export function checkClosedDates(db: Db, eventId: number | null, schedule: Schedule, check: ClosedTimesCheck, now: Date, moved?: ExceptionShape): CheckedDates {
  const expansions: ExpansionCache = new Map();
  const planned = plannedDates(db, eventId, schedule, now, expansions, moved).filter((p) => !moved || p.key === moved.recurrenceLocal);
  const closed = findClosedTimes(db, planned, now);
  const kept = keptDatesOf(db, eventId);
  const asked = closed.filter((c) => !kept.has(c.planned.key));
  requireConfirmedWarnings(describeClosedTimes(db, asked, check.locale), check.confirmation);
  return { checked: planned.filter((p) => p.endsAt > now).map((p) => p.key), closed: closed.map((c) => c.planned.key), expansions };
}

/**
 * After a save that passed `checkClosedDates`: its closed dates are kept (staff saw them and saved anyway), and a
 * kept date that is no longer at a closed time (moved to another hour or place) loses the mark. Call inside the
 * save's transaction.
 */
export function keepClosedDates(db: Db, actor: Actor, eventId: number, dates: CheckedDates, quartierId: number | null, now: Date): void {
  const closed = new Set(dates.closed);
  releaseKeeps(
    db,
    eventId,
    dates.checked.filter((d) => !closed.has(d)),
  );
  recordKeeps(db, actor, eventId, [...closed], { quartierId, now });
}
