/**
 * Reading a subscribed .ics file with ical.js into plain source events in the portal's terms: Berlin wall-clock
 * times (`YYYY-MM-DDTHH:MM`, or dates with an inclusive last day for all-day events), the RRULE as the portal
 * stores it, and the source's own expansion of each series (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides) up to
 * the portal's horizon, so the mapping can check the portal's series against it occurrence by occurrence.
 *
 * Every TZID is given ical.js a definition before the values are read: an IANA zone (also under a Windows or
 * Mozilla name) gets the current definition from timezones-ical-library; an unknown name keeps the VTIMEZONE the
 * file brings. Floating times are meant in the calendar's X-WR-TIMEZONE, else in Europe/Berlin.
 */
import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { MessageKey } from '../../../i18n';
import { berlinIsoSeconds, berlinZone, ZONE } from '../../time';
import { resolveZone } from './zones';

/** Stop expanding a series after this many occurrences (the portal keeps at most 1000 per event too). */
export const MAX_SOURCE_OCCURRENCES = 1000;

export class NotACalendarError extends Error {
  override name = 'NotACalendarError';
  constructor(
    readonly key: MessageKey,
    detail = '',
  ) {
    super(detail || key);
  }
}

export interface SourceTimes {
  startLocal: string;
  endLocal: string;
}

export interface SourceOccurrence extends SourceTimes {
  /** Berlin local time of the occurrence's original start (its RECURRENCE-ID). */
  recurrenceLocal: string;
  cancelled: boolean;
  title: string;
  location: string | null;
}

export interface SourceEvent extends SourceTimes {
  uid: string;
  /** Of the source text of this UID and the caller's mapping fingerprint: equal hashes map to equal events. */
  hash: string;
  sequence: number;
  lastModified: Date | null;
  title: string;
  description: string;
  location: string | null;
  categories: string[];
  allDay: boolean;
  /** The rule as the portal stores it (UNTIL in UTC, or a date for all-day series); null for single events. */
  rrule: string | null;
  cancelled: boolean;
  /** The source's own occurrences of a series up to the horizon; null for single events. */
  occurrences: SourceOccurrence[] | null;
}

export interface RefusedItem {
  uid: string;
  summary: string;
  reason: MessageKey;
  detail?: string;
}

export interface ParsedCalendar {
  name: string | null;
  events: SourceEvent[];
  /** UIDs whose hash the caller knew already: left unread. */
  unchanged: string[];
  refused: RefusedItem[];
}

type Component = InstanceType<typeof ICAL.Component>;
type Time = InstanceType<typeof ICAL.Time>;

/** Berlin wall-clock minute of an instant; through the cached offsets of berlinIsoSeconds (Luxon's are slow in bulk). */
function localOf(instant: Date): string {
  return berlinIsoSeconds(instant).slice(0, 16);
}

function dateOf(time: Time): string {
  return `${String(time.year).padStart(4, '0')}-${String(time.month).padStart(2, '0')}-${String(time.day).padStart(2, '0')}`;
}

/** The instant of a date-time: zoned and UTC values through ical.js, floating ones in the given zone. */
function instantOf(time: Time, floatingZone: string): Date {
  const tzid = time.zone?.tzid;
  if (tzid && tzid !== 'floating') return new Date(time.toUnixTime() * 1000);
  const local = DateTime.fromObject(
    { year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second },
    { zone: floatingZone },
  );
  return local.toJSDate();
}

function text(component: Component, name: string): string {
  const value = component.getFirstPropertyValue(name);
  return typeof value === 'string' ? value.trim() : '';
}

