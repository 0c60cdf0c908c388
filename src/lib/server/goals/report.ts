/**
 * The goals and measures as the Quartiersbericht shows them, read from what staff recorded (never typed in again).
 *
 * `goalsForReport(db, { quartierId, from, to })`:
 * - `quartierId`: one Quartier, or null for the whole city. The caller has already checked that the reader may
 *   see that report (staff of the Quartier, admins for the city).
 * - `from`, `to`: Berlin dates `YYYY-MM-DD`, both inclusive.
 * Returns every goal of the Quartier(e) that was recorded by the end of the period or has a measure whose dates overlap
 * it (staff often record work afterwards), each with all its measures (a measure's state is today's), the progress notes dated within the period, and how many events, offers, volunteer
 * programmes and concerns are linked to each measure. `activeInPeriod` says whether the measure's dates overlap
 * the period (a measure without dates counts as active). Notes carry the writer's role, never a name.
 */
import { and, asc, eq, gte, inArray, lte } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../db';
import { berlinZone } from '../../time';
import { linksOf, type LinkOptions } from './links';
import type { ExtraSection } from '../reports/report';
import type { Cell } from '../../reports-format';
import { actors, goals, measureNotes, measures, quartiere, type MeasureLinkKind, type MeasureStatus, type NoteAuthorRole } from '../../../../db/schema';

export interface ReportPeriod {
  quartierId: number | null;
  from: string;
  to: string;
}

export interface ReportMeasure {
  id: number;
  title: string;
  status: MeasureStatus;
  startsOn: string | null;
  endsOn: string | null;
  responsible: string;
  outcome: string;
  activeInPeriod: boolean;
  notes: { notedOn: string; text: string; authorRole: NoteAuthorRole }[];
  linkCounts: Record<MeasureLinkKind, number>;
}

export interface ReportGoal {
  id: number;
  quartierId: number;
  quartierName: string;
  title: string;
  description: string;
  measures: ReportMeasure[];
  statusCounts: Record<MeasureStatus, number>;
}

export function goalsForReport(db: Db, period: ReportPeriod): ReportGoal[] {
  // Recorded by the end of the last day of the period (Berlin time), or later but about work within it.
  const periodEnd = DateTime.fromISO(period.to, { zone: berlinZone }).plus({ days: 1 }).startOf('day').toJSDate();
  const goalRows = db
    .select({ goal: goals, quartierName: quartiere.name })
    .from(goals)
    .innerJoin(quartiere, eq(quartiere.id, goals.quartierId))
    .where(period.quartierId === null ? undefined : eq(goals.quartierId, period.quartierId))
    .orderBy(asc(quartiere.sortOrder), asc(quartiere.name), asc(goals.title))
    .all();
  if (goalRows.length === 0) return [];
  const measureRows = db
    .select({ measure: measures, actorName: actors.name })
    .from(measures)
    .leftJoin(actors, eq(actors.id, measures.actorId))
    .where(
      inArray(
        measures.goalId,
        goalRows.map((g) => g.goal.id),
      ),
    )
    .orderBy(asc(measures.startsOn), asc(measures.id))
    .all();
  const measureIds = measureRows.map((m) => m.measure.id);
  const notes =
    measureIds.length === 0
      ? []
      : db
          .select()
          .from(measureNotes)
          .where(and(inArray(measureNotes.measureId, measureIds), gte(measureNotes.notedOn, period.from), lte(measureNotes.notedOn, period.to)))
          .orderBy(asc(measureNotes.notedOn), asc(measureNotes.id))
          .all();
  // The links of all measures of a Quartier at once: a city-wide report has dozens of goals.
  const quartierOfGoal = new Map(goalRows.map(({ goal }) => [goal.id, goal.quartierId]));
  const links = new Map<number, LinkOptions>();
  for (const quartierId of new Set(quartierOfGoal.values())) {
    const own = measureRows.filter((m) => quartierOfGoal.get(m.measure.goalId) === quartierId).map((m) => m.measure.id);
    for (const [measureId, linked] of linksOf(db, quartierId, own)) links.set(measureId, linked);
  }
  return goalRows.flatMap(({ goal, quartierName }): ReportGoal[] => {
    const statusCounts: Record<MeasureStatus, number> = { geplant: 0, laeuft: 0, abgeschlossen: 0, verworfen: 0 };
    const own = measureRows
      .filter((m) => m.measure.goalId === goal.id)
      .map(({ measure, actorName }): ReportMeasure => {
        statusCounts[measure.status] += 1;
        const linked = links.get(measure.id)!;
        return {
          id: measure.id,
          title: measure.title,
          status: measure.status,
          startsOn: measure.startsOn,
          endsOn: measure.endsOn,
          responsible: actorName ?? measure.responsibleText,
          outcome: measure.outcome,
          activeInPeriod: (measure.startsOn === null || measure.startsOn <= period.to) && (measure.endsOn === null || measure.endsOn >= period.from),
          notes: notes.filter((n) => n.measureId === measure.id).map((n) => ({ notedOn: n.notedOn, text: n.text, authorRole: n.authorRole })),
          linkCounts: { event: linked.event.length, offer: linked.offer.length, programme: linked.programme.length, concern: linked.concern.length },
        };
      });
    if (goal.createdAt >= periodEnd && !own.some((m) => m.activeInPeriod)) return [];
    return [{ id: goal.id, quartierId: goal.quartierId, quartierName, title: goal.title, description: goal.description, measures: own, statusCounts }];
  });
}

/**
 * The "Ziele und Maßnahmen" section of the Quartiersbericht: how many goals, how many of their measures are finished,
 * and per goal its measures by state and the progress notes written in the period.
 */
export const goalsReportSection: ExtraSection = (db, quartier, period) => {
  const found = goalsForReport(db, { quartierId: quartier?.id ?? null, from: period.from, to: period.to });
  const allMeasures = found.flatMap((g) => g.measures);
  const finished = allMeasures.filter((m) => m.status === 'abgeschlossen').length;
  const notes = allMeasures.reduce((n, m) => n + m.notes.length, 0);
  const count = (value: number): Cell => ({ value, unit: 'count' });
  return {
    id: 'ziele',
    title: 'reports.section.goals',
    figures: [
      { id: 'goals', label: 'reports.figure.goals', value: count(found.length), how: { key: 'reports.how.goals' } },
      {
        id: 'measuresFinished',
        label: 'reports.figure.measuresFinished',
        value: count(finished),
        how: { key: 'reports.how.measuresFinished', params: { part: finished, whole: allMeasures.length } },
      },
      { id: 'progressNotes', label: 'reports.figure.progressNotes', value: count(notes), how: { key: 'reports.how.progressNotes' } },
    ],
    tables:
      found.length === 0
        ? []
        : [
            {
              id: 'ziele-massnahmen',
              title: 'reports.table.goalMeasures',
              columns: [
                'reports.col.goal',
                'goals.status.geplant',
                'goals.status.laeuft',
                'goals.status.abgeschlossen',
                'goals.status.verworfen',
                'reports.col.notes',
              ],
              rows: found.map((g) => ({
                label: { text: quartier ? g.title : `${g.quartierName}: ${g.title}` },
                cells: [
                  count(g.statusCounts.geplant),
                  count(g.statusCounts.laeuft),
                  count(g.statusCounts.abgeschlossen),
                  count(g.statusCounts.verworfen),
                  count(g.measures.reduce((n, m) => n + m.notes.length, 0)),
                ],
              })),
              how: { key: 'reports.how.goalMeasures' },
            },
          ],
  };
};
