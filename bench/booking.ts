/**
 * A room booking request end to end (form POST → rules → transaction → outbox → redirect), measured once the
 * room booking pages exist on main. Until then the probe reports "not yet built".
 */
import type { GeneratedSummary } from '../db/seed/generate-large';

export interface BookingProbe {
  status: string;
  medianMs?: number;
  p95Ms?: number;
  samples?: number;
}

type Get = (url: string, headers?: Record<string, string>) => Promise<{ status: number }>;

export async function probeBooking(
  base: string,
  _dbPath: string,
  _summary: GeneratedSummary,
  sessionCookie: string,
  get: Get,
): Promise<BookingProbe> {
  const overview = await get(`${base}/raeume`, { cookie: sessionCookie });
  if (overview.status === 404) return { status: 'not yet built' };
  return { status: 'booking pages exist, booking form not yet wired into the bench' };
}
