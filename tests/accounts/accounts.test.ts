import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { outbox, sessions, users } from '../../db/schema';
import { freshDb } from '../helpers/db';
import type { DbConnection } from '../../db/client';
import {
  authenticate,
  changePassword,
  confirmEmailChange,
  EmailNotVerifiedError,
  InvalidCredentialsError,
  InvalidTokenError,
  registerAccount,
  requestEmailChange,
  requestPasswordReset,
  resetPassword,
  verifyEmail,
  WeakPasswordError,
  WrongPasswordError,
} from '../../src/lib/server/accounts';
import { checkNewPassword } from '../../src/lib/server/auth/password';
import { ACTIVITY_CHECK_INTERVAL_MS, createSession, INACTIVITY_TIMEOUT_MS, validateSessionToken } from '../../src/lib/server/auth/session';
import { consumeRateLimit, RateLimitedError } from '../../src/lib/server/ratelimit';

let db: DbConnection;
beforeEach(() => {
  db = freshDb().db;
});
afterEach(() => db.$client.close());

const password = 'Sonnenblumen am Kanal 7';

function mailsTo(address: string): { kind: string; text: string; subject: string }[] {
  return db
    .select()
    .from(outbox)
    .where(eq(outbox.toAddress, address))
    .all()
    .map((m) => ({ kind: m.kind, text: m.textBody, subject: m.subject }));
}

function tokenFrom(text: string, path: string): string {
  const match = new RegExp(`${path.replace('?', '\\?')}\\?token=([a-z0-9]+)`).exec(text);
  if (!match?.[1]) throw new Error(`no ${path} link in:\n${text}`);
  return match[1];
}

async function registerVerified(email: string): Promise<number> {
  await registerAccount(db, { email, password, displayName: 'Anna', locale: 'de' });
  verifyEmail(db, tokenFrom(mailsTo(email)[0]!.text, '/konto/bestaetigen'));
  return db.select().from(users).where(eq(users.email, email)).get()!.id;
}

describe('passwords', () => {
  it.each([
    ['kurz', 'too_short'],
    ['passwort123', 'common'],
    ['Password1234!', 'common'],
    ['aaaaaaaaaaaaaa', 'common'],
    ['x'.repeat(201), 'too_long'],
  ])('rejects %s as %s', (candidate, problem) => {
    expect(checkNewPassword(candidate)).toBe(problem);
  });

  it('accepts a long passphrase and rejects one containing the address', () => {
    expect(checkNewPassword(password, 'anna@example.org')).toBeNull();
    expect(checkNewPassword('anna.mueller-2026', 'anna.mueller@example.org')).toBe('contains_email');
  });
});

describe('registration', () => {
  it('creates an unverified account and mails a verification link that verifies it once', async () => {
    await registerAccount(db, { email: ' Anna@Example.org ', password, displayName: 'Anna', locale: 'de' });
    const user = db.select().from(users).where(eq(users.email, 'anna@example.org')).get()!;
    expect(user.emailVerifiedAt).toBeNull();
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    const [mail] = mailsTo('anna@example.org');
    expect(mail?.kind).toBe('account-verify');
    expect(mail?.subject).toBe('Bitte bestätigen Sie Ihre E-Mail-Adresse');
    await expect(authenticate(db, 'anna@example.org', password)).rejects.toBeInstanceOf(EmailNotVerifiedError);
    const token = tokenFrom(mail!.text, '/konto/bestaetigen');
    verifyEmail(db, token);
    expect((await authenticate(db, 'anna@example.org', password)).id).toBe(user.id);
    expect(() => verifyEmail(db, token)).toThrow(InvalidTokenError);
  });

  it('does not reveal a known address: nothing is created, the owner gets a notice instead', async () => {
    await registerVerified('anna@example.org');
    const before = db.select().from(users).all().length;
    await expect(
      registerAccount(db, { email: 'anna@example.org', password: 'ganz anderes Passwort', displayName: 'Mallory', locale: 'en' }),
    ).resolves.toBeUndefined();
    expect(db.select().from(users).all()).toHaveLength(before);
    expect(mailsTo('anna@example.org').map((m) => m.kind)).toEqual(['account-verify', 'account-exists']);
    expect((await authenticate(db, 'anna@example.org', password)).displayName).toBe('Anna');
  });

  it('refuses a common password before anything is stored', async () => {
    await expect(registerAccount(db, { email: 'b@example.org', password: 'passwort123', displayName: 'B', locale: 'de' })).rejects.toBeInstanceOf(
      WeakPasswordError,
    );
    expect(db.select().from(users).all()).toHaveLength(0);
  });

  it('answers unknown address and wrong password with the same error', async () => {
    await registerVerified('anna@example.org');
    const unknown = await authenticate(db, 'nobody@example.org', password).catch((e: unknown) => e);
    const wrong = await authenticate(db, 'anna@example.org', 'falsches Passwort 1').catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(InvalidCredentialsError);
    expect(wrong).toBeInstanceOf(InvalidCredentialsError);
  });

  it('refuses a disabled account even with the right password', async () => {
    const id = await registerVerified('anna@example.org');
    db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, id)).run();
    await expect(authenticate(db, 'anna@example.org', password)).rejects.toBeInstanceOf(InvalidCredentialsError);
  });
});

