/**
 * iCalendar feeds (RFC 5545) through ical-generator: the city-wide and filtered `/kalender.ics`, one event's
 * .ics and one occurrence's .ics.
 *
 * - Times go out as `DTSTART;TZID=Europe/Berlin` with a VTIMEZONE block. ical-generator formats a plain JS
 *   Date in the process's zone (UTC on servers), so every time is handed over as a Luxon DateTime already in
 *   Europe/Berlin, with the event's `timezone` set.
 * - No calendar-level time zone is set: ical-generator would then print DTSTAMP as local time without "Z",
 *   which RFC 5545 forbids. The VTIMEZONE block (timezones-ical-library) is inserted into the text instead.
 * - A series is one VEVENT with its RRULE; each changed or cancelled occurrence is a further VEVENT with the
 *   same UID and a RECURRENCE-ID. Cancelled ones keep STATUS:CANCELLED and a "Fällt aus" title so that they
 *   stay visible (and understandable) in apps that ignore the status.
 * - DESCRIPTION is plain text ending with the event's link, because calendar apps do not show URL.
 */
import { and, eq, gte, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import ical, { ICalCalendarMethod, ICalEventStatus, type ICalCalendar, type ICalEventData } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { Db } from '../db';
import {
  categories,
  eventCategories,
  eventExceptions,
  eventOccurrences,
  events,
  places,
  type Event,
  type EventException,
  type Place,
} from '../../../../db/schema';
import { berlinZone, ZONE } from '../../time';
import { eventPath, occurrencePath } from '../../paths';
import { eventFilterConditions } from '../events/listing';
import type { ResolvedEventFilter } from '../events/filters';

/** How long subscribed calendars wait before asking again (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
export const REFRESH_INTERVAL_SECONDS = 3600;
/** Finished events stay in the feed this long, so last week's entries do not vanish from people's calendars. */
export const FEED_HISTORY_DAYS = 90;

export const CANCELLED_PREFIX = 'Fällt aus: ';

export interface FeedOptions {
  publicUrl: string;
  siteName: string;
  /** Calendar name shown in the app (X-WR-CALNAME). */
  name: string;
  description?: string;
  now: Date;
}

type FeedEvent = Event & { place: Place | null; categoryNames: string[] };
type FeedException = EventException & { place: Place | null; startsAt: Date; endsAt: Date };

let vtimezone: string | undefined;
function berlinVtimezone(): string {
  vtimezone ??= (tzlib_get_ical_block(ZONE)[0] ?? '').replace(/\r?\n/g, '\r\n').trim();
  return vtimezone;
}

function zoned(local: string): DateTime {
  return DateTime.fromISO(local, { zone: berlinZone });
}

function toBerlin(instant: Date): DateTime {
  return DateTime.fromJSDate(instant, { zone: berlinZone });
}

function placeText(place: Place | null, name: string | null, address: string | null): string | null {
  if (place) return `${place.name}, ${place.street}, ${place.postalCode} ${place.city}`;
  if (name && address && address !== name) return `${name}, ${address}`;
  return name ?? address ?? null;
}

function describe(parts: (string | null | undefined | false)[], link: string): string {
  return [...parts.filter((p): p is string => Boolean(p && p.trim())), `Mehr Informationen: ${link}`].join('\n\n');
}

function costLine(event: Event): string | null {
  if (event.cost) return `Kosten: ${event.cost}`;
  return event.isFree ? 'Kosten: kostenlos' : null;
}

/** The master VEVENT of an event (with RRULE for a series). */
function masterEvent(event: FeedEvent, publicUrl: string): ICalEventData {
  const url = publicUrl + eventPath({ eventId: event.id, slug: event.slug });
  const cancelled = event.status === 'cancelled';
  const start = zoned(event.startLocal);
  const end = event.allDay ? zoned(event.endLocal).plus({ days: 1 }) : zoned(event.endLocal);
  const data: ICalEventData = {
    id: event.uid,
    sequence: event.sequence,
    stamp: event.updatedAt,
    created: event.createdAt,
    lastModified: event.updatedAt,
    start,
    end,
    allDay: event.allDay,
    timezone: event.allDay ? null : ZONE,
    summary: cancelled ? CANCELLED_PREFIX + event.title : event.title,
    description: describe(
      [cancelled && event.statusNote, event.description, costLine(event), event.organiserName && `Veranstalter: ${event.organiserName}`],
      url,
    ),
    location: placeText(event.place, event.locationName, event.locationAddress),
    url,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    categories: event.categoryNames.map((name) => ({ name })),
  };
  if (event.rrule) data.repeating = `RRULE:${event.rrule.replace(/^RRULE:/, '')}`;
  return data;
}

/** A VEVENT overriding one occurrence of a series (moved, changed or cancelled). */
function overrideEvent(event: FeedEvent, exception: FeedException, publicUrl: string): ICalEventData {
  const url = publicUrl + occurrencePath({ eventId: event.id, slug: event.slug, recurrenceLocal: exception.recurrenceLocal });
  const cancelled = exception.kind === 'cancelled' || event.status === 'cancelled';
  const title = exception.title ?? event.title;
  const moved = exception.place !== null || exception.locationName !== null;
  return {
    id: event.uid,
    sequence: event.sequence + exception.sequence,
    stamp: exception.updatedAt > event.updatedAt ? exception.updatedAt : event.updatedAt,
    lastModified: exception.updatedAt,
    recurrenceId: zoned(exception.recurrenceLocal),
    start: toBerlin(exception.startsAt),
    end: toBerlin(exception.endsAt),
    allDay: event.allDay,
    timezone: event.allDay ? null : ZONE,
    summary: cancelled ? CANCELLED_PREFIX + title : title,
    description: describe([exception.note, event.description, costLine(event)], url),
    location: moved ? placeText(exception.place, exception.locationName, null) : placeText(event.place, event.locationName, event.locationAddress),
    url,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    categories: event.categoryNames.map((name) => ({ name })),
  };
}

function newCalendar(options: FeedOptions): ICalCalendar {
  const calendar = ical({
    name: options.name,
    description: options.description ?? null,
    prodId: { company: options.siteName, product: 'Quartiersportal', language: 'DE' },
    method: ICalCalendarMethod.PUBLISH,
    ttl: REFRESH_INTERVAL_SECONDS,
    url: options.publicUrl,
  });
  return calendar;
}

/**
 * The calendar as text, with X-WR-TIMEZONE and the Europe/Berlin VTIMEZONE between the calendar properties
 * and the first component (ical-generator would append X- properties after the events, where RFC 5545
 * allows no calendar property).
 */
function render(calendar: ICalCalendar): string {
  const text = calendar.toString();
  const at = text.indexOf('BEGIN:VEVENT');
  const index = at >= 0 ? at : text.indexOf('END:VCALENDAR');
  return `${text.slice(0, index)}X-WR-TIMEZONE:${ZONE}\r\n${berlinVtimezone()}\r\n${text.slice(index)}`;
}

const exceptionPlaces = alias(places, 'exception_places');

/** Events (with place and categories) and their per-occurrence exceptions, in three queries. */
function loadFeedEvents(db: Db, where: SQL | undefined): { list: FeedEvent[]; exceptions: Map<number, FeedException[]> } {
  const rows = db
    .select({ event: events, place: places })
    .from(events)
    .leftJoin(places, eq(places.id, events.placeId))
    .where(where)
    .orderBy(events.firstStartsAt, events.id)
    .all();
  if (rows.length === 0) return { list: [], exceptions: new Map() };
  const idQuery = selectIds(db, where);
  const categoryNames = loadCategoryNames(db, idQuery);
  return {
    list: rows.map((r) => ({ ...r.event, place: r.place, categoryNames: categoryNames.get(r.event.id) ?? [] })),
    exceptions: loadExceptions(db, idQuery),
  };
}

/** Per-occurrence exceptions (with their place and actual times) of the events the query selects. */
function loadExceptions(db: Db, idQuery: ReturnType<typeof selectIds>): Map<number, FeedException[]> {
  const exceptionRows = db
    .select({ exception: eventExceptions, place: exceptionPlaces, startsAt: eventOccurrences.startsAt, endsAt: eventOccurrences.endsAt })
    .from(eventExceptions)
    .innerJoin(eventOccurrences, eq(eventOccurrences.exceptionId, eventExceptions.id))
    .leftJoin(exceptionPlaces, eq(exceptionPlaces.id, eventExceptions.placeId))
    .where(inArray(eventExceptions.eventId, idQuery))
    .orderBy(eventExceptions.recurrenceLocal)
    .all();
  const exceptions = new Map<number, FeedException[]>();
  for (const row of exceptionRows) {
    const item: FeedException = { ...row.exception, place: row.place, startsAt: row.startsAt, endsAt: row.endsAt };
    const list = exceptions.get(item.eventId);
    if (list) list.push(item);
    else exceptions.set(item.eventId, [item]);
  }
  return exceptions;
}

function addEvents(calendar: ICalCalendar, list: FeedEvent[], exceptions: Map<number, FeedException[]>, publicUrl: string): void {
  for (const event of list) {
    calendar.createEvent(masterEvent(event, publicUrl));
    if (!event.rrule) continue;
    for (const exception of exceptions.get(event.id) ?? []) calendar.createEvent(overrideEvent(event, exception, publicUrl));
  }
}

/**
 * Serialising thousands of VEVENTs through ical-generator costs seconds (line folding of long German
 * descriptions); the text of one event only changes with the event, its exceptions, its place or its
 * categories. So the VEVENT text of each event is kept, keyed by exactly those, and a feed is assembled from
 * the kept texts: after a change only the changed event is read in full and serialised again. Reading every
 * event's full row (descriptions, the joined place) just to find the kept text cost more than the rest of
 * the feed, so the keys come from a narrow query first.
 */
const MAX_KEPT_EVENTS = 20_000;
/** An event's VEVENT text and its length in UTF-8, so that a feed's bytes are written without a joined string. */
interface KeptVevent {
  text: string;
  bytes: number;
}
const keptVevents = new Map<string, KeptVevent>();

interface VeventVersion {
  id: number;
  updatedAt: Date;
  sequence: number;
  status: string;
  rrule: string | null;
  placeUpdatedAt: Date | null;
}

function veventKey(event: VeventVersion, categoryNames: string[], exceptions: FeedException[], publicUrl: string): string {
  const exceptionKey = exceptions
    .map((e) => `${e.id}.${e.updatedAt.getTime()}.${e.sequence}.${e.startsAt.getTime()}.${e.endsAt.getTime()}.${e.place?.updatedAt.getTime() ?? ''}`)
    .join(',');
  return [
    publicUrl,
    event.id,
    event.updatedAt.getTime(),
    event.sequence,
    event.status,
    event.placeUpdatedAt?.getTime() ?? '',
    categoryNames.join('|'),
    exceptionKey,
  ].join(';');
}

function serialiseVevents(event: FeedEvent, exceptions: FeedException[], publicUrl: string): KeptVevent {
  const calendar = ical();
  addEvents(calendar, [event], new Map([[event.id, exceptions]]), publicUrl);
  const whole = calendar.toString();
  const text = whole.slice(whole.indexOf('BEGIN:VEVENT'), whole.lastIndexOf('END:VEVENT') + 'END:VEVENT'.length) + '\r\n';
  return { text, bytes: Buffer.byteLength(text) };
}

/**
 * The feed's bytes, written piece by piece into one buffer. A city's feed is over two million characters; joined
 * first, it would be a string of twice that many bytes (one '–' makes all of it two bytes per character), flattened
 * once more on the way out, and then encoded: about 15 MB of garbage on each rebuild instead of one buffer.
 */
function feedBytes(head: string, pieces: KeptVevent[], tail: string): Buffer<ArrayBuffer> {
  const headBytes = Buffer.byteLength(head);
  let total = headBytes + Buffer.byteLength(tail);
  for (const piece of pieces) total += piece.bytes;
  const out = Buffer.allocUnsafeSlow(total);
  let at = out.write(head, 0);
  for (const piece of pieces) at += out.write(piece.text, at);
  out.write(tail, at);
  return out;
}

/** Category names per event for the events the condition selects, in the categories' order. */
function loadCategoryNames(db: Db, idQuery: ReturnType<typeof selectIds>): Map<number, string[]> {
  const rows = db
    .select({ eventId: eventCategories.eventId, name: categories.name })
    .from(eventCategories)
    .innerJoin(categories, eq(categories.id, eventCategories.categoryId))
    .where(inArray(eventCategories.eventId, idQuery))
    .orderBy(categories.sortOrder)
    .all();
  const names = new Map<number, string[]>();
  for (const row of rows) {
    const list = names.get(row.eventId);
    if (list) list.push(row.name);
    else names.set(row.eventId, [row.name]);
  }
  return names;
}

/** The ids of the events a feed condition selects, as a subquery. */
function selectIds(db: Db, where: SQL | undefined) {
  return db.select({ id: events.id }).from(events).leftJoin(places, eq(places.id, events.placeId)).where(where);
}

/** The subscribable feed, as UTF-8: every public event matching the filter that has not ended long ago. */
export function buildCalendarFeed(db: Db, filter: ResolvedEventFilter, options: FeedOptions): Buffer<ArrayBuffer> {
  const historyStart = DateTime.fromJSDate(options.now).minus({ days: FEED_HISTORY_DAYS }).toJSDate();
  const where = and(...eventFilterConditions(db, filter), or(isNull(events.lastEndsAt), gte(events.lastEndsAt, historyStart)));
  const versions: VeventVersion[] = db
    .select({
      id: events.id,
      updatedAt: events.updatedAt,
      sequence: events.sequence,
      status: events.status,
      rrule: events.rrule,
      placeUpdatedAt: places.updatedAt,
    })
    .from(events)
    .leftJoin(places, eq(places.id, events.placeId))
    .where(where)
    .orderBy(events.firstStartsAt, events.id)
    .all();
  const shell = render(newCalendar(options));
  const end = shell.lastIndexOf('END:VCALENDAR');
  if (versions.length === 0) return Buffer.from(shell);
  const idQuery = selectIds(db, where);
  const categoryNames = loadCategoryNames(db, idQuery);
  const exceptions = loadExceptions(db, idQuery);
  const keys = versions.map((version) =>
    veventKey(version, categoryNames.get(version.id) ?? [], version.rrule ? (exceptions.get(version.id) ?? []) : [], options.publicUrl),
  );
  const missing = versions.filter((_version, index) => !keptVevents.has(keys[index]!)).map((version) => version.id);
  if (missing.length > 0) {
    if (keptVevents.size + missing.length > MAX_KEPT_EVENTS) keptVevents.clear();
    // Chunks stay below SQLite's limit on bound parameters.
    for (let at = 0; at < missing.length; at += 500) {
      const { list } = loadFeedEvents(db, inArray(events.id, missing.slice(at, at + 500)));
      for (const event of list) {
        const eventExceptions = event.rrule ? (exceptions.get(event.id) ?? []) : [];
        const key = veventKey(
          { ...event, placeUpdatedAt: event.place?.updatedAt ?? null },
          categoryNames.get(event.id) ?? [],
          eventExceptions,
          options.publicUrl,
        );
        keptVevents.set(key, serialiseVevents({ ...event, categoryNames: categoryNames.get(event.id) ?? [] }, eventExceptions, options.publicUrl));
      }
    }
  }
  const pieces = keys.map((key) => keptVevents.get(key) ?? { text: '', bytes: 0 });
  return feedBytes(shell.slice(0, end), pieces, shell.slice(end));
}

/** One event (a whole series with its exceptions) as .ics; null when it is not public. */
export function buildEventIcs(db: Db, eventId: number, options: FeedOptions): string | null {
  const { list, exceptions } = loadFeedEvents(db, and(eq(events.id, eventId), inArray(events.status, ['published', 'cancelled'])));
  if (list.length === 0) return null;
  const calendar = newCalendar(options);
  addEvents(calendar, list, exceptions, options.publicUrl);
  return render(calendar);
}

/**
 * One occurrence as a stand-alone .ics (someone wants only this Tuesday's Wandercafé). It gets its own UID,
 * derived from the event's UID and the original date, so it never changes and never clashes with the series.
 */
export function buildOccurrenceIcs(db: Db, eventId: number, date: string, options: FeedOptions): string | null {
  const { list, exceptions } = loadFeedEvents(db, and(eq(events.id, eventId), inArray(events.status, ['published', 'cancelled'])));
  const event = list[0];
  if (!event) return null;
  const occurrence = db
    .select()
    .from(eventOccurrences)
    .where(and(eq(eventOccurrences.eventId, eventId), sql`substr(${eventOccurrences.recurrenceLocal}, 1, 10) = ${date}`))
    .get();
  if (!occurrence) return null;
  const exception = (exceptions.get(eventId) ?? []).find((e) => e.id === occurrence.exceptionId);
  const base = exception
    ? overrideEvent(event, exception, options.publicUrl)
    : overrideEvent(
        event,
        {
          id: 0,
          eventId,
          recurrenceLocal: occurrence.recurrenceLocal,
          kind: occurrence.status === 'cancelled' ? 'cancelled' : 'changed',
          startLocal: null,
          endLocal: null,
          title: null,
          placeId: null,
          locationName: null,
          note: '',
          sequence: 0,
          createdAt: event.createdAt,
          updatedAt: event.updatedAt,
          place: null,
          startsAt: occurrence.startsAt,
          endsAt: occurrence.endsAt,
        },
        options.publicUrl,
      );
  const calendar = newCalendar(options);
  calendar.createEvent({ ...base, id: `${occurrence.recurrenceLocal.slice(0, 10).replace(/-/g, '')}-${event.uid}`, recurrenceId: null });
  return render(calendar);
}
