/**
 * The booking flow over real HTTP against the built server: the invariant under concurrent requests,
 * bad input, authorisation, and the organisation feed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import ICAL from 'ical.js';
import { createDb, type DbConnection } from '../../db/client';
import { bookings, organisations } from '../../db/schema';
import { startServer, type RunningServer } from '../helpers/server';
import { sessionCookieFor } from '../helpers/auth';
import { decodeProblems, message } from '../../src/lib/forms/messages';
import { BV, KIRCHE, openDateOn, orgId, roomId } from './fixtures';

let server: RunningServer;
let db: DbConnection;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer();
  for (const email of ['verein@example.org', 'kirche@example.org', 'kray@example.org', 'frohnhausen@example.org']) {
    cookies[email] = sessionCookieFor(server.dbPath, email);
  }
  db = createDb(server.dbPath);
});
afterAll(async () => {
  db.$client.close();
  await server.stop();
});

type Fields = Record<string, string | number>;

interface ErrorBody {
  message?: string;
  code?: string;
  issues?: { path?: PropertyKey[]; message: string }[];
}

/**
 * What the Action told a JSON caller, one `field: key?params` per problem (the field empty for the whole form),
 * the same for zod's issues and the domain's problems: message keys, which the caller can look up.
 */
function problemsIn(body: ErrorBody): string[] {
  if (body.issues) return body.issues.map((issue) => `${String(issue.path?.[0] ?? '')}: ${issue.message}`);
  return (decodeProblems(body.message ?? '') ?? []).map((p) => `${p.field ?? ''}: ${message(p.key, p.params)}`);
}

/** Posts a form to an Action's endpoint, as a browser with JavaScript would. */
async function action(name: string, email: string, fields: Fields): Promise<{ status: number; body: ErrorBody }> {
  const response = await fetch(`${server.url}/_actions/rooms.${name}`, {
    method: 'POST',
    headers: { Cookie: cookies[email]!, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])),
  });
  // Successful results come devalue-encoded; tests read the outcome from the database instead.
  const text = await response.text();
  return { status: response.status, body: response.ok ? {} : JSON.parse(text) };
}

