import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { locales, resolveLocale, translate, translateParts, type Locale, type MessageKey } from '../../src/i18n';
import { paramsModule, parseMessage, placeholders, plurals } from '../../src/i18n/params-source';

const catalogue = (locale: Locale): Record<string, string> => JSON.parse(readFileSync(`src/i18n/locales/${locale}.json`, 'utf8'));
const german = catalogue('de');
const translations = locales.filter((locale) => locale !== 'de');

describe('message catalogues', () => {
  it('are ICU messages the German source can be checked against', () => {
    for (const locale of locales)
      for (const [key, message] of Object.entries(catalogue(locale))) expect(() => parseMessage(message), `${locale} ${key}`).not.toThrow();
  });

  it.each(translations)('%s has exactly the German keys, none empty', (locale) => {
    const translated = catalogue(locale);
    expect(Object.keys(translated).sort()).toEqual(Object.keys(german).sort());
    expect(Object.entries(translated).filter(([, message]) => message.trim() === '')).toEqual([]);
  });

  it.each(translations)('%s names the same placeholders as German, and choices with the same arms', (locale) => {
    const problems: string[] = [];
    for (const [key, message] of Object.entries(catalogue(locale))) {
      const wanted = placeholders(parseMessage(german[key]!));
      const found = placeholders(parseMessage(message));
      for (const name of wanted.keys()) if (!found.has(name)) problems.push(`${key}: lacks {${name}}`);
      for (const name of found.keys()) if (!wanted.has(name)) problems.push(`${key}: unknown {${name}}`);
      // Whether a count needs plural forms depends on the language (Turkish nouns after a number never change), so a
      // plural in German may be a plain number in a translation; the CLDR test below checks every plural there is.
      for (const [name, source] of wanted) {
        const target = found.get(name);
        if (source.kind === 'select' && (target?.kind !== 'select' || [...target.arms].sort().join() !== [...source.arms].sort().join()))
          problems.push(`${key}: {${name}} must choose between ${source.arms.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(locales)('%s uses exactly its CLDR plural (and ordinal) categories in every plural', (locale) => {
    const problems: string[] = [];
    for (const [key, message] of Object.entries(catalogue(locale))) {
      for (const { name, arms, type } of plurals(parseMessage(message))) {
        const categories = new Intl.PluralRules(locale, { type }).resolvedOptions().pluralCategories;
        const missing = categories.filter((category) => !arms.includes(category));
        const foreign = arms.filter((arm) => !arm.startsWith('=') && !(categories as string[]).includes(arm));
        if (missing.length > 0 || foreign.length > 0) problems.push(`${key} {${name}}: missing ${missing.join(' ')}; foreign ${foreign.join(' ')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has parameter types generated from the current German catalogue (npm run i18n:params)', () => {
    expect(readFileSync('src/i18n/message-params.ts', 'utf8')).toBe(paramsModule(german));
  });
});

describe('plurals', () => {
  const counts = [0, 1, 2, 3, 5, 11, 100] as const;
  // What a reader sees under the calendar for each count, in each language's own plural forms.
  const expected: Record<Locale, string[]> = {
    de: ['0 Termine', '1 Termin', '2 Termine', '3 Termine', '5 Termine', '11 Termine', '100 Termine'],
    en: ['0 dates', '1 date', '2 dates', '3 dates', '5 dates', '11 dates', '100 dates'],
    tr: ['0 etkinlik', '1 etkinlik', '2 etkinlik', '3 etkinlik', '5 etkinlik', '11 etkinlik', '100 etkinlik'],
    ar: ['لا توجد مواعيد', 'موعد واحد', 'موعدان', '3 مواعيد', '5 مواعيد', '11 موعدًا', '100 موعد'],
    uk: ['0 дат', '1 дата', '2 дати', '3 дати', '5 дат', '11 дат', '100 дат'],
  };

  it.each(locales)('choose the right form in %s for 0, 1, 2, 3, 5, 11 and 100', (locale) => {
    expect(counts.map((count) => translate(locale, 'events.count', { count }))).toEqual(expected[locale]);
  });

  it('format large counts with the reader’s digit grouping', () => {
    expect(translate('de', 'events.count', { count: 1275 })).toBe('1.275 Termine');
    expect(translate('en', 'events.count', { count: 1275 })).toBe('1,275 dates');
    expect(translate('uk', 'events.count', { count: 1275 })).toMatch(/^1\s275 дат$/);
    // Arabic keeps Western digits, as on the signs and in the letters of the Quartier.
    expect(translate('ar', 'events.count', { count: 1275 })).toMatch(/^1[,٬]275 موعدًا$/);
  });
});

describe('German labels quoted in another language', () => {
  it('come out of <de> tags as German parts, with no tag left in the text', () => {
    expect(translateParts('tr', 'subscribe.google.step4')).toEqual([
      { text: '„Takvim ekle“ (' },
      { text: 'Kalender hinzufügen', lang: 'de' },
      { text: ') düğmesine tıklayın. Takvim daha sonra Android telefonunuzda da görünür.' },
    ]);
    expect(translateParts('de', 'subscribe.google.step4')).toEqual([{ text: translate('de', 'subscribe.google.step4') }]);
    const leaks: string[] = [];
    for (const locale of locales) {
      const tagged = Object.entries(catalogue(locale)).filter(([, message]) => message.includes('<de>'));
      for (const [key] of tagged) if (translateParts(locale, key as MessageKey).some((part) => part.text.includes('<'))) leaks.push(`${locale} ${key}`);
    }
    expect(leaks).toEqual([]);
  });
});

describe('right to left', () => {
  it('isolates inserted text in Arabic so a German name or a time keeps its own direction', () => {
    const line = translate('ar', 'events.titleIn', { name: 'Kray-Leithe' });
    expect(line).toContain('\u2068Kray-Leithe\u2069');
    expect(translate('de', 'events.titleIn', { name: 'Kray-Leithe' })).toBe('Veranstaltungen in Kray-Leithe');
  });

  it('inserts a link or an e-mail address without isolates, so a mail client takes nothing but the address into the link', () => {
    const link = 'https://portal.example/anmeldung/abc123';
    const body = translate('ar', 'volunteering.mail.signedUp.body', { name: 'Ayşe', title: 'Kochen', date: 'الاثنين', link });
    expect(body).toContain(`\n${link}`);
    expect(body.endsWith(link)).toBe(true);
    expect(body).toContain('\u2068Ayşe\u2069');
    const reach = translate('ar', 'volunteering.mail.activated.email', { email: 'team@example.org' });
    expect(reach).toMatch(/(^|\s)team@example\.org($|\s)/);
  });
});

describe('choosing the language', () => {
  it.each([
    ['ar-SY,ar;q=0.9,de;q=0.8', 'ar'],
    ['fr-FR,fr;q=0.9,tr;q=0.5,en;q=0.3', 'tr'],
    ['de;q=0.5, uk', 'uk'],
    ['uk-UA;q=0, en-GB;q=0.4', 'en'],
    ['de-DE,en;q=0.9', 'de'],
    ['fr-FR,fr;q=0.9', 'de'],
    ['', 'de'],
  ])('follows the browser’s first language the portal speaks: %s → %s', (acceptLanguage, locale) => {
    expect(resolveLocale(undefined, acceptLanguage)).toBe(locale);
  });

  it('keeps the language chosen with the switch over the browser’s', () => {
    expect(resolveLocale('uk', 'ar-SY,ar;q=0.9')).toBe('uk');
    expect(resolveLocale('xx', 'tr-TR')).toBe('tr');
  });
});
