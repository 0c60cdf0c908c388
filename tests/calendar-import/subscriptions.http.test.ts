/**
 * The subscription forms over real HTTP as a browser without JavaScript posts them: who may add or sync for an
 * organisation is decided on the server (a member of another organisation gets 403, never a 500), bad input is a
 * 400 with the input kept, and the page itself is closed to strangers. The demo calendar the subscription fetches
 * is served by the same server, which also fetches it on its schedule (in a worker thread) while answering pages.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookieFor } from '../helpers/auth';
import { get, postAction } from '../helpers/http';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
let organisationId: number;
let subscriptionId: number;

beforeAll(async () => {
  // The schedule runs every second here, so the background sync can be seen within the test.
  server = await startServer({ timeoutMs: 150_000, env: { CALENDAR_IMPORT_INTERVAL_SECONDS: '1' } });
  const sqlite = new Database(server.dbPath, { readonly: true });
  organisationId = (sqlite.prepare("SELECT id FROM organisations WHERE slug = 'buergerverein-kray'").get() as { id: number }).id;
  subscriptionId = (sqlite.prepare('SELECT id FROM calendar_subscriptions WHERE organisation_id = ?').get(organisationId) as { id: number }).id;
  sqlite.close();
});

afterAll(async () => {
  await server?.stop();
});

const page = () => `/konto/organisationen/${organisationId}/kalender`;
const form = (url: string) => ({ organisationId: String(organisationId), url, quartierId: '', placeId: '', locationAddress: '', publishMode: 'publish' });

describe('calendar subscription forms over HTTP', () => {
  it('refuses strangers on the page and in both actions', async () => {
    const stranger = sessionCookieFor(server.dbPath, 'kirche@example.org');
    expect((await get(server, page(), stranger)).status).toBe(403);
    expect((await postAction(server, page(), 'calendarImport.addSubscription', form('https://kalender.example.org/a.ics'), stranger)).status).toBe(403);
    expect((await postAction(server, page(), 'calendarImport.syncNow', { subscriptionId: String(subscriptionId) }, stranger)).status).toBe(403);
  });

  it('answers bad input with 400 and the input kept', async () => {
    const cookie = sessionCookieFor(server.dbPath, 'verein@example.org');
    const response = await postAction(server, page(), 'calendarImport.addSubscription', { ...form('javascript:alert(1)'), placeId: '99999' }, cookie);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('value="javascript:alert(1)"');
    expect(html).toContain('Bitte eine Adresse mit https:// oder webcal:// angeben.');
    expect(html).toContain('Diesen Ort gibt es nicht.');
  });

  it('lets the organisation sync its demo calendar now: nothing changed since the seed', async () => {
    const cookie = sessionCookieFor(server.dbPath, 'verein@example.org');
    const response = await postAction(server, page(), 'calendarImport.syncNow', { subscriptionId: String(subscriptionId) }, cookie);
    expect(response.status).toBe(303);
    // The sync runs in the background; the log shows its result once it is done.
    let html = '';
    for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 250))) {
      html = await (await get(server, page(), cookie)).text();
      if (html.includes('0 neu, 0 geändert, 0 abgesagt, 0 abgelehnt.')) break;
    }
    expect(html).toContain('0 neu, 0 geändert, 0 abgesagt, 0 abgelehnt.');
  });

  it('keeps the organisation’s own choice from going live without review', async () => {
    const cookie = sessionCookieFor(server.dbPath, 'verein@example.org');
    expect((await postAction(server, page(), 'calendarImport.addSubscription', form('https://kalender.example.org/eigen.ics'), cookie)).status).toBe(303);
    const sqlite = new Database(server.dbPath, { readonly: true });
    const row = sqlite.prepare("SELECT publish_mode AS mode FROM calendar_subscriptions WHERE url = 'https://kalender.example.org/eigen.ics'").get() as {
      mode: string;
    };
    sqlite.close();
    expect(row.mode).toBe('review');
  });

  it('lets staff of the Quartier keep fields of an imported event or detach it, and nobody else', async () => {
    const sqlite = new Database(server.dbPath, { readonly: true });
    const { eventId } = sqlite.prepare('SELECT event_id AS eventId FROM imported_events ORDER BY id LIMIT 1').get() as { eventId: number };
    const path = `/verwaltung/veranstaltungen/${eventId}`;
    const other = sessionCookieFor(server.dbPath, 'frohnhausen@example.org');
    expect((await postAction(server, path, 'calendarImport.lockFields', { eventId: String(eventId), fields: ['title'] }, other)).status).toBe(403);
    const staff = sessionCookieFor(server.dbPath, 'kray@example.org');
    const page = await (await get(server, path, staff)).text();
    expect(page).toContain('aus dem Kalender von Bürgerverein Kray e.V.');
    expect((await postAction(server, path, 'calendarImport.lockFields', { eventId: String(eventId), fields: ['title', 'location'] }, staff)).status).toBe(303);
    const detach = `${path}/vom-kalender-loesen`;
    expect(page).toContain(`href="${detach}"`);
    expect((await postAction(server, detach, 'calendarImport.detach', { eventId: String(eventId) }, staff)).status).toBe(400);
    expect((await postAction(server, detach, 'calendarImport.detach', { eventId: String(eventId), confirm: 'ja' }, staff)).status).toBe(303);
    const row = sqlite.prepare('SELECT locked_fields AS locked, detached FROM imported_events WHERE event_id = ?').get(eventId) as {
      locked: string;
      detached: number;
    };
    sqlite.close();
    expect(row).toEqual({ locked: 'title,location', detached: 1 });
  });

  it('syncs on its schedule in a worker thread while pages are answered', async () => {
    const runs = (): { outcome: string; added: number; changed: number }[] => {
      const sqlite = new Database(server.dbPath, { readonly: true });
      try {
        return sqlite.prepare('SELECT outcome, added, changed FROM calendar_sync_runs WHERE subscription_id = ? ORDER BY id').all(subscriptionId) as never;
      } finally {
        sqlite.close();
      }
    };
    const before = runs().length;
    const until = Date.now() + 30_000;
    while (runs().length < before + 2 && Date.now() < until) {
      const started = Date.now();
      expect((await get(server, '/veranstaltungen')).status).toBe(200);
      expect(Date.now() - started).toBeLessThan(5_000);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const latest = runs().slice(before);
    expect(latest.length).toBeGreaterThanOrEqual(2);
    expect(latest.at(-1)).toEqual({ outcome: 'imported', added: 0, changed: 0 });
  });
});
