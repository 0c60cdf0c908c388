/** Bookings spread over the year before and after now, never overlapping in a room. */
import * as s from '../../schema';
import { chunked, type GenerationContext } from './context';
import type { GeneratedRoom } from './places';

export function generateBookings(
  { db, size, now, rand, int, pick }: GenerationContext,
  ids: { roomRows: GeneratedRoom[]; orgIds: number[]; orgAdmins: Map<number, number>; staffIds: number[] },
): void {
  const { roomRows, orgIds, orgAdmins, staffIds } = ids;
  const bookingRows: (typeof s.bookings.$inferInsert)[] = [];
  const perRoom = Math.ceil(size.bookings / roomRows.length);
  const slotStarts = [8, 10, 12, 14, 16, 18, 20];
  for (const [roomIndex, room] of roomRows.entries()) {
    const days = Math.max(1, Math.ceil(perRoom / 3));
    const firstDay = now.minus({ days: Math.floor(days / 2) }).startOf('day');
    let made = 0;
    for (let d = 0; made < perRoom && bookingRows.length < size.bookings; d++) {
      const day = firstDay.plus({ days: d });
      // Up to three non-overlapping two-hour blocks a day (slots are two hours apart; every room allows 120).
      const slots = [...slotStarts]
        .sort(() => rand() - 0.5)
        .slice(0, 3)
        .sort((a, b) => a - b);
      for (let k = 0; k < slots.length && made < perRoom; k++) {
        const prev = slots[k - 1];
        if (prev !== undefined && slots[k]! - prev < 2 + (room.buffer > 0 ? 1 : 0)) continue;
        const startsAt = day.set({ hour: slots[k]! });
        const minutes = Math.min(room.maxMinutes, Math.max(room.minMinutes, 120));
        const past = startsAt < now;
        const status: s.BookingStatus = past
          ? pick(['confirmed', 'confirmed', 'confirmed', 'cancelled', 'declined'] as const)
          : room.requiresApproval
            ? pick(['confirmed', 'requested', 'requested', 'declined'] as const)
            : pick(['confirmed', 'confirmed', 'cancelled'] as const);
        const organisationId = orgIds[(roomIndex * 3 + d + k) % orgIds.length]!;
        bookingRows.push({
          roomId: room.id,
          organisationId,
          requestedBy: orgAdmins.get(organisationId) ?? null,
          startsAt: startsAt.toJSDate(),
          endsAt: startsAt.plus({ minutes }).toJSDate(),
          purpose: pick([
            'Vorstandssitzung',
            'Seniorenkreis',
            'Elterncafé',
            'Chorprobe',
            'Deutschkurs',
            'Mitgliederversammlung',
            'Kochkurs',
            'Hausaufgabenhilfe',
          ]),
          expectedAttendees: int(1, room.capacity),
          status,
          statusReason: status === 'declined' ? 'Der Raum ist an diesem Tag schon vergeben.' : '',
          decidedAt: status === 'confirmed' || status === 'declined' ? startsAt.minus({ days: 7 }).toJSDate() : null,
          decidedBy: status === 'declined' || (status === 'confirmed' && room.requiresApproval) ? pick(staffIds) : null,
          cancelledAt: status === 'cancelled' ? startsAt.minus({ days: 2 }).toJSDate() : null,
          createdAt: startsAt.minus({ days: int(7, 60) }).toJSDate(),
        });
        made++;
      }
    }
  }
  db.transaction((t) => {
    for (const chunk of chunked(bookingRows)) t.insert(s.bookings).values(chunk).run();
  });
}