/** Makes every TZID the file uses known to ical.js; returns the names to remove again afterwards. */
function registerZones(root: Component): string[] {
  const fileZones = new Map<string, Component>();
  for (const vtimezone of root.getAllSubcomponents('vtimezone')) {
    const tzid = text(vtimezone, 'tzid');
    if (tzid) fileZones.set(tzid, vtimezone);
  }
  const used = new Set<string>(fileZones.keys());
  for (const vevent of root.getAllSubcomponents('vevent')) {
    for (const property of vevent.getAllProperties()) {
      const tzid = property.getParameter('tzid');
      if (typeof tzid === 'string') used.add(tzid);
    }
  }
  // ical.js looks a TZID up in the file before its time-zone service, and does not remember a miss: for a zone the
  // file brings no VTIMEZONE for, every date-time value would scan all the file's components again (quadratic in
  // the number of events). A remembered miss makes it go straight to the service, as it would after the scan.
  const treeZones = (root as unknown as { _timezoneCache?: Map<string, unknown> | null })._timezoneCache;
  for (const tzid of used) if (!fileZones.has(tzid)) treeZones?.set(tzid, null);
  const registered: string[] = [];
  for (const tzid of used) {
    const zone = resolveZone(tzid);
    const block = zone && zone !== 'UTC' ? tzlib_get_ical_block(zone)[0] : undefined;
    const definition = block ? ICAL.Component.fromString(block.replace(/\r?\n/g, '\r\n').trim()) : fileZones.get(tzid);
    if (zone === 'UTC') {
      ICAL.TimezoneService.register(ICAL.Timezone.utcTimezone, tzid);
    } else if (definition) {
      ICAL.TimezoneService.register(new ICAL.Timezone({ component: definition, tzid }), tzid);
    } else continue;
    registered.push(tzid);
  }
  return registered;
}

interface Times {
  allDay: boolean;
  startLocal: string;
  endLocal: string;
}

function timesOf(start: Time, end: Time, allDay: boolean, floatingZone: string): Times {
  if (allDay) {
    const first = dateOf(start);
    const exclusiveEnd = DateTime.fromISO(dateOf(end));
    const last = exclusiveEnd.minus({ days: 1 }).toISODate() ?? first;
    return { allDay, startLocal: first, endLocal: last > first ? last : first };
  }
  const startLocal = localOf(instantOf(start, floatingZone));
  const endLocal = end.isDate ? `${dateOf(end)}T00:00` : localOf(instantOf(end, floatingZone));
  return { allDay, startLocal, endLocal: endLocal > startLocal ? endLocal : startLocal };
}

/** The RRULE as the portal stores it: the same parts, UNTIL as a UTC instant (timed) or a date (all-day). */
function portalRrule(recur: InstanceType<typeof ICAL.Recur>, allDay: boolean, floatingZone: string): string {
  const parts = recur
    .toString()
    .split(';')
    .filter((part) => part && !part.startsWith('UNTIL='));
  const until = recur.until;
  if (until) {
    if (allDay) parts.push(`UNTIL=${dateOf(until).replace(/-/g, '')}`);
    else {
      const instant = until.isDate ? DateTime.fromISO(dateOf(until), { zone: floatingZone }).endOf('day').toJSDate() : instantOf(until, floatingZone);
      parts.push(`UNTIL=${DateTime.fromJSDate(instant, { zone: 'utc' }).toFormat("yyyyLLdd'T'HHmmss'Z'")}`);
    }
  }
  return parts.join(';');
}

function categoriesOf(component: Component): string[] {
  return component
    .getAllProperties('categories')
    .flatMap((property) => property.getValues())
    .filter((value): value is string => typeof value === 'string')
    .map((value) => value.trim())
    .filter(Boolean);
}

function isCancelled(component: Component): boolean {
  return text(component, 'status').toUpperCase() === 'CANCELLED';
}

/** The zone floating values of this event are meant in: its DTSTART's zone if it has one, else the calendar's. */
function eventZone(component: Component, calendarZone: string): string {
  const tzid = component.getFirstProperty('dtstart')?.getParameter('tzid');
  return (typeof tzid === 'string' ? resolveZone(tzid) : null) ?? calendarZone;
}

