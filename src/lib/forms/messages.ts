/**
 * How a message travels from a zod schema or a domain error to the page that shows it: as a catalogue key with
 * optional parameters, never as translated text (Actions do not know the reader's language). Zod only carries
 * strings, so a key with parameters is encoded as `key?name=value&…`; `decodeMessage` reverses it.
 * Browser-safe and free of Astro imports, so the domain, Actions and components share it.
 */
import type { MessageKey, Params } from '../../i18n';

export interface Problem {
  key: MessageKey;
  params?: Params;
  /** The form field the problem is about; absent for a problem with the whole form. */
  field?: string;
}

/** A message key with parameters as one string, for zod's `error` option. */
export function message(key: MessageKey, params?: Params): string {
  if (!params || Object.keys(params).length === 0) return key;
  const query = new URLSearchParams(Object.entries(params).map(([name, value]) => [name, String(value)]));
  return `${key}?${query.toString()}`;
}

export function decodeMessage(raw: string): { key: MessageKey; params: Params } {
  const mark = raw.indexOf('?');
  if (mark === -1) return { key: raw as MessageKey, params: {} };
  const params: Params = {};
  for (const [name, value] of new URLSearchParams(raw.slice(mark + 1))) params[name] = value;
  return { key: raw.slice(0, mark) as MessageKey, params };
}

const PROBLEMS_PREFIX = 'problems:';

/** The one encoding of an Action's problems inside an ActionError's message. */
export function encodeProblems(problems: readonly Problem[]): string {
  return PROBLEMS_PREFIX + JSON.stringify(problems);
}

export function decodeProblems(raw: string): Problem[] | null {
  if (!raw.startsWith(PROBLEMS_PREFIX)) return null;
  try {
    const parsed: unknown = JSON.parse(raw.slice(PROBLEMS_PREFIX.length));
    if (!Array.isArray(parsed)) return null;
    return parsed.filter((p): p is Problem => typeof p === 'object' && p !== null && typeof (p as Problem).key === 'string');
  } catch {
    return null;
  }
}

/** The field the "Trotzdem speichern" button sends: the confirmation of the warnings shown (`warningsConfirmation`). */
export const ACCEPT_WARNINGS_FIELD = 'acceptWarnings';

const WARNINGS_PREFIX = 'warnings:';

/**
 * An answer that saved nothing and asks: the warnings, the confirmation the button sends back, and the submitted
 * values the button must send again because a submit button carried them (e.g. `intent` = publish).
 */
export interface WarningAnswer {
  warnings: Problem[];
  confirmation: string;
  carry: Record<string, string>;
}

export function encodeWarnings(answer: WarningAnswer): string {
  return WARNINGS_PREFIX + JSON.stringify(answer);
}

export function decodeWarnings(raw: string): WarningAnswer | null {
  if (!raw.startsWith(WARNINGS_PREFIX)) return null;
  try {
    const parsed = JSON.parse(raw.slice(WARNINGS_PREFIX.length)) as Partial<WarningAnswer>;
    if (!Array.isArray(parsed.warnings) || typeof parsed.confirmation !== 'string') return null;
    const carry = Object.fromEntries(Object.entries(parsed.carry ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    return { warnings: parsed.warnings.filter((p): p is Problem => typeof p?.key === 'string'), confirmation: parsed.confirmation, carry };
  } catch {
    return null;
  }
}
