/**
 * Event close-out: after an occurrence has taken place, staff of one of its Quartiere or a member of the organising
 * organisation record how many people came. The Quartiersbericht reads these numbers; it never asks for them again.
 */
import { and, desc, eq, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { eventAttendance, eventOccurrences, eventQuartiere, events, MAX_ATTENDEES, quartiere, type EventAttendance } from '../../../../db/schema';
import { canManageAnyQuartier, organisationRole, staffQuartierIds, userOrganisationIds, type Actor } from '../auth/permissions';
import { DomainError, ForbiddenError, NotFoundError, problem, type Problem } from '../errors';
import { recordAudit } from '../audit';
import { eventQuartierIds } from '../events/permissions';

export const MAX_ATTENDANCE_NOTE = 500;

export interface AttendanceTarget {
  eventId: number;
  recurrenceLocal: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  quartierNames: string[];
  recorded: EventAttendance | null;
}

export interface AttendanceInput {
  attendees: number;
  note: string;
}

/** Staff of one of the event's Quartiere, an admin, or a member of the organisation that runs it. */
export function canRecordAttendance(db: Db, user: Actor | null | undefined, event: { id: number; organisationId: number | null }): boolean {
  if (!user) return false;
  if (canManageAnyQuartier(db, user, eventQuartierIds(db, event.id))) return true;
  return event.organisationId !== null && organisationRole(db, user.id, event.organisationId) !== null;
}

/**
 * The occurrence whose attendance `user` wants to see or record. Not found when there is no such occurrence;
 * forbidden when the user may not record it; refused when it has not taken place (yet, or at all).
 */
export function getAttendanceTarget(db: Db, user: Actor | null | undefined, eventId: number, recurrenceLocal: string, now: Date): AttendanceTarget {
  const row = db
    .select({
      eventId: events.id,
      organisationId: events.organisationId,
      eventStatus: events.status,
      title: events.title,
      startsAt: eventOccurrences.startsAt,
      endsAt: eventOccurrences.endsAt,
      status: eventOccurrences.status,
    })
    .from(eventOccurrences)
    .innerJoin(events, eq(events.id, eventOccurrences.eventId))
    .where(and(eq(eventOccurrences.eventId, eventId), eq(eventOccurrences.recurrenceLocal, recurrenceLocal)))
    .get();
  if (!row) throw new NotFoundError();
  if (!canRecordAttendance(db, user, { id: row.eventId, organisationId: row.organisationId })) throw new ForbiddenError();
  if (row.eventStatus !== 'published' || row.status === 'cancelled') throw new DomainError('conflict', problem('reports.attendance.error.cancelled'));
  if (row.endsAt > now) throw new DomainError('conflict', problem('reports.attendance.error.notYetHeld'));
  const recorded =
    db
      .select()
      .from(eventAttendance)
      .where(and(eq(eventAttendance.eventId, eventId), eq(eventAttendance.recurrenceLocal, recurrenceLocal)))
      .get() ?? null;
  const quartierNames = db
    .select({ name: quartiere.name })
    .from(eventQuartiere)
    .innerJoin(quartiere, eq(quartiere.id, eventQuartiere.quartierId))
    .where(eq(eventQuartiere.eventId, eventId))
    .orderBy(quartiere.sortOrder)
    .all()
    .map((q) => q.name);
  return { eventId, recurrenceLocal, title: row.title, startsAt: row.startsAt, endsAt: row.endsAt, quartierNames, recorded };
}

/** Records (or corrects) how many people came; the permission and "has it taken place" are checked here. */
export function recordAttendance(
  db: Db,
  user: Actor,
  eventId: number,
  recurrenceLocal: string,
  input: AttendanceInput,
  now: Date = new Date(),
): EventAttendance {
  const problems: Problem[] = [];
  if (!Number.isInteger(input.attendees) || input.attendees < 0 || input.attendees > MAX_ATTENDEES) {
    problems.push(problem('reports.attendance.error.attendees', { field: 'attendees', params: { max: MAX_ATTENDEES } }));
  }
  const note = input.note.trim();
  if (note.length > MAX_ATTENDANCE_NOTE) problems.push(problem('form.field.tooLong', { field: 'note', params: { max: MAX_ATTENDANCE_NOTE } }));
  return db.transaction((tx) => {
    getAttendanceTarget(tx, user, eventId, recurrenceLocal, now);
    if (problems.length > 0) throw new DomainError('invalid', problems);
    const values = { eventId, recurrenceLocal, attendees: input.attendees, note, recordedBy: user.id, recordedAt: now };
    const saved = tx
      .insert(eventAttendance)
      .values(values)
      .onConflictDoUpdate({
        target: [eventAttendance.eventId, eventAttendance.recurrenceLocal],
        set: { attendees: values.attendees, note, recordedBy: user.id, recordedAt: now },
      })
      .returning()
      .get();
    recordAudit(tx, {
      actorUserId: user.id,
      action: 'event.attendance',
      entityType: 'event',
      entityId: eventId,
      quartierId: eventQuartierIds(tx, eventId)[0] ?? null,
      details: { recurrenceLocal, attendees: input.attendees },
    });
    return saved;
  });
}

export interface MissingAttendanceRow {
  eventId: number;
  recurrenceLocal: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
}

/**
 * Past occurrences that took place but have no attendance yet, newest first: those of the staff's Quartiere (all for
 * admins) and those of the user's organisations. Cancelled occurrences and events are left out: nobody came to them.
 */
export function listMissingAttendance(db: Db, user: Actor, now: Date, limit = 100): { rows: MissingAttendanceRow[]; total: number } {
  const scope = staffQuartierIds(db, user);
  const organisations = userOrganisationIds(db, user.id);
  const reach: SQL[] = [];
  if (scope === 'all') reach.push(sql`1 = 1`);
  else if (scope.length > 0) {
    reach.push(inArray(events.id, db.select({ id: eventQuartiere.eventId }).from(eventQuartiere).where(inArray(eventQuartiere.quartierId, scope))));
  }
  if (organisations.length > 0) reach.push(inArray(events.organisationId, organisations));
  if (reach.length === 0) return { rows: [], total: 0 };
  const where = and(
    or(...reach),
    eq(events.status, 'published'),
    eq(eventOccurrences.status, 'scheduled'),
    lte(eventOccurrences.endsAt, now),
    isNull(eventAttendance.eventId),
  );
  const base = db
    .select({
      eventId: events.id,
      recurrenceLocal: eventOccurrences.recurrenceLocal,
      title: events.title,
      startsAt: eventOccurrences.startsAt,
      endsAt: eventOccurrences.endsAt,
    })
    .from(eventOccurrences)
    .innerJoin(events, eq(events.id, eventOccurrences.eventId))
    .leftJoin(
      eventAttendance,
      and(eq(eventAttendance.eventId, eventOccurrences.eventId), eq(eventAttendance.recurrenceLocal, eventOccurrences.recurrenceLocal)),
    )
    .where(where);
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(base.as('missing'))
      .get()?.n ?? 0;
  const rows = base.orderBy(desc(eventOccurrences.startsAt)).limit(limit).all();
  return { rows, total };
}
