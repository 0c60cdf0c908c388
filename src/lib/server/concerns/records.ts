/**
 * Reading one concern with what belongs to it, writing a timeline entry, and the permission rule of the area:
 * staff of the concern's Quartier, or an admin. Every change goes through `changeConcern`, which writes the
 * row, the timeline entry and the audit entry together.
 */
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { canManageQuartier, type Actor } from '../auth/permissions';
import { recordAudit, type AuditAction } from '../audit';
import { ForbiddenError, NotFoundError } from '../errors';
import {
  concernCategories,
  concernEvents,
  concernOffices,
  concernPhotos,
  concerns,
  quartiere,
  type Concern,
  type ConcernCategory,
  type ConcernEvent,
  type ConcernOffice,
  type ConcernPhoto,
  type ConcernStatus,
  type NewConcern,
} from '../../../../db/schema';
import { isClosed } from './states';

export interface ConcernView {
  concern: Concern;
  category: ConcernCategory;
  quartier: { id: number; slug: string; name: string };
  office: ConcernOffice | null;
  photos: ConcernPhoto[];
}

export function getConcern(db: Db, id: number): ConcernView | null {
  const row = db
    .select({
      concern: concerns,
      category: concernCategories,
      quartier: { id: quartiere.id, slug: quartiere.slug, name: quartiere.name },
      office: concernOffices,
    })
    .from(concerns)
    .innerJoin(concernCategories, eq(concernCategories.id, concerns.categoryId))
    .innerJoin(quartiere, eq(quartiere.id, concerns.quartierId))
    .leftJoin(concernOffices, eq(concernOffices.id, concerns.officeId))
    .where(eq(concerns.id, id))
    .get();
  if (!row) return null;
  const photos = db.select().from(concernPhotos).where(eq(concernPhotos.concernId, id)).orderBy(asc(concernPhotos.id)).all();
  return { ...row, photos };
}

export function canManageConcern(db: Db, actor: Actor | null | undefined, concern: Pick<Concern, 'quartierId'>): boolean {
  return canManageQuartier(db, actor, concern.quartierId);
}

/** The concern for a member of staff who may work on it; throws otherwise. */
export function concernForStaff(db: Db, actor: Actor, id: number): ConcernView {
  const view = getConcern(db, id);
  if (!view) throw new NotFoundError('concerns.error.notFound');
  if (!canManageConcern(db, actor, view.concern)) throw new ForbiddenError('concerns.error.forbidden');
  return view;
}

export interface TimelineEntry {
  kind: ConcernEvent['kind'];
  note?: string;
  officeId?: number | null;
  actorUserId?: number | null;
  /** Shown on the public page and in the feed (state changes and answers, never contact or internal notes). */
  isPublic?: boolean;
}

export function recordEvent(
  db: Db,
  concernId: number,
  entry: TimelineEntry & { fromStatus?: ConcernStatus | null; toStatus?: ConcernStatus | null },
  now: Date,
): void {
  db.insert(concernEvents)
    .values({
      concernId,
      at: now,
      kind: entry.kind,
      fromStatus: entry.fromStatus ?? null,
      toStatus: entry.toStatus ?? null,
      actorUserId: entry.actorUserId ?? null,
      officeId: entry.officeId ?? null,
      note: entry.note ?? '',
      isPublic: entry.isPublic ?? false,
    })
    .run();
}

export interface ConcernChange {
  set: Partial<NewConcern>;
  event: TimelineEntry;
  /** Audit action name, e.g. `concern.forward`; omitted for changes nobody of staff made (an office, a job). */
  audit?: { actorUserId: number | null; action: AuditAction; details?: Record<string, unknown> };
}

/** Writes a change of a concern: the row, a timeline entry (with the state change) and the audit entry. */
export function changeConcern(db: Db, concern: Concern, change: ConcernChange, now: Date): Concern {
  const nextStatus = change.set.status ?? concern.status;
  const closing = !isClosed(concern.status) && isClosed(nextStatus);
  const reopening = isClosed(concern.status) && !isClosed(nextStatus);
  const updated = db
    .update(concerns)
    .set({
      ...change.set,
      ...(closing ? { closedAt: now } : {}),
      ...(reopening ? { closedAt: null } : {}),
      updatedAt: now,
    })
    .where(eq(concerns.id, concern.id))
    .returning()
    .get()!;
  recordEvent(db, concern.id, { ...change.event, fromStatus: concern.status, toStatus: nextStatus !== concern.status ? nextStatus : null }, now);
  if (change.audit) {
    recordAudit(db, {
      actorUserId: change.audit.actorUserId,
      action: change.audit.action,
      entityType: 'concern',
      entityId: concern.id,
      quartierId: concern.quartierId,
      details: { from: concern.status, to: nextStatus, ...change.audit.details },
    });
  }
  return updated;
}

export function listTimeline(db: Db, concernId: number): (ConcernEvent & { officeName: string | null })[] {
  return db
    .select({ event: concernEvents, officeName: concernOffices.name })
    .from(concernEvents)
    .leftJoin(concernOffices, eq(concernOffices.id, concernEvents.officeId))
    .where(eq(concernEvents.concernId, concernId))
    .orderBy(asc(concernEvents.at), asc(concernEvents.id))
    .all()
    .map(({ event, officeName }) => ({ ...event, officeName }));
}
