/**
 * Who may see a concern's photo: everyone once the concern is shown publicly (staff reviewed it), staff of its
 * Quartier at any time, and the office holding a valid reply link for this concern.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import type { Actor } from '../auth/permissions';
import { concernPhotos, concerns } from '../../../../db/schema';
import { canManageConcern } from './records';
import { lookUpToken } from './tokens';

export type PhotoAccess = 'public' | 'private' | null;

export function photoAccess(db: Db, fileName: string, who: { user: Actor | null; replyToken: string | null }, now: Date = new Date()): PhotoAccess {
  const row = db
    .select({ concernId: concerns.id, quartierId: concerns.quartierId, isPublic: concerns.isPublic, reviewedAt: concerns.reviewedAt })
    .from(concernPhotos)
    .innerJoin(concerns, eq(concerns.id, concernPhotos.concernId))
    .where(eq(concernPhotos.fileName, fileName))
    .get();
  if (!row) return null;
  if (row.isPublic && row.reviewedAt) return 'public';
  if (who.user && canManageConcern(db, who.user, row)) return 'private';
  if (who.replyToken) {
    const found = lookUpToken(db, who.replyToken, 'reply', now);
    if (found.state === 'valid' && found.token.concernId === row.concernId) return 'private';
  }
  return null;
}
