import { describe, expect, it } from 'vitest';
import { buildRrule, checkSeries, parseRrule, type SeriesSpec } from '../../src/lib/server/events/series';

describe('series rules built from the form', () => {
  it.each<[string, SeriesSpec, boolean, string]>([
    [
      'weekly on two days every other week, 10 times',
      { freq: 'weekly', interval: 2, weekdays: ['TH', 'MO'], end: { count: 10 } },
      false,
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=10',
    ],
    [
      'every Tuesday until a date in winter',
      { freq: 'weekly', interval: 1, weekdays: ['TU'], end: { until: '2027-01-31' } },
      false,
      'FREQ=WEEKLY;BYDAY=TU;UNTIL=20270131T225959Z',
    ],
    [
      'every Tuesday until a date in summer',
      { freq: 'weekly', interval: 1, weekdays: ['TU'], end: { until: '2027-07-31' } },
      false,
      'FREQ=WEEKLY;BYDAY=TU;UNTIL=20270731T215959Z',
    ],
    [
      'monthly on the second Tuesday',
      { freq: 'monthly', interval: 1, monthWeek: 2, weekday: 'TU', end: { count: 8 } },
      false,
      'FREQ=MONTHLY;BYDAY=2TU;COUNT=8',
    ],
    [
      'monthly on the last Friday, all day',
      { freq: 'monthly', interval: 1, monthWeek: -1, weekday: 'FR', end: { until: '2027-06-30' } },
      true,
      'FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20270630',
    ],
  ])('writes %s and reads it back', (_name, spec, allDay, rrule) => {
    expect(buildRrule(spec, allDay)).toBe(rrule);
    const parsed = parseRrule(rrule);
    expect(parsed).toEqual({
      ...spec,
      ...(spec.freq === 'weekly' ? { weekdays: [...spec.weekdays].sort((a, b) => 'MOTUWETHFRSASU'.indexOf(a) - 'MOTUWETHFRSASU'.indexOf(b)) } : {}),
    });
  });

  it.each(['FREQ=DAILY;COUNT=3', 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=10;COUNT=3', 'FREQ=MONTHLY;BYMONTHDAY=3;COUNT=3', 'FREQ=WEEKLY;BYDAY=MO'])(
    'does not pretend to understand %s',
    (rrule) => {
      expect(parseRrule(rrule)).toBeNull();
    },
  );

  it.each<[string, SeriesSpec, string, ReturnType<typeof checkSeries>]>([
    ['start on a chosen weekday', { freq: 'weekly', interval: 1, weekdays: ['TU'], end: { count: 4 } }, '2027-03-16', null],
    ['start on another weekday', { freq: 'weekly', interval: 1, weekdays: ['WE'], end: { count: 4 } }, '2027-03-16', 'startDay'],
    ['no weekday', { freq: 'weekly', interval: 1, weekdays: [], end: { count: 4 } }, '2027-03-16', 'weekdays'],
    ['end before start', { freq: 'weekly', interval: 1, weekdays: ['TU'], end: { until: '2027-03-01' } }, '2027-03-16', 'until'],
    ['a single time is no series', { freq: 'weekly', interval: 1, weekdays: ['TU'], end: { count: 1 } }, '2027-03-16', 'count'],
    ['interval too large', { freq: 'weekly', interval: 13, weekdays: ['TU'], end: { count: 4 } }, '2027-03-16', 'interval'],
    ['third Tuesday that is one', { freq: 'monthly', interval: 1, monthWeek: 3, weekday: 'TU', end: { count: 4 } }, '2027-03-16', null],
    ['second Tuesday that is the third', { freq: 'monthly', interval: 1, monthWeek: 2, weekday: 'TU', end: { count: 4 } }, '2027-03-16', 'startDay'],
    ['last Wednesday of March 2027', { freq: 'monthly', interval: 1, monthWeek: -1, weekday: 'WE', end: { count: 4 } }, '2027-03-31', null],
    ['a Wednesday that is not the last', { freq: 'monthly', interval: 1, monthWeek: -1, weekday: 'WE', end: { count: 4 } }, '2027-03-24', 'startDay'],
  ])('checks a series: %s', (_name, spec, start, problem) => {
    expect(checkSeries(spec, start)).toBe(problem);
  });
});
