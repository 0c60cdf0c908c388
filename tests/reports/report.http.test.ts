/**
 * The Quartiersbericht and the event close-out over real HTTP against the built server with the demo city: who may
 * see which report, bad periods answered with messages and a 4xx, the CSV and PDF exports, and the attendance form.
 * The PDF is read back with an independent text extractor (unpdf, pdf.js) and compared with the HTML page and CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull, lte } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { createDb, type DbConnection } from '../../db/client';
import { eventAttendance, eventOccurrences, events, quartiere, volunteerApplications, volunteerProgrammes } from '../../db/schema';
import { sessionCookieFor } from '../helpers/auth';
import { get, postAction } from '../helpers/http';
import { startServer, type RunningServer } from '../helpers/server';
import { createRequire } from 'node:module';
import { computeReport } from '../../src/lib/server/reports/report';
import { presetPeriod } from '../../src/lib/server/reports/period';
import { labelText } from '../../src/lib/server/reports/csv';
import { showCell } from '../../src/lib/reports-format';
import { translator } from '../../src/i18n';

/** The entries of an Atom feed as a real XML parser reads them (sax, which svgo brings along, has no types). */
function atomEntries(xml: string): { id: string; title: string; summary: string }[] {
  interface SaxParser {
    onopentag: (tag: { name: string }) => void;
    onclosetag: (name: string) => void;
    ontext: (text: string) => void;
    onerror: (error: Error) => void;
    write: (text: string) => { close: () => void };
  }
  const sax = createRequire(import.meta.url)('sax') as { parser: (strict: boolean) => SaxParser };
  const parser = sax.parser(true);
  const entries: { id: string; title: string; summary: string }[] = [];
  let entry: Record<string, string> | null = null;
  let field: string | null = null;
  parser.onopentag = (tag) => {
    if (tag.name === 'entry') entry = {};
    else if (entry) field = tag.name;
  };
  parser.onclosetag = (name) => {
    if (name === 'entry' && entry) entries.push({ id: entry.id ?? '', title: entry.title ?? '', summary: entry.summary ?? '' });
    if (name === 'entry') entry = null;
    field = null;
  };
  parser.ontext = (text) => {
    if (entry && field) entry[field] = (entry[field] ?? '') + text;
  };
  parser.onerror = (error) => {
    throw error;
  };
  parser.write(xml).close();
  return entries;
}

/** The text the page shows, without Astro's escaping. */
const unescape = (html: string): string =>
  html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
/** Text without any whitespace: the PDF breaks lines where the page does not. */
const squash = (text: string): string => text.replace(/\s+/g, '');

