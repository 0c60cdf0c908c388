/**
 * Seven months of events of the kinds the source papers name: weekly and monthly series (some across the March
 * daylight-saving change, one with a cancelled and a moved occurrence), single events, an all-day festival, a
 * proposed and a cancelled event. Every event gets its occurrences through `syncOccurrences`, as in the back office.
 */
import { randomUUID } from 'node:crypto';
import type { DateTime } from 'luxon';
import * as s from '../../schema';
import type { CategorySlug, TargetGroupSlug } from '../reference';
import { syncOccurrences } from '../../../src/lib/server/events/occurrences';
import { slugify } from '../../../src/lib/slug';
import { clearOfClosures, dateOnly, local, next, untilUtc, type DemoContext, type Ids } from './context';
import { placeRows, quartierRows } from './quartiere-places';

export interface DemoEvent {
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
}

/** Inserts one demo event with its Quartiere, categories and target groups and expands its occurrences; returns its id. */
export function eventSeeder({ t, nowDate }: DemoContext, ids: { q: Ids; p: Ids; u: Ids; o: Ids }): (e: DemoEvent) => number {
  const { q, p, u, o } = ids;
  const cat: Ids = Object.fromEntries(
    t
      .select()
      .from(s.categories)
      .all()
      .map((c) => [c.slug, c.id]),
  );
  const grp: Ids = Object.fromEntries(
    t
      .select()
      .from(s.targetGroups)
      .all()
      .map((g) => [g.slug, g.id]),
  );
  return (e: DemoEvent): number => {
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
}

export function seedEvents(context: DemoContext, ids: { q: Ids; p: Ids; u: Ids; o: Ids }): void {
  const { t, now, nowDate } = context;
  const { p } = ids;
  const addEvent = eventSeeder(context, ids);

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
    // Within the Stadtteilbüro's Wednesday hours (10–16 Uhr).
    start: next(now, 3, 14),
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
    start:
      next(now.startOf('month'), 2, 18, 30).plus({ weeks: 1 }) < now
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
    // The Treff closes at 21 Uhr on Fridays.
    start: next(now.plus({ days: 8 }), 5, 19),
    minutes: 120,
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
    // The same Thursday afternoons as the volunteer dates of the training.
    start: clearOfClosures(next(now.plus({ weeks: 3 }), 4, 14)),
    minutes: 240,
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
    // Back at the Stadtteilbüro before it closes at 16 Uhr.
    start: next(now.plus({ months: 2 }), 3, 10),
    minutes: 360,
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
    description: 'Wir bepflanzen gemeinsam die Baumscheiben an der Karnaper Straße mit Frühblühern und Stauden. Handschuhe und Werkzeug werden gestellt.',
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
    description: 'Das große Fest im Gervinuspark: Bühnenprogramm, Essen aus vielen Ländern, Flohmarkt, Spielmobil und Infostände der Vereine. Eintritt frei.',
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
    // On the Treff’s long Thursday (open until 20 Uhr); it is closed on Saturdays.
    start: next(now, 4, 16),
    minutes: 180,
    rrule: `FREQ=MONTHLY;BYDAY=1TH;UNTIL=${untilUtc(sixMonths)}`,
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
}
