import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createDb } from '../../db/client';
import { organisationMembers, organisations, outbox, users } from '../../db/schema';
import { startServer, type RunningServer } from '../helpers/server';
import { createMember, sessionCookieFor } from '../helpers/auth';
import { postAction } from '../helpers/http';
import { waitForMailLink } from '../helpers/mail-files';

/**
 * An invitation link is a one-time secret: it must not travel through the login's return address (and so into
 * the request log or the browser history), and only the invited address may accept it.
 */
describe('organisation invitations', () => {
  let server: RunningServer;
  let organisationId = 0;
  const password = 'ein-gutes-passwort-42';
  beforeAll(async () => {
    server = await startServer();
    await createMember(server.dbPath, 'eingeladen@example.org', password, 'Ina Eingeladen');
    await createMember(server.dbPath, 'andere@example.org', password, 'Anton Andere');
    const db = createDb(server.dbPath);
    organisationId = db
      .select()
      .from(organisations)
      .all()
      .find((o) => o.name.startsWith('Bürgerverein Kray'))!.id;
    db.$client.close();
  });
  afterAll(async () => {
    await server.stop();
  });

  const withDb = <T>(fn: (db: ReturnType<typeof createDb>) => T): T => {
    const db = createDb(server.dbPath);
    try {
      return fn(db);
    } finally {
      db.$client.close();
    }
  };

  const isMember = (email: string): boolean =>
    withDb((db) => {
      const user = db.select().from(users).where(eq(users.email, email)).get()!;
      return !!db
        .select()
        .from(organisationMembers)
        .where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, user.id)))
        .get();
    });

  function cookieFrom(response: Response, name: string): string | null {
    const raw = response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
    return raw ? raw.split(';')[0]! : null;
  }

  it('keeps the token out of the login redirect and the log, binds the invitation to its address, and strips it from the kept mail', async () => {
    const admin = sessionCookieFor(server.dbPath, 'verein@example.org');
    const invited = await postAction(
      server,
      `/konto/organisationen/${organisationId}`,
      'organisations.invite',
      { organisationId: String(organisationId), email: 'eingeladen@example.org', role: 'member' },
      admin,
    );
    expect(invited.status).toBeLessThan(400);
    const link = await waitForMailLink(server.mailDir, 'eingeladen@example.org', '/konto/einladung');
    const token = new URL(link).searchParams.get('token')!;
    expect(token.length).toBeGreaterThan(20);
    const path = new URL(link).pathname + new URL(link).search;

    // Logged out: the link's token goes into a short-lived cookie, the address bar and the login URL stay clean.
    const opened = await fetch(server.url + path, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/konto/einladung');
    const pending = cookieFrom(opened, 'einladung')!;
    expect(pending).toBe(`einladung=${token}`);
    expect(opened.headers.getSetCookie().find((c) => c.startsWith('einladung='))).toMatch(/HttpOnly/i);
    const toLogin = await fetch(server.url + '/konto/einladung', { redirect: 'manual', headers: { cookie: pending } });
    expect(toLogin.headers.get('location')).toBe('/anmelden?zurueck=%2Fkonto%2Feinladung');

    // Someone else who got the link forwarded is told who the invitation is for and cannot accept it.
    const other = sessionCookieFor(server.dbPath, 'andere@example.org');
    const otherPage = await fetch(server.url + '/konto/einladung', { headers: { cookie: `${other}; ${pending}` } });
    expect(otherPage.status).toBe(403);
    const otherText = await otherPage.text();
    expect(otherText).toContain('eingeladen@example.org');
    expect(otherText).toContain('andere@example.org');
    expect(otherText).not.toContain('name="token"');
    const otherAccept = await postAction(server, '/konto/einladung', 'organisations.accept', { token }, `${other}; ${pending}`);
    expect(otherAccept.status).toBeGreaterThanOrEqual(400);
    expect(isMember('andere@example.org')).toBe(false);

    // The invited person accepts.
    const own = sessionCookieFor(server.dbPath, 'eingeladen@example.org');
    const ownPage = await fetch(server.url + '/konto/einladung', { headers: { cookie: `${own}; ${pending}` } });
    expect(ownPage.status).toBe(200);
    expect(await ownPage.text()).toContain('Bürgerverein Kray');
    const accepted = await postAction(server, '/konto/einladung', 'organisations.accept', { token }, `${own}; ${pending}`);
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('location')).toBe('/konto?hinweis=account.joined');
    expect(accepted.headers.getSetCookie().find((c) => c.startsWith('einladung='))).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/i);
    expect(isMember('eingeladen@example.org')).toBe(true);

    // The request log never shows the token; the kept copy of the sent mail no longer holds it.
    expect(server.output()).not.toContain(token);
    const until = Date.now() + 20_000;
    let kept = withDb((db) => db.select().from(outbox).where(eq(outbox.toAddress, 'eingeladen@example.org')).get()!);
    while (kept.status !== 'sent' && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 200));
      kept = withDb((db) => db.select().from(outbox).where(eq(outbox.toAddress, 'eingeladen@example.org')).get()!);
    }
    expect(kept.status).toBe('sent');
    expect(kept.textBody).not.toContain(token);
    expect(kept.htmlBody).not.toContain(token);
    expect(kept.textBody).toContain('/konto/einladung?token=');
  });
});
