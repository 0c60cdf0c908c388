import { describe, expect, it } from 'vitest';
import {
  hoursForDay,
  isOpenAt,
  nextOpening,
  openingStatus,
  upcomingExceptions,
  upcomingHolidayClosures,
  weeklyHours,
  type DatedException,
  type PlaceHours,
  type WeeklyRule,
} from '../../src/lib/server/places/opening-hours';
import { describeOpeningStatus } from '../../src/lib/server/places/status-text';
import { localToInstant } from '../../src/lib/time';
import { translator } from '../../src/i18n';

const at = (local: string): Date => {
  const instant = localToInstant(local);
  if (!instant) throw new Error(`bad local time ${local}`);
  return instant;
};
const rule = (weekday: number, opens: string, closes: string, extra: Partial<WeeklyRule> = {}): WeeklyRule => ({
  weekday,
  opens,
  closes,
  validFrom: null,
  validUntil: null,
  ...extra,
});
const closed = (dateFrom: string, dateTo: string, reason = ''): DatedException => ({
  dateFrom,
  dateTo,
  kind: 'closed',
  opens: null,
  closes: null,
  reason,
});
const special = (dateFrom: string, dateTo: string, opens: string, closes: string, reason = ''): DatedException => ({
  dateFrom,
  dateTo,
  kind: 'special_hours',
  opens,
  closes,
  reason,
});

// Like the Stadtteilbüro Kray: Mon–Thu mornings, Tue and Thu afternoons, short Friday, plus a Friday night café.
const stadtteilbuero: PlaceHours = {
  holidayRegion: 'NW',
  rules: [
    rule(1, '09:00', '13:00'),
    rule(2, '09:00', '13:00'),
    rule(2, '13:00', '18:00'),
    rule(3, '09:00', '13:00'),
    rule(4, '09:00', '13:00'),
    rule(4, '14:00', '18:00'),
    rule(5, '09:00', '12:00'),
    rule(5, '20:00', '02:00'),
  ],
  exceptions: [],
};

