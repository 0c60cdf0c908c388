import type { MessageKey, Translate } from '../../i18n';

/**
 * Validation messages travel as catalogue keys (optionally `key#name=value|name=value` for parameters), so the page
 * shows them in the visitor's language next to the field.
 */
export function errorMessage(t: Translate, raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const hash = raw.indexOf('#');
  const key = hash === -1 ? raw : raw.slice(0, hash);
  if (!key.startsWith('volunteering.') && !key.startsWith('registration.')) return t('volunteering.error.unknown');
  const params: Record<string, string> = {};
  if (hash !== -1) {
    for (const param of raw.slice(hash + 1).split('|')) {
      const eq = param.indexOf('=');
      if (eq > 0) params[param.slice(0, eq)] = param.slice(eq + 1);
    }
  }
  return t(key as MessageKey, params);
}

export type FieldErrors = Record<string, string[] | undefined>;

export function fieldError(t: Translate, fields: FieldErrors, name: string): string | undefined {
  return errorMessage(t, fields[name]?.[0]);
}
