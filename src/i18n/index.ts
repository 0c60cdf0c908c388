/**
 * The one i18n layer: every visible string goes through `t`. Messages are ICU MessageFormat strings (CLDR plural and
 * select rules) in one flat JSON file per locale under `locales/`, parsed by FormatJS and formatted by `format.ts` (the
 * same results as `intl-messageformat`, without its per-call cost).
 * German (`locales/de.json`) is the source: its keys are the type `MessageKey`, and the parameters its messages name
 * are the type `MessageParams` (generated into `message-params.ts` by `npm run i18n:params`), so a wrong key or a
 * missing parameter fails the type check. How to add a language: docs/TRANSLATING.md.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import de from './locales/de.json';
import en from './locales/en.json';
import tr from './locales/tr.json';
import ar from './locales/ar.json';
import uk from './locales/uk.json';
import type { MessageParams } from './message-params';
import { placeholders } from './params-source';
import { compileMessage, type FormatMessage } from './format';
import { defaultLocale, directions, intlTags, isLocale, locales, type Locale } from './locales';

export type MessageKey = keyof typeof de;

export { defaultLocale, intlLocale, isLocale, localeNames, locales, textDirection, type Locale } from './locales';

const catalogues: Record<Locale, Partial<Record<MessageKey, string>>> = { de, en, tr, ar, uk };

/** Values a message's placeholders take: text and numbers (dates arrive formatted for the reader's locale). */
export type Params = Record<string, string | number>;

type ParamsOf<K extends MessageKey> = K extends keyof MessageParams ? MessageParams[K] : undefined;
type IsUnion<T, All = T> = T extends unknown ? ([All] extends [T] ? false : true) : never;
/**
 * The arguments after the key: a message with placeholders needs all of them. A key chosen at run time (a union
 * such as `rooms.error.${code}`, or a stored error key) takes any `Params`; the catalogue test checks that every
 * translation names the same placeholders as the German source.
 */
export type MessageArgs<K extends MessageKey> =
  true extends IsUnion<K> ? [params?: Params] : ParamsOf<K> extends undefined ? [params?: Params] : [params: ParamsOf<K>];

interface CompiledMessage {
  format: FormatMessage;
  /** The placeholders that choose a select arm: their value is a choice, not text to show, so it stays as it is. */
  selectArguments: Set<string>;
}

const compiled: Record<Locale, Map<MessageKey, CompiledMessage | string>> = Object.fromEntries(locales.map((locale) => [locale, new Map()])) as Record<
  Locale,
  Map<MessageKey, CompiledMessage | string>
>;

/** Parses a message once per locale; a message without placeholders stays a plain string. */
function compile(locale: Locale, key: MessageKey): CompiledMessage | string {
  let message = compiled[locale].get(key);
  if (message === undefined) {
    const source = catalogues[locale][key] ?? catalogues[defaultLocale][key] ?? key;
    if (source.includes('{')) {
      const { format, elements } = compileMessage(source, intlTags[locale]);
      const selectArguments = new Set([...placeholders(elements)].filter(([, placeholder]) => placeholder.kind === 'select').map(([name]) => name));
      message = { format, selectArguments };
    } else {
      message = source;
    }
    compiled[locale].set(key, message);
  }
  return message;
}

/** First strong isolate … pop directional isolate: the Unicode form of `<bdi>`, for text that is not markup. */
const isolate = (value: string): string => `\u2068${value}\u2069`;

/**
 * A link or an e-mail address on its own. It is inserted as it is: in a plain-text mail the marks around it would
 * sit right next to it, and mail clients that turn it into a link may take them into the address. It needs no
 * isolate either: Latin letters and digits joined by punctuation, without spaces, read as one left-to-right run.
 */
const bareLink = /^(?:https?:\/\/\S+|mailto:\S+|[^\s@]+@[^\s@]+\.[^\s@]+)$/i;

