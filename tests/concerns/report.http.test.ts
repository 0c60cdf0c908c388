/**
 * Reporting a concern over real HTTP against the built server: a photo arrives without metadata, bad input gets
 * every message at once and stores nothing (also a 30 MB photo and a PDF renamed to .jpg), bodies over the
 * limit and a flood from one address are refused, the public page shows a concern only after review and never
 * the reporter, the office's reply link is single-use, and staff pages check the Quartier.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { startServer, type RunningServer } from '../helpers/server';
import { sessionCookieFor } from '../helpers/auth';
import { get, postAction } from '../helpers/http';
import { receivedText } from '../helpers/mail-files';
import { createDb, type DbConnection } from '../../db/client';
import { concernOffices, concernPhotos, concerns, outbox } from '../../db/schema';
import { photoWithGps } from './fixtures';
import { postMultipart, storedPhotos, summaryOf } from './http-helpers';

const good = {
  description: 'An der Bushaltestelle Kray Mitte ist das Wartehäuschen eingeschlagen, überall liegen Scherben.',
  category: 'sonstiges',
  quartier: 'kray',
  locationText: 'Bushaltestelle Kray Mitte',
  latitude: '51,4638',
  longitude: '7,0779',
  isPublic: 'ja',
  reporterName: 'Erika Muster',
  reporterEmail: 'erika.muster@example.net',
};

describe('reporting a concern over HTTP', () => {
  let server: RunningServer;
  let db: DbConnection;
  let staff: string;
  beforeAll(async () => {
    // Seeding the demo city can take long on a machine shared with other suites.
    server = await startServer({ timeoutMs: 150_000 });
    db = createDb(server.dbPath);
    staff = sessionCookieFor(server.dbPath, 'kray@example.org');
  }, 180_000);
  afterAll(async () => {
    db?.$client.close();
    await server?.stop();
  });

  const count = (): number => db.select().from(concerns).all().length;

  it('stores the report with its photo re-encoded without EXIF/GPS and mails only a confirmation link', async () => {
    const res = await postMultipart(server, '/anliegen/neu', 'concerns.report', good, {
      photos: [{ name: 'IMG_2041.JPG', type: 'image/jpeg', data: await photoWithGps() }],
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/anliegen?quartier=kray&hinweis=concerns.reported');
    const concern = db.select().from(concerns).orderBy(desc(concerns.id)).get()!;
    expect([concern.description, concern.latitude, concern.reporterEmail, concern.status]).toEqual([
      good.description,
      51.4638,
      'erika.muster@example.net',
      'neu',
    ]);
    const photo = db.select().from(concernPhotos).where(eq(concernPhotos.concernId, concern.id)).get()!;
    const file = storedPhotos(server).find((p) => p.endsWith(photo.fileName))!;
    const meta = await sharp(readFileSync(file)).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.width).toBe(1600);
    const mail = db.select().from(outbox).where(eq(outbox.toAddress, 'erika.muster@example.net')).all();
    expect(mail.map((m) => m.kind)).toEqual(['concern-confirm']);
    expect(mail[0]!.textBody).not.toContain('Wartehäuschen');
    expect(await receivedText(server.mailDir, mail[0]!)).toMatch(/\/anliegen\/bestaetigen\/[a-z2-7]+/);

    // Not public before staff reviewed it, photo included.
    expect((await get(server, `/anliegen/${concern.id}`)).status).toBe(404);
    expect((await get(server, `/anliegen/foto/${photo.fileName}`)).status).toBe(404);
    expect((await get(server, `/anliegen/foto/${photo.fileName}`, staff)).status).toBe(200);
    expect((await postAction(server, `/verwaltung/anliegen/${concern.id}`, 'concerns.review', { id: String(concern.id) }, staff)).status).toBe(303);
    const page = await (await get(server, `/anliegen/${concern.id}`)).text();
    expect(page).toContain('Wartehäuschen eingeschlagen');
    expect(page).not.toContain('erika.muster@example.net');
    expect(page).not.toContain('Erika Muster');
    const image = await get(server, `/anliegen/foto/${photo.fileName}`);
    expect([image.status, image.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    const list = await (await get(server, '/anliegen?quartier=kray&kategorie=sonstiges')).text();
    expect(list).toContain(`Anliegen ${concern.id}: Sonstiges`);
    expect(list).not.toContain('erika.muster@example.net');
  });

  it('answers bad input with 400, every message at once, the input kept, and nothing stored', async () => {
    const before = count();
    const photos = storedPhotos(server).length;
    const pdf = new TextEncoder().encode('%PDF-1.4\n%âãÏÓ\n1 0 obj <</Type /Catalog>> endobj\ntrailer <<>>\n%%EOF\n');
    const res = await postMultipart(
      server,
      '/anliegen/neu',
      'concerns.report',
      { ...good, description: '', category: 'gibt-es-nicht', latitude: '52.52', longitude: '13.40', reporterEmail: 'keine-adresse' },
      { photos: [{ name: 'rechnung.jpg', type: 'image/jpeg', data: pdf }] },
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<title>Fehler: Anliegen melden');
    expect(summaryOf(html)).toEqual([
      'description: Bitte beschreiben Sie Ihr Anliegen.',
      'category: Diese Kategorie gibt es nicht. Bitte wählen Sie eine aus der Liste.',
      'latitude: Dieser Punkt liegt nicht im Stadtgebiet. Bitte prüfen Sie Breite und Länge oder lassen Sie die Felder leer.',
      'photos: „rechnung.jpg“ ist kein Foto. Bitte wählen Sie ein Bild (JPEG, PNG, WebP oder HEIF).',
      'reporterEmail: Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel name@beispiel.de.',
    ]);
    expect(html).toMatch(/id="f-photos-error"[^>]*>„rechnung.jpg“ ist kein Foto/);
    expect(html).toContain('value="Bushaltestelle Kray Mitte"');
    expect(html).toContain('value="keine-adresse"');
    expect(count()).toBe(before);
    expect(storedPhotos(server)).toHaveLength(photos);
  });

  it('refuses a 30 MB photo with a clear message next to the field', async () => {
    const before = count();
    const big = new Uint8Array(30 * 1024 * 1024);
    big.set(await photoWithGps(200, 100));
    const res = await postMultipart(server, '/anliegen/neu', 'concerns.report', good, { photos: [{ name: 'riesig.jpg', type: 'image/jpeg', data: big }] });
    expect(res.status).toBe(400);
    expect(summaryOf(await res.text())).toEqual(['photos: „riesig.jpg“ ist zu groß. Ein Foto darf höchstens 10 MB haben.']);
    expect(count()).toBe(before);
  });

  it('refuses bodies over the limit: 45 MB to the report form, 2 MB to any other form', async () => {
    const before = count();
    const huge = await postMultipart(server, '/anliegen/neu', 'concerns.report', good, {
      photos: [{ name: 'a.jpg', type: 'image/jpeg', data: new Uint8Array(45 * 1024 * 1024) }],
    });
    expect(huge.status).toBe(413);
    const login = await postMultipart(server, '/anmelden', 'accounts.login', { email: 'a@example.org', password: 'x'.repeat(2 * 1024 * 1024) });
    expect(login.status).toBe(413);
    expect(count()).toBe(before);
  });

  it('a reply link answers once; forged or used links get 404 and 410; staff of another Quartier get 403', async () => {
    const concern = db.select().from(concerns).orderBy(desc(concerns.id)).get()!;
    const office = db.select().from(concernOffices).where(eq(concernOffices.name, 'Ordnungsamt')).get()!;
    expect(
      (
        await postAction(
          server,
          `/verwaltung/anliegen/${concern.id}`,
          'concerns.forward',
          { id: String(concern.id), office: String(office.id), note: '' },
          staff,
        )
      ).status,
    ).toBe(303);
    const mail = db.select().from(outbox).where(eq(outbox.toAddress, office.email)).orderBy(desc(outbox.id)).get()!;
    expect(mail.kind).toBe('concern-office-forward');
    expect(mail.textBody).not.toContain('erika.muster@example.net');
    const path = /\/anliegen\/antwort\/[a-z2-7]+/.exec(await receivedText(server.mailDir, mail))![0];
    const replyPage = await get(server, path);
    expect(replyPage.status).toBe(200);
    const replyHtml = await replyPage.text();
    expect(replyHtml).toContain('Wartehäuschen');
    expect(replyHtml).not.toContain('erika.muster@example.net');
    expect(replyHtml).not.toContain('Erika Muster');
    const token = path.split('/').pop()!;
    const answer = await postAction(server, path, 'concerns.officeAnswer', { token, kind: 'abgelehnt', text: '' });
    expect(answer.status).toBe(400);
    expect(summaryOf(await answer.text())).toEqual(['text: Bitte begründen Sie, warum das Anliegen nicht umgesetzt wird.']);
    expect((await postAction(server, path, 'concerns.officeAnswer', { token, kind: 'erledigt', text: 'Das Glas ist ersetzt.' })).status).toBe(303);
    expect(db.select().from(concerns).where(eq(concerns.id, concern.id)).get()!.status).toBe('erledigt');
    expect((await get(server, path)).status).toBe(410);
    expect((await postAction(server, path, 'concerns.officeAnswer', { token, kind: 'in_arbeit', expectedOn: '2030-01-01' })).status).toBe(409);
    expect((await get(server, '/anliegen/antwort/aaaaaaaaaaaaaaaaaaaaaaaa')).status).toBe(404);
    expect((await get(server, '/anliegen/antwort/%27%3Cscript%3E')).status).toBe(404);
    expect((await get(server, `/anliegen/${concern.id}`)).status).toBe(200);

    const other = sessionCookieFor(server.dbPath, 'frohnhausen@example.org');
    expect((await get(server, `/verwaltung/anliegen/${concern.id}`, other)).status).toBe(403);
    expect(
      (
        await postAction(
          server,
          `/verwaltung/anliegen/${concern.id}/zusammenfuehren`,
          'concerns.merge',
          { id: String(concern.id), target: '1', confirm: 'ja' },
          other,
        )
      ).status,
    ).toBe(403);
    expect((await get(server, `/verwaltung/anliegen/${concern.id}`, sessionCookieFor(server.dbPath, 'bewohnerin@example.org'))).status).toBe(403);
    expect((await get(server, `/verwaltung/anliegen/${concern.id}`)).status).toBe(302);
    const dashboard = await (await get(server, '/verwaltung', staff)).text();
    expect(dashboard).toMatch(/Neu und in Prüfung<\/a>: \d+/);
  });

  it('rate-limits reports from one address: a flood of 200 gets 429 and stores exactly the accepted ones', async () => {
    const before = count();
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) {
      const res = await postMultipart(server, '/anliegen/neu', 'concerns.report', {
        ...good,
        reporterEmail: '',
        reporterPhone: '0201 555 01',
        description: `Flut ${i}`,
      });
      statuses.push(res.status);
      if (res.status === 429) expect(await res.text()).toContain('Zu viele Versuche. Bitte warten Sie');
      else await res.arrayBuffer();
    }
    const accepted = statuses.filter((s) => s === 303).length;
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThanOrEqual(20);
    expect(statuses.slice(accepted).every((s) => s === 429)).toBe(true);
    expect(count()).toBe(before + accepted);
  });
});
