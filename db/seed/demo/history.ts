/**
 * The demo city's past year, so the Quartiersbericht has something to say: series that ran until the winter break
 * and single events of the last twelve months, with the number of people who came for most dates (some are still
 * missing, as in real life). A date on which its place was closed (Christmas break, a public holiday) is cancelled,
 * so no event takes place in a closed Treff. Counts are derived from the date's position, never random, so every
 * fresh database is the same.
 */
import { and, eq, lte } from 'drizzle-orm';
import { DateTime } from 'luxon';
import * as s from '../../schema';
import { loadPlaceHours } from '../../../src/lib/server/places';
import { isOpenAt } from '../../../src/lib/server/places/opening-hours';
import { syncOccurrences } from '../../../src/lib/server/events/occurrences';
import { dateOnly, next, untilUtc, type DemoContext, type Ids } from './context';
import { eventSeeder, type DemoEvent } from './events';

interface PastEvent extends DemoEvent {
  /** Typical attendance and how much it varies from date to date. */
  usual: number;
  spread: number;
  /** Who enters the numbers (an e-mail of a demo account). */
  recorder: string;
}

/** A number between 0 and 1 that looks random but depends only on its inputs. */
function wobble(seed: number): number {
  const x = Math.sin(seed * 12.9898) * 43758.5453;
  return x - Math.floor(x);
}

