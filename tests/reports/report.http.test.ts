/**
 * The Quartiersbericht and the event close-out over real HTTP against the built server with the demo city: who may
 * see which report, bad periods answered with messages and a 4xx, the CSV export, and the attendance form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull, lte } from 'drizzle-orm';
import { createDb, type DbConnection } from '../../db/client';
import { eventAttendance, eventOccurrences, events } from '../../db/schema';
import { sessionCookieFor } from '../helpers/auth';
import { get, postAction } from '../helpers/http';
import { startServer, type RunningServer } from '../helpers/server';

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
});
