/** Quartiere, places with opening hours and exceptions, and rooms with varied booking rules. */
import * as s from '../../schema';
import { slugify } from '../../../src/lib/slug';
import { dateOf, type GenerationContext } from './context';
import { QUARTIER_NAMES, STREETS } from './names';

export interface GeneratedPlace {
  id: number;
  slug: string;
  quartierId: number;
  stepFree: boolean;
  name: string;
}
export interface GeneratedRoom {
  id: number;
  minMinutes: number;
  maxMinutes: number;
  buffer: number;
  capacity: number;
  requiresApproval: boolean;
}
export interface GeneratedPlaces {
  quartierIds: number[];
  quartierSlugs: string[];
  placeRows: GeneratedPlace[];
  roomRows: GeneratedRoom[];
}

export function generatePlaces({ db, size, now, rand, int, pick, chance }: GenerationContext): GeneratedPlaces {
  const quartierIds: number[] = [];
  const quartierSlugs: string[] = [];
  const placeRows: GeneratedPlace[] = [];
  const roomRows: GeneratedRoom[] = [];
  db.transaction((t) => {
    for (let i = 0; i < size.quartiere; i++) {
      const base = QUARTIER_NAMES[i % QUARTIER_NAMES.length]!;
      const name = i < QUARTIER_NAMES.length ? base : `${base} ${Math.floor(i / QUARTIER_NAMES.length) + 1}`;
      const slug = slugify(name);
      const id = t
        .insert(s.quartiere)
        .values({
          slug,
          name,
          description: `${name}: Nachbarschaft mit Stadtteilbüro, Treffs, Vereinen und vielen Menschen, die mitmachen.`,
          contactName: `Quartiersmanagement ${name}`,
          contactEmail: `${slug}@example.org`,
          contactPhone: `0201 123 ${String(100 + i)} 0`,
          contactAddress: `${pick(STREETS)} ${int(1, 90)}, 45${String(100 + i * 7).padStart(3, '0')} Essen`,
          sortOrder: i,
        })
        .returning({ id: s.quartiere.id })
        .get().id;
      quartierIds.push(id);
      quartierSlugs.push(slug);
    }
    const kinds: s.PlaceKind[] = ['stadtteilbuero', 'treff', 'begegnungszentrum', 'venue'];
    for (let i = 0; i < size.places; i++) {
      const quartierIndex = i % size.quartiere;
      const kind = i < size.quartiere ? 'stadtteilbuero' : pick(kinds);
      const label = { stadtteilbuero: 'Stadtteilbüro', treff: 'Quartierstreff', begegnungszentrum: 'Begegnungszentrum', venue: 'Gemeindesaal' }[kind];
      const name = `${label} ${QUARTIER_NAMES[quartierIndex % QUARTIER_NAMES.length]}${i >= size.quartiere ? ` ${i}` : ''}`;
      const stepFree = chance(0.7);
      const hasOpeningHours = kind === 'stadtteilbuero' || kind === 'treff';
      const row = t
        .insert(s.places)
        .values({
          slug: slugify(name),
          quartierId: quartierIds[quartierIndex]!,
          kind,
          name,
          description: `${label} mit Café, Beratung und Räumen für Gruppen aus der Nachbarschaft.`,
          street: `${pick(STREETS)} ${int(1, 120)}`,
          postalCode: `45${String(int(100, 399))}`,
          city: 'Essen',
          latitude: 51.4 + rand() * 0.15,
          longitude: 6.95 + rand() * 0.2,
          stepFree,
          accessibleWc: stepFree && chance(0.6),
          hearingLoop: chance(0.2),
          accessibilityNotes: stepFree ? 'Ebenerdiger Eingang.' : 'Drei Stufen am Eingang, bitte klingeln.',
          contactEmail: `${slugify(name)}@example.org`,
          hasOpeningHours,
        })
        .returning({ id: s.places.id, slug: s.places.slug })
        .get();
      placeRows.push({ id: row.id, slug: row.slug, quartierId: quartierIds[quartierIndex]!, stepFree, name });
      if (hasOpeningHours) {
        for (let weekday = 1; weekday <= 5; weekday++) {
          if (chance(0.2)) continue;
          t.insert(s.openingHours).values({ placeId: row.id, weekday, opens: '09:00', closes: '13:00' }).run();
          if (chance(0.5))
            t.insert(s.openingHours)
              .values({ placeId: row.id, weekday, opens: '14:00', closes: pick(['17:00', '18:00', '20:00']) })
              .run();
        }
        if (chance(0.4)) t.insert(s.openingHours).values({ placeId: row.id, weekday: 6, opens: '10:00', closes: '14:00' }).run();
        const christmas = now.month === 12 && now.day > 24 ? now.year + 1 : now.year;
        t.insert(s.openingExceptions)
          .values({ placeId: row.id, dateFrom: `${christmas}-12-24`, dateTo: `${christmas + 1}-01-01`, kind: 'closed', reason: 'Weihnachtspause' })
          .run();
        const special = now.plus({ days: int(3, 60) });
        t.insert(s.openingExceptions)
          .values({
            placeId: row.id,
            dateFrom: dateOf(special),
            dateTo: dateOf(special),
            kind: 'special_hours',
            opens: '10:00',
            closes: '19:00',
            reason: 'Länger geöffnet zum Nachbarschaftscafé',
          })
          .run();
      }
    }
    const roomNames = ['Gruppenraum', 'Großer Saal', 'Besprechungsraum', 'Lehrküche', 'Werkstatt', 'Kreativraum'];
    for (let i = 0; i < size.rooms; i++) {
      const place = placeRows[i % placeRows.length]!;
      const name = roomNames[Math.floor(i / placeRows.length) % roomNames.length]!;
      const minMinutes = pick([30, 60, 60, 120]);
      const maxMinutes = Math.max(minMinutes, pick([180, 240, 360, 600]));
      const buffer = pick([0, 15, 30]);
      const capacity = pick([8, 12, 20, 25, 40, 60]);
      const requiresApproval = chance(0.5);
      const id = t
        .insert(s.rooms)
        .values({
          placeId: place.id,
          slug: `${slugify(name)}-${i}`,
          name,
          description: `${name} für bis zu ${capacity} Personen.`,
          capacity,
          equipment: pick(['Beamer,Flipchart,WLAN', 'Küche,Geschirr', 'Induktionsschleife,Flipchart', 'Bildschirm,WLAN']),
          stepFree: place.stepFree,
          requiresApproval,
          bookableFrom: '08:00',
          bookableUntil: '22:00',
          minMinutes,
          maxMinutes,
          leadTimeHours: pick([12, 24, 48]),
          bufferMinutes: buffer,
          cancelDeadlineHours: 24,
        })
        .returning({ id: s.rooms.id })
        .get().id;
      roomRows.push({ id, minMinutes, maxMinutes, buffer, capacity, requiresApproval });
    }
  });
  return { quartierIds, quartierSlugs, placeRows, roomRows };
}
