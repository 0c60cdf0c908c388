/**
 * Goals of a Quartier and the measures under them (KDA steps 5 "Ziele festlegen" and 7 "Maßnahmen umsetzen"), with
 * dated progress notes. Only staff of the goal's Quartier and admins read or change them; every function checks
 * that itself, so no page or Action can forget it.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { canManageQuartier, isAdmin, staffQuartierIds, type Actor } from '../auth/permissions';
import { recordAudit } from '../audit';
import { DomainError, ForbiddenError, NotFoundError, problem, type Problem } from '../errors';
import {
  actorQuartiere,
  actors,
  goals,
  measureNotes,
  measures,
  quartiere,
  type Goal,
  type Measure,
  type MeasureNote,
  type MeasureStatus,
  type NoteAuthorRole,
} from '../../../../db/schema';

export interface GoalInput {
  quartierId: number;
  title: string;
  description: string;
}

export interface MeasureInput {
  title: string;
  description: string;
  actorId: number | null;
  responsibleText: string;
  startsOn: string | null;
  endsOn: string | null;
  status: MeasureStatus;
  outcome: string;
  showPublicly: boolean;
}

export interface NoteInput {
  notedOn: string;
  text: string;
  showPublicly: boolean;
}

export interface GoalListItem extends Goal {
  quartierName: string;
  counts: Record<MeasureStatus, number>;
}

export interface MeasureView extends Measure {
  actorName: string | null;
  notes: MeasureNote[];
}

export interface GoalView {
  goal: Goal;
  quartier: { id: number; slug: string; name: string };
  measures: MeasureView[];
}

/** The Quartiere whose goals this user keeps (staff: their own; admins: all), by sort order. */
export function listGoalQuartiere(db: Db, user: Actor): { id: number; slug: string; name: string }[] {
  const scope = staffQuartierIds(db, user);
  if (scope !== 'all' && scope.length === 0) return [];
  return db
    .select({ id: quartiere.id, slug: quartiere.slug, name: quartiere.name })
    .from(quartiere)
    .where(scope === 'all' ? undefined : inArray(quartiere.id, scope))
    .orderBy(asc(quartiere.sortOrder), asc(quartiere.name))
    .all();
}

/** Goals of the Quartiere the user keeps, with how many measures are in each state. */
export function listGoals(db: Db, user: Actor): GoalListItem[] {
  const ids = listGoalQuartiere(db, user).map((q) => q.id);
  if (ids.length === 0) return [];
  const rows = db
    .select({ goal: goals, quartierName: quartiere.name })
    .from(goals)
    .innerJoin(quartiere, eq(quartiere.id, goals.quartierId))
    .where(inArray(goals.quartierId, ids))
    .orderBy(asc(quartiere.sortOrder), asc(quartiere.name), asc(goals.title))
    .all();
  const counts = db
    .select({ goalId: measures.goalId, status: measures.status, n: sql<number>`count(*)` })
    .from(measures)
    .where(
      inArray(
        measures.goalId,
        rows.map((r) => r.goal.id),
      ),
    )
    .groupBy(measures.goalId, measures.status)
    .all();
  return rows.map((r) => {
    const byStatus: Record<MeasureStatus, number> = { geplant: 0, laeuft: 0, abgeschlossen: 0, verworfen: 0 };
    for (const c of counts) if (c.goalId === r.goal.id) byStatus[c.status] = c.n;
    return { ...r.goal, quartierName: r.quartierName, counts: byStatus };
  });
}

function requireQuartier(db: Db, user: Actor, quartierId: number): void {
  if (!canManageQuartier(db, user, quartierId)) throw new ForbiddenError();
}

/** A goal the user may keep, or null when it does not exist; ForbiddenError for another Quartier's goal. */
function goalFor(db: Db, user: Actor, goalId: number): Goal | null {
  const goal = db.select().from(goals).where(eq(goals.id, goalId)).get();
  if (!goal) return null;
  requireQuartier(db, user, goal.quartierId);
  return goal;
}

/** A measure with its goal, checked like `goalFor`. */
export function measureFor(db: Db, user: Actor, measureId: number): { measure: Measure; goal: Goal } | null {
  const row = db
    .select({ measure: measures, goal: goals })
    .from(measures)
    .innerJoin(goals, eq(goals.id, measures.goalId))
    .where(eq(measures.id, measureId))
    .get();
  if (!row) return null;
  requireQuartier(db, user, row.goal.quartierId);
  return row;
}

/** The goal page: the goal, its Quartier and every measure with its notes (newest first). */
export function getGoal(db: Db, user: Actor, goalId: number): GoalView | null {
  const goal = goalFor(db, user, goalId);
  if (!goal) return null;
  const quartier = db.select({ id: quartiere.id, slug: quartiere.slug, name: quartiere.name }).from(quartiere).where(eq(quartiere.id, goal.quartierId)).get()!;
  const rows = db
    .select({ measure: measures, actorName: actors.name })
    .from(measures)
    .leftJoin(actors, eq(actors.id, measures.actorId))
    .where(eq(measures.goalId, goal.id))
    .orderBy(asc(measures.startsOn), asc(measures.id))
    .all();
  const notes = notesOf(
    db,
    rows.map((r) => r.measure.id),
  );
  return {
    goal,
    quartier,
    measures: rows.map((r) => ({ ...r.measure, actorName: r.actorName, notes: notes.filter((n) => n.measureId === r.measure.id) })),
  };
}