export function translate<K extends MessageKey>(locale: Locale, key: K, ...[params]: MessageArgs<K>): string {
  const message = compile(locale, key);
  if (typeof message === 'string') return message;
  const values = params as Params | undefined;
  // In right-to-left text an inserted name, address or time ("Kray, Hubertstraße 12", "14:00–16:00") keeps its own
  // direction and does not reorder the sentence around it.
  if (values && directions[locale] === 'rtl') {
    const isolated = Object.fromEntries(
      Object.entries(values).map(([name, value]) => [
        name,
        typeof value === 'string' && !message.selectArguments.has(name) && !bareLink.test(value) ? isolate(value) : value,
      ]),
    );
    return message.format(isolated);
  }
  return message.format(values);
}

/**
 * A piece of a message with markup. The one tag the catalogues use is `<de>…</de>`: a German label quoted in
 * another language (the buttons of a phone set to German), rendered as `<span lang="de">` so that a screen reader
 * reads it with a German voice.
 */
export interface MessagePart {
  text: string;
  lang?: 'de';
}

const richCompiled: Record<Locale, Map<MessageKey, IntlMessageFormat>> = Object.fromEntries(locales.map((locale) => [locale, new Map()])) as Record<
  Locale,
  Map<MessageKey, IntlMessageFormat>
>;

/** A message whose text may hold `<de>` tags, as parts to render; use it only for such keys (`t` shows tags as typed). */
export function translateParts<K extends MessageKey>(locale: Locale, key: K, ...[params]: MessageArgs<K>): MessagePart[] {
  let message = richCompiled[locale].get(key);
  if (!message) {
    message = new IntlMessageFormat(catalogues[locale][key] ?? catalogues[defaultLocale][key] ?? key, intlTags[locale]);
    richCompiled[locale].set(key, message);
  }
  const formatted = message.format<MessagePart>({
    ...(params as Params | undefined),
    de: (chunks: (string | MessagePart)[]) => ({ text: chunks.map((c) => (typeof c === 'string' ? c : c.text)).join(''), lang: 'de' }),
  });
  const parts = (Array.isArray(formatted) ? formatted : [formatted]).map((p): MessagePart => (typeof p === 'object' ? p : { text: String(p) }));
  // Neighbouring plain pieces are joined, so the page gets one text node between two German labels.
  return parts.reduce<MessagePart[]>((joined, part) => {
    const last = joined[joined.length - 1];
    if (last && !last.lang && !part.lang) last.text += part.text;
    else joined.push({ ...part });
    return joined;
  }, []);
}

export type Translate = <K extends MessageKey>(key: K, ...params: MessageArgs<K>) => string;

/** Whether a key exists in the catalogues (for keys that arrive from outside, such as the notice parameter). */
export function hasMessage(key: string): key is MessageKey {
  return key in catalogues[defaultLocale];
}

export function translator(locale: Locale): Translate {
  return (key, ...params) => translate(locale, key, ...params);
}

/** The cookie that remembers the chosen language. */
export const localeCookie = 'lang';

/**
 * The visitor's language: the one they chose (cookie), else the first of their browser's languages (by its `q`
 * weights) that the portal speaks, else German.
 */
export function resolveLocale(cookieValue: string | undefined, acceptLanguage: string | null): Locale {
  if (isLocale(cookieValue)) return cookieValue;
  return preferredLocale(acceptLanguage) ?? defaultLocale;
}

function preferredLocale(acceptLanguage: string | null): Locale | undefined {
  if (!acceptLanguage) return undefined;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [range = '', ...options] = part.trim().split(';');
      const weight = options.map((o) => o.trim()).find((o) => o.startsWith('q='));
      const quality = weight === undefined ? 1 : Number(weight.slice(2));
      return { language: range.trim().toLowerCase().split('-')[0] ?? '', quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.quality > 0)
    // Highest weight first; equal weights keep the browser's order.
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranked.map((entry) => entry.language).find(isLocale);
}
