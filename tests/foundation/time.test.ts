import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isoWeekday, shiftDate } from '../../src/lib/server/places/opening-hours';
import { berlinDayClock, berlinIsoSeconds, berlinZone, formatTime, formatTimeRange, keepLeftToRight, toBerlin, weekdayName, ZONE } from '../../src/lib/time';

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

/** Dates where date and offset arithmetic goes wrong first: clock changes, leap days, year and month ends. */
const AWKWARD_DATES = [
  '2026-03-29',
  '2026-10-25',
  '2027-03-28',
  '2027-10-31',
  '2028-02-28',
  '2028-02-29',
  '2029-02-28',
  '2026-12-31',
  '2027-01-01',
  '2026-01-31',
  '2100-02-28',
  '0099-12-31',
];

describe('the fast date and zone arithmetic agrees with plain Luxon', () => {
  it('shifts dates and names weekdays as Luxon does, across clock changes, leap days and year ends', () => {
    for (const date of AWKWARD_DATES) {
      const luxonDay = DateTime.fromISO(date, { zone: ZONE });
      expect(isoWeekday(date), date).toBe(luxonDay.weekday);
      for (const days of [-400, -366, -31, -1, 0, 1, 2, 7, 28, 365, 366, 1000]) {
        expect(shiftDate(date, days), `${date} ${days}`).toBe(luxonDay.plus({ days }).toISODate());
      }
    }
  });

  it('leaves strings that are no date as they are', () => {
    for (const notADate of ['2026-02-30', '2026-13-01', '2026-1-5', '', 'morgen', '2026-12-01T10:00']) {
      expect(shiftDate(notADate, 1), notADate).toBe(notADate);
      expect(isoWeekday(notADate), notADate).toBeNaN();
    }
  });

  it('gives the same offsets and local times as Luxon every 7 minutes around both clock changes of 2026', () => {
    for (const changeUtc of ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z']) {
      const change = Date.parse(changeUtc);
      for (let ms = change - 3 * 3_600_000; ms <= change + 3 * 3_600_000; ms += 7 * 60_000 + 13_000) {
        const instant = new Date(ms);
        const plain = DateTime.fromJSDate(instant, { zone: ZONE });
        expect(toBerlin(instant).toISO(), instant.toISOString()).toBe(plain.toISO());
        expect(berlinIsoSeconds(instant), instant.toISOString()).toBe(plain.set({ millisecond: 0 }).toISO({ suppressMilliseconds: true }));
        expect(berlinZone.offset(ms)).toBe(plain.offset);
      }
    }
  });

  it('reads wall-clock times on the clock-change days as Luxon does, including the hour that does not exist', () => {
    for (const local of ['2026-03-29T01:59', '2026-03-29T02:30', '2026-03-29T03:00', '2026-10-25T02:30', '2026-10-25T03:00']) {
      expect(DateTime.fromISO(local, { zone: berlinZone }).toISO(), local).toBe(DateTime.fromISO(local, { zone: ZONE }).toISO());
    }
  });

  it("names weekdays in the reader's language, Monday first", () => {
    expect(weekdayName(1, 'de')).toBe('Montag');
    expect(weekdayName(7, 'de', 'short')).toBe('So');
    expect(weekdayName(3, 'tr')).toBe('Çarşamba');
    expect(weekdayName(1, 'en')).toBe('Monday');
  });
});
