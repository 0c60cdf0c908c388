import { and, asc, eq, gt, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { isAdmin, canManageQuartier, staffQuartierIds, type Actor } from '../auth/permissions';
import { recordAudit } from '../audit';
import { helpRequests, quartiere, users, volunteerApplications, volunteerProgrammes, volunteerSlots, type VolunteerProgramme } from '../../../../db/schema';
import { VolunteeringError } from './errors';

export interface ProgrammeView extends VolunteerProgramme {
  quartierName: string | null;
  quartierSlug: string | null;
  coordinatorName: string | null;
  coordinatorEmail: string | null;
}

function selectProgrammes(db: Db) {
  return db
    .select({
      programme: volunteerProgrammes,
      quartierName: quartiere.name,
      quartierSlug: quartiere.slug,
      coordinatorName: users.displayName,
      coordinatorEmail: users.email,
    })
    .from(volunteerProgrammes)
    .leftJoin(quartiere, eq(quartiere.id, volunteerProgrammes.quartierId))
    .leftJoin(users, eq(users.id, volunteerProgrammes.coordinatorUserId));
}

type ProgrammeRow = {
  programme: VolunteerProgramme;
  quartierName: string | null;
  quartierSlug: string | null;
  coordinatorName: string | null;
  coordinatorEmail: string | null;
};
const toView = ({ programme, ...rest }: ProgrammeRow): ProgrammeView => ({ ...programme, ...rest });

/** Public list: active programmes, optionally those of one Quartier plus the city-wide ones. */
export function listProgrammes(db: Db, options: { quartierId?: number; includeInactive?: boolean } = {}): ProgrammeView[] {
  const conditions = [];
  if (!options.includeInactive) conditions.push(eq(volunteerProgrammes.active, true));
  if (options.quartierId !== undefined) {
    conditions.push(or(eq(volunteerProgrammes.quartierId, options.quartierId), isNull(volunteerProgrammes.quartierId)));
  }
  return selectProgrammes(db)
    .where(and(...conditions))
    .orderBy(asc(volunteerProgrammes.name))
    .all()
    .map(toView);
}

export function getProgrammeBySlug(db: Db, slug: string): ProgrammeView | null {
  const row = selectProgrammes(db).where(eq(volunteerProgrammes.slug, slug)).get();
  return row ? toView(row) : null;
}

export function getProgrammeById(db: Db, id: number): ProgrammeView | null {
  const row = selectProgrammes(db).where(eq(volunteerProgrammes.id, id)).get();
  return row ? toView(row) : null;
}

/**
 * Volunteers' and requesters' data are seen only by the programme's coordinator — and only while that
 * person is still staff of the programme's Quartier — or by the city-wide Koordinationsstelle (admin).
 */
export function canCoordinateProgramme(
  db: Db,
  user: Actor | null | undefined,
  programme: Pick<VolunteerProgramme, 'coordinatorUserId' | 'quartierId'>,
): boolean {
  if (!user) return false;
  if (isAdmin(user)) return true;
  if (user.role !== 'staff' || programme.coordinatorUserId !== user.id) return false;
  return programme.quartierId === null || canManageQuartier(db, user, programme.quartierId);
}

/** Programmes whose people the user may see and manage. */
export function listCoordinatedProgrammes(db: Db, user: Actor | null | undefined): ProgrammeView[] {
  return listProgrammes(db, { includeInactive: true }).filter((p) => canCoordinateProgramme(db, user, p));
}

/** Staff may open new programmes in their own Quartiere; only admins city-wide ones. */
export function canCreateProgrammeIn(db: Db, user: Actor | null | undefined, quartierId: number | null): boolean {
  if (isAdmin(user)) return true;
  if (quartierId === null) return false;
  return canManageQuartier(db, user, quartierId);
}

/** Quartiere in which the user may create programmes ('all' for admins). */
export function programmeQuartierChoices(db: Db, user: Actor | null | undefined): number[] | 'all' {
  return staffQuartierIds(db, user);
}

export interface ProgrammeInput {
  slug: string;
  name: string;
  quartierId: number | null;
  summary: string;
  description: string;
  forWhom: string;
  timeCommitment: string;
  requirements: string;
  requiresTraining: boolean;
  requiresCertificate: boolean;
  acceptsHelpRequests: boolean;
  coordinatorUserId: number | null;
  contactEmail: string | null;
  contactPhone: string | null;
  active: boolean;
}

function assertSlugFree(db: Db, slug: string, exceptId?: number): void {
  const existing = db.select({ id: volunteerProgrammes.id }).from(volunteerProgrammes).where(eq(volunteerProgrammes.slug, slug)).get();
  if (existing && existing.id !== exceptId) throw new VolunteeringError('slug_taken');
}

export function createProgramme(db: Db, actor: Actor, input: ProgrammeInput): VolunteerProgramme {
  if (!canCreateProgrammeIn(db, actor, input.quartierId)) throw new VolunteeringError('not_allowed');
  return db.transaction((tx) => {
    assertSlugFree(tx, input.slug);
    const row = tx.insert(volunteerProgrammes).values(input).returning().get();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: 'volunteer_programme.create',
      entityType: 'volunteer_programme',
      entityId: row.id,
      quartierId: row.quartierId,
      details: { name: row.name },
    });
    return row;
  });
}