describe('Quartiersbericht over HTTP', () => {
  let server: RunningServer;
  let db: DbConnection;
  const cookie: Record<string, string> = {};

  beforeAll(async () => {
    server = await startServer();
    db = createDb(server.dbPath);
    for (const email of ['kray@example.org', 'frohnhausen@example.org', 'admin@example.org', 'bewohnerin@example.org', 'verein@example.org'])
      cookie[email] = sessionCookieFor(server.dbPath, email);
  });
  afterAll(async () => {
    db?.$client.close();
    await server?.stop();
  });

  it('shows staff the report of their Quartier with figures and how each was computed', async () => {
    const response = await get(server, '/verwaltung/bericht?quartier=kray&zeitraum=jahr', cookie['kray@example.org']);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Quartiersbericht Kray');
    expect(html).toMatch(/Veranstaltungen mit eingetragener Teilnehmerzahl: \d+ von \d+ Terminen/);
    expect(html).toContain('role="img"');
    expect(html).toContain('<title id="c-veranstaltungen-monat-title">');
    expect(html).not.toContain('<script');
  });

  it('sends visitors to the login and refuses residents and staff of another Quartier', async () => {
    const visitor = await get(server, '/verwaltung/bericht');
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get('location')).toContain('/anmelden');
    expect((await get(server, '/verwaltung/bericht', cookie['bewohnerin@example.org'])).status).toBe(403);
    const other = await get(server, '/verwaltung/bericht?quartier=kray', cookie['frohnhausen@example.org']);
    expect(other.status).toBe(403);
    expect(await other.text()).not.toContain('Veranstaltungen mit eingetragener Teilnehmerzahl');
    expect((await get(server, '/verwaltung/bericht?quartier=stadt', cookie['kray@example.org'])).status).toBe(403);
    expect((await get(server, '/verwaltung/bericht?quartier=kray&format=csv&tabelle=veranstaltungen-monat', cookie['frohnhausen@example.org'])).status).toBe(
      403,
    );
    expect((await get(server, '/verwaltung/bericht?quartier=stadt', cookie['admin@example.org'])).status).toBe(200);
  });

  it('answers bad periods and an unknown Quartier with messages next to the fields and a 400, keeping the input', async () => {
    const response = await get(server, '/verwaltung/bericht?quartier=atlantis&von=2026-03-31&bis=2026-03-01', cookie['kray@example.org']);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Der letzte Tag liegt vor dem ersten.');
    expect(html).toContain('Dieses Quartier gibt es nicht.');
    expect(html).toContain('href="#f-bis"');
    expect(html).toContain('value="2026-03-31"');
    const tooLong = await get(server, '/verwaltung/bericht?von=2019-01-01&bis=2026-01-01', cookie['kray@example.org']);
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain('höchstens 5 Jahre');
  });

  it('exports a table as CSV with BOM, semicolons and quoting', async () => {
    const response = await get(
      server,
      '/verwaltung/bericht?quartier=kray&zeitraum=jahr&format=csv&tabelle=veranstaltungen-kategorie',
      cookie['kray@example.org'],
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Kategorie;Termine;Teilnehmende');
    expect(lines.some((line) => /^Café\/Treffpunkt;\d+;\d+/.test(line))).toBe(true);
    expect((await get(server, '/verwaltung/bericht?quartier=kray&format=csv&tabelle=gibtsnicht', cookie['kray@example.org'])).status).toBe(404);
  });

  it("includes the Quartier's goals and measures as staff recorded them, also as CSV", async () => {
    const html = await (await get(server, '/verwaltung/bericht?quartier=kray&zeitraum=jahr', cookie['kray@example.org'])).text();
    const section = html.slice(html.indexOf('Ziele und Maßnahmen'));
    expect(section).toContain('Mehr Begegnung für Ältere in Kray');
    expect(section).toContain('Abgeschlossene Maßnahmen');
    const csv = await (
      await get(server, '/verwaltung/bericht?quartier=kray&zeitraum=jahr&format=csv&tabelle=ziele-massnahmen', cookie['kray@example.org'])
    ).text();
    const [header, ...rows] = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(header).toBe('Ziel;geplant;läuft;abgeschlossen;verworfen;Notizen im Zeitraum');
    expect(rows.some((row) => row.startsWith('Mehr Begegnung für Ältere in Kray;'))).toBe(true);
    // Another Quartier's goals stay out of Kray's report.
    expect(csv).not.toContain('Junge Familien und Alleinerziehende in Karnap stärken');
  });

  it('records attendance through the form, refusing absurd numbers next to the field', async () => {
    const missing = await get(server, '/verwaltung/teilnahme', cookie['kray@example.org']);
    expect(missing.status).toBe(200);
    expect(await missing.text()).toContain('Teilnehmerzahl fehlt');
    const seniors = db.select().from(events).where(eq(events.title, 'Seniorennachmittag im Treff')).get()!;
    const open = db
      .select({ recurrenceLocal: eventOccurrences.recurrenceLocal })
      .from(eventOccurrences)
      .leftJoin(
        eventAttendance,
        and(eq(eventAttendance.eventId, eventOccurrences.eventId), eq(eventAttendance.recurrenceLocal, eventOccurrences.recurrenceLocal)),
      )
      .where(
        and(
          eq(eventOccurrences.eventId, seniors.id),
          eq(eventOccurrences.status, 'scheduled'),
          lte(eventOccurrences.endsAt, new Date()),
          isNull(eventAttendance.eventId),
        ),
      )
      .get()!;
    const path = `/verwaltung/teilnahme/${seniors.id}/${encodeURIComponent(open.recurrenceLocal)}`;
    expect((await get(server, path, cookie['kray@example.org'])).status).toBe(200);
    for (const bad of ['-3', 'viele', '10001', '']) {
      const refused = await postAction(
        server,
        path,
        'reports.recordAttendance',
        { event: String(seniors.id), occurrence: open.recurrenceLocal, attendees: bad, note: '' },
        cookie['kray@example.org'],
      );
      expect(refused.status).toBe(400);
      const html = await refused.text();
      expect(html).toContain('Bitte geben Sie eine ganze Zahl von 0 bis 10000 ein.');
      expect(html).toContain('href="#f-attendees"');
    }
    const forbidden = await postAction(
      server,
      path,
      'reports.recordAttendance',
      { event: String(seniors.id), occurrence: open.recurrenceLocal, attendees: '12' },
      cookie['frohnhausen@example.org'],
    );
    expect(forbidden.status).toBe(403);
    const saved = await postAction(
      server,
      path,
      'reports.recordAttendance',
      { event: String(seniors.id), occurrence: open.recurrenceLocal, attendees: '19', note: 'Bingo' },
      cookie['verein@example.org'],
    );
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toContain('hinweis=reports.attendanceSaved');
    const row = db
      .select()
      .from(eventAttendance)
      .where(and(eq(eventAttendance.eventId, seniors.id), eq(eventAttendance.recurrenceLocal, open.recurrenceLocal)))
      .get();
    expect(row).toMatchObject({ attendees: 19, note: 'Bingo' });
  });

  it('exports the whole report as an A4 PDF with the figures and cells of the page, "< 5" and page numbers', async () => {
    // Two volunteers in Kray within the last twelve months: a count of people below five, which must read "< 5".
    const kray = db.select().from(quartiere).where(eq(quartiere.slug, 'kray')).get()!;
    const programme = db.select().from(volunteerProgrammes).where(eq(volunteerProgrammes.quartierId, kray.id)).get()!;
    const joined = new Date(Date.now() - 45 * 86_400_000);
    for (const name of ['Hanna Wiegand', 'Murat Aydın'])
      db.insert(volunteerApplications)
        .values({
          programmeId: programme.id,
          name,
          email: `${name.split(' ')[0]!.toLowerCase()}@example.org`,
          consentAt: joined,
          consentVersion: '1',
          status: 'aktiv',
          createdAt: joined,
        })
        .run();

    const query = '/verwaltung/bericht?quartier=kray&zeitraum=jahr';
    const html = await (await get(server, query, cookie['kray@example.org'])).text();
    const title = unescape(/<h1[^>]*>([^<]+)<\/h1>/.exec(html)![1]!);
    const [, from, to] = /^Quartiersbericht Kray: (\S+) bis (\S+)$/.exec(title)!;
    const figures = [...html.matchAll(/data-figure="[^"]+"[^>]*>\s*<dt[^>]*>([^<]+)<\/dt>\s*<dd[^>]*>\s*<strong[^>]*>([^<]+)<\/strong>/g)].map(
      ([, label, value]) => ({ label: unescape(label!), value: unescape(value!) }),
    );
    expect(figures.length).toBeGreaterThan(20);
    expect(figures).toContainEqual({ label: 'Aktive Ehrenamtliche', value: '< 5' });

    const response = await get(server, `${query}&format=pdf`, cookie['kray@example.org']);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="quartiersbericht-kray-${from!.split('.').reverse().join('-')}-${to!.split('.').reverse().join('-')}.pdf"`,
    );
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');

    const pdf = await getDocumentProxy(bytes);
    const page = await pdf.getPage(1);
    expect(page.view.map(Math.round)).toEqual([0, 0, 595, 842]);
    const { info } = (await pdf.getMetadata()) as { info: { Title?: string } };
    expect(info.Title).toBe(title);
    const { totalPages, text: pages } = await extractText(pdf, { mergePages: false });
    expect(totalPages).toBeGreaterThan(1);
    expect(pages[0]).toContain('Quartiersbericht\nKray');
    expect(pages[0]).toContain(`Zeitraum: ${from} bis ${to}`);
    expect(pages[0]).toContain(title);
    expect(pages[0]).toContain(`Seite 1 von ${totalPages}`);
    expect(pages[totalPages - 1]).toContain(`Seite ${totalPages} von ${totalPages}`);

    // Every figure of the page, with its value right after its label and the how-computed sentence after it.
    const text = squash(pages.join('\n'));
    for (const figure of figures) expect(text).toContain(squash(`${figure.label}${figure.value}So berechnet:`));
    expect(text).toContain(squash('Aktive Ehrenamtliche < 5 So berechnet:'));
    expect(text).toContain(squash('Stattgefundene Termine je Monat'));

    // The same cells as the CSV, row by row (header included).
    for (const table of ['veranstaltungen-kategorie', 'treffs-oeffnungszeiten', 'anliegen-ergebnis']) {
      const csv = await (await get(server, `${query}&format=csv&tabelle=${table}`, cookie['kray@example.org'])).text();
      const lines = csv
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines) expect(text).toContain(squash(line.split(';').join('')));
    }
  });

  it('guards the PDF like the page: login for visitors, 403 for residents and other Quartiere, 400 for a bad period', async () => {
    const path = '/verwaltung/bericht?quartier=kray&zeitraum=jahr&format=pdf';
    const visitor = await get(server, path);
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get('location')).toContain('/anmelden');
    const resident = await get(server, path, cookie['bewohnerin@example.org']);
    expect(resident.status).toBe(403);
    expect(resident.headers.get('content-type')).not.toContain('pdf');
    expect((await get(server, path, cookie['frohnhausen@example.org'])).status).toBe(403);
    expect((await get(server, '/verwaltung/bericht?quartier=stadt&format=pdf', cookie['kray@example.org'])).status).toBe(403);
    const admin = await get(server, '/verwaltung/bericht?quartier=stadt&zeitraum=jahr&format=pdf', cookie['admin@example.org']);
    expect(admin.status).toBe(200);
    expect(admin.headers.get('content-disposition')).toMatch(/filename="quartiersbericht-stadt-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.pdf"/);
    const bad = await get(server, '/verwaltung/bericht?quartier=kray&von=2026-03-31&bis=2026-03-01&format=pdf', cookie['kray@example.org']);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('text/html');
    expect(await bad.text()).toContain('Der letzte Tag liegt vor dem ersten.');
  });

  it('links the PDF from the report page next to the print view', async () => {
    const html = await (await get(server, '/verwaltung/bericht?quartier=kray&zeitraum=jahr', cookie['kray@example.org'])).text();
    const link = /<a href="([^"]*format=pdf[^"]*)"[^>]*>([^<]+)<\/a>/.exec(html)!;
    expect(unescape(link[2]!)).toBe('Ganzer Bericht als PDF (A4)');
    const href = unescape(link[1]!);
    expect(href).toContain('quartier=kray');
    const linked = await get(server, href, cookie['kray@example.org']);
    expect(linked.status).toBe(200);
    expect(linked.headers.get('content-type')).toBe('application/pdf');
    expect(html).toContain('Druckansicht');
  });

  it('gives a reader of Arabic the page and the PDF in Arabic', async () => {
    const arabic = `${cookie['kray@example.org']}; lang=ar`;
    const html = await (await get(server, '/verwaltung/bericht?quartier=kray&zeitraum=jahr', arabic)).text();
    expect(html).toContain('<html lang="ar" dir="rtl"');
    const title = unescape(/<h1[^>]*>([^<]+)<\/h1>/.exec(html)![1]!);
    const link = /<a href="([^"]*format=pdf[^"]*)"[^>]*>([^<]+)<\/a>/.exec(html)!;
    expect(unescape(link[2]!)).toBe('التقرير كاملًا كملف PDF (A4)');
    const pdf = await getDocumentProxy(new Uint8Array(await (await get(server, unescape(link[1]!), arabic)).arrayBuffer()));
    const { info } = (await pdf.getMetadata()) as { info: { Title?: string } };
    expect(info.Title).toBe(title);
    const { text: pages } = await extractText(pdf, { mergePages: false });
    expect(pages[0]).toContain('تقرير Quartier');
    expect(pages[0]).toContain('الفعاليات');
    expect(pages.join('\n')).not.toContain('Quartiersbericht');
  });

  it('shows a chart staff chose on the public page with its table and sentence, and lists it in the Atom feed', async () => {
    const year = presetPeriod('jahr', new Date());
    const kray = db.select().from(quartiere).where(eq(quartiere.slug, 'kray')).get()!;
    const form = {
      quartierId: String(kray.id),
      figur: 'anliegen.anliegen-ergebnis',
      von: year.from,
      bis: year.to,
      kommentar: 'Die meisten Hinweise sind erledigt.',
    };
    const report = await get(server, '/verwaltung/bericht?quartier=kray&zeitraum=jahr', cookie['kray@example.org']);
    expect(await report.text()).toContain('name="figur" value="anliegen.anliegen-ergebnis"');
    expect((await postAction(server, '/verwaltung/bericht', 'reports.chooseHighlight', form, cookie['frohnhausen@example.org'])).status).toBe(403);
    const chosen = await postAction(server, '/verwaltung/bericht', 'reports.chooseHighlight', form, cookie['kray@example.org']);
    expect(chosen.status).toBe(303);
    expect(chosen.headers.get('location')).toContain('hinweis=reports.highlightShown');

    const page = await get(server, '/quartiere/kray/erreicht');
    expect(page.status).toBe(200);
    const html = unescape(await page.text());
    const t = translator('de');
    const table = computeReport(db, kray, year, new Date())
      .sections.flatMap((x) => x.tables)
      .find((x) => x.id === 'anliegen-ergebnis')!;
    const article = html.slice(html.indexOf('<article class="public-figure"'), html.indexOf('</article>'));
    expect(article).toContain(`>${t('reports.table.concernOutcomes')}</h3>`);
    expect(article).toContain('Die meisten Hinweise sind erledigt.');
    expect(article).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="c-kennzahl-\d+-title c-kennzahl-\d+-desc"/);
    for (const row of table.rows) {
      const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\<>]/g, '\\$&');
      expect(article).toMatch(
        new RegExp(`<th scope="row"[^>]*>${escaped(labelText(row.label, t))}</th>\\s*<td[^>]*>${escaped(showCell(row.cells[0]!, 'de'))}</td>`),
      );
    }
    expect(html).not.toContain('<script');

    const feed = await get(server, '/quartiere/kray/erreicht.xml');
    const entry = atomEntries(await feed.text()).find((e) => /erreicht\/kray\/kennzahl\/\d+$/.test(e.id));
    expect(entry).toMatchObject({ title: `Zahl aus dem Quartier: ${t('reports.table.concernOutcomes')}` });
    expect(entry!.summary).toContain('Die meisten Hinweise sind erledigt.');
  });

  it('refuses a figure the report does not have with a message and a 400', async () => {
    const year = presetPeriod('jahr', new Date());
    const kray = db.select().from(quartiere).where(eq(quartiere.slug, 'kray')).get()!;
    const refused = await postAction(
      server,
      '/verwaltung/bericht',
      'reports.chooseHighlight',
      { quartierId: String(kray.id), figur: 'anliegen.gibt-es-nicht', von: year.from, bis: year.to },
      cookie['kray@example.org'],
    );
    expect(refused.status).toBe(400);
    expect(unescape(await refused.text())).toContain('Diese Kennzahl gibt es im Bericht nicht: „anliegen.gibt-es-nicht“.');
  });
});
