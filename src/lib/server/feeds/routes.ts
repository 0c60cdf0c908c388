/**
 * The feed endpoints' logic, kept out of the route files so they stay thin: read the request, check the
 * filter, answer with validators (304) or the built feed.
 */
import type { Db } from '../db';
import { translate, type MessageKey } from '../../../i18n';
import { parseEventFilter, resolveEventFilter, filterToParams, UnknownFilterSlugError, type ResolvedEventFilter } from '../events/filters';
import { calendarValidators } from '../events/version';
import { parseEventParam } from '../events/page';
import { getPublicEvent } from '../events/details';
import { eventPath, occurrencePath } from '../../paths';
import { buildCalendarFeed, buildEventIcs, buildOccurrenceIcs, type FeedOptions } from './ical';
import { buildRssFeed } from './rss';
import { feedName } from './names';
import { feedResponse, ICAL_TYPE, plainError, RSS_TYPE } from './responses';

/**
 * An iCal feed depends on the clock only through its history window, so besides data changes its validators
 * change once a day; the built text is remembered for that long (building the city-wide feed is costly).
 */
const FEED_SLOT_MINUTES = 24 * 60;

export interface FeedContext {
  db: Db;
  request: Request;
  url: URL;
  now: Date;
  publicUrl: string;
  siteName: string;
}

type FilterResult = { filter: ResolvedEventFilter } | { error: Response };

function readFilter(ctx: FeedContext): FilterResult {
  try {
    return { filter: resolveEventFilter(ctx.db, parseEventFilter(ctx.url.searchParams)) };
  } catch (error) {
    if (!(error instanceof UnknownFilterSlugError)) throw error;
    const text = translate('de', `events.error.unknown.${error.param}` as MessageKey, { slug: error.slug });
    return { error: plainError(404, `${text}\nAlle Veranstaltungen: ${ctx.publicUrl}/kalender.ics`) };
  }
}

function feedOptions(ctx: FeedContext, name: string): FeedOptions {
  return { publicUrl: ctx.publicUrl, siteName: ctx.siteName, name, now: ctx.now };
}

/** `/kalender.ics` with the optional, repeatable filters. */
export function respondCalendarFeed(ctx: FeedContext): Response {
  const result = readFilter(ctx);
  if ('error' in result) return result.error;
  const { filter } = result;
  const key = filterToParams(filter).toString();
  const validators = calendarValidators(ctx.db, ctx.now, ['ics', key], FEED_SLOT_MINUTES);
  return feedResponse(
    ctx.request,
    validators,
    { contentType: ICAL_TYPE },
    () => buildCalendarFeed(ctx.db, filter, feedOptions(ctx, feedName(filter, ctx.siteName))),
    '',
  );
}

/** RSS of upcoming events with the same filters. */
export function respondRssFeed(ctx: FeedContext): Response {
  const result = readFilter(ctx);
  if ('error' in result) return result.error;
  const { filter } = result;
  const key = filterToParams(filter).toString();
  const validators = calendarValidators(ctx.db, ctx.now, ['rss', key], 10);
  return feedResponse(
    ctx.request,
    validators,
    { contentType: RSS_TYPE },
    () => buildRssFeed(ctx.db, filter, { ...feedOptions(ctx, feedName(filter, ctx.siteName)), selfUrl: ctx.url.pathname + ctx.url.search }),
    '',
  );
}

const notFound = 'Diese Veranstaltung gibt es nicht (mehr), oder sie ist noch nicht veröffentlicht.';

/** One event's .ics (`/veranstaltungen/<id>-<slug>.ics`) or one occurrence's (…/<date>.ics). */
export function respondEventIcs(ctx: FeedContext, eventParam: string | undefined, date: string | null): Response {
  const parsed = parseEventParam(eventParam);
  const details = parsed ? getPublicEvent(ctx.db, parsed.id) : null;
  if (!parsed || !details) return plainError(404, notFound);
  const ref = { eventId: details.event.id, slug: details.event.slug };
  if (parsed.slug !== details.event.slug) {
    const location = (date ? occurrencePath({ ...ref, recurrenceLocal: date }) : eventPath(ref)) + '.ics';
    return new Response(null, { status: 301, headers: { Location: location } });
  }
  const validators = calendarValidators(ctx.db, ctx.now, ['event-ics', ctx.url.pathname], FEED_SLOT_MINUTES);
  const options = feedOptions(ctx, `${ctx.siteName}: ${details.event.title}`);
  const filename = `${details.event.slug}${date ? `-${date}` : ''}.ics`;
  return feedResponse(
    ctx.request,
    validators,
    { contentType: ICAL_TYPE, filename },
    () => (date ? buildOccurrenceIcs(ctx.db, details.event.id, date, options) : buildEventIcs(ctx.db, details.event.id, options)),
    notFound,
  );
}
