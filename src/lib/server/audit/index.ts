import { auditLog } from '../../../../db/schema';
import type { Db } from '../db';
import type { AuditAction } from './actions';

export { auditActions, isAuditAction, type AuditAction } from './actions';

export interface AuditEntryInput {
  actorUserId: number | null;
  action: AuditAction;
  entityType: string;
  entityId: string | number;
  quartierId?: number | null;
  details?: Record<string, unknown>;
}

/** Records a staff or admin action; call inside the transaction of the change itself. */
export function recordAudit(db: Db, entry: AuditEntryInput): void {
  db.insert(auditLog)
    .values({
      actorUserId: entry.actorUserId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: String(entry.entityId),
      quartierId: entry.quartierId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .run();
}
