/**
 * What the widget page and its builder do first with a request: a 304 when the calendar data and the query are
 * unchanged, else the widget model with its cache headers, or the explanation of an unknown filter slug (404).
 */
import type { AstroGlobal } from 'astro';
import { getDb } from '../../lib/server/db';
import { loadEmbedCalendar, type EmbedCalendar } from '../../lib/server/embed/widget';
import { calendarValidators } from '../../lib/server/events/version';
import { isNotModified, notModified, revalidateAlways, validatorHeaders } from '../../lib/server/http/conditional';
import type { PageI18n } from '../../i18n/astro';
import type { MessageKey } from '../../i18n';

const VARY = 'Cookie, Accept-Language';

export type EmbedRequest = { notModified: Response } | { widget: EmbedCalendar; problem: string | null };

export function readEmbedRequest(astro: Pick<AstroGlobal, 'request' | 'response' | 'url'>, i18n: PageI18n, page: string, now: Date): EmbedRequest {
  const db = getDb();
  const validators = calendarValidators(db, now, [page, i18n.locale, astro.url.search]);
  if (isNotModified(astro.request, validators)) return { notModified: notModified(validators, revalidateAlways, VARY) };
  const widget = loadEmbedCalendar(db, astro.url.searchParams, now);
  if (widget.kind === 'unknown-slug') {
    astro.response.status = 404;
    return { widget, problem: i18n.t(`events.error.unknown.${widget.param}` as MessageKey, { slug: widget.slug }) };
  }
  for (const [name, value] of Object.entries(validatorHeaders(validators, revalidateAlways, VARY))) astro.response.headers.set(name, value);
  return { widget, problem: null };
}
