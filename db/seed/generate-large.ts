/**
 * `npm run db:generate -- [options]`: a large, realistic city for benchmarks and load tests.
 *
 * Defaults are the sizes named in the foundation issue: 12 Quartiere, 30 places, 40 rooms, 3,000 events in a
 * year of which 150 are series, 20,000 bookings, 5,000 users and 2,000 volunteers. Everything is generated
 * from a seeded PRNG, so the same options give the same data (relative to `--now`). Events go through
 * `syncOccurrences` exactly as the demo seed and the back office do; bulk rows are inserted in chunks inside
 * one transaction per table group.
 *
 * Options: --out <file> (default ./data/large.db), --force (replace an existing file), --scale <factor>
 * (multiplies every count), --quartiere, --places, --rooms, --events, --series, --bookings, --users,
 * --volunteers <n>, --seed <n>, --now <ISO instant>.
 */
import { existsSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { DateTime } from 'luxon';
import { createDb, migrateDb, type Db } from '../client';
import * as s from '../schema';
import { seedReferenceData } from './reference';
import { syncOccurrences } from '../../src/lib/server/events/occurrences';
import { hashPassword } from '../../src/lib/server/auth/password';
import { slugify } from '../../src/lib/slug';
import { ZONE } from '../../src/lib/time';

export interface LargeDatasetSize {
  quartiere: number;
  places: number;
  rooms: number;
  events: number;
  series: number;
  bookings: number;
  users: number;
  volunteers: number;
}

export const defaultSize: LargeDatasetSize = {
  quartiere: 12,
  places: 30,
  rooms: 40,
  events: 3000,
  series: 150,
  bookings: 20000,
  users: 5000,
  volunteers: 2000,
};

/** Password of every generated account (benchmark data only; never use a generated file in production). */
export const GENERATED_PASSWORD = 'quartier-bench';

export interface GenerateOptions {
  size?: Partial<LargeDatasetSize>;
  seed?: number;
  now?: Date;
  /** Called after each phase with its duration (ms), for progress output. */
  onPhase?: (name: string, ms: number) => void;
}

export interface GeneratedSummary {
  counts: Record<string, number>;
  /** Slugs and ids a benchmark can address. */
  sample: {
    quartierSlug: string;
    placeSlug: string;
    categorySlug: string;
    eventPath: string;
    organisationId: number;
    roomId: number;
    adminEmail: string;
    orgAdminEmail: string;
  };
}

/** mulberry32: small, fast and good enough to make data look varied yet reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const QUARTIER_NAMES = [
  'Kray', 'Bergmannsfeld/Hörsterfeld', 'Karnap', 'Frohnhausen', 'Altendorf', 'Katernberg', 'Stoppenberg',
  'Altenessen-Süd', 'Überruhr', 'Steele', 'Holsterhausen', 'Borbeck', 'Vogelheim', 'Dellwig', 'Schonnebeck',
  'Leithe', 'Horst', 'Freisenbruch', 'Huttrop', 'Rüttenscheid',
];
const STREETS = [
  'Hauptstraße', 'Marktplatz', 'Kirchstraße', 'Schulstraße', 'Gartenstraße', 'Bahnhofstraße', 'Lindenallee',
  'Zechenstraße', 'Am Kanal', 'Parkweg', 'Bergstraße', 'Mühlenweg', 'Ringstraße', 'Kolonie Hubertus',
];
const FIRST_NAMES = [
  'Anna', 'Mehmet', 'Olena', 'Jürgen', 'Fatma', 'Klaus', 'Maria', 'Ahmad', 'Sabine', 'Dmytro', 'Ayşe', 'Peter',
  'Ingrid', 'Yusuf', 'Helga', 'Svetlana', 'Thomas', 'Leyla', 'Monika', 'Karim', 'Elif', 'Wolfgang', 'Nadia', 'Uwe',
];
const LAST_NAMES = [
  'Schmidt', 'Yılmaz', 'Kowalski', 'Müller', 'Demir', 'Koval', 'Becker', 'Nowak', 'Hoffmann', 'Al-Hassan',
  'Schulte', 'Kaya', 'Wagner', 'Petrenko', 'Krüger', 'Öztürk', 'Lange', 'Zimmermann', 'Haddad', 'Brückner',
];
/** Kinds of events the source papers name; each with a category, target groups and a typical length. */
const EVENT_KINDS = [
  { title: 'Wandercafé', category: 'cafe-treffpunkt', groups: ['senioren', 'alle'], minutes: 120, hour: 15 },
  { title: 'Fahrradwerkstatt zum Mitmachen', category: 'reparieren', groups: ['alle', 'jugendliche'], minutes: 180, hour: 10 },
  { title: 'Kochaktion', category: 'kochen', groups: ['familien', 'alle'], minutes: 150, hour: 17 },
  { title: 'Filmabend', category: 'kultur-film', groups: ['alle'], minutes: 150, hour: 19 },
  { title: 'Bepflanzungsaktion', category: 'garten-umwelt', groups: ['familien', 'kinder'], minutes: 180, hour: 10 },
  { title: 'Stadtteilfest', category: 'fest', groups: ['alle', 'familien'], minutes: 360, hour: 12 },
  { title: 'Offene Sprechstunde', category: 'beratung-sprechstunde', groups: ['alle'], minutes: 120, hour: 14 },
  { title: 'Quartiersversammlung', category: 'versammlung', groups: ['alle'], minutes: 120, hour: 18 },
  { title: 'Ehrenamtsschulung', category: 'bildung-schulung', groups: ['alle'], minutes: 180, hour: 17 },
  { title: 'Sprachcafé', category: 'cafe-treffpunkt', groups: ['alle'], minutes: 90, hour: 16 },
  { title: 'Spielenachmittag', category: 'cafe-treffpunkt', groups: ['kinder', 'familien'], minutes: 120, hour: 15 },
  { title: 'Ausflug', category: 'ausflug', groups: ['senioren'], minutes: 360, hour: 9 },
] as const;
const PROGRAMMES = [
  'Seniorenbegleitung', 'Besuchsdienst für junge Eltern', 'Schulung für Ehrenamtliche', 'Lesepatenschaft',
  'Fahrradwerkstatt-Team', 'Sprachpatenschaft', 'Gartenteam', 'Festhelfer*innen',
];

function chunked<T>(rows: T[], size = 400): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}

