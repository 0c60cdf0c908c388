import { describe, expect, it } from 'vitest';
import { expandOccurrences, expandStarts } from '../../src/lib/server/events/occurrences';
import { instantToLocal } from '../../src/lib/time';

const far = new Date('2030-01-01T00:00:00Z');

describe('recurrence expansion in Europe/Berlin', () => {
  it.each([
    [
      'spring forward (March)',
      '2027-03-23T15:00',
      'FREQ=WEEKLY;COUNT=3',
      ['2027-03-23T15:00', '2027-03-30T15:00', '2027-04-06T15:00'],
      ['14:00Z', '13:00Z', '13:00Z'],
    ],
    [
      'fall back (October)',
      '2026-10-20T15:00',
      'FREQ=WEEKLY;COUNT=3',
      ['2026-10-20T15:00', '2026-10-27T15:00', '2026-11-03T15:00'],
      ['13:00Z', '14:00Z', '14:00Z'],
    ],
  ])('keeps the wall-clock time across %s', (_name, startLocal, rrule, expectedLocal, expectedUtcTimes) => {
    const occurrences = expandOccurrences({ startLocal, endLocal: startLocal.replace('15:00', '17:00'), allDay: false, rrule }, [], far);
    expect(occurrences.map((o) => o.recurrenceLocal)).toEqual(expectedLocal);
    expect(occurrences.map((o) => o.startsAt.toISOString().slice(11, 16) + 'Z')).toEqual(expectedUtcTimes);
    expect(occurrences.every((o) => o.endsAt.getTime() - o.startsAt.getTime() === 2 * 3600_000)).toBe(true);
  });

  it('finds the 5th Thursday only in months that have one', () => {
    const starts = expandStarts({ startLocal: '2026-10-29T18:00', endLocal: '2026-10-29T19:00', allDay: false, rrule: 'FREQ=MONTHLY;BYDAY=5TH;COUNT=3' }, far);
    expect(starts).toEqual(['2026-10-29T18:00', '2026-12-31T18:00', '2027-04-29T18:00']);
  });

  it('applies a cancelled and a moved occurrence', () => {
    const occurrences = expandOccurrences(
      { startLocal: '2026-12-01T15:00', endLocal: '2026-12-01T17:00', allDay: false, rrule: 'FREQ=WEEKLY;COUNT=3' },
      [
        { id: 1, recurrenceLocal: '2026-12-08T15:00', kind: 'cancelled', startLocal: null, endLocal: null },
        { id: 2, recurrenceLocal: '2026-12-15T15:00', kind: 'changed', startLocal: '2026-12-16T10:00', endLocal: null },
      ],
      far,
    );
    expect(occurrences.map((o) => [o.recurrenceLocal, o.status, instantToLocal(o.startsAt), instantToLocal(o.endsAt)])).toEqual([
      ['2026-12-01T15:00', 'scheduled', '2026-12-01T15:00', '2026-12-01T17:00'],
      ['2026-12-08T15:00', 'cancelled', '2026-12-08T15:00', '2026-12-08T17:00'],
      ['2026-12-15T15:00', 'scheduled', '2026-12-16T10:00', '2026-12-16T12:00'],
    ]);
  });

  it('stops at the horizon for open-ended series', () => {
    const starts = expandStarts(
      { startLocal: '2026-12-01T15:00', endLocal: '2026-12-01T17:00', allDay: false, rrule: 'FREQ=WEEKLY' },
      new Date('2027-01-01T00:00:00Z'),
    );
    expect(starts).toHaveLength(5);
  });
});

describe('the series horizon job on the demo city', () => {
  it('writes nothing when every series is already expanded, and adds the next weeks as days pass', async () => {
    const { demoDb } = await import('../helpers/db');
    const { extendSeriesHorizon } = await import('../../src/lib/server/events/horizon');
    const now = new Date();
    const { db } = await demoDb(now);
    // The demo series end; make one weekly series open-ended, as many Treff offers are.
    const weekly = db.$client.prepare("SELECT id, rrule FROM events WHERE rrule LIKE 'FREQ=WEEKLY%' LIMIT 1").get() as { id: number; rrule: string };
    const openEnded = weekly.rrule
      .split(';')
      .filter((part) => !/^(UNTIL|COUNT)=/.test(part))
      .join(';');
    db.$client.prepare('UPDATE events SET rrule = ? WHERE id = ?').run(openEnded, weekly.id);
    const changes = (): number => db.$client.prepare('SELECT total_changes()').pluck().get() as number;
    const count = (): number => db.$client.prepare('SELECT count(*) FROM event_occurrences').pluck().get() as number;
    extendSeriesHorizon(db, now);
    const before = changes();
    const occurrences = count();
    const rows = (): unknown[] => db.$client.prepare('SELECT id, event_id, recurrence_local, starts_at, status FROM event_occurrences ORDER BY id').all();
    const stored = rows();
    expect(extendSeriesHorizon(db, now)).toBeGreaterThan(0);
    expect(changes()).toBe(before);
    // Two months later the open-ended weekly series reach further: new rows, the old ones untouched.
    extendSeriesHorizon(db, new Date(now.getTime() + 60 * 24 * 3600_000));
    expect(count()).toBeGreaterThan(occurrences);
    expect(rows().slice(0, stored.length)).toEqual(stored);
    db.$client.close();
  });
});

describe('the series horizon job in the running server', () => {
  it('expands series one at a time, lets other work run in between, and stops when asked', async () => {
    const { demoDb } = await import('../helpers/db');
    const { extendSeriesHorizonInSteps } = await import('../../src/lib/server/events/horizon');
    const now = new Date();
    const { db } = await demoDb(now);
    const seriesCount = db.$client.prepare('SELECT count(*) FROM events WHERE rrule IS NOT NULL').pluck().get() as number;
    expect(seriesCount).toBeGreaterThan(2);
    db.$client.prepare('DELETE FROM event_occurrences WHERE event_id IN (SELECT id FROM events WHERE rrule IS NOT NULL)').run();
    let otherWorkRan = false;
    setImmediate(() => (otherWorkRan = true));
    let stepsSeen = 0;
    const partial = await extendSeriesHorizonInSteps(db, () => stepsSeen++ >= 2, now);
    expect(partial).toBe(2);
    expect(otherWorkRan).toBe(true);
    expect(await extendSeriesHorizonInSteps(db, () => false, now)).toBe(seriesCount);
    const withoutOccurrences = db.$client
      .prepare('SELECT count(*) FROM events e WHERE rrule IS NOT NULL AND NOT EXISTS (SELECT 1 FROM event_occurrences o WHERE o.event_id = e.id)')
      .pluck()
      .get();
    expect(withoutOccurrences).toBe(0);
    db.$client.close();
  });
});
