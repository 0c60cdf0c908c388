import { DateTime } from 'luxon';
import type { MessageKey } from '../../i18n';
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
  return DateTime.fromISO(iso).setLocale(locale === 'de' ? 'de-DE' : 'en-GB').toLocaleString({ day: 'numeric', month: 'long', year: 'numeric' });
}