describe('sessions', () => {
  it('expires a session after the inactivity timeout and renews its activity when used', async () => {
    const id = await registerVerified('anna@example.org');
    const start = new Date('2026-03-01T10:00:00Z');
    const { token } = createSession(db, id, start);
    const later = new Date(start.getTime() + ACTIVITY_CHECK_INTERVAL_MS + 1000);
    expect(validateSessionToken(db, token, later)?.session.lastVerifiedAt).toEqual(later);
    // Still valid shortly before the timeout counted from the renewal, not from the start.
    const nearEnd = new Date(later.getTime() + INACTIVITY_TIMEOUT_MS - 1000);
    expect(validateSessionToken(db, token, nearEnd)).not.toBeNull();
    const afterTimeout = new Date(nearEnd.getTime() + INACTIVITY_TIMEOUT_MS);
    expect(validateSessionToken(db, token, afterTimeout)).toBeNull();
    expect(db.select().from(sessions).all()).toHaveLength(0);
  });

  it('rejects a token whose secret was changed', async () => {
    const id = await registerVerified('anna@example.org');
    const { token } = createSession(db, id);
    const [sid] = token.split('.');
    expect(validateSessionToken(db, `${sid}.aaaaaaaaaaaaaaaaaaaaaaaa`)).toBeNull();
    expect(validateSessionToken(db, token)).not.toBeNull();
  });

  it('ends the other sessions when the password changes, keeping the current one', async () => {
    const id = await registerVerified('anna@example.org');
    const here = createSession(db, id);
    const phone = createSession(db, id);
    await expect(changePassword(db, id, here.id, 'falsch falsch', 'Neues Passwort am Rhein')).rejects.toBeInstanceOf(WrongPasswordError);
    expect(validateSessionToken(db, phone.token)).not.toBeNull();
    await changePassword(db, id, here.id, password, 'Neues Passwort am Rhein');
    expect(validateSessionToken(db, here.token)).not.toBeNull();
    expect(validateSessionToken(db, phone.token)).toBeNull();
    await expect(authenticate(db, 'anna@example.org', password)).rejects.toBeInstanceOf(InvalidCredentialsError);
    expect(mailsTo('anna@example.org').at(-1)?.kind).toBe('password-changed');
  });
});

describe('password reset', () => {
  it('mails a one-hour link for a known address, nothing for an unknown one, and ends all sessions on use', async () => {
    const id = await registerVerified('anna@example.org');
    const session = createSession(db, id);
    const outboxBefore = db.select().from(outbox).all().length;
    requestPasswordReset(db, 'unknown@example.org');
    expect(db.select().from(outbox).all()).toHaveLength(outboxBefore);
    const now = new Date();
    requestPasswordReset(db, 'ANNA@example.org', now);
    const token = tokenFrom(mailsTo('anna@example.org').at(-1)!.text, '/passwort-neu');
    await expect(resetPassword(db, token, 'Neues Passwort am Rhein', new Date(now.getTime() + 61 * 60 * 1000))).rejects.toBeInstanceOf(InvalidTokenError);
    await resetPassword(db, token, 'Neues Passwort am Rhein', now);
    expect(validateSessionToken(db, session.token)).toBeNull();
    expect((await authenticate(db, 'anna@example.org', 'Neues Passwort am Rhein')).id).toBe(id);
    await expect(resetPassword(db, token, 'Noch ein Passwort hier', now)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('makes only the newest link work', async () => {
    await registerVerified('anna@example.org');
    requestPasswordReset(db, 'anna@example.org');
    const first = tokenFrom(mailsTo('anna@example.org').at(-1)!.text, '/passwort-neu');
    requestPasswordReset(db, 'anna@example.org');
    await expect(resetPassword(db, first, 'Neues Passwort am Rhein')).rejects.toBeInstanceOf(InvalidTokenError);
  });
});

describe('changing the e-mail address', () => {
  it('switches only after the new address confirms, and tells the old address', async () => {
    const id = await registerVerified('anna@example.org');
    await expect(requestEmailChange(db, id, 'falsch falsch', 'anna@neu.example')).rejects.toBeInstanceOf(WrongPasswordError);
    await requestEmailChange(db, id, password, 'Anna@Neu.example');
    expect(db.select().from(users).where(eq(users.id, id)).get()?.email).toBe('anna@example.org');
    expect(mailsTo('anna@example.org').at(-1)?.text).toContain('anna@neu.example');
    const token = tokenFrom(mailsTo('anna@neu.example')[0]!.text, '/konto/adresse-bestaetigen');
    confirmEmailChange(db, token);
    expect(db.select().from(users).where(eq(users.id, id)).get()?.email).toBe('anna@neu.example');
  });

  it('does not take over an address that has an account; its owner is told', async () => {
    const id = await registerVerified('anna@example.org');
    await registerVerified('bert@example.org');
    await requestEmailChange(db, id, password, 'bert@example.org');
    expect(mailsTo('bert@example.org').at(-1)?.kind).toBe('email-change-taken');
    expect(db.select().from(users).where(eq(users.id, id)).get()?.email).toBe('anna@example.org');
  });
});

describe('rate limits', () => {
  it('allows the limit within a window, refuses the next attempt with the wait time, and opens again after the window', () => {
    const rule = { limit: 3, windowMs: 60_000 };
    const t0 = new Date('2026-01-01T00:00:00Z');
    for (let i = 0; i < 3; i++) consumeRateLimit(db, 'login:ip:1.2.3.4', rule, t0);
    const error = (() => {
      try {
        consumeRateLimit(db, 'login:ip:1.2.3.4', rule, new Date(t0.getTime() + 30_000));
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBe(30);
    // The form says how long to wait, rounded up to whole minutes.
    expect((error as RateLimitedError).kind).toBe('rate_limited');
    expect((error as RateLimitedError).problems).toEqual([{ key: 'form.error.rateLimited', params: { minutes: 1 } }]);
    consumeRateLimit(db, 'login:ip:5.6.7.8', rule, t0);
    expect(() => consumeRateLimit(db, 'login:ip:1.2.3.4', rule, new Date(t0.getTime() + 60_000))).not.toThrow();
  });
});
