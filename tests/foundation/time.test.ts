import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { berlinDayClock, formatTime, formatTimeRange, keepLeftToRight, ZONE } from '../../src/lib/time';

describe('berlinDayClock', () => {
  // An ordinary winter day, an ordinary summer day, and both clock changes of 2027.
  it.each(['2027-01-14', '2027-07-01', '2027-03-28', '2027-10-31'])('gives the same instants as Luxon for every quarter hour of %s', (date) => {
    const clock = berlinDayClock(date);
    const day = DateTime.fromISO(date, { zone: ZONE });
    for (let minute = 0; minute < 24 * 60; minute += 15) {
      const expected = day.set({ hour: Math.floor(minute / 60), minute: minute % 60 }).toJSDate();
      expect(clock(minute).toISOString(), `${date} minute ${minute}`).toBe(expected.toISOString());
    }
  });

  it('keeps 10:00 at 09:00 UTC in winter and 08:00 UTC in summer', () => {
    expect(berlinDayClock('2027-01-14')(600).toISOString()).toBe('2027-01-14T09:00:00.000Z');
    expect(berlinDayClock('2027-07-01')(600).toISOString()).toBe('2027-07-01T08:00:00.000Z');
    // The day of the change to summer time: 10:00 is already summer time.
    expect(berlinDayClock('2027-03-28')(600).toISOString()).toBe('2027-03-28T08:00:00.000Z');
  });
});

describe('times inside right-to-left text', () => {
  const start = new Date('2026-12-08T14:00:00Z');
  const end = new Date('2026-12-08T16:00:00Z');

  it('keeps a clock time and a whole range left to right in Arabic, as one isolate', () => {
    expect(formatTime(start, 'ar')).toMatch(/^\u2066[^\u2066\u2069]+\u2069$/);
    // One isolate around the range: two isolated times with a dash between them would still be swapped.
    expect(formatTimeRange(start, end, 'ar')).toMatch(/^\u2066[^\u2066\u2069]+–[^\u2066\u2069]+\u2069$/);
    expect(keepLeftToRight('+49 201 123456', 'ar')).toBe('\u2066+49 201 123456\u2069');
  });

  it('leaves German and English times as they were', () => {
    expect(formatTime(start, 'de')).toBe('15:00');
    expect(formatTimeRange(start, end, 'de')).toBe('15:00–17:00 Uhr');
    expect(formatTimeRange(start, end, 'en')).toBe('15:00–17:00');
    expect(keepLeftToRight('15:00', 'de')).toBe('15:00');
  });
});
