import type { MessageKey, Translate } from '../../i18n';

/**
 * Categories and target groups are reference rows with German names; their slugs never change, so the
 * catalogues translate them by slug and fall back to the stored name for a row added later.
 */
function labelFor(t: Translate, prefix: string, row: { slug: string; name: string }): string {
  const key = `${prefix}.${row.slug}`;
  const text = t(key as MessageKey);
  return text === key ? row.name : text;
}

export function categoryLabel(t: Translate, row: { slug: string; name: string }): string {
  return labelFor(t, 'category', row);
}

export function targetGroupLabel(t: Translate, row: { slug: string; name: string }): string {
  return labelFor(t, 'targetGroup', row);
}
