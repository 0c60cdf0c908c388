/**
 * The four Quartiere named after the Essen Stadtteilbüros, their Treffs, Stadtteilbüros and other venues, with
 * weekly opening hours, the Christmas break and two dated exceptions.
 */
import * as s from '../../schema';
import { dateOnly, next, type DemoContext, type Ids } from './context';

export const quartierRows: s.NewQuartier[] = [
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

export const placeRows: (Omit<s.NewPlace, 'quartierId'> & { key: string; quartier: string })[] = [
  {
    key: 'sb-kray',
    slug: 'stadtteilbuero-kray',
    quartier: 'kray',
    kind: 'stadtteilbuero',
    name: 'Stadtteilbüro Kray',
    description: 'Anlaufstelle für Bewohnerinnen und Bewohner, Vereine und Initiativen in Kray. Beratung, Informationen und Räume für Gruppen.',
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
    quartier: 'kray',
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
    quartier: 'bergmannsfeld-hoersterfeld',
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
    quartier: 'karnap',
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
    quartier: 'frohnhausen',
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
    quartier: 'frohnhausen',
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
    quartier: 'kray',
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

const openingHourRows: [place: string, weekday: number, opens: string, closes: string][] = [
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

/** Inserts the Quartiere in the order they are listed; returns their ids by slug. */
export function seedQuartiere({ t }: DemoContext): Ids {
  const q: Ids = {};
  quartierRows.forEach((row, i) => {
    q[row.slug] = t
      .insert(s.quartiere)
      .values({ ...row, sortOrder: i })
      .returning()
      .get().id;
  });
  return q;
}

/** Inserts the places with their opening hours and exceptions; returns the place ids by key. */
export function seedPlaces({ t, now }: DemoContext, q: Ids): Ids {
  const p: Ids = {};
  for (const { key, quartier, ...row } of placeRows)
    p[key] = t
      .insert(s.places)
      .values({ ...row, quartierId: q[quartier]! })
      .returning()
      .get().id;
  for (const [key, weekday, opens, closes] of openingHourRows) {
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
  return p;
}
