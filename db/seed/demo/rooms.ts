/**
 * Five rooms in three places, with booking rules that differ on purpose (approval or not, bookable hours or
 * none, buffers), a closure for painting work, and a few bookings so the week views are not empty.
 */
import type { DateTime } from 'luxon';
import * as s from '../../schema';
import { clearOfClosures, next, type DemoContext, type Ids } from './context';

export function seedRooms({ t, now, nowDate }: DemoContext, ids: { p: Ids; u: Ids; o: Ids }): void {
  const { p, u, o } = ids;
  const r: Ids = {};
  const roomRows = [
    {
      key: 'kray-gruppenraum',
      placeId: p['sb-kray']!,
      slug: 'gruppenraum',
      name: 'Gruppenraum',
      description: 'Heller Raum für Gruppentreffen und Sitzungen, mit Tischen für bis zu 20 Personen.',
      capacity: 20,
      equipment: 'Beamer,Flipchart,WLAN',
      stepFree: true,
      requiresApproval: false,
      bookableFrom: '08:00',
      bookableUntil: '22:00',
      minMinutes: 60,
      maxMinutes: 240,
      leadTimeHours: 24,
      bufferMinutes: 15,
      cancelDeadlineHours: 24,
    },
    {
      key: 'kray-saal',
      placeId: p['sb-kray']!,
      slug: 'saal',
      name: 'Großer Saal',
      description: 'Saal für Versammlungen, Feiern und Kurse. Mit Küchenzeile.',
      capacity: 60,
      equipment: 'Küche,Mikrofonanlage,Beamer,Bühne',
      stepFree: true,
      requiresApproval: true,
      bookableFrom: '08:00',
      bookableUntil: '23:00',
      minMinutes: 120,
      maxMinutes: 600,
      leadTimeHours: 72,
      bufferMinutes: 30,
      cancelDeadlineHours: 72,
    },
    {
      key: 'frohnhausen-besprechung',
      placeId: p['treff-frohnhausen']!,
      slug: 'besprechungsraum',
      name: 'Besprechungsraum',
      description: 'Kleiner Raum für Beratungsgespräche und Vorstandssitzungen.',
      capacity: 8,
      equipment: 'Bildschirm,WLAN',
      stepFree: true,
      requiresApproval: false,
      bookableFrom: null,
      bookableUntil: null,
      minMinutes: 30,
      maxMinutes: 180,
      leadTimeHours: 12,
      bufferMinutes: 0,
      cancelDeadlineHours: 12,
    },
    {
      key: 'frohnhausen-kueche',
      placeId: p['treff-frohnhausen']!,
      slug: 'lehrkueche',
      name: 'Lehrküche',
      description: 'Küche mit vier Kochstellen für Kochaktionen und Kurse.',
      capacity: 14,
      equipment: 'Küche,Geschirr für 20 Personen',
      stepFree: true,
      requiresApproval: true,
      bookableFrom: '09:00',
      bookableUntil: '21:00',
      minMinutes: 120,
      maxMinutes: 360,
      leadTimeHours: 48,
      bufferMinutes: 30,
      cancelDeadlineHours: 48,
    },
    {
      key: 'bergmannsfeld-gruppenraum',
      placeId: p['sb-bergmannsfeld']!,
      slug: 'gruppenraum',
      name: 'Gruppenraum mit Induktionsschleife',
      description: 'Gruppenraum im 1. Obergeschoss, mit Aufzug erreichbar.',
      capacity: 25,
      equipment: 'Induktionsschleife,Flipchart',
      stepFree: true,
      requiresApproval: false,
      bookableFrom: '09:00',
      bookableUntil: '21:00',
      minMinutes: 60,
      maxMinutes: 300,
      leadTimeHours: 24,
      bufferMinutes: 15,
      cancelDeadlineHours: 24,
    },
  ];
  for (const { key, ...row } of roomRows) r[key] = t.insert(s.rooms).values(row).returning().get().id;
  t.insert(s.roomClosures)
    .values({
      roomId: r['kray-saal']!,
      startsAt: next(now.plus({ weeks: 3 }), 1, 0).toJSDate(),
      endsAt: next(now.plus({ weeks: 3 }), 1, 0)
        .plus({ days: 5 })
        .toJSDate(),
      reason: 'Malerarbeiten im Saal',
    })
    .run();

  // A few bookings so the week views are not empty.
  const booking = (roomKey: string, orgKey: string, start: DateTime, minutes: number, status: s.BookingStatus, purpose: string, people: number) =>
    t
      .insert(s.bookings)
      .values({
        roomId: r[roomKey]!,
        organisationId: o[orgKey]!,
        requestedBy: u[orgKey === 'bv' ? 'verein@example.org' : 'kirche@example.org']!,
        startsAt: start.toJSDate(),
        endsAt: start.plus({ minutes }).toJSDate(),
        purpose,
        expectedAttendees: people,
        status,
        decidedAt: status === 'confirmed' ? nowDate : null,
      })
      .run();
  booking('kray-gruppenraum', 'bv', clearOfClosures(next(now.plus({ days: 2 }), 3, 19)), 120, 'confirmed', 'Vorstandssitzung Bürgerverein', 9);
  booking('kray-gruppenraum', 'kirche', clearOfClosures(next(now.plus({ days: 2 }), 4, 10)), 90, 'confirmed', 'Seniorenkreis St. Barbara', 15);
  booking('kray-saal', 'bv', clearOfClosures(next(now.plus({ weeks: 5 }), 6, 14)), 300, 'requested', 'Jahreshauptversammlung Bürgerverein', 45);
  // The Treff am Gervinuspark closes at 17:00 on Tuesdays.
  booking('frohnhausen-besprechung', 'kirche', clearOfClosures(next(now.plus({ days: 1 }), 2, 16)), 60, 'confirmed', 'Besprechung Kleiderkammer', 5);
}
