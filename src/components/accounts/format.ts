import { formatShortDate, formatTime } from '../../lib/time';

/** "Di., 8. Dez. 15:00" – date and time of an instant in Berlin, for tables of the account and admin pages. */
export function formatWhen(instant: Date, locale: string): string {
  return `${formatShortDate(instant, locale)} ${formatTime(instant, locale)}`;
}
