import { DateTime } from 'luxon';
import { intlLocale, type MessageKey, type Translate } from '../../i18n';
import type { MeasureStatus, NoteAuthorRole } from '../../../db/schema';

export function measureStatusKey(status: MeasureStatus): MessageKey {
  return `goals.status.${status}`;
}

export function authorRoleKey(role: NoteAuthorRole): MessageKey {
  return `goals.author.${role}`;
}

/** A Berlin calendar date `YYYY-MM-DD` as "8. Dezember 2026"; a dash when there is none. */
export function formatDay(iso: string | null, locale: string): string {
  if (!iso) return '–';
  return DateTime.fromISO(iso).setLocale(intlLocale(locale)).toLocaleString({ day: 'numeric', month: 'long', year: 'numeric' });
}

/** A measure's dates as read: "1. Januar 2026 – 2. Juli 2026", "ab 31. Januar 2027", "bis …" or "offen". */
export function formatPeriod(startsOn: string | null, endsOn: string | null, locale: string, t: Translate): string {
  if (startsOn && endsOn) return `${formatDay(startsOn, locale)} – ${formatDay(endsOn, locale)}`;
  if (startsOn) return t('goals.period.from', { date: formatDay(startsOn, locale) });
  if (endsOn) return t('goals.period.until', { date: formatDay(endsOn, locale) });
  return t('goals.period.open');
}
