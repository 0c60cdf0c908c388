import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { outbox, sessions, users } from '../../db/schema';
import type { DbConnection } from '../../db/client';
import { freshDb } from '../helpers/db';
import { confirmEmailChange, requestEmailChange, requestPasswordReset } from '../../src/lib/server/accounts';
import { findValidUserToken } from '../../src/lib/server/accounts/tokens';
import { hashPassword } from '../../src/lib/server/auth/password';
import {
  ABSOLUTE_LIFETIME_MS,
  createSession,
  INACTIVITY_TIMEOUT_MS,
  purgeExpiredSessions,
  sessionExpiresAt,
  validateSessionToken,
} from '../../src/lib/server/auth/session';

let db: DbConnection;
beforeEach(() => {
  db = freshDb().db;
});
afterEach(() => db.$client.close());

const DAY = 24 * 60 * 60 * 1000;
const password = 'Sonnenblumen am Kanal 7';

async function member(email: string): Promise<number> {
  return db
    .insert(users)
    .values({ email, passwordHash: await hashPassword(password), displayName: 'Anna Alt', emailVerifiedAt: new Date() })
    .returning({ id: users.id })
    .get().id;
}

function tokenIn(kind: string, to: string, path: string): string {
  const mail = db
    .select()
    .from(outbox)
    .where(eq(outbox.toAddress, to))
    .all()
    .filter((m) => m.kind === kind)
    .at(-1)!;
  return new RegExp(`${path}\\?token=([a-z0-9]+)`).exec(mail.textBody)![1]!;
}

describe('session lifetime', () => {
  it('ends a session 30 days after the login even when it is used every day', async () => {
    expect(ABSOLUTE_LIFETIME_MS).toBe(30 * DAY);
    const userId = await member('taeglich@example.org');
    const start = new Date('2026-03-01T08:00:00Z');
    const { token } = createSession(db, userId, start);
    for (let day = 1; day < 30; day++) expect(validateSessionToken(db, token, new Date(start.getTime() + day * DAY)), `day ${day}`).not.toBeNull();
    expect(validateSessionToken(db, token, new Date(start.getTime() + 30 * DAY))).toBeNull();
    expect(db.select().from(sessions).all()).toHaveLength(0);
  });

  it('lets the cookie expire at the earlier of inactivity and the absolute end', async () => {
    const userId = await member('keks@example.org');
    const start = new Date('2026-03-01T08:00:00Z');
    createSession(db, userId, start);
    expect(sessionExpiresAt({ createdAt: start, lastVerifiedAt: start })).toEqual(new Date(start.getTime() + INACTIVITY_TIMEOUT_MS));
    const late = new Date(start.getTime() + 25 * DAY);
    expect(sessionExpiresAt({ createdAt: start, lastVerifiedAt: late })).toEqual(new Date(start.getTime() + ABSOLUTE_LIFETIME_MS));
  });

  it('purges sessions past their absolute end', async () => {
    const userId = await member('alt@example.org');
    const start = new Date('2026-03-01T08:00:00Z');
    const { id } = createSession(db, userId, start);
    db.update(sessions)
      .set({ lastVerifiedAt: new Date(start.getTime() + 29 * DAY) })
      .where(eq(sessions.id, id))
      .run();
    expect(purgeExpiredSessions(db, new Date(start.getTime() + 29.5 * DAY))).toBe(0);
    expect(purgeExpiredSessions(db, new Date(start.getTime() + 30 * DAY + 1))).toBe(1);
  });
});

describe('confirming a new address', () => {
  it('ends every other session of the account and voids pending reset links', async () => {
    const userId = await member('vorher@example.org');
    const here = createSession(db, userId);
    const elsewhere = createSession(db, userId);
    requestPasswordReset(db, 'vorher@example.org');
    const resetToken = tokenIn('password-reset', 'vorher@example.org', '/passwort-neu');
    expect(findValidUserToken(db, resetToken, 'reset_password', new Date())).not.toBeNull();
    await requestEmailChange(db, userId, password, 'nachher@example.org');
    confirmEmailChange(db, tokenIn('email-change-confirm', 'nachher@example.org', '/konto/adresse-bestaetigen'), new Date(), here.id);
    expect(validateSessionToken(db, here.token)).not.toBeNull();
    expect(validateSessionToken(db, elsewhere.token)).toBeNull();
    expect(findValidUserToken(db, resetToken, 'reset_password', new Date())).toBeNull();
    expect(db.select().from(users).where(eq(users.id, userId)).get()!.email).toBe('nachher@example.org');
  });

  it('keeps no session when the link is opened in a browser logged in as someone else', async () => {
    const userId = await member('eins@example.org');
    const otherId = await member('zwei@example.org');
    const own = createSession(db, userId);
    const other = createSession(db, otherId);
    await requestEmailChange(db, userId, password, 'eins-neu@example.org');
    confirmEmailChange(db, tokenIn('email-change-confirm', 'eins-neu@example.org', '/konto/adresse-bestaetigen'), new Date(), other.id);
    expect(validateSessionToken(db, own.token)).toBeNull();
    expect(validateSessionToken(db, other.token)).not.toBeNull();
  });
});
