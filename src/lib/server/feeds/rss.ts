/**
 * RSS 2.0 of upcoming events (the next occurrences, with the same filters as the calendar), for feed readers
 * and for websites of Vereine that show "what is on". Written by hand: it is a few lines of escaped XML.
 */
import type { Db } from '../db';
import type { ResolvedEventFilter } from '../events/filters';
import { listOccurrences } from '../events/listing';
import { occurrencePath } from '../../paths';
import { formatLongDate, formatTimeRange } from '../../time';
import type { FeedOptions } from './ical';

export const RSS_ITEMS = 50;

function xml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);
}

export function buildRssFeed(db: Db, filter: ResolvedEventFilter, options: FeedOptions & { selfUrl: string }): string {
  const { items } = listOccurrences(db, { filter, from: options.now, limit: RSS_ITEMS });
  const entries = items.map((o) => {
    const link = options.publicUrl + occurrencePath(o);
    const when = o.allDay
      ? `${formatLongDate(o.startsAt, 'de')}, ganztägig`
      : `${formatLongDate(o.startsAt, 'de')}, ${formatTimeRange(o.startsAt, o.endsAt, 'de')}`;
    const where = o.placeName ?? o.locationName;
    const title = `${o.cancelled ? 'Fällt aus: ' : ''}${o.title} – ${when}`;
    const description = [when, where, o.cancelled ? 'Dieser Termin fällt aus.' : o.changed ? 'Dieser Termin ist geändert.' : null].filter(Boolean).join(' · ');
    return [
      '<item>',
      `<title>${xml(title)}</title>`,
      `<link>${xml(link)}</link>`,
      `<guid isPermaLink="true">${xml(link)}</guid>`,
      `<description>${xml(description)}</description>`,
      ...o.categories.map((c) => `<category>${xml(c.name)}</category>`),
      `<pubDate>${o.updatedAt.toUTCString()}</pubDate>`,
      '</item>',
    ].join('');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    `<title>${xml(options.name)}</title>`,
    `<link>${xml(options.publicUrl)}/veranstaltungen</link>`,
    `<description>${xml('Die nächsten Veranstaltungen in den Quartieren')}</description>`,
    '<language>de-DE</language>',
    `<atom:link href="${xml(options.publicUrl + options.selfUrl)}" rel="self" type="application/rss+xml"/>`,
    `<ttl>60</ttl>`,
    ...entries,
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}
