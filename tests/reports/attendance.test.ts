/** Event close-out on the demo city: who may enter how many came, for which dates, and the list of dates still missing it. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, gt } from 'drizzle-orm';
import type { DbConnection } from '../../db/client';
import { eventAttendance, eventOccurrences, events, users } from '../../db/schema';
import { demoDb } from '../helpers/db';
import { listMissingAttendance, recordAttendance } from '../../src/lib/server/reports/attendance';
import { DomainError } from '../../src/lib/server/errors';

const now = new Date('2026-12-01T15:00:00Z');

describe('event close-out', () => {
  let db: DbConnection;
  const user = (email: string) => db.select().from(users).where(eq(users.email, email)).get()!;
  const eventNamed = (title: string) => db.select().from(events).where(eq(events.title, title)).get()!;
  const missingOf = (eventId: number, email: string) => listMissingAttendance(db, user(email), now, 10_000).rows.filter((r) => r.eventId === eventId);
  const refusal = (fn: () => unknown): DomainError => {
    try {
      fn();
    } catch (error) {
      if (error instanceof DomainError) return error;
      throw error;
    }
    throw new Error('expected a refusal');
  };

  beforeEach(async () => {
    ({ db } = await demoDb(now));
  });
  afterEach(() => db.$client.close());

  it('lets staff of the Quartier record a past date, which then leaves the missing list', () => {
    const seniors = eventNamed('Seniorennachmittag im Treff');
    const [first] = missingOf(seniors.id, 'kray@example.org');
    expect(first).toBeDefined();
    recordAttendance(db, user('kray@example.org'), seniors.id, first!.recurrenceLocal, { attendees: 23, note: ' Viele neue Gesichter. ' }, now);
    const row = db
      .select()
      .from(eventAttendance)
      .where(and(eq(eventAttendance.eventId, seniors.id), eq(eventAttendance.recurrenceLocal, first!.recurrenceLocal)))
      .get()!;
    expect(row).toMatchObject({ attendees: 23, note: 'Viele neue Gesichter.' });
    expect(missingOf(seniors.id, 'kray@example.org').map((r) => r.recurrenceLocal)).not.toContain(first!.recurrenceLocal);
    // Correcting the number overwrites it instead of adding a second row.
    recordAttendance(db, user('kray@example.org'), seniors.id, first!.recurrenceLocal, { attendees: 21, note: '' }, now);
    expect(
      db
        .select()
        .from(eventAttendance)
        .where(eq(eventAttendance.eventId, seniors.id))
        .all()
        .filter((r) => r.recurrenceLocal === first!.recurrenceLocal),
    ).toHaveLength(1);
  });

  it('lets a member of the organising organisation record, but not a resident or staff of another Quartier', () => {
    const seniors = eventNamed('Seniorennachmittag im Treff');
    const [first] = missingOf(seniors.id, 'verein@example.org');
    expect(first).toBeDefined();
    recordAttendance(db, user('verein@example.org'), seniors.id, first!.recurrenceLocal, { attendees: 17, note: '' }, now);
    const [second] = missingOf(seniors.id, 'kray@example.org');
    expect(refusal(() => recordAttendance(db, user('bewohnerin@example.org'), seniors.id, second!.recurrenceLocal, { attendees: 5, note: '' }, now)).kind).toBe(
      'forbidden',
    );
    expect(
      refusal(() => recordAttendance(db, user('frohnhausen@example.org'), seniors.id, second!.recurrenceLocal, { attendees: 5, note: '' }, now)).kind,
    ).toBe('forbidden');
    expect(missingOf(seniors.id, 'frohnhausen@example.org')).toHaveLength(0);
    expect(missingOf(seniors.id, 'bewohnerin@example.org')).toHaveLength(0);
  });

  it('refuses dates in the future and cancelled dates, and lists neither as missing', () => {
    const wandercafe = eventNamed('Wandercafé');
    const coming = db
      .select()
      .from(eventOccurrences)
      .where(and(eq(eventOccurrences.eventId, wandercafe.id), gt(eventOccurrences.startsAt, now)))
      .get()!;
    expect(
      refusal(() => recordAttendance(db, user('kray@example.org'), wandercafe.id, coming.recurrenceLocal, { attendees: 5, note: '' }, now)).problems[0]!.key,
    ).toBe('reports.attendance.error.notYetHeld');
    const seniors = eventNamed('Seniorennachmittag im Treff');
    const cancelled = db
      .select()
      .from(eventOccurrences)
      .where(and(eq(eventOccurrences.eventId, seniors.id), eq(eventOccurrences.status, 'cancelled')))
      .all();
    expect(cancelled.length).toBeGreaterThan(0);
    expect(
      refusal(() => recordAttendance(db, user('kray@example.org'), seniors.id, cancelled[0]!.recurrenceLocal, { attendees: 5, note: '' }, now)).problems[0]!
        .key,
    ).toBe('reports.attendance.error.cancelled');
    const missing = missingOf(seniors.id, 'kray@example.org').map((r) => r.recurrenceLocal);
    for (const c of cancelled) expect(missing).not.toContain(c.recurrenceLocal);
    expect(missingOf(wandercafe.id, 'kray@example.org').every((r) => r.endsAt <= now)).toBe(true);
  });

  it('refuses a negative or absurd count and an overlong note, naming each field', () => {
    const seniors = eventNamed('Seniorennachmittag im Treff');
    const [first] = missingOf(seniors.id, 'kray@example.org');
    const error = refusal(() =>
      recordAttendance(db, user('kray@example.org'), seniors.id, first!.recurrenceLocal, { attendees: 10_001, note: 'x'.repeat(501) }, now),
    );
    expect(error.kind).toBe('invalid');
    expect(error.problems.map((p) => p.field)).toEqual(['attendees', 'note']);
    expect(
      refusal(() => recordAttendance(db, user('kray@example.org'), seniors.id, first!.recurrenceLocal, { attendees: -1, note: '' }, now)).problems[0]!.field,
    ).toBe('attendees');
  });

  it('gives the demo city a year of history with most dates counted and some missing', () => {
    const recorded = db.select().from(eventAttendance).all();
    expect(recorded.length).toBeGreaterThan(100);
    expect(listMissingAttendance(db, user('admin@example.org'), now).total).toBeGreaterThan(5);
  });
});
