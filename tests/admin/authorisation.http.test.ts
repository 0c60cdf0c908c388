/**
 * Authorisation matrix for the account, organisation and admin routes and Actions: every route and Action ×
 * every role, asserted on the server's answer and, for Actions, on the database (a refused change leaves no trace).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createDb } from '../../db/client';
import { organisations, quartiere, users } from '../../db/schema';
import { startServer, type RunningServer } from '../helpers/server';
import { sessionCookieFor } from '../helpers/auth';
import { postAction } from '../helpers/http';

const roles = {
  visitor: null,
  member: 'bewohnerin@example.org',
  'organisation member': 'kirche@example.org',
  'staff of another Quartier': 'frohnhausen@example.org',
  'staff of this Quartier': 'kray@example.org',
  admin: 'admin@example.org',
} as const;
type Role = keyof typeof roles;
const roleNames = Object.keys(roles) as Role[];

let server: RunningServer;
const cookies = new Map<Role, string | null>();
let vereinKray: number;
let kray: number;
let resident: number;

function withDb<T>(fn: (db: ReturnType<typeof createDb>) => T): T {
  const db = createDb(server.dbPath);
  try {
    return fn(db);
  } finally {
    db.$client.close();
  }
}

beforeAll(async () => {
  server = await startServer();
  for (const role of roleNames) cookies.set(role, roles[role] ? sessionCookieFor(server.dbPath, roles[role]) : null);
  withDb((db) => {
    vereinKray = db
      .select()
      .from(organisations)
      .all()
      .find((o) => o.name.includes('Bürgerverein Kray'))!.id;
    kray = db.select().from(quartiere).where(eq(quartiere.slug, 'kray')).get()!.id;
    resident = db.select().from(users).where(eq(users.email, 'bewohnerin@example.org')).get()!.id;
  });
});
afterAll(async () => {
  await server.stop();
});

function get(path: string, role: Role): Promise<Response> {
  const cookie = cookies.get(role);
  return fetch(server.url + path, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });
}

function callAction(name: string, fields: Record<string, string>, role: Role, cookie = cookies.get(role)): Promise<Response> {
  return fetch(`${server.url}/_actions/${name}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
}

type Expect = 'ok' | 'login' | 'forbidden';
const adminOnly: Record<Role, Expect> = {
  visitor: 'login',
  member: 'forbidden',
  'organisation member': 'forbidden',
  'staff of another Quartier': 'forbidden',
  'staff of this Quartier': 'forbidden',
  admin: 'ok',
};
const anyAccount: Record<Role, Expect> = {
  ...adminOnly,
  member: 'ok',
  'organisation member': 'ok',
  'staff of another Quartier': 'ok',
  'staff of this Quartier': 'ok',
};

function expectPage(response: Response, expected: Expect, path: string): void {
  if (expected === 'login') {
    expect(response.status, path).toBe(302);
    expect(response.headers.get('location'), path).toBe(`/anmelden?zurueck=${encodeURIComponent(path)}`);
  } else {
    expect(response.status, path).toBe(expected === 'ok' ? 200 : 403);
  }
}

describe('pages', () => {
  const pages: [string, Record<Role, Expect>][] = [
    ['/konto', anyAccount],
    ['/konto/passwort', anyAccount],
    ['/konto/adresse', anyAccount],
    ['/konto/loeschen', anyAccount],
    ['/konto/daten.json', anyAccount],
    ['/verwaltung/admin', adminOnly],
    ['/verwaltung/admin/benutzer', adminOnly],
    ['/verwaltung/admin/benutzer/1', adminOnly],
    ['/verwaltung/admin/quartiere', adminOnly],
    ['/verwaltung/admin/quartiere/neu', adminOnly],
    ['/verwaltung/admin/quartiere/1', adminOnly],
    ['/verwaltung/admin/organisationen', adminOnly],
    ['/verwaltung/admin/organisationen/neu', adminOnly],
    ['/verwaltung/admin/organisationen/1', adminOnly],
    ['/verwaltung/admin/protokoll', adminOnly],
    ['/verwaltung/admin/postausgang', adminOnly],
  ];
  for (const [path, expected] of pages) {
    it(`answers ${path} per role: ${roleNames.map((r) => `${r} → ${expected[r]}`).join(', ')}`, async () => {
      for (const role of roleNames) expectPage(await get(path, role), expected[role], path);
    });
  }

  it('lets only the organisation’s own admins (and portal admins) manage its members', async () => {
    const path = `/konto/organisationen/${vereinKray}`;
    const expected: Record<Role, Expect> = { ...adminOnly };
    for (const role of roleNames) expectPage(await get(path, role), expected[role], path);
    expectPage(await fetch(server.url + path, { redirect: 'manual', headers: { Cookie: sessionCookieFor(server.dbPath, 'verein@example.org') } }), 'ok', path);
  });

  it('hides the admin entries of the back-office navigation from staff', async () => {
    const staff = await (await get('/verwaltung', 'staff of this Quartier')).text();
    expect(staff).not.toContain('href="/verwaltung/admin/benutzer"');
    const admin = await (await get('/verwaltung', 'admin')).text();
    expect(admin).toContain('href="/verwaltung/admin/benutzer"');
  });
});

describe('Actions', () => {
  function expectAction(response: Response, expected: Expect, name: string, role: Role): void {
    const status = response.status;
    if (expected === 'login') expect(status, `${name} as ${role}`).toBe(401);
    else if (expected === 'forbidden') expect(status, `${name} as ${role}`).toBe(403);
    else expect(status, `${name} as ${role}`).toBeLessThan(400);
  }

  it('changes roles only for admins', async () => {
    for (const role of roleNames) {
      const response = await callAction('admin.setRole', { userId: String(resident), role: 'staff', confirm: 'ja' }, role);
      expectAction(response, adminOnly[role], 'admin.setRole', role);
      if (role !== 'admin') expect(withDb((db) => db.select().from(users).where(eq(users.id, resident)).get()!.role)).toBe('member');
    }
    expect(withDb((db) => db.select().from(users).where(eq(users.id, resident)).get()!.role)).toBe('staff');
    await callAction('admin.setRole', { userId: String(resident), role: 'member', confirm: 'ja' }, 'admin');
  });

  it('gives staff scopes and disables accounts only as admin', async () => {
    for (const role of roleNames) {
      expectAction(
        await callAction('admin.setScopes', { userId: String(resident), scope: String(kray), confirm: 'ja' }, role),
        adminOnly[role],
        'admin.setScopes',
        role,
      );
      const target = withDb((db) => db.select().from(users).where(eq(users.email, 'ehrenamt@example.org')).get()!.id);
      const response = await callAction('admin.setDisabled', { userId: String(target), disabled: 'ja', confirm: 'ja' }, role);
      expectAction(response, adminOnly[role], 'admin.setDisabled', role);
      const disabled = withDb((db) => db.select().from(users).where(eq(users.id, target)).get()!.disabledAt);
      if (role === 'admin') expect(disabled).not.toBeNull();
      else expect(disabled).toBeNull();
    }
  });

  it('creates and edits Quartiere and organisations only as admin', async () => {
    for (const role of roleNames) {
      const name = `Testquartier ${role}`;
      expectAction(await callAction('admin.createQuartier', { name, description: '', sortOrder: '9' }, role), adminOnly[role], 'admin.createQuartier', role);
      const created = withDb((db) => db.select().from(quartiere).where(eq(quartiere.name, name)).get());
      expect(Boolean(created), name).toBe(role === 'admin');
      expectAction(
        await callAction('admin.updateQuartier', { id: String(kray), name: 'Kray', description: `von ${role}`, sortOrder: '0' }, role),
        adminOnly[role],
        'admin.updateQuartier',
        role,
      );
      expectAction(
        await callAction('admin.createOrganisation', { name: `Verein ${role}`, kind: 'verein', quartier: String(kray) }, role),
        adminOnly[role],
        'admin.createOrganisation',
        role,
      );
      expectAction(
        await callAction(
          'admin.updateOrganisation',
          { id: String(vereinKray), name: 'Bürgerverein Kray e. V.', kind: 'buergerverein', quartier: String(kray) },
          role,
        ),
        adminOnly[role],
        'admin.updateOrganisation',
        role,
      );
    }
    expect(withDb((db) => db.select().from(quartiere).where(eq(quartiere.id, kray)).get()!.description)).toBe('von admin');
  });

  it('creates an organisation whose website is typed without https:// and says to invite members next, with a link', async () => {
    const name = 'Bürgerverein Kray-Süd';
    const fields = { name, kind: 'buergerverein', quartier: String(kray), website: 'kray-sued.example' };
    const post = (values: Record<string, string>): Promise<Response> =>
      postAction(server, '/verwaltung/admin/organisationen/neu', 'admin.createOrganisation', values, cookies.get('admin')!);
    const refused = await post({ ...fields, website: 'kray süd' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Bitte geben Sie eine Webadresse ein, z. B. www.beispiel.de.');
    const created = await post(fields);
    expect(created.status).toBe(303);
    const stored = withDb((db) => db.select().from(organisations).where(eq(organisations.name, name)).get());
    expect(stored?.website).toBe('https://kray-sued.example');
    const location = created.headers.get('location')!;
    expect(location).toBe(`/verwaltung/admin/organisationen/${stored!.id}?hinweis=admin.organisationCreated`);
    const page = await (await get(location, 'admin')).text();
    const notice = /<div class="notice notice--success"[\s\S]*?<\/div>/.exec(page)?.[0] ?? '';
    expect(notice).toContain('Als Nächstes laden Sie ihre Mitglieder ein');
    expect(notice).toMatch(/<a href="#einladen-h">Mitglieder einladen: zum Formular „Jemanden einladen“<\/a>/);
    expect(page).toContain('id="einladen-h"');
    expect(page).not.toContain('Die Änderung ist gespeichert');
  });

  it('sends test mails and retries mails only as admin', async () => {
    for (const role of roleNames) {
      expectAction(await callAction('admin.sendTestMail', { to: 'test@example.org' }, role), adminOnly[role], 'admin.sendTestMail', role);
      const retry = await callAction('admin.retryMail', { id: '999999' }, role);
      if (role === 'admin') expect(retry.status).toBe(404);
      else expectAction(retry, adminOnly[role], 'admin.retryMail', role);
    }
  });

  it('lets organisation admins and portal admins invite, nobody else', async () => {
    const vereinAdmin = sessionCookieFor(server.dbPath, 'verein@example.org');
    for (const role of roleNames) {
      const response = await callAction(
        'organisations.invite',
        { organisationId: String(vereinKray), email: `einladung-${roleNames.indexOf(role)}@example.org`, role: 'member' },
        role,
      );
      expectAction(response, adminOnly[role], 'organisations.invite', role);
    }
    const own = await callAction(
      'organisations.invite',
      { organisationId: String(vereinKray), email: 'einladung-verein@example.org', role: 'admin' },
      'member',
      vereinAdmin,
    );
    expect(own.status).toBe(200);
    for (const role of roleNames) {
      const response = await callAction(
        'organisations.addMember',
        { organisationId: String(vereinKray), email: 'bewohnerin@example.org', role: 'member' },
        role,
      );
      expectAction(response, adminOnly[role], 'organisations.addMember', role);
    }
  });
});
