/** Links into the request form of a room with date and times filled in (they work without JavaScript). Browser-safe. */
import { DateTime } from 'luxon';
import { berlinZone } from '../../lib/time';

export interface FormPrefill {
  date: string;
  from: string;
  to?: string | undefined;
}

/** The room page with the request form filled in: `?…&datum=…&von=…&bis=…#anfrage` (extra parameters first). */
export function requestFormHref(roomPath: string, prefill: FormPrefill, extra: Record<string, string> = {}): string {
  const params = { ...extra, datum: prefill.date, von: prefill.from, ...(prefill.to ? { bis: prefill.to } : {}) };
  // Dates and clock times need no escaping; keeping "10:00" readable keeps the links readable.
  const query = Object.entries(params).map(([name, value]) => `${name}=${/^[\d:-]+$/.test(value) ? value : encodeURIComponent(value)}`);
  return `${roomPath}?${query.join('&')}#anfrage`;
}

/** The prefill of a slot given as instants (Berlin date and wall-clock times). */
export function prefillOf(slot: { startsAt: Date; endsAt: Date }): FormPrefill {
  const start = DateTime.fromJSDate(slot.startsAt, { zone: berlinZone });
  return { date: start.toISODate()!, from: start.toFormat('HH:mm'), to: DateTime.fromJSDate(slot.endsAt, { zone: berlinZone }).toFormat('HH:mm') };
}
