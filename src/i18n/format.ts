/**
 * Formats the catalogues' ICU messages without FormatJS's per-call work. `IntlMessageFormat.format` builds an array
 * of parts, merges it, and looks its `Intl.PluralRules` and `Intl.NumberFormat` up through a memoizer keyed by
 * `JSON.stringify` of the arguments, on every call; a page calls `t` a few hundred times, so that showed up as
 * render time and garbage collection once the hand-written catalogues became ICU strings.
 *
 * Here a message is parsed once into a function that concatenates its pieces, with one `PluralRules` and one
 * `NumberFormat` per locale. It does what `intl-messageformat` does for the elements the catalogues use
 * (text, `{name}`, `select`, `plural` with `=n` arms, offsets and `#`); a message with any other element (a
 * `{n, number}`, a date, a tag) and any unusual value (a missing one, an unknown select arm, an object) is handed
 * to `IntlMessageFormat` itself, so its results and its errors stay the library's. `tests/i18n/format.test.ts`
 * compares both for every message of every locale.
 */
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';

export type MessageValues = Record<string, string | number>;
export type FormatMessage = (values: MessageValues | undefined) => string;

/** Thrown inside a compiled message when the library must decide (it is caught at once, never shown). */
class AskTheLibrary extends Error {}
const askTheLibrary = new AskTheLibrary();

type Piece = (values: MessageValues | undefined, pluralValue: number | undefined) => string;

interface IntlCache {
  pluralRules: Map<string, Intl.PluralRules>;
  numbers: Intl.NumberFormat;
  /** Counts are mostly small whole numbers; formatting one costs more than the rest of a message. */
  smallCounts: string[];
}
const intlCaches = new Map<string, IntlCache>();

function intlFor(tag: string): IntlCache {
  let cache = intlCaches.get(tag);
  if (!cache) {
    cache = { pluralRules: new Map(), numbers: new Intl.NumberFormat(tag), smallCounts: [] };
    intlCaches.set(tag, cache);
  }
  return cache;
}

function pluralRulesFor(cache: IntlCache, tag: string, type: Intl.PluralRuleType): Intl.PluralRules {
  let rules = cache.pluralRules.get(type);
  if (!rules) {
    rules = new Intl.PluralRules(tag, { type });
    cache.pluralRules.set(type, rules);
  }
  return rules;
}

function formatCount(cache: IntlCache, count: number): string {
  // -0 reads "-0" in some locales, so it is not the 0 of the table.
  if (!Number.isInteger(count) || count < 0 || count >= 10_000 || Object.is(count, -0)) return cache.numbers.format(count);
  return (cache.smallCounts[count] ??= cache.numbers.format(count));
}

function valueOf(values: MessageValues | undefined, name: string): string | number {
  if (!values || !(name in values)) throw askTheLibrary;
  return values[name]!;
}

/** The option an arm key names, only if it is the options' own (an arm called "constructor" is not inherited). */
function ownOption<T>(options: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(options, key) ? options[key] : undefined;
}

function compileElements(elements: MessageFormatElement[], tag: string): Piece | null {
  const cache = intlFor(tag);
  const pieces: Piece[] = [];
  for (const element of elements) {
    switch (element.type) {
      case TYPE.literal: {
        const text = element.value;
        pieces.push(() => text);
        break;
      }
      case TYPE.pound:
        pieces.push((_values, pluralValue) => (typeof pluralValue === 'number' ? formatCount(cache, pluralValue) : ''));
        break;
      case TYPE.argument: {
        const name = element.value;
        pieces.push((values) => {
          const value = valueOf(values, name);
          if (typeof value === 'string' || typeof value === 'number') return String(value);
          if (!value) return '';
          throw askTheLibrary;
        });
        break;
      }
      case TYPE.select: {
        const name = element.value;
        const arms: Record<string, Piece> = {};
        for (const [key, option] of Object.entries(element.options)) {
          const arm = compileElements(option.value, tag);
          if (!arm) return null;
          arms[key] = arm;
        }
        pieces.push((values) => {
          const arm = ownOption(arms, String(valueOf(values, name))) ?? ownOption(arms, 'other');
          if (!arm) throw askTheLibrary;
          // As in the library, a `#` inside a select arm does not count the plural around it.
          return arm(values, undefined);
        });
        break;
      }
      case TYPE.plural: {
        const name = element.value;
        const offset = element.offset || 0;
        const rules = pluralRulesFor(cache, tag, element.pluralType ?? 'cardinal');
        const arms: Record<string, Piece> = {};
        for (const [key, option] of Object.entries(element.options)) {
          const arm = compileElements(option.value, tag);
          if (!arm) return null;
          arms[key] = arm;
        }
        pieces.push((values) => {
          const value = valueOf(values, name);
          if (typeof value !== 'number') throw askTheLibrary;
          const arm = ownOption(arms, `=${value}`) ?? ownOption(arms, rules.select(value - offset)) ?? ownOption(arms, 'other');
          if (!arm) throw askTheLibrary;
          return arm(values, value - offset);
        });
        break;
      }
      case TYPE.number:
      case TYPE.date:
      case TYPE.time:
      case TYPE.tag:
        return null;
    }
  }
  if (pieces.length === 1) return pieces[0]!;
  return (values, pluralValue) => {
    let text = '';
    for (const piece of pieces) text += piece(values, pluralValue);
    return text;
  };
}

/**
 * One message as a function of its values. `ignoreTag`: messages hold no markup; a "<" in a text (such as "< 5")
 * is a character, not a tag.
 */
export function compileMessage(source: string, tag: string): { format: FormatMessage; elements: MessageFormatElement[] } {
  const elements = parse(source, { ignoreTag: true });
  let library: IntlMessageFormat | undefined;
  const withLibrary: FormatMessage = (values) => {
    library ??= new IntlMessageFormat(source, tag, undefined, { ignoreTag: true });
    return String(library.format(values));
  };
  const compiled = compileElements(elements, tag);
  if (!compiled) return { format: withLibrary, elements };
  return {
    format: (values) => {
      try {
        return compiled(values, undefined);
      } catch (error) {
        if (error === askTheLibrary) return withLibrary(values);
        throw error;
      }
    },
    elements,
  };
}
