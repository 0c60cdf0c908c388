/** One-time tokens sent by mail (verify address, reset password, change address): only a hash is stored. */
import { createHash } from 'node:crypto';
import { and, eq, gt, isNull, lt, or, isNotNull } from 'drizzle-orm';
import type { Db } from '../db';
import { userTokens, type userTokenKinds } from '../../../../db/schema';
import { generateSecureRandomString } from '../auth/session';
import { toBerlin } from '../../time';

export type UserTokenKind = (typeof userTokenKinds)[number];

export const tokenLifetimesMs: Record<UserTokenKind, number> = {
  verify_email: 48 * 60 * 60 * 1000,
  reset_password: 60 * 60 * 1000,
  change_email: 24 * 60 * 60 * 1000,
};

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Issues a new token; earlier unused tokens of the same kind stop working, so only the newest link counts. */
export function issueUserToken(db: Db, userId: number, kind: UserTokenKind, now: Date, newEmail: string | null = null): string {
  db.delete(userTokens)
    .where(and(eq(userTokens.userId, userId), eq(userTokens.kind, kind), isNull(userTokens.usedAt)))
    .run();
  const token = generateSecureRandomString() + generateSecureRandomString();
  db.insert(userTokens)
    .values({
      userId,
      kind,
      tokenHash: hashToken(token),
      newEmail,
      expiresAt: new Date(now.getTime() + tokenLifetimesMs[kind]),
      createdAt: now,
    })
    .run();
  return token;
}

export interface ValidToken {
  id: number;
  userId: number;
  newEmail: string | null;
}

/** The token if it is unused and not expired; does not use it up. */
export function findValidUserToken(db: Db, token: string, kind: UserTokenKind, now: Date): ValidToken | null {
  if (!token || token.length > 200) return null;
  const row = db
    .select({ id: userTokens.id, userId: userTokens.userId, newEmail: userTokens.newEmail })
    .from(userTokens)
    .where(and(eq(userTokens.tokenHash, hashToken(token)), eq(userTokens.kind, kind), isNull(userTokens.usedAt), gt(userTokens.expiresAt, now)))
    .get();
  return row ?? null;
}

/** Marks the token used; returns it, or null when it is not (or no longer) valid. */
export function takeUserToken(db: Db, token: string, kind: UserTokenKind, now: Date): ValidToken | null {
  const row = findValidUserToken(db, token, kind, now);
  if (!row) return null;
  db.update(userTokens).set({ usedAt: now }).where(eq(userTokens.id, row.id)).run();
  return row;
}

/** Every link of the account not used yet stops working (the address it was sent to is no longer the account's). */
export function revokeUnusedUserTokens(db: Db, userId: number): number {
  return db
    .delete(userTokens)
    .where(and(eq(userTokens.userId, userId), isNull(userTokens.usedAt)))
    .run().changes;
}

/** Deletes used and expired tokens (nothing left to look up a week later). */
export function purgeUserTokens(db: Db, now: Date): number {
  const weekAgo = toBerlin(now).minus({ days: 7 }).toJSDate();
  return db
    .delete(userTokens)
    .where(or(lt(userTokens.expiresAt, now), and(isNotNull(userTokens.usedAt), lt(userTokens.usedAt, weekAgo))))
    .run().changes;
}