const localOf = (d: DateTime): string => d.toFormat("yyyy-LL-dd'T'HH:mm");
const dateOf = (d: DateTime): string => d.toFormat('yyyy-LL-dd');

/** Fills an empty, migrated database with a large city. */
export async function generateLargeDataset(db: Db, options: GenerateOptions = {}): Promise<GeneratedSummary> {
  const size = { ...defaultSize, ...options.size };
  if (size.series > size.events) throw new Error('--series cannot exceed --events');
  const rand = prng(options.seed ?? 42);
  const nowDate = options.now ?? new Date();
  const now = DateTime.fromJSDate(nowDate).setZone(ZONE).startOf('hour');
  const int = (min: number, max: number): number => min + Math.floor(rand() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const chance = (p: number): boolean => rand() < p;
  const passwordHash = await hashPassword(GENERATED_PASSWORD);
  let mark = performance.now();
  const phase = (name: string): void => {
    options.onPhase?.(name, performance.now() - mark);
    mark = performance.now();
  };

  seedReferenceData(db);
  const categories = db.select().from(s.categories).all();
  const categoryId = new Map(categories.map((c) => [c.slug, c.id]));
  const groupId = new Map(db.select().from(s.targetGroups).all().map((g) => [g.slug, g.id]));

  // --- Quartiere, places, opening hours, rooms ---------------------------------------------------
  const quartierIds: number[] = [];
  const quartierSlugs: string[] = [];
  const placeRows: { id: number; slug: string; quartierId: number; stepFree: boolean; name: string }[] = [];
  const roomRows: { id: number; minMinutes: number; maxMinutes: number; buffer: number; capacity: number; requiresApproval: boolean }[] = [];
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
          latitude: 51.40 + rand() * 0.15,
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
          if (chance(0.5)) t.insert(s.openingHours).values({ placeId: row.id, weekday, opens: '14:00', closes: pick(['17:00', '18:00', '20:00']) }).run();
        }
        if (chance(0.4)) t.insert(s.openingHours).values({ placeId: row.id, weekday: 6, opens: '10:00', closes: '14:00' }).run();
        const christmas = now.month === 12 && now.day > 24 ? now.year + 1 : now.year;
        t.insert(s.openingExceptions)
          .values({ placeId: row.id, dateFrom: `${christmas}-12-24`, dateTo: `${christmas + 1}-01-01`, kind: 'closed', reason: 'Weihnachtspause' })
          .run();
        const special = now.plus({ days: int(3, 60) });
        t.insert(s.openingExceptions)
          .values({ placeId: row.id, dateFrom: dateOf(special), dateTo: dateOf(special), kind: 'special_hours', opens: '10:00', closes: '19:00', reason: 'Länger geöffnet zum Nachbarschaftscafé' })
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

  // --- Users, staff scopes, organisations ------------------------------------------------------------
  const staffCount = Math.max(2, Math.min(size.users, size.quartiere * 2));
  const userRows: s.NewUser[] = [];
  for (let i = 0; i < size.users; i++) {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const role: s.UserRole = i < 2 ? 'admin' : i < 2 + staffCount ? 'staff' : 'member';
    userRows.push({
      email: `${slugify(`${first}.${last}`).replace(/-/g, '.')}.${i}@example.org`,
      displayName: `${first} ${last}`,
      role,
      passwordHash,
      emailVerifiedAt: chance(0.95) ? nowDate : null,
      homeQuartierId: pick(quartierIds),
      locale: chance(0.85) ? 'de' : pick(['en', 'tr', 'ar', 'uk']),
    });
  }
  const userIds: number[] = [];
  db.transaction((t) => {
    for (const chunk of chunked(userRows)) {
      for (const row of t.insert(s.users).values(chunk).returning({ id: s.users.id }).all()) userIds.push(row.id);
    }
    // Every Quartier gets two staff members; staff user i covers Quartier i mod n.
    const scopes = userIds.slice(2, 2 + staffCount).map((userId, i) => ({
      userId,
      quartierId: quartierIds[i % quartierIds.length]!,
      title: i % 2 === 0 ? 'Quartiersmanagement' : 'Treffleitung',
    }));
    for (const chunk of chunked(scopes)) t.insert(s.staffScopes).values(chunk).onConflictDoNothing().run();
  });
  const staffIds = userIds.slice(2, 2 + staffCount);
  const memberIds = userIds.slice(2 + staffCount);

  const orgKinds = s.organisationKinds;
  const orgCount = Math.max(3, size.quartiere * 5);
  const orgIds: number[] = [];
  const orgAdmins = new Map<number, number>();
  db.transaction((t) => {
    for (let i = 0; i < orgCount; i++) {
      const kind = orgKinds[i % orgKinds.length]!;
      const quartierName = QUARTIER_NAMES[i % size.quartiere % QUARTIER_NAMES.length]!;
      const label = {
        buergerverein: 'Bürgerverein', kirchengemeinde: 'Kirchengemeinde', wohlfahrtsverband: 'Stadtteilarbeit der AWO',
        verein: 'Sportverein', initiative: 'Nachbarschaftsinitiative', other: 'Elterncafé',
      }[kind];
      const name = `${label} ${quartierName} ${i + 1}`;
      const id = t
        .insert(s.organisations)
        .values({ slug: slugify(name), name, kind, quartierId: quartierIds[i % size.quartiere]!, email: `${slugify(name)}@example.org` })
        .returning({ id: s.organisations.id })
        .get().id;
      orgIds.push(id);
    }
    const members: { organisationId: number; userId: number; role: 'admin' | 'member' }[] = [];
    orgIds.forEach((organisationId, i) => {
      const admin = memberIds[i % memberIds.length];
      if (admin === undefined) return;
      orgAdmins.set(organisationId, admin);
      members.push({ organisationId, userId: admin, role: 'admin' });
      for (let k = 1; k <= 4; k++) {
        const userId = memberIds[(i * 7 + k * 13) % memberIds.length]!;
        if (userId !== admin) members.push({ organisationId, userId, role: 'member' });
      }
    });
    for (const chunk of chunked(members)) t.insert(s.organisationMembers).values(chunk).onConflictDoNothing().run();
  });

  phase('places, users, organisations');
  // --- Events through the events domain ------------------------------------------------------------
  const start = now.minus({ months: 3 }).startOf('day');
  const yearDays = 365;
  const eventPaths: string[] = [];
  let registrationOccurrences: number[] = [];
  db.transaction((t) => {
    for (let i = 0; i < size.events; i++) {
      const kind = pick(EVENT_KINDS);
      const isSeries = i < size.series;
      const place = chance(0.85) ? pick(placeRows) : null;
      const quartierId = place?.quartierId ?? pick(quartierIds);
      const day = start.plus({ days: isSeries ? int(0, 100) : int(0, yearDays - 1) });
      const first = day.set({ hour: kind.hour, minute: pick([0, 0, 30]) });
      let rrule: string | null = null;
      if (isSeries) {
        const weekday = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'][first.weekday - 1]!;
        const until = first.plus({ months: int(4, 12) }).toUTC().toFormat("yyyyLLdd'T'HHmmss'Z'");
        rrule = pick([
          `FREQ=WEEKLY;BYDAY=${weekday};UNTIL=${until}`,
          `FREQ=WEEKLY;INTERVAL=2;BYDAY=${weekday};UNTIL=${until}`,
          `FREQ=MONTHLY;BYDAY=2${weekday};COUNT=${int(6, 12)}`,
          `FREQ=WEEKLY;BYDAY=${weekday}`,
        ]);
      }
      const status: s.EventStatus = chance(0.9) ? 'published' : pick(['draft', 'proposed', 'cancelled'] as const);
      const capacity = !isSeries && chance(0.1) ? int(8, 30) : null;
      const title = isSeries ? kind.title : `${kind.title} ${place ? `im ${place.name}` : 'im Quartier'}`;
      const slug = slugify(title);
      const eventId = t
        .insert(s.events)
        .values({
          uid: `${randomUUID()}@quartiersportal`,
          slug,
          title,
          description: `${kind.title} für Nachbarinnen und Nachbarn. Kommen Sie vorbei, bringen Sie Freunde mit – wir freuen uns auf Sie!`,
          startLocal: localOf(first),
          endLocal: localOf(first.plus({ minutes: kind.minutes })),
          rrule,
          firstStartsAt: first.toJSDate(),
          placeId: place?.id ?? null,
          locationName: place ? null : `Spielplatz ${pick(STREETS)}`,
          locationAddress: place ? null : `${pick(STREETS)} ${int(1, 80)}, Essen`,
          organisationId: chance(0.6) ? pick(orgIds) : null,
          organiserName: `Quartiersmanagement ${QUARTIER_NAMES[quartierIds.indexOf(quartierId) % QUARTIER_NAMES.length]}`,
          cost: chance(0.2) ? `${int(2, 10)} € pro Person` : '',
          stepFree: place?.stepFree ?? false,
          languages: chance(0.8) ? 'de' : pick(['de,tr', 'de,ar', 'de,uk', 'de,en']),
          status,
          statusNote: status === 'cancelled' ? 'Fällt leider aus.' : '',
          registrationRequired: capacity !== null,
          capacity,
          createdBy: pick(staffIds),
        })
        .returning({ id: s.events.id })
        .get().id;
      t.insert(s.eventQuartiere).values({ eventId, quartierId }).run();
      if (chance(0.1)) {
        const other = pick(quartierIds);
        if (other !== quartierId) t.insert(s.eventQuartiere).values({ eventId, quartierId: other }).run();
      }
      t.insert(s.eventCategories).values({ eventId, categoryId: categoryId.get(kind.category)! }).run();
      for (const group of kind.groups) t.insert(s.eventTargetGroups).values({ eventId, targetGroupId: groupId.get(group)! }).run();
      if (isSeries && i % 3 === 0) {
        // One occurrence a few weeks in is cancelled, as happens when the Treffleitung is ill.
        t.insert(s.eventExceptions)
          .values({ eventId, recurrenceLocal: localOf(first.plus({ weeks: rrule?.startsWith('FREQ=MONTHLY') ? 0 : 2 })), kind: 'cancelled', note: 'Fällt wegen Krankheit aus.' })
          .run();
      }
      const occurrences = syncOccurrences(t, eventId, nowDate);
      if (status === 'published' && eventPaths.length < 50 && first > now) eventPaths.push(`/veranstaltungen/${eventId}-${slug}`);
      if (capacity !== null && status === 'published') {
        const occurrence = t.select({ id: s.eventOccurrences.id }).from(s.eventOccurrences).where(eq(s.eventOccurrences.eventId, eventId)).get();
        if (occurrence && occurrences.length > 0) registrationOccurrences.push(occurrence.id);
      }
    }
  });

  phase('events');
  // --- Bookings: 20,000 spread over the year before and after now, never overlapping in a room ---------
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
      const slots = [...slotStarts].sort(() => rand() - 0.5).slice(0, 3).sort((a, b) => a - b);
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
          purpose: pick(['Vorstandssitzung', 'Seniorenkreis', 'Elterncafé', 'Chorprobe', 'Deutschkurs', 'Mitgliederversammlung', 'Kochkurs', 'Hausaufgabenhilfe']),
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

  phase('bookings');
  // --- Volunteering: programmes, applications, attestations, slots and sign-ups ------------------------
  const programmeIds: number[] = [];
  const volunteerUsers = memberIds.slice(0, Math.min(size.volunteers, memberIds.length));
  let signupCount = 0;
  db.transaction((t) => {
    const programmeCount = Math.max(3, Math.min(size.quartiere + 3, 20));
    for (let i = 0; i < programmeCount; i++) {
      const name = PROGRAMMES[i % PROGRAMMES.length]!;
      const quartierId = i < 3 ? null : quartierIds[i % quartierIds.length]!;
      const full = quartierId ? `${name} ${QUARTIER_NAMES[(i % size.quartiere) % QUARTIER_NAMES.length]}` : name;
      programmeIds.push(
        t
          .insert(s.volunteerProgrammes)
          .values({
            slug: `${slugify(full)}-${i}`,
            quartierId,
            name: full,
            summary: `${name}: regelmäßig ein paar Stunden für die Nachbarschaft.`,
            description: `Im Programm ${name} begleiten Ehrenamtliche Menschen im Quartier. Wir schulen Sie vorher und bleiben ansprechbar.`,
            forWhom: 'Für alle, die etwas Zeit und Geduld mitbringen.',
            timeCommitment: 'Etwa zwei Stunden pro Woche',
            requiresTraining: i % 2 === 0,
            requiresCertificate: i % 3 === 0,
            acceptsHelpRequests: i % 2 === 0,
            coordinatorUserId: staffIds[i % staffIds.length]!,
            contactEmail: 'ehrenamt@example.org',
          })
          .returning({ id: s.volunteerProgrammes.id })
          .get().id,
      );
    }
    const applications = Array.from({ length: size.volunteers }, (_, i) => {
      const userId = volunteerUsers[i % Math.max(1, volunteerUsers.length)] ?? null;
      const anonymous = userId === null || i >= volunteerUsers.length;
      return {
        programmeId: programmeIds[i % programmeIds.length]!,
        userId: anonymous ? null : userId,
        name: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
        email: `ehrenamt.${i}@example.org`,
        quartierId: pick(quartierIds),
        availability: JSON.stringify([{ weekday: int(1, 7), from: '14:00', to: '18:00' }]),
        languages: chance(0.7) ? 'de' : pick(['de,tr', 'de,ar', 'de,uk']),
        motivation: 'Ich habe Zeit und möchte helfen.',
        consentAt: now.minus({ days: int(1, 300) }).toJSDate(),
        consentVersion: '2026-01',
        emailConfirmedAt: nowDate,
        status: pick(s.applicationStatuses),
      };
    });
    for (const chunk of chunked(applications)) t.insert(s.volunteerApplications).values(chunk).run();
    const attestations = volunteerUsers
      .filter(() => chance(0.5))
      .map((userId) => ({ userId, kind: 'training' as const, programmeId: pick(programmeIds), attestedOn: dateOf(now.minus({ days: int(10, 400) })), recordedBy: pick(staffIds) }));
    for (const chunk of chunked(attestations)) t.insert(s.attestations).values(chunk).run();
    const slotIds: { id: number; needed: number }[] = [];
    for (let i = 0; i < Math.ceil(size.volunteers / 10); i++) {
      const startsAt = now.plus({ days: int(-30, 180) }).set({ hour: pick([9, 14, 17]), minute: 0 });
      const needed = int(2, 8);
      const id = t
        .insert(s.volunteerSlots)
        .values({
          programmeId: pick(programmeIds),
          kind: pick(s.slotKinds),
          title: pick(['Besuchsrunde', 'Helfen beim Stadtteilfest', 'Schulung Erste Hilfe', 'Begleitung zum Arzt']),
          startsAt: startsAt.toJSDate(),
          endsAt: startsAt.plus({ hours: 2 }).toJSDate(),
          placeId: pick(placeRows).id,
          needed,
        })
        .returning({ id: s.volunteerSlots.id })
        .get().id;
      slotIds.push({ id, needed });
    }
    const signups = slotIds.flatMap(({ id, needed }, i) =>
      Array.from({ length: int(0, needed + 2) }, (_, k) => {
        const userId = volunteerUsers[(i * 11 + k) % Math.max(1, volunteerUsers.length)] ?? null;
        return {
          slotId: id,
          userId,
          name: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
          email: `helfer.${i}.${k}@example.org`,
          status: (k < needed ? 'confirmed' : 'waiting') as s.SignupStatus,
          queuedAt: now.minus({ days: 10, minutes: k }).toJSDate(),
        };
      }),
    );
    // Residents registered for events with limited places (Ausflug, Kochaktion).
    const registrations = registrationOccurrences.flatMap((occurrenceId, i) =>
      Array.from({ length: int(1, 6) }, (_, k) => ({
        occurrenceId,
        userId: memberIds[(i * 5 + k) % memberIds.length] ?? null,
        name: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
        email: `anmeldung.${i}.${k}@example.org`,
        places: int(1, 2),
        status: 'confirmed' as s.SignupStatus,
        queuedAt: now.minus({ days: 3, minutes: k }).toJSDate(),
      })),
    );
    for (const chunk of chunked([...signups, ...registrations])) {
      t.insert(s.signups).values(chunk).run();
      signupCount += chunk.length;
    }
    for (let i = 0; i < Math.ceil(size.volunteers / 20); i++) {
      t.insert(s.helpRequests)
        .values({
          programmeId: pick(programmeIds),
          requesterName: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
          requesterPhone: `0201 555 ${String(1000 + i)}`,
          quartierId: pick(quartierIds),
          message: 'Meine Mutter wünscht sich Begleitung zum Einkaufen.',
          consentAt: nowDate,
          consentVersion: '2026-01',
        })
        .run();
    }
  });
  registrationOccurrences = [];
  phase('volunteering');

  const count = (table: SQLiteTable, where?: SQL): number =>
    db.select({ n: sql<number>`count(*)` }).from(table).where(where).get()?.n ?? 0;
  const counts = {
    quartiere: count(s.quartiere),
    places: count(s.places),
    rooms: count(s.rooms),
    events: count(s.events),
    series: count(s.events, isNotNull(s.events.rrule)),
    occurrences: count(s.eventOccurrences),
    bookings: count(s.bookings),
    users: count(s.users),
    organisations: count(s.organisations),
    volunteerApplications: count(s.volunteerApplications),
    signups: signupCount,
  };
  const firstRoom = roomRows[0]!;
  const orgWithAdmin = orgIds.find((id) => orgAdmins.has(id)) ?? orgIds[0]!;
  const adminUser = db.select({ email: s.users.email }).from(s.users).where(eq(s.users.id, userIds[0]!)).get();
  const orgAdminUser = db.select({ email: s.users.email }).from(s.users).where(eq(s.users.id, orgAdmins.get(orgWithAdmin) ?? userIds[0]!)).get();
  return {
    counts,
    sample: {
      quartierSlug: quartierSlugs[0]!,
      placeSlug: placeRows[0]!.slug,
      categorySlug: 'cafe-treffpunkt',
      eventPath: eventPaths[0] ?? '',
      organisationId: orgWithAdmin,
      roomId: firstRoom.id,
      adminEmail: adminUser?.email ?? '',
      orgAdminEmail: orgAdminUser?.email ?? '',
    },
  };
}

