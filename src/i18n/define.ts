/**
 * Message catalogues are split by area (one file under messages/ each) so that features can add their texts
 * without touching each other's files. German is the source; every other locale must have the same keys,
 * which the type of `defineMessages` enforces.
 */
export function defineMessages<const K extends string>(catalogue: {
  de: Record<K, string>;
  en: Record<NoInfer<K>, string>;
}): { de: Record<K, string>; en: Record<K, string> } {
  return catalogue;
}
