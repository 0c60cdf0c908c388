/**
 * Goals and measures over real HTTP against the built server: staff forms refuse bad input with a 4xx and every
 * message next to its field (input kept), residents and staff of another Quartier get 403, and the public page
 * and its Atom feed show the released highlights of the demo city — organisations, never staff names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq, ne } from 'drizzle-orm';
import { startServer, type RunningServer } from '../helpers/server';
import { sessionCookieFor } from '../helpers/auth';
import { get, postAction } from '../helpers/http';
import { postMultipart, summaryOf } from '../concerns/http-helpers';
import { photoWithGps } from '../concerns/fixtures';
import sharp from 'sharp';
import { createDb, type DbConnection } from '../../db/client';
import * as s from '../../db/schema';

describe('goals and measures over HTTP', () => {
  let server: RunningServer;
  let db: DbConnection;
  let kray: string;
  let frohnhausen: string;
  let resident: string;
  let krayGoal: s.Goal;
  beforeAll(async () => {
    server = await startServer({ timeoutMs: 150_000 });
    db = createDb(server.dbPath);
    kray = sessionCookieFor(server.dbPath, 'kray@example.org');
    frohnhausen = sessionCookieFor(server.dbPath, 'frohnhausen@example.org');
    resident = sessionCookieFor(server.dbPath, 'bewohnerin@example.org');
    const quartier = db.select().from(s.quartiere).where(eq(s.quartiere.slug, 'kray')).get()!;
    krayGoal = db.select().from(s.goals).where(eq(s.goals.quartierId, quartier.id)).get()!;
  }, 180_000);
  afterAll(async () => {
    db?.$client.close();
    await server?.stop();
  });

  it('answers residents with 403 on the pages and the forms, and staff of another Quartier on its goal', async () => {
    expect((await get(server, '/verwaltung/ziele', resident)).status).toBe(403);
    expect((await get(server, `/verwaltung/ziele/${krayGoal.id}`, frohnhausen)).status).toBe(403);
    const measure = db.select().from(s.measures).where(eq(s.measures.goalId, krayGoal.id)).get()!;
    expect((await get(server, `/verwaltung/ziele/massnahmen/${measure.id}`, frohnhausen)).status).toBe(403);
    const before = db.select().from(s.goals).all().length;
    const post = await postAction(
      server,
      '/verwaltung/ziele',
      'goals.saveGoal',
      { quartierId: String(krayGoal.quartierId), title: 'Von einer Bewohnerin' },
      resident,
    );
    expect(post.status).toBe(403);
    const foreign = await postAction(
      server,
      '/verwaltung/ziele',
      'goals.saveGoal',
      { quartierId: String(krayGoal.quartierId), title: 'Aus Frohnhausen' },
      frohnhausen,
    );
    expect(foreign.status).toBe(403);
    expect(db.select().from(s.goals).all().length).toBe(before);
    // Without a session, the page sends people to log in.
    expect((await get(server, '/verwaltung/ziele')).headers.get('location')).toMatch(/^\/anmelden\?zurueck=/);
  });

  it('creates a goal and lists it, with the notice after the redirect', async () => {
    const res = await postAction(
      server,
      '/verwaltung/ziele',
      'goals.saveGoal',
      { quartierId: String(krayGoal.quartierId), title: 'Mehr Bewegung im Park', description: '' },
      kray,
    );
    expect(res.status).toBe(303);
    const goal = db.select().from(s.goals).orderBy(desc(s.goals.id)).get()!;
    expect(res.headers.get('location')).toBe(`/verwaltung/ziele/${goal.id}?hinweis=goals.goalSaved`);
    const list = await (await get(server, '/verwaltung/ziele', kray)).text();
    expect(list).toContain('Mehr Bewegung im Park');
    expect(list).toContain(krayGoal.title);
  });

  it('refuses a measure that ends before it starts, names an organisation of another Quartier and goes public unfinished: 400, every message at its field, input kept', async () => {
    const foreignActor = db
      .select({ id: s.actors.id })
      .from(s.actors)
      .innerJoin(s.actorQuartiere, eq(s.actorQuartiere.actorId, s.actors.id))
      .innerJoin(s.quartiere, eq(s.quartiere.id, s.actorQuartiere.quartierId))
      .where(eq(s.quartiere.slug, 'karnap'))
      .get()!;
    const before = db.select().from(s.measures).all().length;
    const res = await postAction(
      server,
      `/verwaltung/ziele/${krayGoal.id}`,
      'goals.saveMeasure',
      {
        goalId: String(krayGoal.id),
        title: 'Boulebahn am Markt',
        actorId: String(foreignActor.id),
        startsOn: '2027-05-01',
        endsOn: '2027-04-01',
        status: 'laeuft',
        showPublicly: 'ja',
      },
      kray,
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(summaryOf(html)).toEqual([
      'actorId: Diese Organisation ist in diesem Quartier nicht verzeichnet.',
      'endsOn: Das Ende darf nicht vor dem Beginn liegen.',
      'outcome: Bitte schreiben Sie, was die Maßnahme gebracht hat, bevor Sie sie öffentlich zeigen.',
      'showPublicly: Öffentlich zeigen können Sie nur eine abgeschlossene Maßnahme.',
    ]);
    expect(html).toMatch(/id="neu-f-endsOn-error">[^<]*Das Ende darf nicht vor dem Beginn liegen/);
    expect(html).toContain('value="Boulebahn am Markt"');
    expect(html).toMatch(/<title>Fehler: /);
    expect(db.select().from(s.measures).all().length).toBe(before);

    const missing = await postAction(
      server,
      `/verwaltung/ziele/${krayGoal.id}`,
      'goals.saveMeasure',
      { goalId: String(krayGoal.id), title: '', startsOn: '1. Mai' },
      kray,
    );
    expect(missing.status).toBe(400);
    expect(summaryOf(await missing.text()).map((line) => line.split(':')[0])).toEqual(['title', 'startsOn', 'status']);
  });

  it('refuses links to items of another Quartier or typed-in ids at their fields, and saves links of its own', async () => {
    const measure = db.select().from(s.measures).where(eq(s.measures.goalId, krayGoal.id)).get()!;
    const foreignOffer = db.select().from(s.offers).where(ne(s.offers.quartierId, krayGoal.quartierId)).get()!;
    const path = `/verwaltung/ziele/massnahmen/${measure.id}`;
    const res = await postAction(server, path, 'goals.setLinks', { measureId: String(measure.id), offers: [String(foreignOffer.id)], concerns: ['abc'] }, kray);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(summaryOf(html)).toEqual([
      'offers: Ein gewähltes Angebot gehört nicht zu diesem Quartier.',
      'concerns: Ein gewähltes Anliegen gehört nicht zu diesem Quartier.',
    ]);
    const ownOffer = db.select().from(s.offers).where(eq(s.offers.quartierId, krayGoal.quartierId)).get()!;
    const ok = await postAction(server, path, 'goals.setLinks', { measureId: String(measure.id), offers: [String(ownOffer.id)] }, kray);
    expect(ok.status).toBe(303);
    expect(db.select().from(s.measureLinks).where(eq(s.measureLinks.measureId, measure.id)).all()).toEqual([
      { measureId: measure.id, kind: 'offer', itemId: ownOffer.id },
    ]);
  });

  it('refuses a note without text or date and records one with the role of its writer', async () => {
    const measure = db.select().from(s.measures).where(eq(s.measures.goalId, krayGoal.id)).get()!;
    const path = `/verwaltung/ziele/massnahmen/${measure.id}`;
    const bad = await postAction(server, path, 'goals.addNote', { measureId: String(measure.id), notedOn: '31.02.2026', text: ' ' }, kray);
    expect(bad.status).toBe(400);
    expect(summaryOf(await bad.text()).map((line) => line.split(':')[0])).toEqual(['notedOn', 'text']);
    const ok = await postAction(
      server,
      path,
      'goals.addNote',
      { measureId: String(measure.id), notedOn: '2026-11-30', text: 'Zwei neue Gäste.', showPublicly: 'ja' },
      kray,
    );
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`${path}?hinweis=goals.noteAdded#notes-heading`);
    const note = db.select().from(s.measureNotes).orderBy(desc(s.measureNotes.id)).get()!;
    expect([note.text, note.authorRole, note.publicSince !== null]).toEqual(['Zwei neue Gäste.', 'quartiersmanagement', true]);
  });

  it('shows the released highlights on the public page and in the Atom feed, without the names of staff', async () => {
    const page = await get(server, '/quartiere/kray/erreicht');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Frühjahrsputz mit dem Bürgerverein');
    expect(html).toContain('Bürgerverein Kray e.V.');
    expect(html).toContain('Zwei neue Gäste.');
    expect(html).not.toContain('Eigene Spender für Hundekotbeutel');
    expect(html).not.toContain('Kowalski');
    expect(html).toContain('href="/quartiere/kray/erreicht.xml"');
    const unchanged = await fetch(`${server.url}/quartiere/kray/erreicht`, { headers: { 'if-none-match': page.headers.get('etag')! } });
    expect(unchanged.status).toBe(304);
    expect(await (await get(server, '/quartiere/kray')).text()).toContain('href="/quartiere/kray/erreicht"');

    const feed = await get(server, '/quartiere/kray/erreicht.xml');
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await feed.text();
    const shown = db
      .select({ id: s.measures.id })
      .from(s.measures)
      .innerJoin(s.goals, eq(s.goals.id, s.measures.goalId))
      .where(and(eq(s.goals.quartierId, krayGoal.quartierId), eq(s.measures.status, 'abgeschlossen')))
      .all()
      .filter((m) => db.select().from(s.measures).where(eq(s.measures.id, m.id)).get()!.publicSince);
    for (const m of shown) expect(xml).toContain(`erreicht/kray/massnahme/${m.id}</id>`);
    expect(xml).toContain('<title>Geschafft: Frühjahrsputz mit dem Bürgerverein</title>');
    expect(xml).not.toContain('Kowalski');
    const again = await fetch(`${server.url}/quartiere/kray/erreicht.xml`, { headers: { 'if-none-match': feed.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect((await get(server, '/quartiere/gibt-es-nicht/erreicht.xml')).status).toBe(404);
    expect((await get(server, '/quartiere/gibt-es-nicht/erreicht')).status).toBe(404);
  });

  it('takes a photo for a finished measure only with a text alternative, strips its GPS data and shows it publicly only while the measure is shown', async () => {
    const measure = db
      .select({ id: s.measures.id, title: s.measures.title })
      .from(s.measures)
      .innerJoin(s.goals, eq(s.goals.id, s.measures.goalId))
      .where(and(eq(s.goals.quartierId, krayGoal.quartierId), eq(s.measures.title, 'Frühjahrsputz mit dem Bürgerverein')))
      .get()!;
    const path = `/verwaltung/ziele/massnahmen/${measure.id}`;
    const upload = { photo: [{ name: 'IMG_0815.JPG', type: 'image/jpeg', data: await photoWithGps() }] };
    const noAlt = await postMultipart(server, path, 'goals.setPhoto', { measureId: String(measure.id), photoAlt: '' }, upload, kray);
    expect(noAlt.status).toBe(400);
    expect(summaryOf(await noAlt.text())).toEqual(['photoAlt: Bitte beschreiben Sie, was auf dem Foto zu sehen ist.']);
    const notImage = await postMultipart(
      server,
      path,
      'goals.setPhoto',
      { measureId: String(measure.id), photoAlt: 'Säcke' },
      { photo: [{ name: 'brief.jpg', type: 'image/jpeg', data: new TextEncoder().encode('%PDF-1.4 kein Bild') }] },
      kray,
    );
    expect(notImage.status).toBe(400);
    expect(db.select().from(s.measures).where(eq(s.measures.id, measure.id)).get()!.photoFile).toBeNull();
    const foreign = await postMultipart(server, path, 'goals.setPhoto', { measureId: String(measure.id), photoAlt: 'Fremd' }, upload, frohnhausen);
    expect(foreign.status).toBe(403);

    const ok = await postMultipart(
      server,
      path,
      'goals.setPhoto',
      { measureId: String(measure.id), photoAlt: 'Volle Müllsäcke am Straßenrand nach der Aktion' },
      upload,
      kray,
    );
    expect(ok.status).toBe(303);
    const stored = db.select().from(s.measures).where(eq(s.measures.id, measure.id)).get()!;
    expect(stored.photoFile).toMatch(/^[0-9a-f]{32}\.jpg$/);
    const html = await (await get(server, '/quartiere/kray/erreicht')).text();
    expect(html).toContain(`src="/quartiere/kray/erreicht/foto/${stored.photoFile}" alt="Volle Müllsäcke am Straßenrand nach der Aktion"`);
    const photo = await get(server, `/quartiere/kray/erreicht/foto/${stored.photoFile}`);
    expect([photo.status, photo.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    const meta = await sharp(Buffer.from(await photo.arrayBuffer())).metadata();
    expect(meta.exif).toBeUndefined();
    expect(Math.max(meta.width, meta.height)).toBeLessThan(2400);
    // Not under another Quartier's address, and gone from the public once the measure is no longer shown.
    expect((await get(server, `/quartiere/frohnhausen/erreicht/foto/${stored.photoFile}`)).status).toBe(404);
    db.update(s.measures).set({ publicSince: null }).where(eq(s.measures.id, measure.id)).run();
    expect((await get(server, `/quartiere/kray/erreicht/foto/${stored.photoFile}`)).status).toBe(404);
    expect((await get(server, `/quartiere/kray/erreicht/foto/${stored.photoFile}`, kray)).status).toBe(200);
  });
});
