/**
 * Atom feed of public state changes (city-wide or per Quartier): what happened to which concern, with the
 * office's answer — never the reporter. Feed readers and the Quartier's website follow it.
 */
import type { Db } from '../db';
import { translate, type MessageKey } from '../../../i18n';
import { recentPublicEvents } from './queries';
import { statusKey, statusLabel } from './labels';
import { concernPaths } from './paths';
import { renderAtomFeed } from '../feeds/atom';

export function buildConcernFeed(
  db: Db,
  options: { publicUrl: string; siteName: string; quartier?: { slug: string; name: string } | undefined; selfPath: string },
): string {
  const t = (key: MessageKey, params?: Record<string, string | number>): string => translate('de', key, params);
  const events = recentPublicEvents(db, options.quartier?.slug);
  const title = options.quartier ? t('concerns.feed.titleQuartier', { quartier: options.quartier.name }) : t('concerns.feed.title');
  const entries = events.map((e) => {
    const state =
      e.kind === 'reported'
        ? t('concerns.timeline.reported')
        : e.toStatus
          ? e.toStatus === e.concern.status
            ? statusLabel(e.toStatus, 'de', e.concern, e.officeName)
            : t(statusKey(e.toStatus))
          : t('concerns.timeline.answer');
    const summary = [e.concern.locationText, e.concern.quartierName, e.note ? t('concerns.feed.answer', { answer: e.note }) : null].filter(Boolean).join(' · ');
    return {
      tag: `anliegen/${e.concernId}/${e.id}`,
      title: t('concerns.feed.entry', { id: e.concernId, category: e.concern.categoryName, state }),
      link: options.publicUrl + concernPaths.public(e.concernId),
      updated: e.at,
      category: { term: e.concern.categorySlug, label: e.concern.categoryName },
      summary,
    };
  });
  return renderAtomFeed({
    publicUrl: options.publicUrl,
    tag: options.quartier ? `anliegen/${options.quartier.slug}` : 'anliegen',
    title,
    author: options.siteName,
    selfPath: options.selfPath,
    alternatePath: concernPaths.list,
    entries,
  });
}
