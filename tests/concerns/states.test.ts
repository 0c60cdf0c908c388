/** The state machine of a concern as a table: which change is allowed from which state, and where answers lead. */
import { describe, expect, it } from 'vitest';
import { concernStatuses } from '../../db/schema';
import { canChange, isClosed, officeMayAnswer, open311Status, statusAfterAnswer, type Change } from '../../src/lib/server/concerns/states';

const allowed: Record<Change, string[]> = {
  review: ['neu'],
  forward: ['neu', 'in_pruefung', 'weitergeleitet', 'antwort_erhalten', 'in_arbeit'],
  answer: ['neu', 'in_pruefung', 'weitergeleitet', 'antwort_erhalten', 'in_arbeit'],
  merge: ['neu', 'in_pruefung', 'weitergeleitet', 'antwort_erhalten', 'in_arbeit'],
  reopen: ['erledigt', 'nicht_entsprochen', 'selbst_beseitigt'],
};

describe('concern states', () => {
  for (const [change, states] of Object.entries(allowed) as [Change, string[]][]) {
    it(`allows "${change}" only from ${states.join(', ')}`, () => {
      expect(concernStatuses.filter((s) => canChange(s, change))).toEqual(states);
    });
  }

  it('never lets a duplicate change again', () => {
    expect((Object.keys(allowed) as Change[]).some((c) => canChange('dublette', c))).toBe(false);
  });

  it.each([
    ['in_arbeit', 'in_arbeit'],
    ['erledigt', 'erledigt'],
    ['nicht_zustaendig', 'antwort_erhalten'],
    ['abgelehnt', 'nicht_entsprochen'],
    ['selbst_beseitigt', 'selbst_beseitigt'],
  ] as const)('leads the answer "%s" to "%s"', (kind, status) => {
    expect(statusAfterAnswer(kind)).toBe(status);
  });

  it('lets an office answer only while the concern is with it', () => {
    expect(concernStatuses.filter(officeMayAnswer)).toEqual(['weitergeleitet', 'in_arbeit']);
  });

  it('maps to Open311: closed for the four final states, open otherwise', () => {
    expect(concernStatuses.filter(isClosed)).toEqual(['erledigt', 'nicht_entsprochen', 'selbst_beseitigt', 'dublette']);
    expect(concernStatuses.map(open311Status)).toEqual(['open', 'open', 'open', 'open', 'open', 'closed', 'closed', 'closed', 'closed']);
  });
});