describe('isOpenAt', () => {
  const cases: [string, PlaceHours, string, boolean][] = [
    ['a regular Monday morning', stadtteilbuero, '2026-11-23T10:00', true],
    ['the minute it opens', stadtteilbuero, '2026-11-23T09:00', true],
    ['the minute it closes (end is exclusive)', stadtteilbuero, '2026-11-23T13:00', false],
    ['a Monday afternoon without hours', stadtteilbuero, '2026-11-23T15:00', false],
    ['a Thursday lunch gap', stadtteilbuero, '2026-11-26T13:30', false],
    ['Friday night before midnight', stadtteilbuero, '2026-11-27T23:30', true],
    ['Saturday after midnight, still Friday night', stadtteilbuero, '2026-11-28T01:59', true],
    ['Saturday at 02:00 when the Friday night ends', stadtteilbuero, '2026-11-28T02:00', false],
    ['Friday between the morning and the night café', stadtteilbuero, '2026-11-27T19:59', false],
    ['Sunday', stadtteilbuero, '2026-11-29T11:00', false],
    ['Ostermontag 2026 (a holiday on a Monday)', stadtteilbuero, '2026-04-06T10:00', false],
    ['Christi Himmelfahrt 2027 (Thursday)', stadtteilbuero, '2027-05-06T10:00', false],
    ['Fronleichnam 2028 (Thursday)', stadtteilbuero, '2028-06-15T15:00', false],
    ['Reformationstag 2028 (Tuesday, not a holiday in NRW)', stadtteilbuero, '2028-10-31T10:00', true],
    ['Karfreitag 2026 night: the Friday night café does not open on the holiday', stadtteilbuero, '2026-04-03T21:00', false],
    [
      'the night after Karfreitag: a Thursday-to-Friday period is not affected',
      { ...stadtteilbuero, rules: [rule(4, '22:00', '03:00')] },
      '2026-04-03T01:00',
      true,
    ],
    [
      'a closed exception wins over the weekly rule',
      { ...stadtteilbuero, exceptions: [closed('2026-11-23', '2026-11-23', 'Teamtag')] },
      '2026-11-23T10:00',
      false,
    ],
    [
      'special hours on a holiday open the place',
      { ...stadtteilbuero, exceptions: [special('2026-04-06', '2026-04-06', '11:00', '15:00', 'Ostercafé')] },
      '2026-04-06T12:00',
      true,
    ],
    [
      'special hours replace the weekly rule (earlier closing)',
      { ...stadtteilbuero, exceptions: [special('2026-11-24', '2026-11-24', '09:00', '12:00')] },
      '2026-11-24T15:00',
      false,
    ],
    [
      'special hours on a normally closed Sunday',
      { ...stadtteilbuero, exceptions: [special('2026-11-29', '2026-11-29', '14:00', '18:00', 'Adventsbasar')] },
      '2026-11-29T15:00',
      true,
    ],
    [
      'a one-day special inside a closed week wins (the shorter range is more specific)',
      { ...stadtteilbuero, exceptions: [closed('2026-12-21', '2026-12-31'), special('2026-12-23', '2026-12-23', '10:00', '12:00')] },
      '2026-12-23T11:00',
      true,
    ],
    [
      'the rest of that closed week stays closed',
      { ...stadtteilbuero, exceptions: [closed('2026-12-21', '2026-12-31'), special('2026-12-23', '2026-12-23', '10:00', '12:00')] },
      '2026-12-22T11:00',
      false,
    ],
    [
      'special hours across midnight',
      { ...stadtteilbuero, exceptions: [special('2026-12-31', '2026-12-31', '19:00', '01:00', 'Silvester')] },
      '2027-01-01T00:30',
      true,
    ],
    ['a rule before its validFrom', { ...stadtteilbuero, rules: [rule(1, '09:00', '13:00', { validFrom: '2027-01-01' })] }, '2026-12-28T10:00', false],
    ['a rule on its validFrom', { ...stadtteilbuero, rules: [rule(1, '09:00', '13:00', { validFrom: '2027-01-04' })] }, '2027-01-04T10:00', true],
    ['a rule after its validUntil', { ...stadtteilbuero, rules: [rule(1, '09:00', '13:00', { validUntil: '2026-11-30' })] }, '2026-12-07T10:00', false],
    ['a rule ending at 24:00', { ...stadtteilbuero, rules: [rule(6, '18:00', '24:00')] }, '2026-11-28T23:59', true],
  ];
  it.each(cases)('%s', (_name, hours, local, expected) => {
    expect(isOpenAt(hours, at(local))).toBe(expected);
  });
});

