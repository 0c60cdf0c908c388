/**
 * The demo city, seeded on first start outside production: four Quartiere named after the Essen
 * Stadtteilbüros (Kray, Bergmannsfeld/Hörsterfeld, Karnap, Frohnhausen), their Treffs and Stadtteilbüros,
 * rooms with booking rules, six months of events of the kinds the source papers name, volunteer
 * programmes, organisations and one demo account per role. All dates are relative to `now`.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Db } from '../client';
import * as s from '../schema';
import { seedReferenceData, type CategorySlug, type TargetGroupSlug } from './reference';
import { syncOccurrences } from '../../src/lib/server/events/occurrences';
import { hashPassword } from '../../src/lib/server/auth/password';
import { slugify } from '../../src/lib/slug';
import { seedDemoOffers } from './demo-offers';

const ZONE = 'Europe/Berlin';

/** The dev-only password of every demo account (documented in the README; never created in production). */
export const DEMO_PASSWORD = 'quartier-demo';

export const demoAccounts = [
  { email: 'admin@example.org', displayName: 'Amira Demir (Koordinationsstelle)', role: 'admin' },
  { email: 'kray@example.org', displayName: 'Jan Kowalski (Quartiersmanagement Kray)', role: 'staff' },
  { email: 'frohnhausen@example.org', displayName: 'Petra Schulte (Quartiersmanagement Frohnhausen)', role: 'staff' },
  { email: 'verein@example.org', displayName: 'Heinz Brückner (Bürgerverein Kray)', role: 'member' },
  { email: 'kirche@example.org', displayName: 'Maria Lange (Kirchengemeinde St. Barbara)', role: 'member' },
  { email: 'bewohnerin@example.org', displayName: 'Olena Koval', role: 'member' },
  { email: 'ehrenamt@example.org', displayName: 'Günter Wiese', role: 'member' },
] as const;

type Ids = Record<string, number>;

function next(now: DateTime, weekday: number, hour: number, minute = 0): DateTime {
  let d = now.setZone(ZONE).startOf('day');
  while (d.weekday !== weekday) d = d.plus({ days: 1 });
  return d.set({ hour, minute });
}

const local = (d: DateTime): string => d.toFormat("yyyy-LL-dd'T'HH:mm");
const dateOnly = (d: DateTime): string => d.toFormat('yyyy-LL-dd');
const untilUtc = (d: DateTime): string => d.toUTC().toFormat("yyyyLLdd'T'HHmmss'Z'");

export function isEmpty(db: Db): boolean {
  return !db.select({ id: s.quartiere.id }).from(s.quartiere).limit(1).get();
}

