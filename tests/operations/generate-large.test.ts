import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type DbConnection } from '../../db/client';
import { generateLargeDataset, type GeneratedSummary } from '../../db/seed/generate-large';
import { expandOccurrences, expansionHorizon } from '../../src/lib/server/events/occurrences';
import * as s from '../../db/schema';
import { runConcernFollowUps } from '../../src/lib/server/concerns/followups';

const size = { quartiere: 3, places: 6, rooms: 5, events: 80, series: 8, bookings: 400, users: 60, volunteers: 200, concerns: 120, actors: 20, offers: 50 };
const now = new Date('2026-03-10T09:00:00Z');

describe('large dataset generator', () => {
  let db: DbConnection;
  let summary: GeneratedSummary;
  beforeAll(async () => {
    db = createTestDb().db;
    summary = await generateLargeDataset(db, { size, now, seed: 7 });
  }, 120_000);

  it('creates exactly the requested numbers of rows', () => {
    expect(summary.counts).toMatchObject({
      quartiere: 3,
      places: 6,
      rooms: 5,
      events: 80,
      series: 8,
      bookings: 400,
      users: 60,
      volunteerApplications: 200,
      concerns: 120,
      actors: 20,
      offers: 50,
    });
  });

  it('leaves a database that passes integrity and foreign-key checks', () => {
    expect(db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.$client.pragma('foreign_key_check')).toEqual([]);
  });

  it('expands every event exactly as the events domain does', () => {
    const events = db.select().from(s.events).all();
    const exceptions = db.select().from(s.eventExceptions).all();
    for (const event of events) {
      const stored = db
        .select({ recurrenceLocal: s.eventOccurrences.recurrenceLocal, status: s.eventOccurrences.status })
        .from(s.eventOccurrences)
        .where(sql`${s.eventOccurrences.eventId} = ${event.id}`)
        .orderBy(s.eventOccurrences.startsAt)
        .all();
      const expected = expandOccurrences(
        event,
        exceptions.filter((e) => e.eventId === event.id),
        expansionHorizon(now),
      );
      expect(stored.map((o) => o.recurrenceLocal)).toEqual(expected.map((o) => o.recurrenceLocal));
      if (event.rrule) expect(stored.length).toBeGreaterThan(1);
    }
    // Some series have a cancelled occurrence, as in real life.
    expect(
      db
        .select()
        .from(s.eventOccurrences)
        .all()
        .some((o) => o.status === 'cancelled'),
    ).toBe(true);
  });

  it('never double-books a room (active bookings do not overlap, buffer included)', () => {
    const overlaps = db.all<{ n: number }>(sql`
      SELECT count(*) AS n FROM bookings a JOIN bookings b ON a.room_id = b.room_id AND a.id < b.id
      JOIN rooms r ON r.id = a.room_id
      WHERE a.status IN ('requested','confirmed') AND b.status IN ('requested','confirmed')
        AND a.starts_at < b.ends_at + r.buffer_minutes * 60000 AND b.starts_at < a.ends_at + r.buffer_minutes * 60000`);
    expect(overlaps[0]!.n).toBe(0);
  });

  it('keeps bookings within each room’s minimum and maximum length and capacity', () => {
    const bad = db.all<{ n: number }>(sql`
      SELECT count(*) AS n FROM bookings b JOIN rooms r ON r.id = b.room_id
      WHERE (b.ends_at - b.starts_at) / 60000 < r.min_minutes OR (b.ends_at - b.starts_at) / 60000 > r.max_minutes
         OR b.expected_attendees > r.capacity`);
    expect(bad[0]!.n).toBe(0);
  });

  it('gives every Quartier staff in scope and names real addresses for the sample', () => {
    const scoped = db.all<{ n: number }>(sql`SELECT count(DISTINCT quartier_id) AS n FROM staff_scopes`);
    expect(scoped[0]!.n).toBe(3);
    expect(summary.sample.eventPath).toMatch(/^\/veranstaltungen\/\d+-[a-z0-9-]+$/);
    expect(summary.sample.orgAdminEmail).toMatch(/@example\.org$/);
  });

  it('has done the concern follow-ups a year of running would have done: the first start has none left', () => {
    expect(runConcernFollowUps(db, now)).toEqual({ reminders: 0, overdue: 0, feedbackQuestions: 0, contactsRemoved: 0 });
    // … because they were done, not because there was nothing to do.
    const done = db.get<{ reminded: number; asked: number; removed: number }>(sql`
      SELECT sum(reminder_sent_at IS NOT NULL) AS reminded, sum(feedback_asked_at IS NOT NULL) AS asked,
        sum(contact_removed_at IS NOT NULL AND reporter_email IS NULL) AS removed FROM concerns`);
    expect(done.reminded).toBeGreaterThan(0);
    expect(done.asked).toBeGreaterThan(0);
    expect(done.removed).toBeGreaterThan(0);
  });

  it('gives the yearly report something to read: answered concerns, matched help requests, rounds with findings, goals with measures', () => {
    const one = (query: ReturnType<typeof sql>): number => db.all<{ n: number }>(query)[0]!.n;
    const yearAgo = now.getTime() - 366 * 24 * 3_600_000;
    // Attendance only for past, held occurrences.
    expect(one(sql`SELECT count(*) AS n FROM event_attendance`)).toBeGreaterThan(0);
    expect(
      one(sql`SELECT count(*) AS n FROM event_attendance a JOIN event_occurrences o ON o.event_id = a.event_id AND o.recurrence_local = a.recurrence_local
        WHERE o.ends_at > ${now.getTime()} OR o.status = 'cancelled'`),
    ).toBe(0);
    // Concerns: forwarded, and answered by the office after the forwarding, never in the future.
    expect(one(sql`SELECT count(*) AS n FROM concern_events WHERE kind = 'answer'`)).toBeGreaterThan(0);
    expect(
      one(sql`SELECT count(*) AS n FROM concern_events a JOIN concerns c ON c.id = a.concern_id
        WHERE a.kind = 'answer' AND (c.forwarded_at IS NULL OR a.at < c.forwarded_at OR a.at > ${now.getTime()})`),
    ).toBe(0);
    // Volunteering: applications and help requests dated within the past year, some matched some days later.
    expect(one(sql`SELECT count(*) AS n FROM volunteer_applications WHERE created_at < ${yearAgo} OR created_at > ${now.getTime()}`)).toBe(0);
    expect(one(sql`SELECT count(*) AS n FROM help_requests WHERE created_at < ${yearAgo} OR created_at > ${now.getTime()}`)).toBe(0);
    expect(one(sql`SELECT count(*) AS n FROM volunteer_matches`)).toBeGreaterThan(0);
    expect(
      one(sql`SELECT count(*) AS n FROM volunteer_matches m JOIN help_requests r ON r.id = m.help_request_id
        JOIN volunteer_applications a ON a.id = m.application_id
        WHERE m.created_at <= r.created_at OR a.programme_id <> r.programme_id OR a.status <> 'aktiv'`),
    ).toBe(0);
    // Quartiershelfer: routes in every Quartier, rounds over the past year on the route's weekdays, findings of every category.
    expect(one(sql`SELECT count(DISTINCT quartier_id) AS n FROM helper_routes`)).toBe(3);
    expect(one(sql`SELECT count(*) AS n FROM helper_rounds`)).toBeGreaterThan(300);
    const offDay = db
      .select({ walkedOn: s.helperRounds.walkedOn, weekdays: s.helperRoutes.weekdays })
      .from(s.helperRounds)
      .innerJoin(s.helperRoutes, sql`${s.helperRoutes.id} = ${s.helperRounds.routeId}`)
      .all()
      .filter((r) => !r.weekdays.split(',').includes(String(((new Date(`${r.walkedOn}T12:00:00Z`).getUTCDay() + 6) % 7) + 1)));
    expect(offDay).toEqual([]);
    expect(db.all<{ category: string }>(sql`SELECT DISTINCT category FROM helper_findings ORDER BY category`).map((r) => r.category)).toEqual([
      'abfall',
      'gruen',
      'sonstiges',
      'strasse',
    ]);
    expect(db.all<{ outcome: string }>(sql`SELECT DISTINCT outcome FROM helper_findings ORDER BY outcome`).map((r) => r.outcome)).toEqual([
      'selbst_beseitigt',
      'weitergegeben',
    ]);
    // Goals and measures: in every Quartier, states that fit the dates, progress notes, links within the goal's Quartier.
    expect(one(sql`SELECT count(DISTINCT quartier_id) AS n FROM goals`)).toBe(3);
    expect(one(sql`SELECT count(*) AS n FROM goals g WHERE NOT EXISTS (SELECT 1 FROM measures m WHERE m.goal_id = g.id)`)).toBe(0);
    const today = '2026-03-10';
    expect(
      one(sql`SELECT count(*) AS n FROM measures WHERE (status = 'geplant' AND starts_on <= ${today})
        OR (status = 'abgeschlossen' AND (ends_on IS NULL OR ends_on >= ${today})) OR (status = 'laeuft' AND starts_on > ${today})`),
    ).toBe(0);
    expect(one(sql`SELECT count(DISTINCT status) AS n FROM measures`)).toBeGreaterThanOrEqual(3);
    expect(one(sql`SELECT count(*) AS n FROM measure_notes`)).toBeGreaterThan(0);
    expect(one(sql`SELECT count(*) AS n FROM measure_notes WHERE noted_on > ${today}`)).toBe(0);
    expect(
      one(sql`SELECT count(*) AS n FROM measure_links l JOIN measures m ON m.id = l.measure_id JOIN goals g ON g.id = m.goal_id
        LEFT JOIN concerns c ON l.kind = 'concern' AND c.id = l.item_id
        LEFT JOIN offers o ON l.kind = 'offer' AND o.id = l.item_id
        LEFT JOIN event_quartiere eq ON l.kind = 'event' AND eq.event_id = l.item_id AND eq.quartier_id = g.quartier_id
        WHERE (l.kind = 'concern' AND (c.quartier_id IS NOT g.quartier_id))
           OR (l.kind = 'offer' AND (o.quartier_id IS NOT g.quartier_id))
           OR (l.kind = 'event' AND eq.event_id IS NULL)`),
    ).toBe(0);
    expect(summary.counts).toMatchObject({ helperRoutes: 6 });
    expect(summary.counts['helperFindings']).toBeGreaterThan(0);
    expect(summary.counts['measures']).toBeGreaterThan(0);
  });

  it('is reproducible: the same seed gives the same data', { timeout: 120_000 }, async () => {
    const again = createTestDb().db;
    await generateLargeDataset(again, { size, now, seed: 7 });
    const titles = (d: DbConnection): string[] =>
      d
        .select({ t: s.events.title })
        .from(s.events)
        .all()
        .map((r) => r.t);
    expect(titles(again)).toEqual(titles(db));
    const history = (d: DbConnection): unknown[] => [
      d.all(sql`SELECT route_id, walked_on, started_at FROM helper_rounds ORDER BY id`),
      d.all(sql`SELECT round_id, category, outcome, location_text FROM helper_findings ORDER BY id`),
      d.all(sql`SELECT g.title, m.title, m.status, m.starts_on, m.ends_on FROM measures m JOIN goals g ON g.id = m.goal_id ORDER BY m.id`),
      d.all(sql`SELECT measure_id, kind, item_id FROM measure_links ORDER BY measure_id, kind, item_id`),
      d.all(sql`SELECT concern_id, kind, at FROM concern_events ORDER BY id`),
      d.all(sql`SELECT help_request_id, application_id, created_at FROM volunteer_matches ORDER BY id`),
    ];
    expect(history(again)).toEqual(history(db));
  });
});

describe('npm run db:generate', () => {
  const root = resolve(import.meta.dirname, '..', '..');
  const run = (args: string[]): { status: number | null; output: string } => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'db', 'seed', 'generate-large.ts'), ...args], {
      cwd: root,
      encoding: 'utf8',
    });
    return { status: result.status, output: result.stdout + result.stderr };
  };

  it('writes a file with the size options and refuses to overwrite it without --force', { timeout: 120_000 }, () => {
    const out = join(mkdtempSync(join(tmpdir(), 'quartier-gen-')), 'large.db');
    const small = [
      '--out',
      out,
      '--quartiere',
      '2',
      '--places',
      '3',
      '--rooms',
      '2',
      '--events',
      '10',
      '--series',
      '2',
      '--users',
      '10',
      '--volunteers',
      '5',
      '--bookings',
      '20',
      '--concerns',
      '30',
      '--actors',
      '5',
      '--offers',
      '10',
    ];
    const first = run(small);
    expect(first.status, first.output).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(first.output).toMatch(/"bookings": 20/);
    const second = run(small);
    expect(second.status).not.toBe(0);
    expect(second.output).toMatch(/exists; pass --force/);
  });
});
