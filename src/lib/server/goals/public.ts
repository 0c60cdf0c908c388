/**
 * "Was wir erreicht haben": what residents see of a Quartier's goals — only what staff chose to show (finished
 * measures with what they brought, progress notes), the responsible organisations (never people), and how many
 * concerns were answered in the last twelve months. The Atom feed lists the same highlights, newest first.
 */
import { and, count, desc, eq, gte, inArray, isNotNull, ne } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../db';
import { berlinZone, formatIsoDay } from '../../time';
import { feedUpdated, renderAtomFeed } from '../feeds/atom';
import { translate } from '../../../i18n';
import { actors, concerns, goals, measureNotes, measures, type MeasureStatus } from '../../../../db/schema';
import { listPublicHighlights } from '../reports/highlights';
import { showCell } from '../../reports-format';

export interface FinishedHighlight {
  id: number;
  title: string;
  goalTitle: string;
  outcome: string;
  description: string;
  responsible: string | null;
  endsOn: string | null;
  publicSince: Date;
  photo: { fileName: string; width: number; height: number; alt: string } | null;
}

export interface NoteHighlight {
  id: number;
  measureTitle: string;
  goalTitle: string;
  notedOn: string;
  text: string;
  publicSince: Date;
}

export interface Achievements {
  finished: FinishedHighlight[];
  notes: NoteHighlight[];
  /** How many measures of the Quartier are in each state (counts only, nothing of their content). */
  statusCounts: Record<MeasureStatus, number>;
  concernsAnswered: number;
  concernsSolved: number;
}

export const erreichtPath = (slug: string): string => `/quartiere/${slug}/erreicht`;
export const erreichtFeedPath = (slug: string): string => `/quartiere/${slug}/erreicht.xml`;

/** Answered = closed with an answer (done, not granted, removed by a Quartiershelfer*in); duplicates do not count. */
const answeredStatuses = ['erledigt', 'nicht_entsprochen', 'selbst_beseitigt'] as const;
const solvedStatuses = ['erledigt', 'selbst_beseitigt'] as const;

export function listAchievements(db: Db, quartierId: number, now: Date = new Date()): Achievements {
  const finished = db
    .select({ measure: measures, goalTitle: goals.title, actorName: actors.name })
    .from(measures)
    .innerJoin(goals, eq(goals.id, measures.goalId))
    .leftJoin(actors, eq(actors.id, measures.actorId))
    .where(and(eq(goals.quartierId, quartierId), eq(measures.status, 'abgeschlossen'), isNotNull(measures.publicSince)))
    .orderBy(desc(measures.endsOn), desc(measures.id))
    .all()
    .map(({ measure, goalTitle, actorName }) => ({
      id: measure.id,
      title: measure.title,
      goalTitle,
      outcome: measure.outcome,
      description: measure.description,
      responsible: actorName ?? (measure.responsibleText || null),
      endsOn: measure.endsOn,
      publicSince: measure.publicSince!,
      photo: measure.photoFile
        ? { fileName: measure.photoFile, width: measure.photoWidth ?? 0, height: measure.photoHeight ?? 0, alt: measure.photoAlt }
        : null,
    }));
  const notes = db
    .select({ note: measureNotes, measureTitle: measures.title, goalTitle: goals.title })
    .from(measureNotes)
    .innerJoin(measures, eq(measures.id, measureNotes.measureId))
    .innerJoin(goals, eq(goals.id, measures.goalId))
    // A note of a discarded measure would tell residents about something that will not happen.
    .where(and(eq(goals.quartierId, quartierId), isNotNull(measureNotes.publicSince), ne(measures.status, 'verworfen')))
    .orderBy(desc(measureNotes.notedOn), desc(measureNotes.id))
    .limit(30)
    .all()
    .map(({ note, measureTitle, goalTitle }) => ({
      id: note.id,
      measureTitle,
      goalTitle,
      notedOn: note.notedOn,
      text: note.text,
      publicSince: note.publicSince!,
    }));
  const statusCounts: Record<MeasureStatus, number> = { geplant: 0, laeuft: 0, abgeschlossen: 0, verworfen: 0 };
  for (const row of db
    .select({ status: measures.status, n: count() })
    .from(measures)
    .innerJoin(goals, eq(goals.id, measures.goalId))
    .where(eq(goals.quartierId, quartierId))
    .groupBy(measures.status)
    .all())
    statusCounts[row.status] = row.n;
  const yearAgo = DateTime.fromJSDate(now, { zone: berlinZone }).minus({ months: 12 }).toJSDate();
  const countConcerns = (statuses: readonly (typeof answeredStatuses)[number][]): number =>
    db
      .select({ n: count() })
      .from(concerns)
      .where(and(eq(concerns.quartierId, quartierId), inArray(concerns.status, [...statuses]), gte(concerns.closedAt, yearAgo)))
      .get()?.n ?? 0;
  return { finished, notes, statusCounts, concernsAnswered: countConcerns(answeredStatuses), concernsSolved: countConcerns(solvedStatuses) };
}

/** The Atom feed of a Quartier's highlights: finished measures, progress notes and chosen figures, by the day they were shown. */
export function buildAchievementsFeed(
  db: Db,
  options: { publicUrl: string; siteName: string; quartier: { id: number; slug: string; name: string } },
  now: Date = new Date(),
): { body: string; updated: Date } {
  const { finished, notes } = listAchievements(db, options.quartier.id, now);
  const page = options.publicUrl + erreichtPath(options.quartier.slug);
  const entries = [
    ...finished.map((m) => ({
      tag: `erreicht/${options.quartier.slug}/massnahme/${m.id}`,
      title: translate('de', 'goals.feed.finished', { title: m.title }),
      link: `${page}#massnahme-${m.id}`,
      updated: m.publicSince,
      summary: [m.outcome, m.responsible ? translate('de', 'goals.public.responsible', { name: m.responsible }) : null].filter(Boolean).join(' · '),
    })),
    ...notes.map((n) => ({
      tag: `erreicht/${options.quartier.slug}/notiz/${n.id}`,
      title: translate('de', 'goals.feed.note', { title: n.measureTitle }),
      link: `${page}#notiz-${n.id}`,
      updated: n.publicSince,
      summary: n.text,
    })),
    ...listPublicHighlights(db, options.quartier.id, now).map((h) => {
      const title = translate('de', h.item.kind === 'figure' ? h.item.figure.label : h.item.table.title);
      const value = h.item.kind === 'figure' ? `${showCell(h.item.figure.value, 'de')} · ` : '';
      return {
        tag: `erreicht/${options.quartier.slug}/kennzahl/${h.id}`,
        title: translate('de', 'goals.feed.figure', { title }),
        link: `${page}#kennzahl-${h.id}`,
        updated: h.shownSince,
        summary: [value + translate('de', 'goals.public.period', { from: formatIsoDay(h.period.from, 'de'), to: formatIsoDay(h.period.to, 'de') }), h.comment]
          .filter(Boolean)
          .join(' · '),
      };
    }),
  ].sort((a, b) => b.updated.getTime() - a.updated.getTime());
  const body = renderAtomFeed({
    publicUrl: options.publicUrl,
    tag: `erreicht/${options.quartier.slug}`,
    title: translate('de', 'goals.feed.title', { quartier: options.quartier.name }),
    author: options.siteName,
    selfPath: erreichtFeedPath(options.quartier.slug),
    alternatePath: erreichtPath(options.quartier.slug),
    entries,
  });
  return { body, updated: feedUpdated(entries) };
}
