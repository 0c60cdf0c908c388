/**
 * Public highlights: figures and charts of a Quartier's report that staff chose for "Was wir erreicht haben", each
 * with an optional plain-language sentence. A highlight keeps the period it was chosen from and is recomputed for
 * exactly that period on the public page: "In 2026 kamen 1.200 Menschen" stays true to its comment (a rolling
 * window would change the number under a sentence written about another one), while corrected attendance or a late
 * answer still counts, and the privacy rule ("< 5") is applied as the report applies it today.
 * Only staff of the Quartier and admins choose or remove highlights; every function checks that itself.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { canManageQuartier, type Actor } from '../auth/permissions';
import { recordAudit } from '../audit';
import { DomainError, ForbiddenError, NotFoundError, problem } from '../errors';
import { quartiere, reportHighlights, type ReportHighlight } from '../../../../db/schema';
import { resolvePeriod, type ReportPeriod } from './period';
import { reportSections, type ReportFigure, type ReportSection, type ReportTable } from './report';

export const MAX_HIGHLIGHT_COMMENT = 200;

/** What a key names: one figure, or one table the report draws as a chart. */
export type HighlightItem = { kind: 'figure'; figure: ReportFigure } | { kind: 'chart'; table: ReportTable };

export interface ShownHighlight {
  id: number;
  figureKey: string;
  comment: string;
  period: Pick<ReportPeriod, 'from' | 'to'>;
  shownSince: Date;
  item: HighlightItem;
}

export interface HighlightChoice {
  quartierId: number;
  figureKey: string;
  /** The report's period, Berlin dates. */
  from: string;
  to: string;
  comment: string;
}

/** `<section>.<figure or table>`, e.g. `veranstaltungen.attendance` or `anliegen.anliegen-monat`. */
export const highlightKey = (section: ReportSection, itemId: string): string => `${section.id}.${itemId}`;

/** Whether staff may choose from this section: the report's own sections (goals reach the page as measures). */
export const offersHighlights = (section: ReportSection): boolean => reportSections.some((s) => s.id === section.id);

/** The figure or chart a key names in a computed section; tables without a chart are not highlights. */
export function findHighlightItem(section: ReportSection, key: string): HighlightItem | null {
  const figure = section.figures.find((f) => highlightKey(section, f.id) === key);
  if (figure) return { kind: 'figure', figure };
  const table = section.tables.find((tb) => tb.chart === 'bars' && highlightKey(section, tb.id) === key);
  return table ? { kind: 'chart', table } : null;
}

/** Computes the one section a key belongs to and finds the item in it; null for a key the report does not have. */
function computeItem(db: Db, quartierId: number, key: string, period: ReportPeriod, now: Date, cache = new Map<string, ReportSection>()): HighlightItem | null {
  const sectionId = key.split('.')[0] ?? '';
  const definition = reportSections.find((s) => s.id === sectionId);
  if (!definition) return null;
  const cacheKey = `${sectionId}|${period.from}|${period.to}`;
  let section = cache.get(cacheKey);
  if (!section) {
    section = definition.compute(db, quartierId, period, now);
    cache.set(cacheKey, section);
  }
  return findHighlightItem(section, key);
}