export async function seedDemo(db: Db, nowDate: Date = new Date()): Promise<void> {
  const now = DateTime.fromJSDate(nowDate).setZone(ZONE);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  db.transaction((t) => {
    seedReferenceData(t);
    const cat: Ids = Object.fromEntries(t.select().from(s.categories).all().map((c) => [c.slug, c.id]));
    const grp: Ids = Object.fromEntries(t.select().from(s.targetGroups).all().map((g) => [g.slug, g.id]));

    // --- Quartiere -------------------------------------------------------------------------------
    const q: Ids = {};
    const quartierRows: s.NewQuartier[] = [
      {
        slug: 'kray',
        name: 'Kray',
        description:
          'Kray im Osten der Stadt: viele ältere Menschen und junge Familien, ein lebendiger Bürgerverein und das Stadtteilbüro am Marktplatz als Anlaufstelle für alle Fragen rund ums Quartier.',
        contactName: 'Jan Kowalski, Quartiersmanagement Kray',
        contactEmail: 'kray@example.org',
        contactPhone: '0201 123 45 10',
        contactAddress: 'Krayer Markt 4, 45307 Essen',
      },
      {
        slug: 'bergmannsfeld-hoersterfeld',
        name: 'Bergmannsfeld/Hörsterfeld',
        description:
          'Die Siedlungen Bergmannsfeld und Hörsterfeld: Hochhäuser, viel Grün und Nachbarinnen und Nachbarn aus vielen Ländern. Das Stadtteilbüro bietet Beratung, Sprachcafé und Treffpunkte.',
        contactName: 'Quartiersmanagement Bergmannsfeld/Hörsterfeld',
        contactEmail: 'bergmannsfeld@example.org',
        contactPhone: '0201 123 45 20',
        contactAddress: 'Bonifaciusring 12, 45309 Essen',
      },
      {
        slug: 'karnap',
        name: 'Karnap',
        description:
          'Karnap im Norden, zwischen Kanal und Emscher: ein kleiner Stadtteil mit starkem Zusammenhalt. Das Stadtteilbüro ist Treffpunkt für Vereine, Initiativen und alle, die mitmachen wollen.',
        contactName: 'Quartiersmanagement Karnap',
        contactEmail: 'karnap@example.org',
        contactPhone: '0201 123 45 30',
        contactAddress: 'Karnaper Straße 80, 45329 Essen',
      },
      {
        slug: 'frohnhausen',
        name: 'Frohnhausen',
        description:
          'Frohnhausen im Westen: dicht bebaut, mit Wochenmarkt, Schulen und vielen Kirchengemeinden. Im Treff am Gervinuspark gibt es Café, Beratung und Angebote für Jung und Alt.',
        contactName: 'Petra Schulte, Quartiersmanagement Frohnhausen',
        contactEmail: 'frohnhausen@example.org',
        contactPhone: '0201 123 45 40',
        contactAddress: 'Frohnhauser Platz 2, 45145 Essen',
      },
    ];
    quartierRows.forEach((row, i) => {
      q[row.slug] = t.insert(s.quartiere).values({ ...row, sortOrder: i }).returning().get().id;
    });

    // --- Places with opening hours ---------------------------------------------------------------
    const p: Ids = {};
    const placeRows: (s.NewPlace & { key: string })[] = [
      {
        key: 'sb-kray',
        slug: 'stadtteilbuero-kray',
        quartierId: q['kray']!,
        kind: 'stadtteilbuero',
        name: 'Stadtteilbüro Kray',
        description:
          'Anlaufstelle für Bewohnerinnen und Bewohner, Vereine und Initiativen in Kray. Beratung, Informationen und Räume für Gruppen.',
        street: 'Krayer Markt 4',
        postalCode: '45307',
        city: 'Essen',
        latitude: 51.4641,
        longitude: 7.0786,
        stepFree: true,
        accessibleWc: true,
        hearingLoop: false,
        accessibilityNotes: 'Eingang ebenerdig vom Marktplatz. Behindertenparkplatz direkt vor dem Haus.',
        contactEmail: 'kray@example.org',
        contactPhone: '0201 123 45 10',
        hasOpeningHours: true,
      },
      {
        key: 'treff-kray',
        slug: 'quartierstreff-kray-nord',
        quartierId: q['kray']!,
        kind: 'treff',
        name: 'Quartierstreff Kray-Nord',
        description: 'Nachbarschaftstreff mit Café, Spieleecke und kleiner Küche. Geleitet von der Treffleitung des Quartiersmanagements.',
        street: 'Rotthauser Straße 17',
        postalCode: '45307',
        city: 'Essen',
        latitude: 51.4672,
        longitude: 7.0741,
        stepFree: false,
        accessibleWc: false,
        hearingLoop: false,
        accessibilityNotes: 'Zwei Stufen am Eingang, eine mobile Rampe ist vorhanden – bitte klingeln.',
        contactPhone: '0201 123 45 11',
        hasOpeningHours: true,
      },
      {
        key: 'sb-bergmannsfeld',
        slug: 'stadtteilbuero-bergmannsfeld',
        quartierId: q['bergmannsfeld-hoersterfeld']!,
        kind: 'stadtteilbuero',
        name: 'Stadtteilbüro Bergmannsfeld/Hörsterfeld',
        description: 'Beratung, Sprachcafé und Räume für Nachbarschaftsgruppen. Bürogemeinschaft der Stadt mit der Caritas.',
        street: 'Bonifaciusring 12',
        postalCode: '45309',
        city: 'Essen',
        latitude: 51.4702,
        longitude: 7.1018,
        stepFree: true,
        accessibleWc: true,
        hearingLoop: true,
        accessibilityNotes: 'Aufzug im Haus. Induktionsschleife im Gruppenraum.',
        contactEmail: 'bergmannsfeld@example.org',
        contactPhone: '0201 123 45 20',
        hasOpeningHours: true,
      },
      {
        key: 'sb-karnap',
        slug: 'stadtteilbuero-karnap',
        quartierId: q['karnap']!,
        kind: 'stadtteilbuero',
        name: 'Stadtteilbüro Karnap',
        description: 'Treffpunkt für Vereine und Initiativen in Karnap, mit Fahrradwerkstatt im Hof.',
        street: 'Karnaper Straße 80',
        postalCode: '45329',
        city: 'Essen',
        latitude: 51.5275,
        longitude: 6.9917,
        stepFree: true,
        accessibleWc: false,
        hearingLoop: false,
        accessibilityNotes: 'Ebenerdig; das WC ist nicht rollstuhlgerecht.',
        contactEmail: 'karnap@example.org',
        contactPhone: '0201 123 45 30',
        hasOpeningHours: true,
      },
      {
        key: 'treff-frohnhausen',
        slug: 'treff-am-gervinuspark',
        quartierId: q['frohnhausen']!,
        kind: 'treff',
        name: 'Treff am Gervinuspark',
        description: 'Offener Treff mit Café, Beratung und Gruppenräumen am Gervinuspark. Abends Raum für Vereine.',
        street: 'Frohnhauser Platz 2',
        postalCode: '45145',
        city: 'Essen',
        latitude: 51.4505,
        longitude: 6.9806,
        stepFree: true,
        accessibleWc: true,
        hearingLoop: false,
        accessibilityNotes: 'Ebenerdiger Zugang über den Seiteneingang am Park.',
        contactEmail: 'frohnhausen@example.org',
        contactPhone: '0201 123 45 40',
        hasOpeningHours: true,
      },
      {
        key: 'kita-frohnhausen',
        slug: 'kita-regenbogen',
        quartierId: q['frohnhausen']!,
        kind: 'venue',
        name: 'Kita Regenbogen (Mehrzweckraum)',
        description: 'Bis der neue Treff fertig ist, finden Familienangebote im Mehrzweckraum der Kita statt.',
        street: 'Berliner Straße 120',
        postalCode: '45145',
        city: 'Essen',
        stepFree: true,
        accessibleWc: true,
        hasOpeningHours: false,
      },
      {
        key: 'gemeindehaus-kray',
        slug: 'gemeindehaus-st-barbara',
        quartierId: q['kray']!,
        kind: 'begegnungszentrum',
        name: 'Gemeindehaus St. Barbara',
        description: 'Gemeindehaus der Kirchengemeinde mit großem Saal, offen für Veranstaltungen im Quartier.',
        street: 'Barbarastraße 3',
        postalCode: '45307',
        city: 'Essen',
        stepFree: true,
        accessibleWc: true,
        hearingLoop: true,
        hasOpeningHours: false,
      },
    ];
    for (const { key, ...row } of placeRows) p[key] = t.insert(s.places).values(row).returning().get().id;

    const hours: [string, number, string, string][] = [
      // Stadtteilbüro Kray: Mo–Do vormittags, Di und Do auch nachmittags, Fr kurz.
      ['sb-kray', 1, '09:00', '13:00'],
      ['sb-kray', 2, '09:00', '13:00'],
      ['sb-kray', 2, '14:00', '18:00'],
      ['sb-kray', 3, '09:00', '13:00'],
      ['sb-kray', 4, '09:00', '13:00'],
      ['sb-kray', 4, '14:00', '18:00'],
      ['sb-kray', 5, '09:00', '12:00'],
      ['treff-kray', 2, '14:00', '18:00'],
      ['treff-kray', 3, '14:00', '18:00'],
      ['treff-kray', 5, '15:00', '21:00'],
      ['treff-kray', 6, '10:00', '14:00'],
      ['sb-bergmannsfeld', 1, '10:00', '16:00'],
      ['sb-bergmannsfeld', 3, '10:00', '16:00'],
      ['sb-bergmannsfeld', 4, '13:00', '19:00'],
      ['sb-karnap', 2, '10:00', '14:00'],
      ['sb-karnap', 4, '10:00', '14:00'],
      ['sb-karnap', 6, '10:00', '13:00'],
      ['treff-frohnhausen', 1, '09:30', '17:00'],
      ['treff-frohnhausen', 2, '09:30', '17:00'],
      ['treff-frohnhausen', 3, '09:30', '17:00'],
      ['treff-frohnhausen', 4, '09:30', '20:00'],
      ['treff-frohnhausen', 5, '09:30', '14:00'],
    ];
    for (const [key, weekday, opens, closes] of hours) {
      t.insert(s.openingHours).values({ placeId: p[key]!, weekday, opens, closes }).run();
    }
    // Christmas break: closed from 24 December to 1 January (holidays inside are closed anyway).
    const christmas = now.month === 12 && now.day > 24 ? now.plus({ years: 1 }) : now;
    for (const key of ['sb-kray', 'treff-kray', 'sb-bergmannsfeld', 'treff-frohnhausen']) {
      t.insert(s.openingExceptions)
        .values({
          placeId: p[key]!,
          dateFrom: `${christmas.year}-12-24`,
          dateTo: `${christmas.year + 1}-01-01`,
          kind: 'closed',
          reason: 'Weihnachtspause – ab dem 2. Januar sind wir wieder für Sie da.',
        })
        .run();
    }
    // A team day closes Karnap for one day; Frohnhausen opens longer for the Nikolaus-Café.
    t.insert(s.openingExceptions)
      .values({
        placeId: p['sb-karnap']!,
        dateFrom: dateOnly(next(now.plus({ weeks: 2 }), 4, 0)),
        dateTo: dateOnly(next(now.plus({ weeks: 2 }), 4, 0)),
        kind: 'closed',
        reason: 'Teamtag – das Stadtteilbüro bleibt geschlossen.',
      })
      .run();
    t.insert(s.openingExceptions)
      .values({
        placeId: p['treff-frohnhausen']!,
        dateFrom: dateOnly(next(now.plus({ weeks: 1 }), 5, 0)),
        dateTo: dateOnly(next(now.plus({ weeks: 1 }), 5, 0)),
        kind: 'special_hours',
        opens: '09:30',
        closes: '19:00',
        reason: 'Länger geöffnet zum Nikolaus-Café.',
      })
      .run();

    // --- Users, organisations, staff scopes ------------------------------------------------------
    const u: Ids = {};
    for (const account of demoAccounts) {
      u[account.email] = t
        .insert(s.users)
        .values({
          email: account.email,
          displayName: account.displayName,
          role: account.role,
          passwordHash,
          emailVerifiedAt: nowDate,
        })
        .returning()
        .get().id;
    }
    t.insert(s.staffScopes).values({ userId: u['kray@example.org']!, quartierId: q['kray']!, title: 'Quartiersmanager' }).run();
    t.insert(s.staffScopes)
      .values({ userId: u['kray@example.org']!, quartierId: q['karnap']!, title: 'Quartiersentwickler' })
      .run();
    t.insert(s.staffScopes)
      .values({ userId: u['frohnhausen@example.org']!, quartierId: q['frohnhausen']!, title: 'Treffleitung' })
      .run();

    const o: Ids = {};
    const orgRows = [
      { key: 'bv', slug: 'buergerverein-kray', name: 'Bürgerverein Kray e.V.', kind: 'buergerverein', quartierId: q['kray']!, email: 'verein@example.org' },
      { key: 'kirche', slug: 'kirchengemeinde-st-barbara', name: 'Kath. Kirchengemeinde St. Barbara', kind: 'kirchengemeinde', quartierId: q['kray']!, email: 'kirche@example.org' },
      { key: 'awo', slug: 'awo-stadtteilarbeit', name: 'AWO Stadtteilarbeit Frohnhausen', kind: 'wohlfahrtsverband', quartierId: q['frohnhausen']!, email: 'awo@example.org' },
    ] as const;
    for (const { key, ...row } of orgRows) o[key] = t.insert(s.organisations).values(row).returning().get().id;
    t.insert(s.organisationMembers).values({ organisationId: o['bv']!, userId: u['verein@example.org']!, role: 'admin' }).run();
    t.insert(s.organisationMembers).values({ organisationId: o['kirche']!, userId: u['kirche@example.org']!, role: 'admin' }).run();
    t.insert(s.organisationMembers).values({ organisationId: o['awo']!, userId: u['kirche@example.org']!, role: 'member' }).run();

    // --- Rooms -----------------------------------------------------------------------------------
    const r: Ids = {};
    const roomRows = [
      {
        key: 'kray-gruppenraum', placeId: p['sb-kray']!, slug: 'gruppenraum', name: 'Gruppenraum',
        description: 'Heller Raum für Gruppentreffen und Sitzungen, mit Tischen für bis zu 20 Personen.',
        capacity: 20, equipment: 'Beamer,Flipchart,WLAN', stepFree: true, requiresApproval: false,
        bookableFrom: '08:00', bookableUntil: '22:00', minMinutes: 60, maxMinutes: 240, leadTimeHours: 24, bufferMinutes: 15, cancelDeadlineHours: 24,
      },
      {
        key: 'kray-saal', placeId: p['sb-kray']!, slug: 'saal', name: 'Großer Saal',
        description: 'Saal für Versammlungen, Feiern und Kurse. Mit Küchenzeile.',
        capacity: 60, equipment: 'Küche,Mikrofonanlage,Beamer,Bühne', stepFree: true, requiresApproval: true,
        bookableFrom: '08:00', bookableUntil: '23:00', minMinutes: 120, maxMinutes: 600, leadTimeHours: 72, bufferMinutes: 30, cancelDeadlineHours: 72,
      },
      {
        key: 'frohnhausen-besprechung', placeId: p['treff-frohnhausen']!, slug: 'besprechungsraum', name: 'Besprechungsraum',
        description: 'Kleiner Raum für Beratungsgespräche und Vorstandssitzungen.',
        capacity: 8, equipment: 'Bildschirm,WLAN', stepFree: true, requiresApproval: false,
        bookableFrom: null, bookableUntil: null, minMinutes: 30, maxMinutes: 180, leadTimeHours: 12, bufferMinutes: 0, cancelDeadlineHours: 12,
      },
      {
        key: 'frohnhausen-kueche', placeId: p['treff-frohnhausen']!, slug: 'lehrkueche', name: 'Lehrküche',
        description: 'Küche mit vier Kochstellen für Kochaktionen und Kurse.',
        capacity: 14, equipment: 'Küche,Geschirr für 20 Personen', stepFree: true, requiresApproval: true,
        bookableFrom: '09:00', bookableUntil: '21:00', minMinutes: 120, maxMinutes: 360, leadTimeHours: 48, bufferMinutes: 30, cancelDeadlineHours: 48,
      },
      {
        key: 'bergmannsfeld-gruppenraum', placeId: p['sb-bergmannsfeld']!, slug: 'gruppenraum', name: 'Gruppenraum mit Induktionsschleife',
        description: 'Gruppenraum im 1. Obergeschoss, mit Aufzug erreichbar.',
        capacity: 25, equipment: 'Induktionsschleife,Flipchart', stepFree: true, requiresApproval: false,
        bookableFrom: '09:00', bookableUntil: '21:00', minMinutes: 60, maxMinutes: 300, leadTimeHours: 24, bufferMinutes: 15, cancelDeadlineHours: 24,
      },
    ];
    for (const { key, ...row } of roomRows) r[key] = t.insert(s.rooms).values(row).returning().get().id;
    t.insert(s.roomClosures)
      .values({
        roomId: r['kray-saal']!,
        startsAt: next(now.plus({ weeks: 3 }), 1, 0).toJSDate(),
        endsAt: next(now.plus({ weeks: 3 }), 1, 0).plus({ days: 5 }).toJSDate(),
        reason: 'Malerarbeiten im Saal',
      })
      .run();

    // A few bookings so the week views are not empty.
    const booking = (roomKey: string, orgKey: string, start: DateTime, minutes: number, status: s.BookingStatus, purpose: string, people: number) =>
      t.insert(s.bookings)
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
    booking('kray-gruppenraum', 'bv', next(now.plus({ days: 2 }), 3, 19), 120, 'confirmed', 'Vorstandssitzung Bürgerverein', 9);
    booking('kray-gruppenraum', 'kirche', next(now.plus({ days: 2 }), 4, 10), 90, 'confirmed', 'Seniorenkreis St. Barbara', 15);
    booking('kray-saal', 'bv', next(now.plus({ weeks: 5 }), 6, 14), 300, 'requested', 'Jahreshauptversammlung Bürgerverein', 45);
    booking('frohnhausen-besprechung', 'kirche', next(now.plus({ days: 1 }), 2, 17), 60, 'confirmed', 'Besprechung Kleiderkammer', 5);

    // --- Events ----------------------------------------------------------------------------------
    const addEvent = (e: {
      title: string;
      description: string;
      start: DateTime;
      minutes?: number;
      allDay?: boolean;
      endDay?: DateTime;
      rrule?: string;
      place?: string;
      locationName?: string;
      locationAddress?: string;
      quartiere: string[];
      categories: CategorySlug[];
      groups: TargetGroupSlug[];
      organisation?: string;
      organiserName: string;
      cost?: string;
      languages?: string;
      capacity?: number;
      status?: s.EventStatus;
      statusNote?: string;
      createdBy?: string;
    }): number => {
      const startLocal = e.allDay ? dateOnly(e.start) : local(e.start);
      const endLocal = e.allDay ? dateOnly(e.endDay ?? e.start) : local(e.start.plus({ minutes: e.minutes ?? 120 }));
      const placeId = e.place ? p[e.place]! : null;
      const place = placeRows.find((row) => row.key === e.place);
      const id = t
        .insert(s.events)
        .values({
          uid: `${randomUUID()}@quartiersportal`,
          slug: slugify(e.title),
          title: e.title,
          description: e.description,
          startLocal,
          endLocal,
          allDay: e.allDay ?? false,
          rrule: e.rrule ?? null,
          firstStartsAt: e.start.toJSDate(),
          placeId,
          locationName: e.locationName ?? null,
          locationAddress: e.locationAddress ?? null,
          organisationId: e.organisation ? o[e.organisation]! : null,
          organiserName: e.organiserName,
          contactEmail: quartierRows.find((row) => row.slug === e.quartiere[0])?.contactEmail ?? null,
          cost: e.cost ?? '',
          isFree: !e.cost,
          stepFree: place?.stepFree ?? false,
          languages: e.languages ?? 'de',
          status: e.status ?? 'published',
          statusNote: e.statusNote ?? '',
          registrationRequired: e.capacity !== undefined,
          capacity: e.capacity ?? null,
          createdBy: u[e.createdBy ?? 'kray@example.org']!,
        })
        .returning()
        .get().id;
      for (const slug of e.quartiere) t.insert(s.eventQuartiere).values({ eventId: id, quartierId: q[slug]! }).run();
      for (const slug of e.categories) t.insert(s.eventCategories).values({ eventId: id, categoryId: cat[slug]! }).run();
      for (const slug of e.groups) t.insert(s.eventTargetGroups).values({ eventId: id, targetGroupId: grp[slug]! }).run();
      syncOccurrences(t, id, nowDate);
      return id;
    };

    const sixMonths = now.plus({ months: 7 });
    // Weekly Wandercafé on Tuesdays 15:00, across the March daylight-saving change.
    const wandercafeStart = next(now, 2, 15);
    const wandercafe = addEvent({
      title: 'Wandercafé',
      description:
        'Kaffee, Kuchen und Gespräche: Das Wandercafé lädt jeden Dienstag Nachbarinnen und Nachbarn ein. Neue Gesichter sind herzlich willkommen – einfach vorbeikommen, eine Anmeldung ist nicht nötig.',
      start: wandercafeStart,
      minutes: 120,
      rrule: `FREQ=WEEKLY;BYDAY=TU;UNTIL=${untilUtc(sixMonths)}`,
      place: 'treff-kray',
      quartiere: ['kray'],
      categories: ['cafe-treffpunkt'],
      groups: ['senioren', 'alle'],
      organisation: 'bv',
      organiserName: 'Bürgerverein Kray e.V. und Quartiersmanagement',
      cost: 'Kaffee und Kuchen gegen Spende',
    });
    // One Wandercafé is cancelled, another moves to the Gemeindehaus.
    t.insert(s.eventExceptions)
      .values({ eventId: wandercafe, recurrenceLocal: local(wandercafeStart.plus({ weeks: 2 })), kind: 'cancelled', note: 'Fällt wegen Krankheit aus.' })
      .run();
    t.insert(s.eventExceptions)
      .values({
        eventId: wandercafe,
        recurrenceLocal: local(wandercafeStart.plus({ weeks: 4 })),
        kind: 'changed',
        startLocal: local(wandercafeStart.plus({ weeks: 4 }).set({ hour: 14, minute: 30 })),
        endLocal: local(wandercafeStart.plus({ weeks: 4 }).set({ hour: 17, minute: 0 })),
        placeId: p['gemeindehaus-kray']!,
        note: 'Diesmal im Gemeindehaus St. Barbara und schon ab 14:30 Uhr.',
      })
      .run();
    syncOccurrences(t, wandercafe, nowDate);

    addEvent({
      title: 'Fahrradwerkstatt zum Mitmachen',
      description:
        'Platten, quietschende Bremsen, lockere Kette? In der offenen Fahrradwerkstatt reparieren Sie Ihr Rad mit Hilfe von Ehrenamtlichen selbst. Werkzeug und Ersatzteile zum Selbstkostenpreis sind da.',
      start: next(now, 6, 10),
      minutes: 180,
      rrule: `FREQ=WEEKLY;BYDAY=SA;UNTIL=${untilUtc(sixMonths)}`,
      place: 'sb-karnap',
      quartiere: ['karnap'],
      categories: ['reparieren'],
      groups: ['alle', 'jugendliche'],
      organiserName: 'Quartiershelfer*innen Karnap',
    });
    addEvent({
      title: 'Offene Sprechstunde des Quartiersmanagements',
      description:
        'Sie haben eine Idee für das Quartier, eine Frage zu Anträgen oder ein Anliegen wie einen kaputten Spielplatz, wilden Müll oder Schlaglöcher? Kommen Sie vorbei – wir hören zu und kümmern uns um eine Antwort der Verwaltung.',
      start: next(now, 4, 14),
      minutes: 120,
      rrule: `FREQ=WEEKLY;BYDAY=TH;UNTIL=${untilUtc(sixMonths)}`,
      place: 'sb-kray',
      quartiere: ['kray'],
      categories: ['beratung-sprechstunde'],
      groups: ['alle'],
      organiserName: 'Quartiersmanagement Kray',
      languages: 'de,tr',
    });
    addEvent({
      title: 'Sprachcafé',
      description: 'Deutsch sprechen in entspannter Runde, bei Tee und Gebäck. Für alle Sprachniveaus.',
      start: next(now, 3, 16),
      minutes: 90,
      rrule: `FREQ=WEEKLY;BYDAY=WE;UNTIL=${untilUtc(sixMonths)}`,
      place: 'sb-bergmannsfeld',
      quartiere: ['bergmannsfeld-hoersterfeld'],
      categories: ['cafe-treffpunkt', 'bildung-schulung'],
      groups: ['alle'],
      organiserName: 'Stadtteilbüro Bergmannsfeld/Hörsterfeld',
      languages: 'de,ar,uk,tr',
    });
    // Monthly Quartiersversammlung on the second Tuesday, 18:30, across the DST change.
    addEvent({
      title: 'Quartiersversammlung Kray',
      description:
        'Einmal im Monat berichten Quartiersmanagement, Bürgerverein und Verwaltung, was im Quartier geplant ist. Alle Bewohnerinnen und Bewohner können Fragen stellen und Themen einbringen.',
      start: next(now.startOf('month'), 2, 18, 30).plus({ weeks: 1 }) < now
        ? next(now.plus({ months: 1 }).startOf('month'), 2, 18, 30).plus({ weeks: 1 })
        : next(now.startOf('month'), 2, 18, 30).plus({ weeks: 1 }),
      minutes: 120,
      rrule: `FREQ=MONTHLY;BYDAY=2TU;COUNT=8`,
      place: 'gemeindehaus-kray',
      quartiere: ['kray'],
      categories: ['versammlung'],
      groups: ['alle'],
      organiserName: 'Quartiersmanagement Kray',
    });
    addEvent({
      title: 'Eltern-Kind-Treff',
      description: 'Spielen, Austausch und Tipps rund ums erste Lebensjahr. Mit Hebammensprechstunde am ersten Montag im Monat.',
      start: next(now, 1, 9, 30),
      minutes: 120,
      rrule: `FREQ=WEEKLY;BYDAY=MO;UNTIL=${untilUtc(sixMonths)}`,
      place: 'kita-frohnhausen',
      quartiere: ['frohnhausen'],
      categories: ['cafe-treffpunkt', 'beratung-sprechstunde'],
      groups: ['familien', 'kinder'],
      organisation: 'awo',
      organiserName: 'AWO Stadtteilarbeit Frohnhausen',
      createdBy: 'frohnhausen@example.org',
    });
    addEvent({
      title: 'Filmabend: Das Wunder von Bern',
      description: 'Kinoabend im Treff mit Popcorn und anschließendem Gespräch. Der Film läuft mit Untertiteln.',
      start: next(now.plus({ days: 8 }), 5, 19),
      minutes: 150,
      place: 'treff-kray',
      quartiere: ['kray'],
      categories: ['kultur-film'],
      groups: ['alle', 'senioren'],
      organiserName: 'Quartierstreff Kray-Nord',
    });
    addEvent({
      title: 'Gemeinsam kochen: Suppen aus aller Welt',
      description:
        'Wir kochen gemeinsam Suppen aus den Heimatländern der Nachbarinnen und Nachbarn und essen zusammen. Zutaten werden gestellt. Begrenzte Plätze – bitte anmelden.',
      start: next(now.plus({ days: 10 }), 4, 17),
      minutes: 180,
      place: 'treff-frohnhausen',
      quartiere: ['frohnhausen'],
      categories: ['kochen'],
      groups: ['alle', 'familien'],
      organiserName: 'Treff am Gervinuspark',
      cost: '3 € für Zutaten',
      capacity: 12,
      createdBy: 'frohnhausen@example.org',
    });
    addEvent({
      title: 'Adventsmarkt auf dem Krayer Markt',
      description: 'Buden von Vereinen und Kitas, Posaunenchor, Waffeln und Kinderpunsch. Der Erlös geht an die Spielplatzpatenschaft.',
      start: next(now.plus({ days: 12 }), 6, 12),
      minutes: 360,
      locationName: 'Krayer Markt',
      locationAddress: 'Krayer Markt, 45307 Essen',
      quartiere: ['kray'],
      categories: ['fest'],
      groups: ['alle', 'familien', 'kinder'],
      organisation: 'bv',
      organiserName: 'Bürgerverein Kray e.V.',
    });
    addEvent({
      title: 'Ehrenamtsschulung: Grundlagen der Seniorenbegleitung',
      description:
        'Zweiteilige Schulung für neue Ehrenamtliche: Gesprächsführung, Umgang mit Demenz, Datenschutz und Grenzen des Ehrenamts. Voraussetzung für die Seniorenbegleitung.',
      start: next(now.plus({ weeks: 3 }), 6, 10),
      minutes: 300,
      place: 'sb-kray',
      quartiere: ['kray', 'karnap'],
      categories: ['bildung-schulung'],
      groups: ['alle'],
      organiserName: 'Koordination Seniorenbegleitung',
      capacity: 16,
    });
    addEvent({
      title: 'Ausflug zum Baldeneysee',
      description: 'Gemeinsamer Ausflug mit Bus und Schiff. Treffpunkt am Stadtteilbüro. Für Menschen mit Rollator geeignet.',
      start: next(now.plus({ months: 2 }), 3, 10),
      minutes: 420,
      place: 'sb-bergmannsfeld',
      quartiere: ['bergmannsfeld-hoersterfeld'],
      categories: ['ausflug'],
      groups: ['senioren'],
      organiserName: 'Stadtteilbüro Bergmannsfeld/Hörsterfeld',
      cost: '8 € (Schiff), Bus frei',
      capacity: 30,
    });
    addEvent({
      title: 'Bepflanzungsaktion Baumscheiben',
      description:
        'Wir bepflanzen gemeinsam die Baumscheiben an der Karnaper Straße mit Frühblühern und Stauden. Handschuhe und Werkzeug werden gestellt.',
      start: next(now.plus({ months: 4 }), 6, 10),
      minutes: 180,
      locationName: 'Treffpunkt vor dem Stadtteilbüro',
      locationAddress: 'Karnaper Straße 80, 45329 Essen',
      quartiere: ['karnap'],
      categories: ['garten-umwelt'],
      groups: ['alle', 'familien'],
      organiserName: 'Quartiersmanagement Karnap',
    });
    addEvent({
      title: 'Stadtteilfest Frohnhausen',
      description:
        'Das große Fest im Gervinuspark: Bühnenprogramm, Essen aus vielen Ländern, Flohmarkt, Spielmobil und Infostände der Vereine. Eintritt frei.',
      start: next(now.plus({ months: 6 }), 6, 0),
      allDay: true,
      locationName: 'Gervinuspark',
      locationAddress: 'Gervinusstraße, 45145 Essen',
      quartiere: ['frohnhausen'],
      categories: ['fest'],
      groups: ['alle', 'familien', 'kinder', 'jugendliche', 'senioren'],
      organiserName: 'Quartiersmanagement Frohnhausen mit Vereinen und Kirchengemeinden',
      createdBy: 'frohnhausen@example.org',
    });
    addEvent({
      title: 'Repair-Café',
      description: 'Toaster kaputt, Hose gerissen? Ehrenamtliche helfen beim Reparieren. Bitte das defekte Teil mitbringen.',
      start: next(now, 6, 14),
      minutes: 180,
      rrule: `FREQ=MONTHLY;BYDAY=1SA;UNTIL=${untilUtc(sixMonths)}`,
      place: 'treff-frohnhausen',
      quartiere: ['frohnhausen'],
      categories: ['reparieren'],
      groups: ['alle'],
      organiserName: 'Repair-Café-Team Frohnhausen',
      createdBy: 'frohnhausen@example.org',
    });
    addEvent({
      title: 'Nikolausfeier im Gemeindehaus',
      description: 'Eine Feier für Familien mit Kindern, mit Liedern und einer Überraschung vom Nikolaus.',
      start: next(now.plus({ days: 9 }), 7, 15),
      minutes: 120,
      place: 'gemeindehaus-kray',
      quartiere: ['kray'],
      categories: ['fest'],
      groups: ['familien', 'kinder'],
      organisation: 'kirche',
      organiserName: 'Kath. Kirchengemeinde St. Barbara',
      status: 'proposed',
      createdBy: 'kirche@example.org',
    });
    addEvent({
      title: 'Lesung im Treff',
      description: 'Eine Autorin aus dem Quartier liest aus ihrem Buch über die Geschichte der Zeche Bonifacius.',
      start: next(now.plus({ days: 15 }), 3, 18),
      minutes: 90,
      place: 'treff-kray',
      quartiere: ['kray'],
      categories: ['kultur-film'],
      groups: ['alle'],
      organiserName: 'Quartierstreff Kray-Nord',
      status: 'cancelled',
      statusNote: 'Die Lesung muss leider ausfallen. Ein neuer Termin folgt.',
    });

    // --- Volunteering ----------------------------------------------------------------------------
    const programmes = [
      {
        key: 'seniorenbegleitung',
        slug: 'seniorenbegleitung',
        quartierId: q['kray']!,
        name: 'Seniorenbegleitung',
        summary: 'Ehrenamtliche besuchen ältere Menschen, die allein leben – gegen Einsamkeit im Quartier.',
        description:
          'Sie besuchen eine ältere Nachbarin oder einen älteren Nachbarn regelmäßig: zum Gespräch, für einen Spaziergang, zum gemeinsamen Einkauf oder Arztbesuch. Die Koordination bringt Sie zusammen und begleitet Sie.',
        forWhom: 'Menschen, die gern zuhören und etwa zwei Stunden in der Woche Zeit haben.',
        timeCommitment: 'Etwa 2 Stunden pro Woche, mindestens ein halbes Jahr.',
        requirements: 'Teilnahme an der Grundschulung (zwei Samstage) und ein erweitertes Führungszeugnis.',
        requiresTraining: true,
        requiresCertificate: true,
        acceptsHelpRequests: true,
        coordinatorUserId: u['kray@example.org']!,
        contactEmail: 'kray@example.org',
        contactPhone: '0201 123 45 10',
      },
      {
        key: 'besuchsdienst',
        slug: 'besuchsdienst-junge-eltern',
        quartierId: q['frohnhausen']!,
        name: 'Besuchsdienst für junge Eltern',
        summary: 'Ein Willkommensbesuch nach der Geburt: Glückwünsche, ein kleines Geschenk und Infos zu Angeboten im Quartier.',
        description:
          'Ehrenamtliche besuchen Familien nach der Geburt eines Kindes, bringen ein Willkommenspaket und erzählen von Eltern-Kind-Treffs, Hebammensprechstunden und Beratungsstellen im Quartier.',
        forWhom: 'Menschen mit Erfahrung mit kleinen Kindern, gern auch mit weiteren Sprachen.',
        timeCommitment: 'Ein bis zwei Besuche im Monat, nach Absprache.',
        requirements: 'Schulung für Ehrenamtliche und ein erweitertes Führungszeugnis.',
        requiresTraining: true,
        requiresCertificate: true,
        acceptsHelpRequests: true,
        coordinatorUserId: u['frohnhausen@example.org']!,
        contactEmail: 'frohnhausen@example.org',
      },
      {
        key: 'schulung',
        slug: 'schulung-fuer-ehrenamtliche',
        quartierId: null,
        name: 'Schulung für Ehrenamtliche',
        summary: 'Grundlagen für alle, die sich im Quartier engagieren: Gesprächsführung, Datenschutz, Erste Hilfe.',
        description: 'Die Schulungen finden mehrmals im Jahr statt und sind für Ehrenamtliche kostenlos.',
        forWhom: 'Alle Ehrenamtlichen und solche, die es werden wollen.',
        timeCommitment: 'Einzelne Termine, je 3 bis 5 Stunden.',
        requirements: 'Keine.',
        coordinatorUserId: u['admin@example.org']!,
        contactEmail: 'admin@example.org',
      },
      {
        key: 'quartiershelfer',
        slug: 'quartiershelfer',
        quartierId: q['karnap']!,
        name: 'Quartiershelfer*innen',
        summary: 'Mit anpacken bei Festen, Flyer verteilen, bei offenen Sprechstunden helfen.',
        description: 'Quartiershelferinnen und -helfer unterstützen Veranstaltungen im Quartier und sind Ansprechpersonen in der Nachbarschaft.',
        forWhom: 'Alle, die gelegentlich ein paar Stunden Zeit haben.',
        timeCommitment: 'Nach Lust und Zeit – einzelne Einsätze.',
        requirements: 'Keine.',
        coordinatorUserId: u['kray@example.org']!,
        contactEmail: 'karnap@example.org',
      },
    ];
    const v: Ids = {};
    for (const { key, ...row } of programmes) v[key] = t.insert(s.volunteerProgrammes).values(row).returning().get().id;

    const slot = (programme: string, kind: (typeof s.slotKinds)[number], title: string, start: DateTime, minutes: number, needed: number, place: string, requiresTraining = false) =>
      t.insert(s.volunteerSlots)
        .values({
          programmeId: v[programme]!,
          kind,
          title,
          startsAt: start.toJSDate(),
          endsAt: start.plus({ minutes }).toJSDate(),
          placeId: p[place]!,
          needed,
          requiresTraining,
        })
        .returning()
        .get().id;
    slot('schulung', 'training', 'Grundschulung Teil 1: Gesprächsführung', next(now.plus({ weeks: 3 }), 6, 10), 300, 16, 'sb-kray');
    slot('schulung', 'training', 'Grundschulung Teil 2: Demenz und Datenschutz', next(now.plus({ weeks: 4 }), 6, 10), 300, 16, 'sb-kray');
    slot('seniorenbegleitung', 'visit_round', 'Besuchsrunde Seniorenheim Kray', next(now.plus({ weeks: 1 }), 3, 15), 120, 3, 'treff-kray', true);
    const festHelp = slot('quartiershelfer', 'event_help', 'Aufbau Adventsmarkt', next(now.plus({ days: 12 }), 6, 9), 180, 2, 'sb-karnap');
    t.insert(s.signups)
      .values({ slotId: festHelp, userId: u['ehrenamt@example.org']!, name: 'Günter Wiese', email: 'ehrenamt@example.org', status: 'confirmed', queuedAt: nowDate })
      .run();
    t.insert(s.attestations)
      .values({ userId: u['ehrenamt@example.org']!, kind: 'training', programmeId: v['schulung']!, attestedOn: dateOnly(now.minus({ months: 3 })), recordedBy: u['admin@example.org']! })
      .run();
    t.insert(s.volunteerApplications)
      .values({
        programmeId: v['seniorenbegleitung']!,
        userId: u['ehrenamt@example.org']!,
        name: 'Günter Wiese',
        email: 'ehrenamt@example.org',
        quartierId: q['kray']!,
        availability: JSON.stringify([{ weekday: 2, from: '14:00', to: '18:00' }, { weekday: 4, from: '10:00', to: '12:00' }]),
        languages: 'de,pl',
        motivation: 'Ich bin seit letztem Jahr in Rente und möchte etwas Sinnvolles tun.',
        consentAt: nowDate,
        consentVersion: '2026-11',
        emailConfirmedAt: nowDate,
        status: 'aktiv',
      })
      .run();
  });
  seedDemoOffers(db, nowDate);
}
