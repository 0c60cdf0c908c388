import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { createDb } from '../../db/client';
import { outbox, users } from '../../db/schema';
import { startServer, type RunningServer } from '../helpers/server';
import { sessionCookieFor } from '../helpers/auth';
import { receivedText } from '../helpers/mail-files';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

function post(path: string, fields: Record<string, string>, options: { cookie?: string; origin?: string } = {}): Promise<Response> {
  return fetch(server.url + path, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: options.origin ?? server.url,
      ...(options.cookie ? { Cookie: options.cookie } : {}),
    },
    body: new URLSearchParams(fields).toString(),
  });
}

function sessionFrom(response: Response): string | null {
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('session='));
  return cookie ? cookie.split(';')[0]! : null;
}

function withDb<T>(fn: (db: ReturnType<typeof createDb>) => T): T {
  const db = createDb(server.dbPath);
  try {
    return fn(db);
  } finally {
    db.$client.close();
  }
}

describe('logging in and out', () => {
  it('logs a demo member in with an HttpOnly SameSite=Lax cookie and sends them back where they came from', async () => {
    const response = await post('/anmelden?_action=accounts.login', { email: 'bewohnerin@example.org', password: 'quartier-demo', zurueck: '/datenschutz' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/datenschutz');
    const raw = response.headers.getSetCookie().find((c) => c.startsWith('session='))!;
    expect(raw).toMatch(/HttpOnly/i);
    expect(raw).toMatch(/SameSite=Lax/i);
    expect(raw).toMatch(/^session=[a-z0-9]+\.[a-z0-9]+;/);
  });

  it('does not redirect to another site after login', async () => {
    const response = await post('/anmelden?_action=accounts.login', {
      email: 'bewohnerin@example.org',
      password: 'quartier-demo',
      zurueck: '//evil.example/x',
    });
    expect(response.headers.get('location')).toBe('/konto');
  });

  it('shows Anmelden to visitors and Mein Konto, Abmelden and (for staff) Verwaltung when logged in', async () => {
    const visitor = await (await fetch(server.url + '/')).text();
    expect(visitor).toMatch(/>\s*Anmelden\s*</);
    expect(visitor).toMatch(/href="\/anmelden\?zurueck=%2F"/);
    expect(visitor).not.toContain('href="/konto"');
    const member = await (await fetch(server.url + '/', { headers: { Cookie: sessionCookieFor(server.dbPath, 'bewohnerin@example.org') } })).text();
    expect(member).toContain('href="/konto"');
    expect(member).toMatch(/<form method="POST" action="\/abmelden\?_action=accounts\.logout"/);
    expect(member).not.toContain('href="/verwaltung"');
    const staff = await (await fetch(server.url + '/', { headers: { Cookie: sessionCookieFor(server.dbPath, 'kray@example.org') } })).text();
    expect(staff).toContain('href="/verwaltung"');
  });

  it('logs out with the header form: the session stops working', async () => {
    const cookie = sessionCookieFor(server.dbPath, 'bewohnerin@example.org');
    expect((await fetch(server.url + '/konto', { headers: { Cookie: cookie }, redirect: 'manual' })).status).toBe(200);
    const response = await post('/abmelden?_action=accounts.logout', {}, { cookie });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/anmelden?hinweis=account.loggedOut');
    const after = await fetch(server.url + '/konto', { headers: { Cookie: cookie }, redirect: 'manual' });
    expect(after.status).toBe(302);
    expect(after.headers.get('location')).toBe('/anmelden?zurueck=%2Fkonto');
  });

  it('logs out everywhere: every session of the account ends', async () => {
    const laptop = sessionCookieFor(server.dbPath, 'ehrenamt@example.org');
    const phone = sessionCookieFor(server.dbPath, 'ehrenamt@example.org');
    const response = await post('/konto?_action=accounts.logoutEverywhere', {}, { cookie: laptop });
    expect(response.status).toBe(303);
    for (const cookie of [laptop, phone]) {
      expect((await fetch(server.url + '/konto', { headers: { Cookie: cookie }, redirect: 'manual' })).status).toBe(302);
    }
  });

  it('answers a wrong password with 401, a German message and the address kept', async () => {
    const response = await post('/anmelden?_action=accounts.login', { email: 'verein@example.org', password: 'falsches-passwort' });
    expect(response.status).toBe(401);
    const html = await response.text();
    expect(html).toContain('E-Mail-Adresse oder Passwort stimmen nicht.');
    expect(html).toContain('value="verein@example.org"');
    expect(html).not.toContain('falsches-passwort');
    expect(sessionFrom(response)).toBeNull();
  });

  it('rejects a form posted from another site with 403', async () => {
    const response = await post(
      '/anmelden?_action=accounts.login',
      { email: 'bewohnerin@example.org', password: 'quartier-demo' },
      { origin: 'https://evil.example' },
    );
    expect(response.status).toBe(403);
    expect(sessionFrom(response)).toBeNull();
  });
});

describe('registration over HTTP', () => {
  it('shows German messages next to each bad field with 400 and keeps what was typed', async () => {
    const response = await post('/registrieren?_action=accounts.register', {
      displayName: 'Anna',
      email: 'keine-adresse',
      password: 'passwort123',
      quartier: 'kray',
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toMatch(/id="f-email-error">Das ist keine gültige E-Mail-Adresse/);
    expect(html).toMatch(/id="f-password-error">Dieses Passwort ist sehr bekannt/);
    expect(html).toMatch(/aria-invalid="true" aria-describedby="f-email-error"/);
    expect(html).toContain('value="Anna"');
    expect(html).toContain('value="keine-adresse"');
    expect(html).toMatch(/<option value="kray" selected/);
  });

  it('gives the same answer for a new and a known address (no enumeration)', async () => {
    const fresh = await post('/registrieren?_action=accounts.register', {
      displayName: 'Neu',
      email: 'neu-http@example.org',
      password: 'Lindenblüten im Juni',
    });
    const known = await post('/registrieren?_action=accounts.register', {
      displayName: 'Neu',
      email: 'bewohnerin@example.org',
      password: 'Lindenblüten im Juni',
    });
    expect([fresh.status, known.status]).toEqual([303, 303]);
    expect(known.headers.get('location')).toBe(fresh.headers.get('location'));
    const kinds = withDb((db) => db.select({ to: outbox.toAddress, kind: outbox.kind }).from(outbox).all());
    expect(kinds).toContainEqual({ to: 'neu-http@example.org', kind: 'account-verify' });
    expect(kinds).toContainEqual({ to: 'bewohnerin@example.org', kind: 'account-exists' });
  });

  it('lets a new member log in only after following the verification link', async () => {
    await post('/registrieren?_action=accounts.register', { displayName: 'Bert', email: 'bert-http@example.org', password: 'Lindenblüten im Juni' });
    const early = await post('/anmelden?_action=accounts.login', { email: 'bert-http@example.org', password: 'Lindenblüten im Juni' });
    expect(early.status).toBe(403);
    expect(await early.text()).toContain('Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse');
    const text = await receivedText(
      server.mailDir,
      withDb((db) => db.select().from(outbox).where(eq(outbox.toAddress, 'bert-http@example.org')).all().at(-1)!),
    );
    const link = /http:\/\/127\.0\.0\.1:\d+(\/konto\/bestaetigen\?token=[a-z0-9]+)/.exec(text)![1]!;
    const page = await (await fetch(server.url + link)).text();
    expect(page).toContain('Adresse bestätigen');
    const token = new URL(server.url + link).searchParams.get('token')!;
    const confirmed = await post('/konto/bestaetigen?_action=accounts.verifyEmail', { token });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe('/anmelden?hinweis=account.verified');
    const login = await post('/anmelden?_action=accounts.login', { email: 'bert-http@example.org', password: 'Lindenblüten im Juni' });
    expect(login.status).toBe(303);
    expect(sessionFrom(login)).not.toBeNull();
  });
});

describe('mail without SMTP', () => {
  it('writes the verification mail as an .eml file into the mail folder within seconds', async () => {
    await post('/registrieren?_action=accounts.register', { displayName: 'Carla', email: 'carla-eml@example.org', password: 'Lindenblüten im Juni' });
    const until = Date.now() + 20_000;
    let eml: string | undefined;
    while (!eml && Date.now() < until) {
      const files = existsSync(server.mailDir) ? readdirSync(server.mailDir) : [];
      eml = files.map((f) => readFileSync(join(server.mailDir, f), 'utf8')).find((text) => text.includes('To: carla-eml@example.org'));
      if (!eml) await new Promise((r) => setTimeout(r, 250));
    }
    expect(eml).toBeDefined();
    expect(eml).toContain('/konto/bestaetigen?token=');
  });
});

describe('password reset over HTTP', () => {
  it('answers known and unknown addresses alike', async () => {
    const known = await post('/passwort-vergessen?_action=accounts.requestPasswordReset', { email: 'kirche@example.org' });
    const unknown = await post('/passwort-vergessen?_action=accounts.requestPasswordReset', { email: 'niemand@example.org' });
    expect(known.status).toBe(303);
    expect(unknown.status).toBe(303);
    expect(unknown.headers.get('location')).toBe(known.headers.get('location'));
  });

  it('shows a German 400 page for an unknown reset link', async () => {
    const response = await fetch(server.url + '/passwort-neu?token=abc');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Dieser Link ist abgelaufen oder wurde schon benutzt.');
  });
});

describe('rate limits over HTTP', () => {
  it('answers the 11th failed login for one account within 15 minutes with 429 and a German message', async () => {
    for (let i = 0; i < 10; i++) {
      expect((await post('/anmelden?_action=accounts.login', { email: 'frohnhausen@example.org', password: `falsch-${i}-xxxx` })).status).toBe(401);
    }
    const blocked = await post('/anmelden?_action=accounts.login', { email: 'frohnhausen@example.org', password: 'quartier-demo' });
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toMatch(/Zu viele Versuche\. Bitte warten Sie \d+ Minuten/);
    expect(sessionFrom(blocked)).toBeNull();
  });

  it('limits reset requests per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await post('/passwort-vergessen?_action=accounts.requestPasswordReset', { email: 'limit-reset@example.org' })).status);
    expect(statuses).toEqual([303, 303, 303, 429]);
  });

  it('counts the account limit by address, so other accounts can still log in', async () => {
    const response = await post('/anmelden?_action=accounts.login', { email: 'admin@example.org', password: 'quartier-demo' });
    expect(response.status).toBe(303);
    expect(withDb((db) => db.select().from(users).where(eq(users.email, 'admin@example.org')).get()?.role)).toBe('admin');
  });
});