function sourceEvent(master: Component, overrides: Component[], calendarZone: string, horizon: Date, hash: string): SourceEvent {
  // Passing the overrides matters: given none, ical.js relates every RECURRENCE-ID of the whole file, whatever its UID.
  const event = new ICAL.Event(master, { exceptions: overrides, strictExceptions: true });
  if (!event.startDate) throw new Error('DTSTART missing');
  const zone = eventZone(master, calendarZone);
  const allDay = event.startDate.isDate;
  const times = timesOf(event.startDate, event.endDate, allDay, zone);
  const lastModified = master.getFirstPropertyValue('last-modified');
  const base = {
    uid: event.uid,
    hash,
    sequence: Number(master.getFirstPropertyValue('sequence') ?? 0) || 0,
    lastModified: lastModified instanceof ICAL.Time ? instantOf(lastModified, 'UTC') : null,
    title: event.summary?.trim() ?? '',
    description: event.description?.trim() ?? '',
    location: event.location?.trim() || null,
    categories: categoriesOf(master),
    cancelled: isCancelled(master),
    ...times,
  };
  const rruleProperty = master.getFirstProperty('rrule');
  if (!event.isRecurring()) return { ...base, rrule: null, occurrences: null };
  const rrule = rruleProperty ? portalRrule(rruleProperty.getFirstValue() as InstanceType<typeof ICAL.Recur>, allDay, zone) : null;
  const horizonDate = DateTime.fromJSDate(horizon, { zone: berlinZone }).toISODate() ?? '';
  const occurrences: SourceOccurrence[] = [];
  const iterator = event.iterator();
  for (let next = iterator.next(); next && occurrences.length < MAX_SOURCE_OCCURRENCES; next = iterator.next()) {
    const details = event.getOccurrenceDetails(next);
    const recurrenceLocal = allDay ? dateOf(details.recurrenceId) : localOf(instantOf(details.recurrenceId, zone));
    if (allDay ? recurrenceLocal > horizonDate : instantOf(details.recurrenceId, zone) > horizon) break;
    const item = details.item;
    const own =
      item.component === master
        ? {
            startLocal: allDay ? recurrenceLocal : localOf(instantOf(details.startDate, zone)),
            endLocal: endLocalOf(details.endDate, allDay, zone, recurrenceLocal, times),
          }
        : timesOf(details.startDate, details.endDate, allDay, eventZone(item.component, zone));
    occurrences.push({
      recurrenceLocal,
      startLocal: own.startLocal,
      endLocal: own.endLocal,
      cancelled: isCancelled(item.component) || base.cancelled,
      title: item.summary?.trim() || base.title,
      location: item.location?.trim() || base.location,
    });
  }
  return { ...base, rrule, occurrences };
}

/** End of a plain occurrence of a series: the master's length from its own start (whole days when all-day). */
function endLocalOf(end: Time, allDay: boolean, zone: string, recurrenceLocal: string, master: Times): string {
  if (!allDay) return localOf(instantOf(end, zone));
  const days = DateTime.fromISO(master.endLocal).diff(DateTime.fromISO(master.startLocal), 'days').days;
  return DateTime.fromISO(recurrenceLocal).plus({ days }).toISODate() ?? recurrenceLocal;
}

function parseRoot(body: string): Component {
  const parsed = ICAL.parse(body) as unknown[];
  return new ICAL.Component(Array.isArray(parsed[0]) ? (parsed[0] as unknown[]) : parsed);
}

const veventBlock = /^BEGIN:VEVENT\r?\n[\s\S]*?^END:VEVENT\r?\n?/gim;

/**
 * ical.js refuses the whole file for one broken value (a misspelt FREQ). Then each VEVENT is tried on its own: the
 * broken ones are listed as refused (with UID and summary read from the raw text) and the rest is read.
 */
