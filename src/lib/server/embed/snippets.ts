/**
 * The copyable snippets of the embed builder (`/einbetten`): the iframe of the widget, and a plain list of links
 * for websites whose editors forbid iframes. Everything put into them is escaped; the texts come in translated.
 */
import type { CalendarOccurrence } from '../events/listing';
import { escapeHtml } from '../../html';
import { occurrencePath } from '../../paths';
import { formatShortDate, formatTime } from '../../time';
import type { EmbedLook } from './widget';

/** A height that shows the chosen number of entries at phone width without a scroll bar in most cases. */
export function iframeHeight(look: EmbedLook): number {
  const perEntry = look.view === 'kompakt' ? 64 : 132;
  const scale = look.fontSize === 'gross' ? 1.15 : look.fontSize === 'klein' ? 0.9 : 1;
  return Math.round((90 + look.count * perEntry) * scale);
}

export function iframeSnippet(src: string, title: string, look: EmbedLook): string {
  return `<iframe src="${escapeHtml(src)}" title="${escapeHtml(title)}" width="100%" height="${iframeHeight(look)}" style="border:0;max-width:100%" loading="lazy"></iframe>`;
}

export interface LinkListTexts {
  /** Said in an HTML comment at the top: when the list was made, and that it does not update itself. */
  note: string;
  allEvents: string;
  cancelled: string;
}

/** A static `<ul>` of the occurrences with links to their pages, and one link to the whole (filtered) calendar. */
export function linkListSnippet(
  items: CalendarOccurrence[],
  options: { publicUrl: string; calendarUrl: string; locale: string; texts: LinkListTexts },
): string {
  const { publicUrl, calendarUrl, locale, texts } = options;
  const lines = items.map((o) => {
    const when = o.allDay ? formatShortDate(o.startsAt, locale) : `${formatShortDate(o.startsAt, locale)}, ${formatTime(o.startsAt, locale)}`;
    const status = o.cancelled ? ` (${texts.cancelled})` : '';
    return `  <li><a href="${escapeHtml(publicUrl + occurrencePath(o))}">${escapeHtml(`${when}: ${o.title}${status}`)}</a></li>`;
  });
  return [
    `<!-- ${texts.note.replace(/--/g, '–')} -->`,
    '<ul>',
    ...lines,
    '</ul>',
    `<p><a href="${escapeHtml(calendarUrl)}">${escapeHtml(texts.allEvents)}</a></p>`,
  ].join('\n');
}
