import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createDb } from '../../db/client';
import { events } from '../../db/schema';
import { eventPath } from '../../src/lib/paths';
import { startServer, type RunningServer } from '../helpers/server';
import { get, postAction } from '../helpers/http';
import { sessionCookieFor } from '../helpers/auth';

describe('translations over HTTP', () => {
  let server: RunningServer;
  let staff: string;
  let otherStaff: string;
  const eventsByTitle = new Map<string, { id: number; slug: string }>();
  beforeAll(async () => {
    server = await startServer();
    staff = sessionCookieFor(server.dbPath, 'kray@example.org');
    otherStaff = sessionCookieFor(server.dbPath, 'frohnhausen@example.org');
    const db = createDb(server.dbPath);
    for (const title of ['Quartiersversammlung Kray', 'Fahrradwerkstatt zum Mitmachen']) {
      const row = db.select({ id: events.id, slug: events.slug }).from(events).where(eq(events.title, title)).get()!;
      eventsByTitle.set(title, row);
    }
    db.$client.close();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const meeting = () => eventsByTitle.get('Quartiersversammlung Kray')!;
  const editPage = () => `/verwaltung/veranstaltungen/${meeting().id}`;
  const fields = (title: string) => ({
    kind: 'event',
    subjectId: String(meeting().id),
    locale: 'tr',
    title,
    summary: 'Ayda bir kez mahalle yönetimi ve dernek, mahallede neler planlandığını anlatır.',
  });

  it('refuses an empty title with the problem next to the field and the input kept, and another Quartier’s staff with 403', async () => {
    const refused = await postAction(server, editPage(), 'translations.save', fields(''), staff);
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('Bitte geben Sie den übersetzten Titel ein.');
    expect(html).toMatch(/<textarea[^>]*id="translation-tr-f-summary"[^>]*>Ayda bir kez mahalle/);
    expect(html).toMatch(/<details open/);
    const forbidden = await postAction(server, editPage(), 'translations.save', fields('Kray Mahalle Toplantısı'), otherStaff);
    expect(forbidden.status).toBe(403);
  });

  it('saves a translation from the edit page and shows it to a Turkish reader as the page’s own language (no lang="de" marking)', async () => {
    const saved = await postAction(server, editPage(), 'translations.save', fields('Kray Mahalle Toplantısı'), staff);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`${editPage()}?hinweis=translations.saved`);
    const page = await (await get(server, eventPath({ eventId: meeting().id, slug: meeting().slug }), 'lang=tr')).text();
    // Text in the page's language (html lang="tr") needs no marking of its own; only German text is marked.
    expect(page).toMatch(/<h1>\s*<span class="p-name"[^>]*>Kray Mahalle Toplantısı<\/span>\s*<\/h1>/);
    expect(page).toMatch(/<p class="lead[^"]*"[^>]*>Ayda bir kez mahalle/);
    expect(page).not.toMatch(/lang="de"[^>]*>(<[^>]*>)*(Kray Mahalle Toplantısı|Ayda bir kez)/);
    // The German description under it says it is German, in Turkish.
    expect(page).toMatch(/<p class="content-lang" lang="tr" dir="ltr"[^>]*>\(Almanca\)<\/p>\s*<div lang="de" dir="ltr" class="p-description/);
    const german = await (await get(server, eventPath({ eventId: meeting().id, slug: meeting().slug }))).text();
    expect(german).toContain('Quartiersversammlung Kray');
    expect(german).not.toContain('Kray Mahalle Toplantısı');
    expect(german).not.toContain('auf Deutsch');
  });

  it('shows an untranslated event in German, marked lang="de" and "(Almanca)", to a Turkish reader; Arabic readers get it left to right', async () => {
    const workshop = eventsByTitle.get('Fahrradwerkstatt zum Mitmachen')!;
    const tr = await (await get(server, eventPath({ eventId: workshop.id, slug: workshop.slug }), 'lang=tr')).text();
    expect(tr).toMatch(
      /<h1>\s*<span lang="de" dir="ltr"[^>]*><span class="p-name"[^>]*>Fahrradwerkstatt zum Mitmachen<\/span> <span class="content-lang" lang="tr" dir="ltr"[^>]*>\(Almanca\)<\/span>/,
    );
    const ar = await (await get(server, eventPath({ eventId: workshop.id, slug: workshop.slug }), 'lang=ar')).text();
    expect(ar).toMatch(/<span class="content-lang" lang="ar" dir="rtl"[^>]*>\(بالألمانية\)<\/span>/);
  });

  it('lists and finds the event by its Turkish title in the calendar, and removes the translation again', async () => {
    const list = await (await get(server, '/veranstaltungen?q=Toplant%C4%B1s%C4%B1', 'lang=tr')).text();
    expect(list).toMatch(/<a href="\/veranstaltungen\/[^"]+"[^>]*>\s*Kray Mahalle Toplantısı\s*<\/a>/);
    expect(list).not.toMatch(/lang="de"[^>]*>\s*Kray Mahalle Toplantısı/);
    const step = `/uebersetzungen/veranstaltung/${meeting().id}/tr/entfernen`;
    expect(await (await get(server, editPage(), staff)).text()).toContain(`href="${step}"`);
    const removed = await postAction(
      server,
      step,
      'translations.remove',
      { kind: 'event', subjectId: String(meeting().id), locale: 'tr', confirm: 'ja' },
      staff,
    );
    expect(removed.status).toBe(303);
    expect(removed.headers.get('location')).toBe(`${editPage()}?hinweis=translations.removed`);
    const after = await (await get(server, '/veranstaltungen?q=Toplant%C4%B1s%C4%B1', 'lang=tr')).text();
    expect(after).not.toContain('Kray Mahalle Toplantısı');
  });
});
