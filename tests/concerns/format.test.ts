/** Dates of the concerns area as people and Open311 clients read them, across both daylight-saving changes. */
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { berlinIsoSeconds } from '../../src/lib/time';
import { formatIsoDate } from '../../src/lib/server/concerns/labels';

describe('concern dates', () => {
  it.each([
    ['2026-03-29T00:59:59.900Z', '2026-03-29T01:59:59+01:00'],
    ['2026-03-29T01:00:00.000Z', '2026-03-29T03:00:00+02:00'],
    ['2026-10-25T00:59:59.000Z', '2026-10-25T02:59:59+02:00'],
    ['2026-10-25T01:00:00.000Z', '2026-10-25T02:00:00+01:00'],
    ['2026-11-23T10:00:00.153Z', '2026-11-23T11:00:00+01:00'],
    ['2026-07-01T22:30:00.000Z', '2026-07-02T00:30:00+02:00'],
  ])('writes %s as the w3 datetime %s (Berlin offset, whole seconds)', (instant, expected) => {
    expect(berlinIsoSeconds(new Date(instant))).toBe(expected);
  });

  it('agrees with Luxon for every hour of a year', () => {
    for (let at = Date.parse('2026-01-01T00:00:00Z'); at < Date.parse('2027-01-01T00:00:00Z'); at += 3_600_000 + 17_000) {
      const luxon = DateTime.fromMillis(at, { zone: 'Europe/Berlin' }).startOf('second').toISO({ suppressMilliseconds: true });
      expect(berlinIsoSeconds(new Date(at))).toBe(luxon);
    }
  });

  it('writes a due date the way it is written on paper', () => {
    expect(formatIsoDate('2027-03-07', 'de')).toBe('07.03.2027');
    expect(formatIsoDate('2027-03-07', 'en')).toBe('07/03/2027');
    expect(formatIsoDate('kein Datum', 'de')).toBe('kein Datum');
  });
});
