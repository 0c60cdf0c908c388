/** How a concern's state and dates read, in the reader's language (pages, mails, the feed and Open311 share it). */
import { DateTime } from 'luxon';
import { isLocale, translate, type Locale, type MessageKey } from '../../../i18n';
import type { Concern, ConcernStatus } from '../../../../db/schema';

export function localeOf(value: string): Locale {
  return isLocale(value) ? value : 'de';
}

/** `2027-03-07` → "07.03.2027" / "07/03/2027" (the forms people write dates on paper). */
export function formatIsoDate(date: string, locale: Locale): string {
  const day = DateTime.fromISO(date);
  return day.isValid ? day.toFormat(locale === 'de' ? 'dd.LL.yyyy' : 'dd/LL/yyyy') : date;
}

export const statusKey = (status: ConcernStatus): MessageKey => `concerns.status.${status}` as MessageKey;

export function statusLabel(
  status: ConcernStatus,
  locale: Locale,
  concern?: Partial<Pick<Concern, 'expectedOn' | 'duplicateOfId'>>,
  officeName?: string | null,
): string {
  const t = (key: MessageKey, params?: Record<string, string | number>): string => translate(locale, key, params);
  if (status === 'in_arbeit' && concern?.expectedOn) return t('concerns.status.in_arbeit_bis', { date: formatIsoDate(concern.expectedOn, locale) });
  if (status === 'weitergeleitet' && officeName) return t('concerns.status.weitergeleitet_an', { office: officeName });
  if (status === 'dublette' && concern?.duplicateOfId) return t('concerns.status.dublette_von', { id: concern.duplicateOfId });
  return t(statusKey(status));
}
