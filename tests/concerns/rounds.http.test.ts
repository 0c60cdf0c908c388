/**
 * Quartiershelfer rounds and the staff settings of the concerns area over HTTP, as a phone without JavaScript
 * posts them: the demo helper starts today's route, records a finding it removed and one it hands on (which
 * becomes a concern at once), finishes the round; staff see it in the week; every page checks who is asking.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { startServer, type RunningServer } from '../helpers/server';
import { sessionCookieFor } from '../helpers/auth';
import { get, postAction } from '../helpers/http';
import { createDb, type DbConnection } from '../../db/client';
import { concerns, helperFindings, helperRounds, helperRoutes } from '../../db/schema';
import { photoWithGps } from './fixtures';
import { postMultipart, summaryOf } from './http-helpers';

describe('Quartiershelfer rounds and concern settings over HTTP', () => {
  let server: RunningServer;
  let db: DbConnection;
  let helper: string;
  let staff: string;
  beforeAll(async () => {
    // Seeding the demo city can take long on a machine shared with other suites.
    server = await startServer({ timeoutMs: 150_000 });
    db = createDb(server.dbPath);
    helper = sessionCookieFor(server.dbPath, 'quartiershelfer@example.org');
    staff = sessionCookieFor(server.dbPath, 'kray@example.org');
    // Today's weekday on the Kray route, whatever day the test runs.
    db.update(helperRoutes).set({ weekdays: '1,2,3,4,5,6,7' }).where(eq(helperRoutes.name, 'Runde Kray-Nord')).run();
  }, 180_000);
  afterAll(async () => {
    db?.$client.close();
    await server?.stop();
  });

  it('walks a round: start, a finding removed on the spot, one handed on as a concern, finish', async () => {
    const today = await (await get(server, '/runde', helper)).text();
    expect(today).toContain('Runde Kray-Nord');
    expect(today).toContain('Spielplatz Kamblickweg');
    const route = db.select().from(helperRoutes).where(eq(helperRoutes.name, 'Runde Kray-Nord')).get()!;
    const started = await postAction(server, '/runde', 'rounds.start', { route: String(route.id) }, helper);
    expect(started.status).toBe(303);
    const roundPath = started.headers.get('location')!;
    expect(roundPath).toMatch(/^\/runde\/\d+$/);
    // Starting again leads to the same round.
    expect((await postAction(server, '/runde', 'rounds.start', { route: String(route.id) }, helper)).headers.get('location')).toBe(roundPath);

    const missing = await postMultipart(server, roundPath, 'rounds.addFinding', { round: roundPath.split('/')[2]!, locationText: '' }, {}, helper);
    expect(missing.status).toBe(400);
    expect(summaryOf(await missing.text()).map((line) => line.split(':')[0])).toEqual(['category', 'locationText', 'outcome']);

    const round = roundPath.split('/')[2]!;
    const removed = await postMultipart(
      server,
      roundPath,
      'rounds.addFinding',
      { round, category: 'abfall', locationText: 'Krayer Markt', note: 'Drei Tüten neben dem Papierkorb', outcome: 'selbst_beseitigt' },
      {},
      helper,
    );
    expect([removed.status, removed.headers.get('location')]).toEqual([303, `${roundPath}?hinweis=rounds.recorded`]);
    const before = db.select().from(concerns).all().length;
    const handedOn = await postMultipart(
      server,
      roundPath,
      'rounds.addFinding',
      { round, category: 'strasse', locationText: 'Rotthauser Straße 40', note: 'Gehwegplatte hochgedrückt, Stolperfalle', outcome: 'weitergegeben' },
      { photo: [{ name: 'platte.jpg', type: 'image/jpeg', data: await photoWithGps(800, 600) }] },
      helper,
    );
    expect([handedOn.status, handedOn.headers.get('location')]).toEqual([303, `${roundPath}?hinweis=rounds.handedOn`]);
    expect(db.select().from(concerns).all().length).toBe(before + 1);
    const concern = db.select().from(concerns).orderBy(desc(concerns.id)).get()!;
    expect(concern).toMatchObject({
      source: 'round',
      status: 'neu',
      description: 'Gehwegplatte hochgedrückt, Stolperfalle',
      locationText: 'Rotthauser Straße 40',
    });
    const findings = db
      .select()
      .from(helperFindings)
      .where(eq(helperFindings.roundId, Number(round)))
      .all();
    expect(findings.map((f) => [f.outcome, f.concernId])).toEqual([
      ['selbst_beseitigt', null],
      ['weitergegeben', concern.id],
    ]);
    expect(await (await get(server, `/verwaltung/anliegen/${concern.id}`, staff)).text()).toContain('Gehwegplatte hochgedrückt');

    expect((await postAction(server, roundPath, 'rounds.finish', { round, note: '' }, helper)).headers.get('location')).toBe('/runde?hinweis=rounds.finished');
    expect(
      db
        .select()
        .from(helperRounds)
        .where(eq(helperRounds.id, Number(round)))
        .get()!.finishedAt,
    ).not.toBeNull();
    const late = await postMultipart(
      server,
      roundPath,
      'rounds.addFinding',
      { round, category: 'gruen', locationText: 'x', outcome: 'selbst_beseitigt' },
      {},
      helper,
    );
    expect(late.status).toBe(409);

    const week = await (await get(server, `/verwaltung/runden?woche=${DateTime.now().setZone('Europe/Berlin').toISODate()}`, staff)).text();
    expect(week).toContain('Runde Kray-Nord');
    // Read as the page is heard: the formatted markup breaks lines between the name and the count.
    expect(week.replace(/\s+/g, ' ')).toMatch(/Dennis Yilmaz \(Quartiershelfer\), Funde: 2/);
  });

  it('keeps rounds, routes and settings to the people they belong to', async () => {
    const member = sessionCookieFor(server.dbPath, 'bewohnerin@example.org');
    const frohnhausen = sessionCookieFor(server.dbPath, 'frohnhausen@example.org');
    const admin = sessionCookieFor(server.dbPath, 'admin@example.org');
    expect((await get(server, '/runde', member)).status).toBe(403);
    expect((await get(server, '/runde')).status).toBe(302);
    const kray = db.select().from(helperRoutes).where(eq(helperRoutes.name, 'Runde Kray-Nord')).get()!;
    expect((await postAction(server, '/runde', 'rounds.start', { route: String(kray.id) }, member)).status).toBe(403);
    expect((await get(server, `/verwaltung/runden/route/${kray.id}`, frohnhausen)).status).toBe(403);
    expect((await get(server, `/verwaltung/runden/route/${kray.id}`, staff)).status).toBe(200);
    const moved = await postAction(
      server,
      '/verwaltung/runden/route/neu',
      'rounds.saveRoute',
      { quartier: String(kray.quartierId), name: 'Fremde Route', stops: 'A', weekdays: '1', active: 'ja' },
      frohnhausen,
    );
    expect(moved.status).toBe(403);
    const noDays = await postAction(
      server,
      '/verwaltung/runden/route/neu',
      'rounds.saveRoute',
      { quartier: String(kray.quartierId), name: 'Neue Route', stops: 'A\nB', active: 'ja' },
      staff,
    );
    expect(noDays.status).toBe(400);
    expect(summaryOf(await noDays.text())).toEqual(['weekdays: Bitte kreuzen Sie mindestens einen Wochentag an.']);
    for (const path of ['/verwaltung/anliegen', '/verwaltung/anliegen/stellen', '/verwaltung/anliegen/neu', '/verwaltung/runden']) {
      expect((await get(server, path, staff)).status, path).toBe(200);
      expect((await get(server, path, member)).status, path).toBe(403);
    }
    for (const path of ['/verwaltung/anliegen/kategorien', '/verwaltung/anliegen/schnittstelle']) {
      expect((await get(server, path, admin)).status, path).toBe(200);
      expect((await get(server, path, staff)).status, path).toBe(403);
    }
    const key = await postAction(server, '/verwaltung/anliegen/schnittstelle', 'concerns.issueApiKey', { name: 'Test-App' }, admin);
    expect(key.status).toBe(200);
    expect(await key.text()).toMatch(/<code class="api-key"[^>]*>[a-z2-7]{24,}<\/code>/);
    expect((await postAction(server, '/verwaltung/anliegen/schnittstelle', 'concerns.issueApiKey', { name: 'Test-App' }, staff)).status).toBe(403);
    const category = await postAction(
      server,
      '/verwaltung/anliegen/kategorien',
      'concerns.saveCategory',
      { slug: 'Graffiti!', name: 'Graffiti', reminderDays: '0' },
      admin,
    );
    expect(category.status).toBe(400);
    expect(summaryOf(await category.text())).toEqual([
      'slug: Bitte nur Kleinbuchstaben, Ziffern und Bindestriche (z. B. „gruenflaeche“).',
      'reminderDays: Bitte eine ganze Zahl von 1 bis 180.',
    ]);
  });
});
