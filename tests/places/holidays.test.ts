import { describe, expect, it } from 'vitest';
import { findHoliday, listHolidays, listHolidaysBetween } from '../../src/lib/server/places/holidays';

// Easter Sunday: 2025-04-20, 2026-04-05, 2027-03-28, 2028-04-16 (Gauss); the moving holidays follow from it.
const nrw: Record<number, Record<string, string>> = {
  2025: {
    '2025-01-01': 'Neujahrstag',
    '2025-04-18': 'Karfreitag',
    '2025-04-21': 'Ostermontag',
    '2025-05-01': 'Tag der Arbeit',
    '2025-05-29': 'Christi Himmelfahrt',
    '2025-06-09': 'Pfingstmontag',
    '2025-06-19': 'Fronleichnam',
    '2025-10-03': 'Tag der Deutschen Einheit',
    '2025-11-01': 'Allerheiligen',
    '2025-12-25': '1. Weihnachtstag',
    '2025-12-26': '2. Weihnachtstag',
  },
  2026: {
    '2026-01-01': 'Neujahrstag',
    '2026-04-03': 'Karfreitag',
    '2026-04-06': 'Ostermontag',
    '2026-05-01': 'Tag der Arbeit',
    '2026-05-14': 'Christi Himmelfahrt',
    '2026-05-25': 'Pfingstmontag',
    '2026-06-04': 'Fronleichnam',
    '2026-10-03': 'Tag der Deutschen Einheit',
    '2026-11-01': 'Allerheiligen',
    '2026-12-25': '1. Weihnachtstag',
    '2026-12-26': '2. Weihnachtstag',
  },
  2027: {
    '2027-01-01': 'Neujahrstag',
    '2027-03-26': 'Karfreitag',
    '2027-03-29': 'Ostermontag',
    '2027-05-01': 'Tag der Arbeit',
    '2027-05-06': 'Christi Himmelfahrt',
    '2027-05-17': 'Pfingstmontag',
    '2027-05-27': 'Fronleichnam',
    '2027-10-03': 'Tag der Deutschen Einheit',
    '2027-11-01': 'Allerheiligen',
    '2027-12-25': '1. Weihnachtstag',
    '2027-12-26': '2. Weihnachtstag',
  },
  2028: {
    '2028-01-01': 'Neujahrstag',
    '2028-04-14': 'Karfreitag',
    '2028-04-17': 'Ostermontag',
    '2028-05-01': 'Tag der Arbeit',
    '2028-05-25': 'Christi Himmelfahrt',
    '2028-06-05': 'Pfingstmontag',
    '2028-06-15': 'Fronleichnam',
    '2028-10-03': 'Tag der Deutschen Einheit',
    '2028-11-01': 'Allerheiligen',
    '2028-12-25': '1. Weihnachtstag',
    '2028-12-26': '2. Weihnachtstag',
  },
};

describe('public holidays of North Rhine-Westphalia', () => {
  for (const [year, expected] of Object.entries(nrw)) {
    it(`lists exactly the eleven NRW holidays of ${year}, Easter-based ones included`, () => {
      const holidays = listHolidays('NW', Number(year));
      expect(Object.fromEntries(holidays.map((h) => [h.date, h.name.de]))).toEqual(expected);
      expect(holidays.map((h) => h.date)).toEqual(Object.keys(expected).sort());
    });
  }

  it.each([
    ['2026-01-06', 'Heilige Drei Könige (Bavaria, not NRW)'],
    ['2026-08-15', 'Mariä Himmelfahrt (Bavaria/Saarland, not NRW)'],
    ['2026-10-31', 'Reformationstag (not NRW)'],
    ['2026-11-18', 'Buß- und Bettag (Saxony only)'],
    ['2026-04-05', 'Easter Sunday (a Sunday, not a statutory NRW holiday)'],
  ])('does not count %s as an NRW holiday: %s', (date) => {
    expect(findHoliday('NW', date)).toBeNull();
  });

  it('uses the region of the place: Reformationstag closes a place in Lower Saxony', () => {
    expect(findHoliday('NI', '2026-10-31')?.key).toBe('REFORMATIONSTAG');
    expect(findHoliday('BY', '2026-01-06')?.key).toBe('HEILIGEDREIKOENIGE');
  });

  it('falls back to NRW for an unknown region instead of dropping all holidays', () => {
    expect(findHoliday('XX', '2026-06-04')?.key).toBe('FRONLEICHNAM');
  });

  it('gives English names for the English interface', () => {
    expect(findHoliday('NW', '2027-03-29')?.name.en).toBe('Easter Monday');
  });

  it('lists the holidays across a year boundary in order', () => {
    expect(listHolidaysBetween('NW', '2026-12-20', '2027-01-10').map((h) => h.date)).toEqual(['2026-12-25', '2026-12-26', '2027-01-01']);
  });
});