function readComponents(body: string): { root: Component; refused: RefusedItem[] } {
  try {
    return { root: parseRoot(body), refused: [] };
  } catch (error) {
    const refused: RefusedItem[] = [];
    const kept = body.replace(veventBlock, (block) => {
      try {
        parseRoot(`BEGIN:VCALENDAR\r\n${block.trimEnd()}\r\nEND:VCALENDAR\r\n`);
        return block;
      } catch (blockError) {
        const field = (name: string): string => new RegExp(`^${name}[^:\\r\\n]*:(.*)$`, 'im').exec(block)?.[1]?.trim() ?? '';
        refused.push({ uid: field('UID'), summary: field('SUMMARY'), reason: 'calendarImport.refused.unreadable', detail: (blockError as Error).message });
        return '';
      }
    });
    try {
      if (refused.length === 0) throw error;
      return { root: parseRoot(kept), refused };
    } catch (finalError) {
      throw new NotACalendarError('calendarImport.error.unreadable', (finalError as Error).message);
    }
  }
}

/**
 * Parses the calendar text. Throws NotACalendarError when it is not iCalendar at all; a single VEVENT that cannot
 * be read is listed as refused with its reason and the rest is read.
 */
export interface ParseOptions {
  horizon: Date;
  /** Goes into every hash, so a change of what the mapping depends on makes every event be read again. */
  fingerprint?: string;
  /** Whether the caller has this UID with this hash already (then its expansion is skipped). */
  isUnchanged?: (uid: string, hash: string) => boolean;
}

export function parseCalendar(source: string, options: ParseOptions): ParsedCalendar {
  const body = source.replace(/^\uFEFF/, '');
  if (!/^\s*BEGIN:VCALENDAR/i.test(body)) throw new NotACalendarError('calendarImport.error.notCalendar');
  const { root, refused: unreadable } = readComponents(body);
  const calendarZone = resolveZone(text(root, 'x-wr-timezone')) ?? ZONE;
  const registered = registerZones(root);
  try {
    const byUid = new Map<string, { master: Component | null; overrides: Component[] }>();
    const refused: RefusedItem[] = [...unreadable];
    for (const vevent of root.getAllSubcomponents('vevent')) {
      const uid = text(vevent, 'uid');
      if (!uid) {
        refused.push({ uid: '', summary: text(vevent, 'summary'), reason: 'calendarImport.refused.noUid' });
        continue;
      }
      const group = byUid.get(uid) ?? { master: null, overrides: [] };
      if (vevent.hasProperty('recurrence-id')) group.overrides.push(vevent);
      else group.master = vevent;
      byUid.set(uid, group);
    }
    const events: SourceEvent[] = [];
    const unchanged: string[] = [];
    for (const [uid, group] of byUid) {
      const digest = createHash('sha256').update(options.fingerprint ?? '');
      // The parsed form, not the text ical.js would write back: the same content, without its line folding's cost.
      for (const component of [group.master, ...group.overrides]) if (component) digest.update(JSON.stringify(component.jCal));
      const hash = digest.digest('base64url');
      if (options.isUnchanged?.(uid, hash)) {
        unchanged.push(uid);
        continue;
      }
      const parts = group.master ? [{ master: group.master, overrides: group.overrides }] : group.overrides.map((o) => ({ master: o, overrides: [] }));
      for (const part of parts) {
        try {
          const read = sourceEvent(part.master, part.overrides, calendarZone, options.horizon, hash);
          // An override without its series (an invitation to one date) stands alone under its own key.
          events.push(group.master ? read : { ...read, uid: `${uid}#${read.startLocal}`, rrule: null, occurrences: null });
        } catch (error) {
          refused.push({ uid, summary: text(part.master, 'summary'), reason: 'calendarImport.refused.unreadable', detail: (error as Error).message });
        }
      }
    }
    return { name: text(root, 'x-wr-calname') || null, events, unchanged, refused };
  } finally {
    for (const tzid of registered) ICAL.TimezoneService.remove(tzid);
  }
}