export function updateProgramme(db: Db, actor: Actor, id: number, input: ProgrammeInput): VolunteerProgramme {
  return db.transaction((tx) => {
    const current = tx.select().from(volunteerProgrammes).where(eq(volunteerProgrammes.id, id)).get();
    if (!current) throw new VolunteeringError('programme_not_found');
    // Moving a programme needs rights on both the old and the new Quartier.
    if (!canCoordinateProgramme(tx, actor, current) || !canCreateProgrammeIn(tx, actor, input.quartierId)) {
      throw new VolunteeringError('not_allowed');
    }
    assertSlugFree(tx, input.slug, id);
    const row = tx.update(volunteerProgrammes).set(input).where(eq(volunteerProgrammes.id, id)).returning().get();
    const changed = Object.keys(input).filter((k) => current[k as keyof ProgrammeInput] !== input[k as keyof ProgrammeInput]);
    recordAudit(tx, {
      actorUserId: actor.id,
      action: 'volunteer_programme.update',
      entityType: 'volunteer_programme',
      entityId: id,
      quartierId: row.quartierId,
      details: { changed },
    });
    return row!;
  });
}

/** Staff who could coordinate a programme in this Quartier (for the coordinator choice in the form). */
export function listPossibleCoordinators(db: Db): { id: number; displayName: string }[] {
  return db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(or(eq(users.role, 'staff'), eq(users.role, 'admin')))
    .orderBy(asc(users.displayName))
    .all();
}

export interface ProgrammeCounts {
  applications: number;
  requests: number;
  upcomingSlots: number;
}

/** Open work per programme for the coordinator's overview (ended and anonymised records not counted). */
export function countProgrammeWork(db: Db, programmeId: number, now: Date = new Date()): ProgrammeCounts {
  const count = (q: { n: number } | undefined): number => q?.n ?? 0;
  return {
    applications: count(
      db
        .select({ n: sql<number>`count(*)` })
        .from(volunteerApplications)
        .where(
          and(
            eq(volunteerApplications.programmeId, programmeId),
            isNotNull(volunteerApplications.emailConfirmedAt),
            sql`${volunteerApplications.status} <> 'beendet'`,
            isNull(volunteerApplications.anonymisedAt),
          ),
        )
        .get(),
    ),
    requests: count(
      db
        .select({ n: sql<number>`count(*)` })
        .from(helpRequests)
        .where(and(eq(helpRequests.programmeId, programmeId), sql`${helpRequests.status} <> 'beendet'`, isNull(helpRequests.anonymisedAt)))
        .get(),
    ),
    upcomingSlots: count(
      db
        .select({ n: sql<number>`count(*)` })
        .from(volunteerSlots)
        .where(and(eq(volunteerSlots.programmeId, programmeId), gt(volunteerSlots.endsAt, now)))
        .get(),
    ),
  };
}
