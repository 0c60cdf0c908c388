import { describe, expect, it } from 'vitest';
import { ifRangeAllows, parseByteRange } from '../../src/lib/server/http/byte-range';

describe('Range header of a 100-byte file', () => {
  it.each([
    [null, null],
    ['bytes=0-9', { start: 0, end: 9 }],
    ['bytes=90-', { start: 90, end: 99 }],
    ['bytes=90-500', { start: 90, end: 99 }],
    ['bytes=-5', { start: 95, end: 99 }],
    ['bytes=-500', { start: 0, end: 99 }],
    ['BYTES=1-1', { start: 1, end: 1 }],
    ['bytes=100-', 'unsatisfiable'],
    ['bytes=100-200', 'unsatisfiable'],
    ['bytes=-0', 'unsatisfiable'],
    // Not a range the portal honours: the whole file is sent.
    ['bytes=50-10', null],
    ['bytes=-', null],
    ['bytes=0-9,20-29', null],
    ['items=0-9', null],
    ['bytes=abc', null],
  ] as const)('%s gives %o', (header, expected) => {
    expect(parseByteRange(header, 100)).toEqual(expected);
  });

  it('cannot satisfy any range of an empty file', () => {
    expect(parseByteRange('bytes=0-', 0)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=-1', 0)).toBe('unsatisfiable');
  });
});

describe('If-Range', () => {
  const modified = new Date('2026-12-01T10:00:00Z');
  it.each([
    [null, true],
    ['"v1"', true],
    ['"v2"', false],
    ['W/"v1"', false],
    ['Tue, 01 Dec 2026 10:00:00 GMT', true],
    ['Tue, 01 Dec 2026 09:59:59 GMT', false],
    ['Tue, 01 Dec 2026 10:00:01 GMT', false],
    ['gestern', false],
  ] as const)('%s allows the range: %s', (header, allowed) => {
    expect(ifRangeAllows(header, '"v1"', modified)).toBe(allowed);
  });
});
