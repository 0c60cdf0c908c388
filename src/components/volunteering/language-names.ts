import type { Translate } from '../../i18n';
import { languageCodes, parseLanguages, type LanguageCode } from '../../lib/server/volunteering/languages';

const known = new Set<string>(languageCodes);

/** "Deutsch, Polnisch" for the stored "de,pl": coordinators read names, not codes. */
export function languageNames(t: Translate, stored: string | readonly string[]): string {
  const codes = typeof stored === 'string' ? parseLanguages(stored) : stored;
  return codes.map((code) => (known.has(code) ? t(`volunteering.lang.${code as LanguageCode}`) : code)).join(', ');
}
