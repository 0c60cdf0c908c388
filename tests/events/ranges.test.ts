import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { listWindow } from '../../src/lib/server/events/ranges';
import { ZONE } from '../../src/lib/time';

const berlin = (iso: string): Date => DateTime.fromISO(iso, { zone: ZONE }).toJSDate();

describe('the quick range “Dieses Wochenende”', () => {
  it.each([
    ['on a Wednesday: the coming Saturday and Sunday', '2026-12-02T10:00', '2026-12-05T00:00', '2026-12-07T00:00'],
    ['on a Friday evening: still the coming Saturday', '2026-12-04T20:00', '2026-12-05T00:00', '2026-12-07T00:00'],
    ['on a Saturday: from now to Sunday night', '2026-12-05T11:30', '2026-12-05T11:30', '2026-12-07T00:00'],
    ['on a Sunday: what is left of it', '2026-12-06T18:00', '2026-12-06T18:00', '2026-12-07T00:00'],
    ['across the change to summer time (29 March 2026)', '2026-03-25T09:00', '2026-03-28T00:00', '2026-03-30T00:00'],
  ])('%s', (_, now, from, to) => {
    const window = listWindow('wochenende', berlin(now));
    expect(window.from.toISOString()).toBe(berlin(from).toISOString());
    expect(window.to?.toISOString()).toBe(berlin(to).toISOString());
  });
});
