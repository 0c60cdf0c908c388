/**
 * Atom feed of public state changes (city-wide or per Quartier): what happened to which concern, with the
 * office's answer — never the reporter. Feed readers and the Quartier's website follow it.
 */
import type { Db } from '../db';
import { translate, type MessageKey } from '../../../i18n';
import { recentPublicEvents } from './queries';
import { statusKey, statusLabel } from './labels';
import { concernPaths } from './paths';
import { xmlSafe } from './xml';

export function buildConcernFeed(
  db: Db,
  options: { publicUrl: string; siteName: string; quartier?: { slug: string; name: string } | undefined; selfPath: string },
): string {
  const t = (key: MessageKey, params?: Record<string, string | number>): string => translate('de', key, params);
  const events = recentPublicEvents(db, options.quartier?.slug);
  // A tag URI names a domain (no port): tag:<host>,<year>:<path>.
  const host = new URL(options.publicUrl).hostname;
  const title = options.quartier ? t('concerns.feed.titleQuartier', { quartier: options.quartier.name }) : t('concerns.feed.title');
  const updated = (events[0]?.at ?? new Date(0)).toISOString();
  const entries = events.map((e) => {
    const link = options.publicUrl + concernPaths.public(e.concernId);
    const state =
      e.kind === 'reported'
        ? t('concerns.timeline.reported')
        : e.toStatus
          ? e.toStatus === e.concern.status
            ? statusLabel(e.toStatus, 'de', e.concern, e.officeName)
            : t(statusKey(e.toStatus))
          : t('concerns.timeline.answer');
    const summary = [e.concern.locationText, e.concern.quartierName, e.note ? t('concerns.feed.answer', { answer: e.note }) : null].filter(Boolean).join(' · ');
    return [
      '<entry>',
      `<id>tag:${xmlSafe(host)},2026:anliegen/${e.concernId}/${e.id}</id>`,
      `<title>${xmlSafe(t('concerns.feed.entry', { id: e.concernId, category: e.concern.categoryName, state }))}</title>`,
      `<link rel="alternate" type="text/html" href="${xmlSafe(link)}"/>`,
      `<updated>${e.at.toISOString()}</updated>`,
      `<category term="${xmlSafe(e.concern.categorySlug)}" label="${xmlSafe(e.concern.categoryName)}"/>`,
      `<summary>${xmlSafe(summary)}</summary>`,
      '</entry>',
    ].join('');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">',
    `<id>tag:${xmlSafe(host)},2026:anliegen${options.quartier ? `/${xmlSafe(options.quartier.slug)}` : ''}</id>`,
    `<title>${xmlSafe(title)}</title>`,
    `<author><name>${xmlSafe(options.siteName)}</name></author>`,
    `<link rel="self" type="application/atom+xml" href="${xmlSafe(options.publicUrl + options.selfPath)}"/>`,
    `<link rel="alternate" type="text/html" href="${xmlSafe(options.publicUrl + concernPaths.list)}"/>`,
    `<updated>${updated}</updated>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
