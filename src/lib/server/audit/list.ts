/** Reading the audit log for the admin page, newest first, filtered by who, what, which Quartier and when. */
import { and, desc, eq, gte, like, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { auditLog, quartiere, users } from '../../../../db/schema';

export interface AuditFilter {
  actor?: string;
  action?: string;
  entityType?: string;
  quartierId?: number | null;
  from?: Date | null;
  /** Exclusive upper bound. */
  to?: Date | null;
}

export interface AuditRow {
  id: number;
  at: Date;
  actor: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  quartier: string | null;
  details: string;
}

export function listAuditEntries(db: Db, filter: AuditFilter, limit = 100, offset = 0): { rows: AuditRow[]; more: boolean } {
  const conditions: SQL[] = [];
  const actor = filter.actor?.trim().toLowerCase().replace(/[%_]/g, '');
  if (actor) conditions.push(like(users.email, `%${actor}%`));
  if (filter.action) conditions.push(like(auditLog.action, `${filter.action.replace(/[%_]/g, '')}%`));
  if (filter.entityType) conditions.push(eq(auditLog.entityType, filter.entityType));
  if (filter.quartierId) conditions.push(eq(auditLog.quartierId, filter.quartierId));
  if (filter.from) conditions.push(gte(auditLog.at, filter.from));
  if (filter.to) conditions.push(lt(auditLog.at, filter.to));
  const rows = db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actor: users.email,
      actorName: users.displayName,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      quartier: quartiere.name,
      details: auditLog.details,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(quartiere, eq(quartiere.id, auditLog.quartierId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit + 1)
    .offset(offset)
    .all();
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

/** Entity types present in the log, for the filter's select. */
export function listAuditEntityTypes(db: Db): string[] {
  return db
    .selectDistinct({ t: auditLog.entityType })
    .from(auditLog)
    .orderBy(auditLog.entityType)
    .all()
    .map((r) => r.t);
}
