/**
 * Logged-in requests for tests without going through the login form: a real session row is created in the
 * server's database file (the same Lucia-style session the login creates), and its cookie is returned.
 */
import { eq } from 'drizzle-orm';
import type { BrowserContext } from 'playwright-core';
import { createDb } from '../../db/client';
import { users } from '../../db/schema';
import { createSession, SESSION_COOKIE } from '../../src/lib/server/auth/session';
import { hashPassword } from '../../src/lib/server/auth/password';

/** `session=<token>` for the user with this e-mail, in the database at dbPath. */
export function sessionCookieFor(dbPath: string, email: string): string {
  const db = createDb(dbPath);
  try {
    const user = db.select().from(users).where(eq(users.email, email)).get();
    if (!user) throw new Error(`no user ${email} in ${dbPath}`);
    return `${SESSION_COOKIE}=${createSession(db, user.id).token}`;
  } finally {
    db.$client.close();
  }
}

/** Creates verified members with these e-mails (no usable password) and returns a session cookie for each. */
export function newMemberCookies(dbPath: string, emails: string[]): string[] {
  const db = createDb(dbPath);
  try {
    const created = db
      .insert(users)
      .values(emails.map((email, i) => ({ email, displayName: `Mitglied ${i + 1}`, passwordHash: 'x', emailVerifiedAt: new Date() })))
      .returning({ id: users.id })
      .all();
    return created.map((user) => `${SESSION_COOKIE}=${createSession(db, user.id).token}`);
  } finally {
    db.$client.close();
  }
}

/** Logs a Chromium context in as the user (cookie on the server's host). */
export async function loginContext(context: BrowserContext, serverUrl: string, dbPath: string, email: string): Promise<void> {
  const [name, value] = sessionCookieFor(dbPath, email).split('=') as [string, string];
  await context.addCookies([{ name, value, url: serverUrl, httpOnly: true, sameSite: 'Lax' }]);
}

/** Adds a confirmed member account with this password to the server's database (faster than the register form). */
export async function createMember(dbPath: string, email: string, password: string, displayName: string): Promise<number> {
  const passwordHash = await hashPassword(password);
  const db = createDb(dbPath);
  try {
    return db.insert(users).values({ email, passwordHash, displayName, emailVerifiedAt: new Date() }).returning({ id: users.id }).get().id;
  } finally {
    db.$client.close();
  }
}