export function seedHistory(context: DemoContext, ids: { q: Ids; p: Ids; u: Ids; o: Ids }): void {
  const { t, now, nowDate } = context;
  const { p, u } = ids;
  const yearAgo = now.minus({ years: 1 }).startOf('day');
  const winterBreak = now.minus({ weeks: 2 }).startOf('day');
  const until = `UNTIL=${untilUtc(winterBreak)}`;

  // Last winter's Christmas break (this winter's is seeded with the places).
  const lastChristmas = now.month === 12 && now.day > 24 ? now : now.minus({ years: 1 });
  for (const key of ['sb-kray', 'treff-kray', 'sb-bergmannsfeld', 'treff-frohnhausen']) {
    t.insert(s.openingExceptions)
      .values({
        placeId: p[key]!,
        dateFrom: `${lastChristmas.year}-12-24`,
        dateTo: `${lastChristmas.year + 1}-01-01`,
        kind: 'closed',
        reason: 'Weihnachtspause – ab dem 2. Januar sind wir wieder für Sie da.',
      })
      .run();
  }

  const past: PastEvent[] = [
    {
      title: 'Seniorennachmittag im Treff',
      description: 'Spiele, Gedächtnistraining und Gespräche bei Kaffee. Jeden Mittwoch, ohne Anmeldung.',
      start: next(yearAgo, 3, 15),
      minutes: 120,
      rrule: `FREQ=WEEKLY;BYDAY=WE;${until}`,
      place: 'treff-kray',
      quartiere: ['kray'],
      categories: ['cafe-treffpunkt'],
      groups: ['senioren'],
      organisation: 'bv',
      organiserName: 'Bürgerverein Kray e.V.',
      usual: 18,
      spread: 10,
      recorder: 'verein@example.org',
    },
    {
      title: 'Hausaufgabenhilfe',
      description: 'Ehrenamtliche helfen Schulkindern bei den Hausaufgaben. Bitte Hefte und Bücher mitbringen.',
      start: next(yearAgo, 4, 15),
      minutes: 120,
      rrule: `FREQ=WEEKLY;BYDAY=TH;${until}`,
      place: 'sb-bergmannsfeld',
      quartiere: ['bergmannsfeld-hoersterfeld'],
      categories: ['bildung-schulung'],
      groups: ['kinder'],
      organiserName: 'Stadtteilbüro Bergmannsfeld/Hörsterfeld',
      usual: 9,
      spread: 6,
      recorder: 'admin@example.org',
    },
    {
      title: 'Frühstückstreff für Familien',
      description: 'Gemeinsam frühstücken, Kontakte knüpfen, Fragen zu Kita und Schule loswerden.',
      start: next(yearAgo, 2, 9, 30),
      minutes: 120,
      rrule: `FREQ=WEEKLY;BYDAY=TU;${until}`,
      place: 'treff-frohnhausen',
      quartiere: ['frohnhausen'],
      categories: ['cafe-treffpunkt'],
      groups: ['familien'],
      organisation: 'awo',
      organiserName: 'AWO Stadtteilarbeit Frohnhausen',
      createdBy: 'frohnhausen@example.org',
      usual: 14,
      spread: 8,
      recorder: 'frohnhausen@example.org',
    },
    {
      title: 'Nachbarschaftsfrühstück Karnap',
      description: 'Einmal im Monat: Frühstück im Stadtteilbüro, jede und jeder bringt etwas mit.',
      start: next(yearAgo, 6, 10),
      minutes: 150,
      rrule: `FREQ=MONTHLY;BYDAY=1SA;${until}`,
      place: 'sb-karnap',
      quartiere: ['karnap'],
      categories: ['cafe-treffpunkt'],
      groups: ['alle'],
      organiserName: 'Quartiersmanagement Karnap',
      usual: 22,
      spread: 12,
      recorder: 'kray@example.org',
    },
    {
      title: 'Sommerfest im Krayer Volksgarten',
      description: 'Musik, Spiele für Kinder, Grillstand und die Vereine des Quartiers stellen sich vor.',
      start: yearAgo.plus({ months: 7 }).set({ weekday: 6, hour: 14, minute: 0 }),
      minutes: 300,
      locationName: 'Krayer Volksgarten',
      locationAddress: 'Korthover Weg, 45307 Essen',
      quartiere: ['kray'],
      categories: ['fest'],
      groups: ['alle', 'familien', 'kinder'],
      organisation: 'bv',
      organiserName: 'Bürgerverein Kray e.V. und Quartiersmanagement',
      usual: 420,
      spread: 1,
      recorder: 'kray@example.org',
    },
    {
      title: 'Stadtteilspaziergang: Zechengeschichte in Kray',
      description: 'Ein Spaziergang zu den Spuren der Zeche Bonifacius mit einem Heimatforscher aus dem Quartier.',
      start: yearAgo.plus({ months: 4 }).set({ weekday: 7, hour: 11, minute: 0 }),
      minutes: 120,
      locationName: 'Treffpunkt Zeche Bonifacius',
      locationAddress: 'Rotthauser Straße 40, 45309 Essen',
      quartiere: ['kray'],
      categories: ['ausflug', 'kultur-film'],
      groups: ['alle', 'senioren'],
      organiserName: 'Quartiersmanagement Kray',
      usual: 27,
      spread: 1,
      recorder: 'kray@example.org',
    },
    {
      title: 'Kinoabend: Ruhrpott-Filme',
      description: 'Kurzfilme über das Ruhrgebiet von früher und heute, danach Gespräch.',
      start: yearAgo.plus({ months: 9 }).set({ weekday: 5, hour: 19, minute: 0 }),
      minutes: 120,
      place: 'treff-kray',
      quartiere: ['kray'],
      categories: ['kultur-film'],
      groups: ['alle'],
      organiserName: 'Quartierstreff Kray-Nord',
      usual: 31,
      spread: 1,
      recorder: 'kray@example.org',
    },
  ];

  const addEvent = eventSeeder(context, ids);
  const placeIds = Object.values(p);
  const hours = loadPlaceHours(
    t,
    placeIds.map((id) => ({ id, holidayRegion: 'NW' })),
    dateOnly(yearAgo),
  );
  let seed = 1;
  for (const { usual, spread, recorder, ...event } of past) {
    const eventId = addEvent(event);
    const placeHours = event.place ? hours.get(p[event.place]!) : undefined;
    const occurrences = t
      .select()
      .from(s.eventOccurrences)
      .where(and(eq(s.eventOccurrences.eventId, eventId), lte(s.eventOccurrences.endsAt, nowDate)))
      .all();
    // A date on which the place is closed (break, public holiday) does not take place.
    const closed = placeHours ? occurrences.filter((o) => !isOpenAt(placeHours, o.startsAt)) : [];
    for (const o of closed) {
      t.insert(s.eventExceptions)
        .values({ eventId, recurrenceLocal: o.recurrenceLocal, kind: 'cancelled', note: 'Fällt aus: Der Treff ist an diesem Tag geschlossen.' })
        .run();
    }
    if (event.rrule) {
      // One date of each series falls through for another reason, as they do.
      const ill = occurrences.filter((o) => !closed.includes(o))[5];
      if (ill)
        t.insert(s.eventExceptions).values({ eventId, recurrenceLocal: ill.recurrenceLocal, kind: 'cancelled', note: 'Fällt wegen Krankheit aus.' }).run();
      syncOccurrences(t, eventId, nowDate);
    }
    const held = t
      .select()
      .from(s.eventOccurrences)
      .where(and(eq(s.eventOccurrences.eventId, eventId), eq(s.eventOccurrences.status, 'scheduled'), lte(s.eventOccurrences.endsAt, nowDate)))
      .all();
    for (const o of held) {
      seed += 1;
      // About one date in eight is still missing its number.
      if (event.rrule && wobble(seed) < 0.12) continue;
      const attendees = Math.max(0, Math.round(usual + (wobble(seed * 3) - 0.5) * spread));
      const recordedAt = DateTime.fromJSDate(o.endsAt).plus({ days: 1 }).toJSDate();
      t.insert(s.eventAttendance).values({ eventId, recurrenceLocal: o.recurrenceLocal, attendees, recordedBy: u[recorder]!, recordedAt }).run();
    }
  }
}