export function notesOf(db: Db, measureIds: readonly number[]): MeasureNote[] {
  if (measureIds.length === 0) return [];
  return db
    .select()
    .from(measureNotes)
    .where(inArray(measureNotes.measureId, [...measureIds]))
    .orderBy(desc(measureNotes.notedOn), desc(measureNotes.id))
    .all();
}

/** Creates a goal (id null) or changes one; staff may neither create nor move a goal outside their Quartiere. */
export function saveGoal(db: Db, user: Actor, goalId: number | null, input: GoalInput): Goal {
  return db.transaction((tx) => {
    requireQuartier(tx, user, input.quartierId);
    const values = { quartierId: input.quartierId, title: input.title, description: input.description };
    let goal: Goal;
    if (goalId === null) {
      goal = tx
        .insert(goals)
        .values({ ...values, createdBy: user.id })
        .returning()
        .get();
    } else {
      if (!goalFor(tx, user, goalId)) throw new NotFoundError();
      goal = tx.update(goals).set(values).where(eq(goals.id, goalId)).returning().get();
    }
    recordAudit(tx, {
      actorUserId: user.id,
      action: goalId === null ? 'goal.create' : 'goal.update',
      entityType: 'goal',
      entityId: goal.id,
      quartierId: goal.quartierId,
    });
    return goal;
  });
}

/** Actors of the directory that work in this Quartier: the ones a measure may name as responsible. */
export function responsibleActorOptions(db: Db, quartierId: number): { id: number; name: string }[] {
  return db
    .select({ id: actors.id, name: actors.name })
    .from(actors)
    .innerJoin(actorQuartiere, and(eq(actorQuartiere.actorId, actors.id), eq(actorQuartiere.quartierId, quartierId)))
    .orderBy(asc(actors.name))
    .all();
}

/** Every mistake of a measure form at once, each next to its field. */
function checkMeasure(db: Db, quartierId: number, input: MeasureInput): Problem[] {
  const problems: Problem[] = [];
  if (input.actorId !== null && !responsibleActorOptions(db, quartierId).some((a) => a.id === input.actorId))
    problems.push(problem('goals.error.actorUnknown', { field: 'actorId' }));
  if (input.startsOn && input.endsOn && input.endsOn < input.startsOn) problems.push(problem('goals.error.endBeforeStart', { field: 'endsOn' }));
  if (input.showPublicly && input.status !== 'abgeschlossen') problems.push(problem('goals.error.publicOnlyFinished', { field: 'showPublicly' }));
  if (input.showPublicly && input.outcome.trim() === '') problems.push(problem('goals.error.outcomeForPublic', { field: 'outcome' }));
  return problems;
}

/** Creates a measure under a goal (measureId null) or changes one. */
export function saveMeasure(db: Db, user: Actor, goalId: number, measureId: number | null, input: MeasureInput, now: Date = new Date()): Measure {
  return db.transaction((tx) => {
    const goal = goalFor(tx, user, goalId);
    if (!goal) throw new NotFoundError();
    const existing = measureId === null ? null : measureFor(tx, user, measureId);
    if (measureId !== null && (!existing || existing.goal.id !== goal.id)) throw new NotFoundError();
    const problems = checkMeasure(tx, goal.quartierId, input);
    if (problems.length > 0) throw new DomainError('invalid', problems);
    const { showPublicly, ...fields } = input;
    // Keep the first day it went public, so feed readers do not see an old highlight as new after every edit.
    const publicSince = showPublicly ? (existing?.measure.publicSince ?? now) : null;
    const values = { ...fields, goalId: goal.id, publicSince };
    const measure =
      measureId === null
        ? tx.insert(measures).values(values).returning().get()
        : tx.update(measures).set(values).where(eq(measures.id, measureId)).returning().get();
    recordAudit(tx, {
      actorUserId: user.id,
      action: measureId === null ? 'measure.create' : 'measure.update',
      entityType: 'measure',
      entityId: measure.id,
      quartierId: goal.quartierId,
      details: { status: measure.status },
    });
    return measure;
  });
}

/** Notes carry the writer's role, never a name: they end up in committee papers and maybe on the public page. */
function authorRoleOf(user: Actor): NoteAuthorRole {
  return isAdmin(user) ? 'koordinationsstelle' : 'quartiersmanagement';
}

export function addNote(db: Db, user: Actor, measureId: number, input: NoteInput, now: Date = new Date()): MeasureNote {
  return db.transaction((tx) => {
    const found = measureFor(tx, user, measureId);
    if (!found) throw new NotFoundError();
    const note = tx
      .insert(measureNotes)
      .values({ measureId, notedOn: input.notedOn, text: input.text, authorRole: authorRoleOf(user), publicSince: input.showPublicly ? now : null })
      .returning()
      .get();
    recordAudit(tx, { actorUserId: user.id, action: 'measure.note', entityType: 'measure', entityId: measureId, quartierId: found.goal.quartierId });
    return note;
  });
}

/** Shows a progress note on "Was wir erreicht haben", or takes it off. */
export function setNotePublic(db: Db, user: Actor, noteId: number, shown: boolean, now: Date = new Date()): MeasureNote {
  return db.transaction((tx) => {
    const note = tx.select().from(measureNotes).where(eq(measureNotes.id, noteId)).get();
    if (!note || !measureFor(tx, user, note.measureId)) throw new NotFoundError();
    const publicSince = shown ? (note.publicSince ?? now) : null;
    return tx.update(measureNotes).set({ publicSince }).where(eq(measureNotes.id, noteId)).returning().get();
  });
}
