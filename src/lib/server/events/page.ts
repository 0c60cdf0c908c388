/**
 * The model of an event page (`/veranstaltungen/<id>-<slug>`) and of an occurrence page (…/<YYYY-MM-DD>).
 * The id decides; a wrong or old slug (the title changed) redirects to the current address, so printed and
 * bookmarked links keep working.
 */
import type { Db } from '../db';
import type { EventOccurrence } from '../../../../db/schema';
import { eventPath, occurrencePath } from '../../paths';
import { importSourceOf } from '../calendar-import/credit';
import {
  describeOccurrence,
  getOccurrenceOnDate,
  getPublicEvent,
  listEventOccurrences,
  pickCurrentOccurrence,
  type PublicEvent,
  type PublicOccurrence,
} from './details';

/** How many coming dates an event page lists. */
export const UPCOMING_ON_PAGE = 12;

export type EventPageModel =
  | { kind: 'not-found' }
  | { kind: 'redirect'; location: string }
  | {
      kind: 'ok';
      details: PublicEvent;
      /** The occurrence the page is about: the requested date, or the next one for the event page. */
      shown: PublicOccurrence | null;
      /** Coming dates of a series (occurrence pages: those after the shown one). */
      upcoming: PublicOccurrence[];
      isOccurrencePage: boolean;
      /** The shown occurrence has ended. */
      past: boolean;
      /** The organisation whose subscribed calendar the event came from ("aus dem Kalender von …"). */
      importedFrom: string | null;
    };

/** `12-wandercafe` → { id: 12, slug: 'wandercafe' }; also a bare id. */
export function parseEventParam(param: string | undefined): { id: number; slug: string | null } | null {
  const match = /^(\d{1,9})(?:-([a-z0-9-]{1,100}))?$/.exec(param ?? '');
  if (!match) return null;
  return { id: Number(match[1]), slug: match[2] ?? null };
}

export function loadEventPage(db: Db, eventParam: string | undefined, date: string | null, now: Date, suffix = ''): EventPageModel {
  const parsed = parseEventParam(eventParam);
  if (!parsed) return { kind: 'not-found' };
  const details = getPublicEvent(db, parsed.id);
  if (!details) return { kind: 'not-found' };
  const ref = { eventId: details.event.id, slug: details.event.slug };

  let shownOccurrence: EventOccurrence | null;
  if (date !== null) {
    shownOccurrence = getOccurrenceOnDate(db, details.event.id, date);
    if (!shownOccurrence) return { kind: 'not-found' };
    if (parsed.slug !== details.event.slug) return { kind: 'redirect', location: occurrencePath({ ...ref, recurrenceLocal: date }) + suffix };
  } else {
    if (parsed.slug !== details.event.slug) return { kind: 'redirect', location: eventPath(ref) + suffix };
    shownOccurrence = pickCurrentOccurrence(listEventOccurrences(db, details.event.id, { from: now, limit: 1 }), now);
    shownOccurrence ??= listEventOccurrences(db, details.event.id).at(-1) ?? null;
  }
  const upcomingFrom = shownOccurrence && date !== null ? new Date(Math.max(now.getTime(), shownOccurrence.endsAt.getTime() + 1)) : now;
  const upcoming = details.event.rrule
    ? listEventOccurrences(db, details.event.id, { from: upcomingFrom, limit: UPCOMING_ON_PAGE + 1 })
        .filter((o) => o.id !== shownOccurrence?.id || date === null)
        .slice(0, UPCOMING_ON_PAGE)
        .map((o) => describeOccurrence(details, o))
    : [];
  return {
    kind: 'ok',
    details,
    shown: shownOccurrence ? describeOccurrence(details, shownOccurrence) : null,
    upcoming,
    isOccurrencePage: date !== null,
    past: shownOccurrence ? shownOccurrence.endsAt < now : false,
    importedFrom: importSourceOf(db, details.event.id)?.organisationName ?? null,
  };
}