describe('daylight-saving days in Europe/Berlin', () => {
  const nights: PlaceHours = { holidayRegion: 'NW', rules: [rule(6, '22:00', '03:00'), rule(7, '10:00', '14:00')], exceptions: [] };

  it('keeps a Sunday 10:00–14:00 at local 10:00 on both sides of the spring change, four hours long', () => {
    const [spring] = hoursForDay(nights, '2026-03-29').periods;
    expect(spring?.startsAt.toISOString()).toBe('2026-03-29T08:00:00.000Z');
    expect(spring?.endsAt.toISOString()).toBe('2026-03-29T12:00:00.000Z');
    const [before] = hoursForDay(nights, '2026-03-22').periods;
    expect(before?.startsAt.toISOString()).toBe('2026-03-22T09:00:00.000Z');
  });

  it('shortens the Saturday night 22:00–03:00 to four hours when the clocks go forward', () => {
    const [night] = hoursForDay(nights, '2026-03-28').periods;
    expect(night?.startsAt.toISOString()).toBe('2026-03-28T21:00:00.000Z');
    expect(night?.endsAt.toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(isOpenAt(nights, new Date('2026-03-29T00:59:00Z'))).toBe(true);
    expect(isOpenAt(nights, new Date('2026-03-29T01:00:00Z'))).toBe(false);
  });

  it('lengthens the Saturday night to six hours when the clocks go back, open through the repeated hour', () => {
    const [night] = hoursForDay(nights, '2026-10-24').periods;
    expect(night?.startsAt.toISOString()).toBe('2026-10-24T20:00:00.000Z');
    expect(night?.endsAt.toISOString()).toBe('2026-10-25T02:00:00.000Z');
    // 02:30 local happens twice; both are inside the period.
    expect(isOpenAt(nights, new Date('2026-10-25T00:30:00Z'))).toBe(true);
    expect(isOpenAt(nights, new Date('2026-10-25T01:30:00Z'))).toBe(true);
  });

  it('treats a time that does not exist on the spring change as the next valid time', () => {
    const hours: PlaceHours = { holidayRegion: 'NW', rules: [rule(7, '02:30', '05:00')], exceptions: [] };
    const [period] = hoursForDay(hours, '2026-03-29').periods;
    expect(period?.startsAt.toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });
});

describe('hoursForDay', () => {
  it('says why a day is closed: holiday with its name, or the exception with its reason', () => {
    const karfreitag = hoursForDay(stadtteilbuero, '2027-03-26');
    expect(karfreitag).toMatchObject({ kind: 'holiday', periods: [], holiday: { name: { de: 'Karfreitag' } } });
    const teamtag = hoursForDay({ ...stadtteilbuero, exceptions: [closed('2026-11-26', '2026-11-26', 'Teamtag')] }, '2026-11-26');
    expect(teamtag).toMatchObject({ kind: 'closed', periods: [], exception: { reason: 'Teamtag' } });
  });

  it('lists the periods of a regular day in order', () => {
    const thursday = hoursForDay(stadtteilbuero, '2026-11-26');
    expect(thursday.kind).toBe('regular');
    expect(thursday.periods.map((p) => `${p.opens}-${p.closes}`)).toEqual(['09:00-13:00', '14:00-18:00']);
  });
});

describe('openingStatus and its German line', () => {
  const t = translator('de');
  const line = (hours: PlaceHours, local: string): string => describeOpeningStatus(openingStatus(hours, at(local)), at(local), 'de', t).text;

  it.each([
    ['open in the morning', stadtteilbuero, '2026-11-23T10:15', 'Jetzt geöffnet bis 13:00 Uhr'],
    ['back-to-back periods read as one', stadtteilbuero, '2026-11-24T10:00', 'Jetzt geöffnet bis 18:00 Uhr'],
    ['open across midnight', stadtteilbuero, '2026-11-27T22:00', 'Jetzt geöffnet bis morgen, 02:00 Uhr'],
    ['closed at lunch, opens again today', stadtteilbuero, '2026-11-26T13:30', 'Jetzt geschlossen · öffnet heute um 14:00 Uhr'],
    ['closed in the evening, opens tomorrow', stadtteilbuero, '2026-11-23T19:00', 'Jetzt geschlossen · öffnet morgen um 09:00 Uhr'],
    ['closed on Saturday, opens Monday', stadtteilbuero, '2026-11-28T12:00', 'Jetzt geschlossen · öffnet Montag um 09:00 Uhr'],
    ['closed for a holiday', stadtteilbuero, '2026-04-06T10:00', 'Heute geschlossen (Ostermontag) · öffnet morgen um 09:00 Uhr'],
    ['Karfreitag, then the weekend and Ostermontag', stadtteilbuero, '2026-04-03T10:00', 'Heute geschlossen (Karfreitag) · öffnet Dienstag um 09:00 Uhr'],
    [
      'closed for a long break, opens after more than a week',
      { ...stadtteilbuero, exceptions: [closed('2026-12-21', '2027-01-03', 'Weihnachtspause')] },
      '2026-12-22T10:00',
      'Heute geschlossen (Weihnachtspause) · öffnet am Mo., 4. Jan. um 09:00 Uhr',
    ],
  ])('%s', (_name, hours, local, expected) => {
    expect(line(hours, local)).toBe(expected);
  });

  it('says when a place has no opening hours at all', () => {
    const none: PlaceHours = { holidayRegion: 'NW', rules: [], exceptions: [] };
    expect(openingStatus(none, at('2026-11-23T10:00'))).toEqual({ state: 'no_hours' });
  });

  it('says so when nothing opens within the horizon', () => {
    const gone = { ...stadtteilbuero, exceptions: [closed('2026-11-01', '2027-06-30', 'Umbau')] };
    expect(line(gone, '2026-11-23T10:00')).toBe('Heute geschlossen (Umbau) · in den nächsten Wochen keine Öffnungszeiten');
    expect(nextOpening(gone, at('2026-11-23T10:00'))).toBeNull();
  });

  it('speaks English in the English interface', () => {
    const now = at('2026-04-06T10:00');
    expect(describeOpeningStatus(openingStatus(stadtteilbuero, now), now, 'en', translator('en')).text).toBe(
      'Closed today (Easter Monday) · opens tomorrow at 09:00',
    );
  });
});

describe('upcoming exceptions and holiday closures', () => {
  it('lists exceptions that have not ended yet, in date order, within the window', () => {
    const hours = {
      ...stadtteilbuero,
      exceptions: [
        closed('2026-12-24', '2027-01-01', 'Weihnachten'),
        closed('2026-11-01', '2026-11-20', 'vorbei'),
        closed('2026-11-20', '2026-11-24', 'läuft'),
        closed('2027-06-01', '2027-06-01', 'weit weg'),
      ],
    };
    expect(upcomingExceptions(hours, '2026-11-23', 60).map((e) => e.reason)).toEqual(['läuft', 'Weihnachten']);
  });

  it('lists only holidays that fall on an opening day and are not overridden', () => {
    const mondaysOnly: PlaceHours = { holidayRegion: 'NW', rules: [rule(1, '10:00', '12:00')], exceptions: [] };
    // Spring 2026: Karfreitag (Fri), Ostermontag (Mon), Tag der Arbeit (Fri), Himmelfahrt (Thu), Pfingstmontag (Mon).
    expect(upcomingHolidayClosures(mondaysOnly, '2026-03-01', 90).map((h) => h.key)).toEqual(['OSTERMONTAG', 'PFINGSTMONTAG']);
    const withOstercafe = { ...mondaysOnly, exceptions: [special('2026-04-06', '2026-04-06', '11:00', '15:00')] };
    expect(upcomingHolidayClosures(withOstercafe, '2026-03-01', 90).map((h) => h.key)).toEqual(['PFINGSTMONTAG']);
  });
});

describe('weeklyHours', () => {
  it('gives Monday to Sunday with the rules valid on the date', () => {
    const hours: PlaceHours = {
      holidayRegion: 'NW',
      rules: [
        rule(1, '14:00', '18:00'),
        rule(1, '09:00', '12:00'),
        rule(3, '10:00', '12:00', { validUntil: '2026-12-31' }),
        rule(3, '10:00', '16:00', { validFrom: '2027-01-01' }),
      ],
      exceptions: [],
    };
    const week = weeklyHours(hours, '2026-11-23');
    expect(week.map((d) => d.weekday)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(week[0]?.periods.map((p) => p.opens)).toEqual(['09:00', '14:00']);
    expect(week[2]?.periods).toEqual([{ opens: '10:00', closes: '12:00', note: '' }]);
    expect(weeklyHours(hours, '2027-01-05')[2]?.periods).toEqual([{ opens: '10:00', closes: '16:00', note: '' }]);
  });
});
