/**
 * Room booking in the bench: the week view an organisation sees, and a booking request end to end
 * (POST as the browser's Action call → session, validation, rules, IMMEDIATE transaction with the overlap
 * check, outbox mail, answer). Requests go one after another to free one-hour slots of a room the
 * organisation may book, so every sample is a real, accepted booking and none is a quick conflict answer.
 */
import Database from 'better-sqlite3';
import { DateTime } from 'luxon';
import type { GeneratedSummary } from '../db/seed/generate-large';
import { percentile, round } from './stats';

export interface BookingProbe {
  status: string;
  weekViewPath?: string;
  medianMs?: number;
  p95Ms?: number;
  samples?: number;
  accepted?: number;
  refused?: number;
}

interface RoomRow {
  id: number;
  placeSlug: string;
  roomSlug: string;
  bookableFrom: string | null;
  bookableUntil: string | null;
  bufferMinutes: number;
  leadTimeHours: number;
  maxAdvanceDays: number;
}

interface Slot {
  date: string;
  from: string;
  to: string;
}

const ZONE = 'Europe/Berlin';

/** A room the sample organisation may book, with fixed bookable hours, and its week-view path. */
export function benchRoom(dbPath: string, summary: GeneratedSummary): RoomRow | null {
  const db = new Database(dbPath, { readonly: true });
  try {
    const room = db
      .prepare(
        `SELECT r.id, p.slug AS placeSlug, r.slug AS roomSlug, r.bookable_from AS bookableFrom, r.bookable_until AS bookableUntil,
                r.buffer_minutes AS bufferMinutes, r.lead_time_hours AS leadTimeHours, r.max_advance_days AS maxAdvanceDays
           FROM rooms r JOIN places p ON p.id = r.place_id
          WHERE r.active = 1 AND r.max_minutes >= 60 AND r.min_minutes <= 60
            AND (NOT EXISTS (SELECT 1 FROM room_allowed_organisations a WHERE a.room_id = r.id)
                 OR EXISTS (SELECT 1 FROM room_allowed_organisations a WHERE a.room_id = r.id AND a.organisation_id = ?))
          ORDER BY r.bookable_from IS NULL, r.id LIMIT 1`,
      )
      .get(summary.sample.organisationId) as RoomRow | undefined;
    return room ?? null;
  } finally {
    db.close();
  }
}

/** Free one-hour slots (with the room's buffer) from a week ahead on, spread over the days. */
function freeSlots(dbPath: string, room: RoomRow, count: number): Slot[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    const firstHour = Number((room.bookableFrom ?? '10:00').slice(0, 2)) + 1;
    const lastHour = Math.min(Number((room.bookableUntil ?? '18:00').slice(0, 2)) - 2, 21);
    const busy = db.prepare(`SELECT 1 FROM bookings WHERE room_id = ? AND status IN ('requested', 'confirmed') AND starts_at < ? AND ends_at > ? LIMIT 1`);
    const slots: Slot[] = [];
    const startDay = DateTime.now()
      .setZone(ZONE)
      .startOf('day')
      .plus({ days: Math.max(7, Math.ceil(room.leadTimeHours / 24) + 1) });
    const buffer = (room.bufferMinutes + 1) * 60_000;
    for (let day = 0; day < room.maxAdvanceDays - 8 && slots.length < count; day++) {
      const date = startDay.plus({ days: day });
      for (let hour = firstHour; hour <= lastHour && slots.length < count; hour += 2) {
        const start = date.set({ hour });
        const end = start.plus({ hours: 1 });
        if (busy.get(room.id, end.toMillis() + buffer, start.toMillis() - buffer)) continue;
        slots.push({ date: date.toISODate()!, from: start.toFormat('HH:mm'), to: end.toFormat('HH:mm') });
        break; // one slot per day keeps the samples apart from each other's buffers
      }
    }
    return slots;
  } finally {
    db.close();
  }
}

export async function probeBooking(base: string, dbPath: string, summary: GeneratedSummary, sessionCookie: string, samples = 60): Promise<BookingProbe> {
  const room = benchRoom(dbPath, summary);
  if (!room) return { status: 'no bookable room in the dataset' };
  const slots = freeSlots(dbPath, room, samples + 5);
  const times: number[] = [];
  let refused = 0;
  for (const [index, slot] of slots.entries()) {
    const body = new URLSearchParams({
      roomId: String(room.id),
      organisationId: String(summary.sample.organisationId),
      date: slot.date,
      from: slot.from,
      to: slot.to,
      purpose: `Gruppentreffen ${index + 1}`,
      expectedAttendees: '8',
    });
    const started = performance.now();
    const response = await fetch(`${base}/_actions/rooms.requestBooking`, {
      method: 'POST',
      headers: { Cookie: sessionCookie, Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
    await response.arrayBuffer();
    const elapsed = performance.now() - started;
    // The first few warm up the code paths (JIT, statement cache); they are not counted.
    if (response.status !== 200) refused += 1;
    else if (index >= 5) times.push(elapsed);
  }
  if (times.length === 0) return { status: `no request was accepted (${refused} refused)` };
  return {
    status: 'measured',
    weekViewPath: `/raeume/${room.placeSlug}/${room.roomSlug}`,
    medianMs: round(percentile(times, 50)),
    p95Ms: round(percentile(times, 95)),
    samples: times.length,
    accepted: times.length + Math.min(5, slots.length - refused),
    refused,
  };
}
