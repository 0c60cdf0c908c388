/**
 * Sessions after the current Lucia recipe (lucia-auth/lucia, code/auth_session.ts): the cookie carries
 * `<id>.<secret>`, the database only a SHA-256 hash of the secret, compared in constant time. A session
 * ends after a period of inactivity, and 30 days after the login however often it is used (a stolen cookie
 * does not work for ever); activity is written at most once an interval to spare the database.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { and, desc, eq, lt, ne, or } from 'drizzle-orm';
import type { Db } from '../db';
import { sessions, users, type User } from '../../../../db/schema';

export const SESSION_COOKIE = 'session';
export const INACTIVITY_TIMEOUT_MS = 10 * 24 * 60 * 60 * 1000;
export const ACTIVITY_CHECK_INTERVAL_MS = 60 * 60 * 1000;
/** Log in again after this long (OWASP ASVS 3.3: an absolute session lifetime besides the idle timeout). */
export const ABSOLUTE_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

export interface SessionWithToken {
  id: string;
  userId: number;
  token: string;
}

export interface ValidatedSession {
  session: { id: string; userId: number; createdAt: Date; lastVerifiedAt: Date };
  user: User;
}

/** When a session stops working without further activity: idle timeout or absolute end, whichever is first. */
export function sessionExpiresAt(session: { createdAt: Date; lastVerifiedAt: Date }): Date {
  return new Date(Math.min(session.lastVerifiedAt.getTime() + INACTIVITY_TIMEOUT_MS, session.createdAt.getTime() + ABSOLUTE_LIFETIME_MS));
}

/** 120 bits of randomness in a URL- and cookie-safe alphabet. */
export function generateSecureRandomString(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(15));
}

function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

export function createSession(db: Db, userId: number, now: Date = new Date()): SessionWithToken {
  const id = generateSecureRandomString();
  const secret = generateSecureRandomString();
  db.insert(sessions)
    .values({ id, userId, secretHash: hashSecret(secret), createdAt: now, lastVerifiedAt: now })
    .run();
  return { id, userId, token: `${id}.${secret}` };
}

export function validateSessionToken(db: Db, token: string, now: Date = new Date()): ValidatedSession | null {
  const parts = token.split('.');
  if (parts.length !== 2) return null;
  const [id, secret] = parts as [string, string];
  const row = db.select({ session: sessions, user: users }).from(sessions).innerJoin(users, eq(users.id, sessions.userId)).where(eq(sessions.id, id)).get();
  if (!row) return null;
  if (now.getTime() >= sessionExpiresAt(row.session).getTime()) {
    db.delete(sessions).where(eq(sessions.id, id)).run();
    return null;
  }
  const given = hashSecret(secret);
  if (given.length !== row.session.secretHash.length || !timingSafeEqual(given, row.session.secretHash)) return null;
  if (row.user.disabledAt) return null;
  let lastVerifiedAt = row.session.lastVerifiedAt;
  if (now.getTime() - lastVerifiedAt.getTime() >= ACTIVITY_CHECK_INTERVAL_MS) {
    lastVerifiedAt = now;
    db.update(sessions).set({ lastVerifiedAt }).where(eq(sessions.id, id)).run();
  }
  return { session: { id, userId: row.session.userId, createdAt: row.session.createdAt, lastVerifiedAt }, user: row.user };
}

export function invalidateSession(db: Db, sessionId: string): void {
  db.delete(sessions).where(eq(sessions.id, sessionId)).run();
}

/** Ends every session of a user (log out everywhere, password change, account disabled). */
export function invalidateUserSessions(db: Db, userId: number): void {
  db.delete(sessions).where(eq(sessions.userId, userId)).run();
}

/** Ends every session of a user except the one in use (password change keeps the person logged in here). */
export function invalidateOtherUserSessions(db: Db, userId: number, keepSessionId: string): void {
  db.delete(sessions)
    .where(and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)))
    .run();
}

export interface SessionSummary {
  id: string;
  createdAt: Date;
  lastVerifiedAt: Date;
}

export function listUserSessions(db: Db, userId: number): SessionSummary[] {
  return db
    .select({ id: sessions.id, createdAt: sessions.createdAt, lastVerifiedAt: sessions.lastVerifiedAt })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(desc(sessions.lastVerifiedAt))
    .all();
}

/** Removes sessions that expired (idle or past their absolute end); they would be rejected anyway. */
export function purgeExpiredSessions(db: Db, now: Date = new Date()): number {
  return db
    .delete(sessions)
    .where(
      or(lt(sessions.lastVerifiedAt, new Date(now.getTime() - INACTIVITY_TIMEOUT_MS)), lt(sessions.createdAt, new Date(now.getTime() - ABSOLUTE_LIFETIME_MS))),
    )
    .run().changes;
}
