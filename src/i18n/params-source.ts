/**
 * Reads which placeholders ICU messages name, and of what kind. Used to generate the parameter types from the German
 * source (`npm run i18n:params`) and by the catalogue test to compare every translation with the source.
 */
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';

export type PlaceholderKind = { kind: 'text' } | { kind: 'number' } | { kind: 'plural'; arms: string[] } | { kind: 'select'; arms: string[] };

export function parseMessage(message: string): MessageFormatElement[] {
  return parse(message, { ignoreTag: true });
}

/** Every placeholder of a message by name; a name used both plainly and as plural counts as plural. */
export function placeholders(elements: MessageFormatElement[], found = new Map<string, PlaceholderKind>()): Map<string, PlaceholderKind> {
  for (const element of elements) {
    if (element.type === TYPE.argument && !found.has(element.value)) found.set(element.value, { kind: 'text' });
    if (element.type === TYPE.number) found.set(element.value, { kind: 'number' });
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      found.set(element.value, { kind: element.type === TYPE.plural ? 'plural' : 'select', arms: Object.keys(element.options) });
      for (const option of Object.values(element.options)) placeholders(option.value, found);
    }
  }
  return found;
}

/** A plural (`cardinal`: "3 Termine") or an ordinal (`selectordinal`: "3rd") and the arms it has. */
export interface PluralUse {
  name: string;
  arms: string[];
  type: 'cardinal' | 'ordinal';
}

/** Every plural of a message (a message may count more than one thing), with its arms. */
export function plurals(elements: MessageFormatElement[], found: PluralUse[] = []): PluralUse[] {
  for (const element of elements) {
    if (element.type === TYPE.plural) found.push({ name: element.value, arms: Object.keys(element.options), type: element.pluralType ?? 'cardinal' });
    if (element.type === TYPE.plural || element.type === TYPE.select) for (const option of Object.values(element.options)) plurals(option.value, found);
  }
  return found;
}

function typeOf(placeholder: PlaceholderKind): string {
  switch (placeholder.kind) {
    case 'text':
      return 'string | number';
    case 'number':
    case 'plural':
      return 'number';
    case 'select':
      return [
        ...placeholder.arms.filter((arm) => arm !== 'other').map((arm) => JSON.stringify(arm)),
        ...(placeholder.arms.includes('other') ? ['string'] : []),
      ].join(' | ');
  }
}

/** The TypeScript source of `message-params.ts` for a catalogue. */
export function paramsModule(catalogue: Record<string, string>): string {
  const lines = Object.entries(catalogue).flatMap(([key, message]) => {
    const found = placeholders(parseMessage(message));
    if (found.size === 0) return [];
    const fields = [...found].map(([name, placeholder]) => `${name}: ${typeOf(placeholder)}`).join('; ');
    return [`  ${JSON.stringify(key)}: { ${fields} };`];
  });
  return [
    '// Generated from src/i18n/locales/de.json by `npm run i18n:params`; the catalogue test fails when it is out of date.',
    '/** The placeholders of each German message that has any. */',
    'export interface MessageParams {',
    ...lines,
    '}',
    '',
  ].join('\n');
}
