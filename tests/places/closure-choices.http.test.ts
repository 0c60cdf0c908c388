/**
 * The one-click choices on the back-office place page over real HTTP against the built server: plain form posts
 * (no JavaScript), answered with the page and a notice; organisation members and staff of another Quartier are
 * refused and change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { createDb, type DbConnection } from '../../db/client';
import { closureKeeps, eventExceptions, eventOccurrences, events, places } from '../../db/schema';
import { sessionCookieFor } from '../helpers/auth';
import { startServer, type RunningServer } from '../helpers/server';
import { eventPath, occurrencePath } from '../../src/lib/paths';

type Role = 'orgMember' | 'otherStaff' | 'staff';
const emails: Record<Role, string> = { orgMember: 'verein@example.org', otherStaff: 'frohnhausen@example.org', staff: 'kray@example.org' };

describe('choices on the conflict list of a place', () => {
  let server: RunningServer;
  let db: DbConnection;
  const cookies = {} as Record<Role, string>;
  let treffId: number;
  let wandercafe: { eventId: number; slug: string; dates: { id: number; recurrenceLocal: string; day: string }[] };

  const post = (path: string, role: Role, body: Record<string, string>): Promise<Response> =>
    fetch(server.url + path, { method: 'POST', body: new URLSearchParams(body), headers: { cookie: cookies[role], origin: server.url }, redirect: 'manual' });
  const page = async (): Promise<string> => (await fetch(`${server.url}/verwaltung/orte/${treffId}`, { headers: { cookie: cookies.staff } })).text();

  beforeAll(async () => {
    server = await startServer();
    db = createDb(server.dbPath);
    for (const [role, email] of Object.entries(emails)) cookies[role as Role] = sessionCookieFor(server.dbPath, email);
    treffId = db.select({ id: places.id }).from(places).where(eq(places.slug, 'quartierstreff-kray-nord')).get()!.id;
    const event = db.select().from(events).where(eq(events.title, 'Wandercafé')).get()!;
    const dates = db
      .select()
      .from(eventOccurrences)
      .where(and(eq(eventOccurrences.eventId, event.id), eq(eventOccurrences.status, 'scheduled')))
      .orderBy(eventOccurrences.startsAt)
      .all()
      // Dates the series holds at the Treff itself (some Wandercafés move to the Gemeindehaus by an exception).
      .filter((o) => o.exceptionId === null && o.startsAt.getTime() > Date.now() + 20 * 86_400_000)
      .slice(0, 2)
      .map((o) => ({ id: o.id, recurrenceLocal: o.recurrenceLocal, day: DateTime.fromJSDate(o.startsAt, { zone: 'Europe/Berlin' }).toISODate()! }));
    wandercafe = { eventId: event.id, slug: event.slug, dates };
    for (const { day } of dates) {
      const saved = await post(`/verwaltung/orte/${treffId}?_action=placeAdmin.addException`, 'staff', {
        id: String(treffId),
        dateFrom: day,
        kind: 'closed',
        reason: 'Wasserschaden',
      });
      expect(saved.status).toBe(303);
    }
  });
  afterAll(async () => {
    db?.$client.close();
    await server?.stop();
  });

  const choice = (occurrenceId: number): Record<string, string> => ({ id: String(treffId), kind: 'occurrence', itemId: String(occurrenceId) });

  it('offers cancel (through its confirmation step), keep and move for each listed event date, working without JavaScript', async () => {
    const html = await page();
    const section = html.slice(html.indexOf('data-closure-conflicts'));
    expect(section).toMatch(
      new RegExp(`href="/verwaltung/orte/${treffId}/konflikt/termin/${wandercafe.dates[0]!.id}/absagen"[^>]*>Absagen und Angemeldete benachrichtigen …`),
    );
    expect(section).not.toContain('_action=placeAdmin.cancelForClosure');
    expect(section).toContain('Trotzdem stattfinden lassen');
    expect(section).toMatch(new RegExp(`href="/verwaltung/veranstaltungen/${wandercafe.eventId}/termine/${wandercafe.dates[0]!.day}"[^>]*>Verschieben`));
    expect(section).toMatch(/<form method="post" action="\?_action=placeAdmin\.keepDespiteClosure"[^>]*>/);
  });

  for (const role of ['orgMember', 'otherStaff'] as const) {
    it(`refuses a ${role} with 403 and changes nothing`, async () => {
      const [first] = wandercafe.dates;
      expect((await post(`/verwaltung/orte/${treffId}?_action=placeAdmin.keepDespiteClosure`, role, choice(first!.id))).status).toBe(403);
      expect((await post(`/verwaltung/orte/${treffId}?_action=placeAdmin.cancelForClosure`, role, { ...choice(first!.id), confirm: 'ja' })).status).toBe(403);
      expect(db.select().from(closureKeeps).all()).toEqual([]);
      expect(
        db
          .select()
          .from(eventExceptions)
          .where(eq(eventExceptions.eventId, wandercafe.eventId))
          .all()
          .filter((e) => e.note === 'Wasserschaden'),
      ).toEqual([]);
    });
  }

  it('keeps a date: back on the page with the notice, marked as staying despite the closure, and so on the public pages', async () => {
    const [first] = wandercafe.dates;
    const publicPage = async (): Promise<string> =>
      (await fetch(`${server.url}${occurrencePath({ ...wandercafe, recurrenceLocal: first!.recurrenceLocal })}`)).text();
    const eventPage = async (): Promise<string> => (await fetch(`${server.url}${eventPath(wandercafe)}`)).text();
    expect(await publicPage()).not.toContain('findet trotz Schließzeit statt');
    expect(await eventPage()).not.toContain('findet trotz Schließzeit statt');
    const kept = await post(`/verwaltung/orte/${treffId}?_action=placeAdmin.keepDespiteClosure`, 'staff', choice(first!.id));
    expect(kept.status).toBe(303);
    expect(kept.headers.get('location')).toBe(`/verwaltung/orte/${treffId}?hinweis=bo.closureKept`);
    const html = await (await fetch(server.url + kept.headers.get('location')!, { headers: { cookie: cookies.staff } })).text();
    expect(html).toContain('Entschieden: Der Eintrag findet trotz Schließzeit statt.');
    expect(html).toContain('bleibt trotz Schließzeit');
    // The public side says so, on the date's page and in the event's list of dates (not served from a stale cache).
    const shown = await publicPage();
    expect(shown.slice(shown.indexOf('<main'))).toMatch(/<span class="badge" data-kept-despite-closure[^>]*>findet trotz Schließzeit statt<\/span>/);
    expect(await eventPage()).toContain('findet trotz Schließzeit statt');
    // Keeping it twice is refused with the reason, not a 500.
    const again = await post(`/verwaltung/orte/${treffId}?_action=placeAdmin.keepDespiteClosure`, 'staff', choice(first!.id));
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('schon entschieden');
  });

  it('cancels a date with the closure as its note only after its confirmation step; it leaves the list', async () => {
    const second = wandercafe.dates[1]!;
    const step = `/verwaltung/orte/${treffId}/konflikt/termin/${second.id}/absagen`;
    const asked = await (await fetch(server.url + step, { headers: { cookie: cookies.staff } })).text();
    expect(asked).toContain('mit dem Hinweis „Wasserschaden“');
    expect(asked).toMatch(/>Ja, Termin absagen<\/button>/);
    const unconfirmed = await post(`${step}?_action=placeAdmin.cancelForClosure`, 'staff', choice(second.id));
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toMatch(/>Ja, Termin absagen<\/button>/);
    expect(
      db
        .select()
        .from(eventExceptions)
        .where(eq(eventExceptions.eventId, wandercafe.eventId))
        .all()
        .filter((e) => e.note === 'Wasserschaden'),
    ).toEqual([]);
    const cancelled = await post(`${step}?_action=placeAdmin.cancelForClosure`, 'staff', { ...choice(second.id), confirm: 'ja' });
    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.get('location')).toBe(`/verwaltung/orte/${treffId}?hinweis=bo.closureCancelled`);
    const exception = db
      .select()
      .from(eventExceptions)
      .where(and(eq(eventExceptions.eventId, wandercafe.eventId), eq(eventExceptions.recurrenceLocal, second.recurrenceLocal)))
      .get()!;
    expect({ kind: exception.kind, note: exception.note }).toEqual({ kind: 'cancelled', note: 'Wasserschaden' });
    expect(await page()).not.toContain(`/termine/${second.day}"`);
  });
});