function parseSize(value: string | undefined, name: string, fallback: number, scale: number): number {
  if (value === undefined) return Math.max(1, Math.round(fallback * scale));
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new Error(`--${name} must be a whole number of at least 1, not "${value}".`);
  return Number(value);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: './data/large.db' },
      force: { type: 'boolean', default: false },
      scale: { type: 'string' },
      seed: { type: 'string' },
      now: { type: 'string' },
      ...Object.fromEntries(Object.keys(defaultSize).map((key) => [key, { type: 'string' as const }])),
    },
  });
  const scale = values.scale === undefined ? 1 : Number(values.scale);
  if (!(scale > 0)) throw new Error(`--scale must be a positive number, not "${values.scale}".`);
  const options = values as unknown as Record<string, string | undefined>;
  const size = Object.fromEntries(
    (Object.keys(defaultSize) as (keyof LargeDatasetSize)[]).map((key) => [key, parseSize(options[key], key, defaultSize[key], scale)]),
  ) as unknown as LargeDatasetSize;
  const out = resolve(values.out);
  if (existsSync(out)) {
    if (!values.force) throw new Error(`${out} exists; pass --force to replace it.`);
    for (const suffix of ['', '-wal', '-shm']) rmSync(out + suffix, { force: true });
  }
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new Error(`--now is not a valid instant: "${values.now}".`);
  const started = performance.now();
  const db = createDb(out);
  migrateDb(db);
  const summary = await generateLargeDataset(db, { size, seed: values.seed ? Number(values.seed) : 42, now,
    onPhase: (name, ms) => console.log(`db:generate: ${name} ${(ms / 1000).toFixed(1)} s`),
  });
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.exec('ANALYZE');
  db.$client.close();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`db:generate: wrote ${out} in ${seconds} s`);
  console.log(JSON.stringify(summary, null, 2));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(`db:generate: ${(error as Error).message}`);
    process.exit(1);
  });
}
