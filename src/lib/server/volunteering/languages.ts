/** Languages offered in the forms; volunteers and requesters are matched on these codes. */
export const languageCodes = ['de', 'en', 'tr', 'ar', 'uk', 'ru', 'pl', 'fa', 'ku', 'ro', 'fr', 'es'] as const;
export type LanguageCode = (typeof languageCodes)[number];

export function parseLanguages(stored: string): string[] {
  return stored
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);
}
