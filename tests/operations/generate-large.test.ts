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

const size = { quartiere: 3, places: 6, rooms: 5, events: 80, series: 8, bookings: 400, users: 60, volunteers: 25, concerns: 120, actors: 20, offers: 50 };
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
      volunteerApplications: 25,
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
