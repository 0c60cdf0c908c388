/**
 * The portal's message formatter (src/i18n/format.ts) against FormatJS `intl-messageformat` itself: every message of
 * every catalogue, with every count the plural tests use and every select arm, must read the same, and what the
 * library refuses must still be refused.
 */
import { readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { intlLocale, locales, type Locale } from '../../src/i18n';
import { compileMessage } from '../../src/i18n/format';
import { parseMessage, placeholders } from '../../src/i18n/params-source';

const catalogue = (locale: Locale): Record<string, string> => JSON.parse(readFileSync(`src/i18n/locales/${locale}.json`, 'utf8'));
const counts = [0, 1, 2, 3, 5, 11, 100, 1234, 1.5];

/** Value sets for a message: each count for each plural, each arm (and an unknown one) for each select. */
function valueSets(message: string): Record<string, string | number>[] {
  let sets: Record<string, string | number>[] = [{}];
  for (const [name, placeholder] of placeholders(parseMessage(message))) {
    const choices: (string | number)[] =
      placeholder.kind === 'plural' || placeholder.kind === 'number'
        ? counts
        : placeholder.kind === 'select'
          ? [...placeholder.arms, 'etwas anderes']
          : ['Hubertstraße 12', 4];
    sets = sets.flatMap((set) => choices.map((choice) => ({ ...set, [name]: choice })));
    if (sets.length > 400) sets = sets.filter((_, index) => index % 7 === 0);
  }
  return sets;
}

function outcome(run: () => unknown): string {
  try {
    return `ok: ${String(run())}`;
  } catch (error) {
    return `error: ${(error as Error).constructor.name}`;
  }
}

describe('the message formatter', () => {
  it.each(locales)('reads every %s message as intl-messageformat does', (locale) => {
    const tag = intlLocale(locale);
    const differences: string[] = [];
    let compared = 0;
    for (const [key, message] of Object.entries(catalogue(locale))) {
      if (!message.includes('{')) continue;
      const ours = compileMessage(message, tag);
      const library = new IntlMessageFormat(message, tag, undefined, { ignoreTag: true });
      for (const values of valueSets(message)) {
        compared++;
        const expected = outcome(() => library.format(values));
        const actual = outcome(() => ours.format(values));
        if (actual !== expected) differences.push(`${key} ${JSON.stringify(values)}: ${actual} ≠ ${expected}`);
      }
    }
    expect(differences.slice(0, 10)).toEqual([]);
    expect(compared).toBeGreaterThan(500);
  });

  it('refuses what the library refuses, and hands it what it does not do itself', () => {
    const plural = compileMessage('{count, plural, one {# Termin} other {# Termine}} am {day}', 'de-DE');
    expect(plural.format({ count: 1, day: 'Montag' })).toBe('1 Termin am Montag');
    expect(plural.format({ count: 1234, day: 'Montag' })).toBe('1.234 Termine am Montag');
    expect(() => plural.format({ count: 2 })).toThrow();
    expect(() => plural.format(undefined)).toThrow();
    // A count given as text: the library decides ("=3" arms and plural rules coerce it).
    expect(plural.format({ count: '3', day: 'Montag' })).toBe(
      String(new IntlMessageFormat('{count, plural, one {# Termin} other {# Termine}} am {day}', 'de-DE').format({ count: '3', day: 'Montag' })),
    );
    const exact = compileMessage('{n, plural, offset:1 =0 {niemand} =1 {nur Sie} one {Sie und # weitere Person} other {Sie und # weitere}}', 'de-DE');
    expect([0, 1, 2, 5].map((n) => exact.format({ n }))).toEqual(['niemand', 'nur Sie', 'Sie und 1 weitere Person', 'Sie und 4 weitere']);
    const arabic = compileMessage(
      '{count, plural, zero {لا مواعيد} one {موعد واحد} two {موعدان} few {# مواعيد} many {# موعدًا} other {# موعد}}',
      'ar-u-nu-latn',
    );
    expect([0, 1, 2, 3, 11, 100].map((count) => arabic.format({ count }))).toEqual(['لا مواعيد', 'موعد واحد', 'موعدان', '3 مواعيد', '11 موعدًا', '100 موعد']);
    // An element the catalogues do not use goes to the library unchanged.
    expect(compileMessage('{n, number, percent}', 'de-DE').format({ n: 0.25 })).toBe(
      String(new IntlMessageFormat('{n, number, percent}', 'de-DE').format({ n: 0.25 })),
    );
  });
});