/** Shows a figure of the report on the public page (or updates its comment when it is already shown). */
export function chooseHighlight(db: Db, user: Actor, choice: HighlightChoice, now: Date = new Date()): ReportHighlight {
  if (!canManageQuartier(db, user, choice.quartierId)) throw new ForbiddenError();
  const period = resolvePeriod({ von: choice.from, bis: choice.to }, now);
  if (!computeItem(db, choice.quartierId, choice.figureKey, period, now)) {
    throw new DomainError('invalid', problem('reports.highlight.error.figure', { params: { key: choice.figureKey.slice(0, 60) } }));
  }
  const comment = choice.comment.trim();
  if (comment.length > MAX_HIGHLIGHT_COMMENT) {
    throw new DomainError('invalid', problem('reports.highlight.error.comment', { field: 'kommentar', params: { max: MAX_HIGHLIGHT_COMMENT } }));
  }
  return db.transaction((tx) => {
    const saved = tx
      .insert(reportHighlights)
      .values({
        quartierId: choice.quartierId,
        figureKey: choice.figureKey,
        periodFrom: period.from,
        periodTo: period.to,
        comment,
        createdBy: user.id,
        createdAt: now,
      })
      .onConflictDoUpdate({
        target: [reportHighlights.quartierId, reportHighlights.figureKey, reportHighlights.periodFrom, reportHighlights.periodTo],
        set: { comment },
      })
      .returning()
      .get();
    recordAudit(tx, { actorUserId: user.id, action: 'report.highlight', entityType: 'report_highlight', entityId: saved.id, quartierId: choice.quartierId });
    return saved;
  });
}

/** Takes a highlight off the public page. One of another Quartier is as unknown as one that does not exist. */
export function removeHighlight(db: Db, user: Actor, highlightId: number): ReportHighlight {
  return db.transaction((tx) => {
    const found = tx.select().from(reportHighlights).where(eq(reportHighlights.id, highlightId)).get();
    if (!found || !canManageQuartier(tx, user, found.quartierId)) throw new NotFoundError();
    tx.delete(reportHighlights).where(eq(reportHighlights.id, highlightId)).run();
    recordAudit(tx, {
      actorUserId: user.id,
      action: 'report.highlight.remove',
      entityType: 'report_highlight',
      entityId: found.id,
      quartierId: found.quartierId,
    });
    return found;
  });
}

/** The highlights chosen from one report (its Quartier and period), by key: what the back-office page marks as shown. */
export function highlightsOfReport(db: Db, quartierId: number, period: Pick<ReportPeriod, 'from' | 'to'>): Map<string, ReportHighlight> {
  const rows = db
    .select()
    .from(reportHighlights)
    .where(and(eq(reportHighlights.quartierId, quartierId), eq(reportHighlights.periodFrom, period.from), eq(reportHighlights.periodTo, period.to)))
    .all();
  return new Map(rows.map((row) => [row.figureKey, row]));
}

/** A Quartier's highlights, newest first, each recomputed for its own period (a key the report lost is left out). */
export function listPublicHighlights(db: Db, quartierId: number, now: Date = new Date()): ShownHighlight[] {
  const cache = new Map<string, ReportSection>();
  return db
    .select()
    .from(reportHighlights)
    .where(eq(reportHighlights.quartierId, quartierId))
    .orderBy(desc(reportHighlights.createdAt), desc(reportHighlights.id))
    .all()
    .flatMap((row) => {
      const period = resolvePeriod({ von: row.periodFrom, bis: row.periodTo }, now);
      const item = computeItem(db, quartierId, row.figureKey, period, now, cache);
      if (!item) return [];
      return [{ id: row.id, figureKey: row.figureKey, comment: row.comment, period: { from: period.from, to: period.to }, shownSince: row.createdAt, item }];
    });
}

/** One highlight as its confirmation step names it; null when it does not exist or belongs to another Quartier. */
export function findManagedHighlight(db: Db, user: Actor, highlightId: number, now: Date = new Date()): (ShownHighlight & { quartierName: string }) | null {
  const row = db
    .select({ quartierId: reportHighlights.quartierId, quartierName: quartiere.name })
    .from(reportHighlights)
    .innerJoin(quartiere, eq(quartiere.id, reportHighlights.quartierId))
    .where(eq(reportHighlights.id, highlightId))
    .get();
  if (!row || !canManageQuartier(db, user, row.quartierId)) return null;
  const shown = listPublicHighlights(db, row.quartierId, now).find((h) => h.id === highlightId);
  return shown ? { ...shown, quartierName: row.quartierName } : null;
}