/** Posts a form to a page, as a browser without JavaScript would. */
async function pagePost(path: string, actionName: string, email: string, fields: Fields): Promise<Response> {
  return fetch(`${server.url}${path}?_action=rooms.${actionName}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: cookies[email]!, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])),
  });
}

function snapshot(): string {
  return JSON.stringify(db.select().from(bookings).orderBy(bookings.id).all());
}

function activeInRoom(room: number): { startsAt: Date; endsAt: Date; organisationId: number }[] {
  return db
    .select({ startsAt: bookings.startsAt, endsAt: bookings.endsAt, organisationId: bookings.organisationId })
    .from(bookings)
    .where(and(eq(bookings.roomId, room), inArray(bookings.status, ['requested', 'confirmed'])))
    .orderBy(bookings.startsAt)
    .all();
}

function expectNoOverlap(list: { startsAt: Date; endsAt: Date }[], bufferMinutes: number): void {
  for (let i = 1; i < list.length; i++) {
    expect(list[i]!.startsAt.getTime()).toBeGreaterThanOrEqual(list[i - 1]!.endsAt.getTime() + bufferMinutes * 60_000);
  }
}

describe('the booking invariant under concurrent requests', () => {
  it('confirms exactly one of 50 simultaneous requests for the same slot of an auto-confirming room', async () => {
    const room = roomId(db, 'stadtteilbuero-kray', 'gruppenraum');
    const date = openDateOn(db, 'stadtteilbuero-kray', new Date(), 3, 3);
    const requests = Array.from({ length: 50 }, (_, i) => {
      const email = i % 2 === 0 ? 'verein@example.org' : 'kirche@example.org';
      return action('requestBooking', email, {
        roomId: room,
        organisationId: orgId(db, i % 2 === 0 ? BV : KIRCHE),
        date,
        from: '16:00',
        to: '18:00',
        purpose: `Treffen ${i}`,
        expectedAttendees: 10,
      });
    });
    const results = await Promise.all(requests);
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    const refused = results.filter((r) => r.status !== 200);
    expect(refused.every((r) => r.status === 409 && problemsIn(r.body).join() === ': rooms.error.overlap?buffer=15')).toBe(true);
    const stored = db
      .select()
      .from(bookings)
      .where(
        and(
          eq(bookings.roomId, room),
          inArray(
            bookings.purpose,
            Array.from({ length: 50 }, (_, i) => `Treffen ${i}`),
          ),
        ),
      )
      .all();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.status).toBe('confirmed');
    expectNoOverlap(activeInRoom(room), 15);
  });

  it('lets exactly one of two overlapping series stand when 50 requests race', async () => {
    const room = roomId(db, 'stadtteilbuero-kray', 'gruppenraum');
    const first = openDateOn(db, 'stadtteilbuero-kray', new Date(), 6, 5);
    const second = openDateOn(db, 'stadtteilbuero-kray', new Date(`${first}T12:00:00Z`), 1, 5);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2 === 0
          ? action('requestBooking', 'verein@example.org', {
              roomId: room,
              organisationId: orgId(db, BV),
              date: first,
              from: '10:00',
              to: '12:00',
              purpose: 'Serie A',
              expectedAttendees: 6,
              repeat: 'weekly',
              repeatEnd: 'count',
              repeatCount: 4,
            })
          : action('requestBooking', 'kirche@example.org', {
              roomId: room,
              organisationId: orgId(db, KIRCHE),
              date: second,
              from: '11:00',
              to: '13:00',
              purpose: 'Serie B',
              expectedAttendees: 6,
              repeat: 'weekly',
              repeatEnd: 'count',
              repeatCount: 4,
            }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(49);
    for (const refused of results.filter((r) => r.status === 409)) {
      expect(problemsIn(refused.body).join()).toMatch(/^: rooms\.error\.(seriesNoneFree|seriesConflict\?conflicts=\d&total=4)$/);
    }
    const series = db
      .select()
      .from(bookings)
      .where(inArray(bookings.purpose, ['Serie A', 'Serie B']))
      .all();
    expect(series).toHaveLength(4);
    expect(new Set(series.map((b) => b.purpose)).size).toBe(1);
    expectNoOverlap(activeInRoom(room), 15);
  });

  it('lets exactly one of 50 simultaneous requests stand in a room that needs approval', async () => {
    const room = roomId(db, 'stadtteilbuero-kray', 'saal');
    const date = openDateOn(db, 'stadtteilbuero-kray', new Date(), 8, 2);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        action('requestBooking', i % 2 ? 'kirche@example.org' : 'verein@example.org', {
          roomId: room,
          organisationId: orgId(db, i % 2 ? KIRCHE : BV),
          date,
          from: '14:00',
          to: '17:00',
          purpose: 'Feier',
          expectedAttendees: 40,
        }),
      ),
    );
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(49);
    const stored = db
      .select()
      .from(bookings)
      .where(and(eq(bookings.roomId, room), eq(bookings.purpose, 'Feier')))
      .all();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.status).toBe('requested');
    expectNoOverlap(activeInRoom(room), 30);
  });
});

describe('bad input', () => {
  const base = (): Fields => ({
    roomId: roomId(db, 'stadtteilbuero-kray', 'gruppenraum'),
    organisationId: orgId(db, BV),
    date: openDateOn(db, 'stadtteilbuero-kray', new Date(), 10, 1),
    from: '10:00',
    to: '12:00',
    purpose: 'Sitzung',
    expectedAttendees: 5,
  });
  const cases: [string, (f: Fields) => Fields, number, string[]][] = [
    ['an end before the start', (f) => ({ ...f, from: '12:00', to: '10:00' }), 400, ['to: rooms.error.end_before_start']],
    ['a date in the past', (f) => ({ ...f, date: '2020-01-06' }), 400, ['date: rooms.error.in_past']],
    ['zero people', (f) => ({ ...f, expectedAttendees: 0 }), 400, ['expectedAttendees: rooms.field.people.invalid']],
    ['negative people', (f) => ({ ...f, expectedAttendees: -3 }), 400, ['expectedAttendees: rooms.field.people.invalid']],
    ['more people than fit', (f) => ({ ...f, expectedAttendees: 500 }), 400, ['expectedAttendees: rooms.error.over_capacity?capacity=20']],
    ['an unknown room', (f) => ({ ...f, roomId: 987_654 }), 404, [': rooms.error.notFound']],
    ['a tampered room id', (f) => ({ ...f, roomId: '1 OR 1=1' }), 400, ['roomId: rooms.error.notFound']],
    ['an organisation the user does not belong to', (f) => ({ ...f, organisationId: orgId(db, KIRCHE) }), 403, [': form.error.forbidden']],
    ['an impossible date', (f) => ({ ...f, date: '2026-02-30' }), 400, ['date: rooms.field.date.invalid']],
    ['a time that is not a time', (f) => ({ ...f, from: '25:99' }), 400, ['from: rooms.field.time.invalid']],
    ['a missing purpose', (f) => ({ ...f, purpose: '' }), 400, ['purpose: rooms.field.purpose.invalid']],
    [
      'three mistakes in the form at once',
      (f) => ({ ...f, purpose: '', expectedAttendees: 0, from: '12:00', to: '10:00' }),
      400,
      ['purpose: rooms.field.purpose.invalid', 'expectedAttendees: rooms.field.people.invalid', 'to: rooms.error.end_before_start'],
    ],
    [
      'three broken booking rules at once',
      (f) => ({ ...f, date: '2020-01-06', from: '10:00', to: '10:30', expectedAttendees: 500 }),
      400,
      ['expectedAttendees: rooms.error.over_capacity?capacity=20', 'date: rooms.error.in_past', 'to: rooms.error.too_short?minutes=60'],
    ],
  ];
  it.each(cases)('answers %s with a 4xx and every problem as a message key next to its field, changing nothing', async (_name, change, status, problems) => {
    const before = snapshot();
    const result = await action('requestBooking', 'verein@example.org', change(base()));
    expect(result.status).toBe(status);
    expect(problemsIn(result.body)).toEqual(problems);
    expect(snapshot()).toBe(before);
  });

  it('shows field errors next to the fields and keeps the input when JavaScript is off', async () => {
    const before = snapshot();
    const response = await pagePost('/raeume/stadtteilbuero-kray/gruppenraum', 'requestBooking', 'verein@example.org', {
      ...base(),
      expectedAttendees: 0,
      purpose: 'Chorprobe',
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toMatch(/id="f-expectedAttendees"[^>]*aria-invalid="true"[^>]*aria-describedby="f-expectedAttendees-hint f-expectedAttendees-error"/);
    expect(html).toContain('id="f-expectedAttendees-error"');
    expect(html).toContain('value="Chorprobe"');
    expect(snapshot()).toBe(before);
  });

  it('redirects after a successful request (post/redirect/get) to the booking page', async () => {
    const response = await pagePost('/raeume/stadtteilbuero-kray/gruppenraum', 'requestBooking', 'verein@example.org', { ...base(), purpose: 'PRG-Test' });
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toMatch(/\/raeume\/buchungen\/\d+\?hinweis=rooms\.confirmed$/);
    const page = await fetch(new URL(location, server.url), { headers: { Cookie: cookies['verein@example.org']! } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('PRG-Test');
  });
});

describe('authorisation', () => {
  let bvBooking: number;
  let saalRequest: number;
  beforeAll(async () => {
    const idOf = (purpose: string): number => db.select({ id: bookings.id }).from(bookings).where(eq(bookings.purpose, purpose)).get()!.id;
    await action('requestBooking', 'verein@example.org', {
      roomId: roomId(db, 'stadtteilbuero-kray', 'gruppenraum'),
      organisationId: orgId(db, BV),
      date: openDateOn(db, 'stadtteilbuero-kray', new Date(), 12, 2),
      from: '09:00',
      to: '10:00',
      purpose: 'Kassenprüfung',
      expectedAttendees: 3,
    });
    bvBooking = idOf('Kassenprüfung');
    await action('requestBooking', 'verein@example.org', {
      roomId: roomId(db, 'stadtteilbuero-kray', 'saal'),
      organisationId: orgId(db, BV),
      date: openDateOn(db, 'stadtteilbuero-kray', new Date(), 12, 3),
      from: '18:00',
      to: '21:00',
      purpose: 'Mitgliederversammlung',
      expectedAttendees: 30,
    });
    saalRequest = idOf('Mitgliederversammlung');
  });

  it("does not show another organisation's booking details", async () => {
    const response = await fetch(`${server.url}/raeume/buchungen/${bvBooking}`, { headers: { Cookie: cookies['kirche@example.org']! } });
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('Kassenprüfung');
  });

  it("shows another organisation's booking in the week view only as taken", async () => {
    const html = await (
      await fetch(`${server.url}/raeume/stadtteilbuero-kray/gruppenraum?woche=${openDateOn(db, 'stadtteilbuero-kray', new Date(), 12, 2)}`, {
        headers: { Cookie: cookies['kirche@example.org']! },
      })
    ).text();
    expect(html).toContain('belegt');
    expect(html).not.toContain('Kassenprüfung');
  });

  it("refuses to cancel another organisation's booking and leaves it unchanged", async () => {
    const before = snapshot();
    const result = await action('cancelBooking', 'kirche@example.org', { bookingId: bvBooking, reason: 'weg damit', confirm: 'ja' });
    expect(result.status).toBe(403);
    expect(problemsIn(result.body)).toEqual([': form.error.forbidden']);
    expect(snapshot()).toBe(before);
  });

  it('refuses decisions by staff of another Quartier and by organisation members', async () => {
    const before = snapshot();
    expect((await action('decideBooking', 'frohnhausen@example.org', { bookingId: saalRequest, decision: 'confirm' })).status).toBe(403);
    expect((await action('decideBooking', 'verein@example.org', { bookingId: saalRequest, decision: 'confirm' })).status).toBe(403);
    expect(snapshot()).toBe(before);
  });

  it('lets staff of the Quartier approve, and then refuses a second decision', async () => {
    const result = await action('decideBooking', 'kray@example.org', { bookingId: saalRequest, decision: 'confirm', wholeSeries: 'ja' });
    expect(result.status).toBe(200);
    expect(db.select().from(bookings).where(eq(bookings.id, saalRequest)).get()!.status).toBe('confirmed');
    const again = await action('decideBooking', 'kray@example.org', { bookingId: saalRequest, decision: 'decline', reason: 'doch nicht' });
    expect(again.status).toBe(409);
    expect(problemsIn(again.body)).toEqual([': rooms.error.not_pending']);
  });

  it('refuses to decline without a reason', async () => {
    const result = await action('decideBooking', 'kray@example.org', { bookingId: saalRequest, decision: 'decline' });
    expect(result.status).toBe(400);
    expect(problemsIn(result.body)).toEqual(['reason: rooms.error.reason_required']);
  });
});

describe("the organisation's private booking feed", () => {
  it('serves valid iCalendar in Europe/Berlin with a VTIMEZONE, and a renewed token revokes the old address', async () => {
    const bv = orgId(db, BV);
    expect((await action('renewCalendarToken', 'verein@example.org', { organisationId: bv })).status).toBe(200);
    // Only a hash is stored; the address is read where members see it.
    const bookingsPage = await (await fetch(`${server.url}/raeume/buchungen`, { headers: { Cookie: cookies['verein@example.org']! } })).text();
    const token = /\/raeume\/kalender\/([a-z0-9]+)\.ics/.exec(bookingsPage)![1]!;
    expect(db.select({ hash: organisations.calendarTokenHash }).from(organisations).where(eq(organisations.id, bv)).get()!.hash).not.toContain(token);
    const response = await fetch(`${server.url}/raeume/kalender/${token}.ics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/calendar');
    const text = await response.text();
    expect(text).toContain('BEGIN:VTIMEZONE');
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents('vevent');
    const ours = db
      .select()
      .from(bookings)
      .where(and(eq(bookings.organisationId, bv), eq(bookings.purpose, 'Kassenprüfung')))
      .get()!;
    const event = events.find((e) => e.getFirstPropertyValue('uid') === `booking-${ours.id}@quartiersportal`);
    expect(event).toBeDefined();
    const start = event!.getFirstProperty('dtstart')!;
    expect(start.getParameter('tzid')).toBe('Europe/Berlin');
    expect(String(start.getFirstValue())).toContain('T09:00:00');
    // Only this organisation's bookings are in its feed.
    expect(events.every((e) => !String(e.getFirstPropertyValue('summary')).includes('Seniorenkreis'))).toBe(true);

    expect((await action('renewCalendarToken', 'kirche@example.org', { organisationId: bv })).status).toBe(403);
    await action('renewCalendarToken', 'verein@example.org', { organisationId: bv });
    expect((await fetch(`${server.url}/raeume/kalender/${token}.ics`)).status).toBe(404);
  });
});
