/**
 * The demo city's Angebotslandschaft: 27 actors and 45 regular offers in the four Quartiere, of the kinds the
 * source papers name (Schuldnerberatung, Seniorengymnastik, Hausaufgabenhilfe, Sprachcafé, Kleiderkammer,
 * Selbsthilfegruppen, Sportvereine, Kitas, Wohnungsgesellschaft …), in several languages. Offers in a Treff or
 * Stadtteilbüro lie inside its opening hours: they go through the same checks as a form (writeOffer), which
 * refuses anything else. Some entries are expired, some wait for their yearly confirmation, some are outdated.
 */
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../../client';
import * as s from '../../schema';
import { writeActor, type ActorInput } from '../../../src/lib/server/offers/actors';
import { writeOffer, type OfferInput } from '../../../src/lib/server/offers/offers';
import type { ScheduleSpec } from '../../../src/lib/server/offers/schedules';
import type { WeekdayCode } from '../../../src/lib/server/events/series';

type Where = { place: string } | { street: string; postalCode: string; city?: string; locationName?: string; quartier: string };

interface DemoActor {
  key: string;
  name: string;
  kind: s.ActorKind;
  quartiere: string[];
  where: Where | null;
  description: string;
  email?: string;
  phone?: string;
  website?: string;
  languages?: string[];
  organisation?: string;
  review?: boolean;
  /** Freshness: months since the last check, and how many reminders went out since (2 = outdated). */
  checkedMonthsAgo?: number;
  reminders?: 0 | 1 | 2;
}

interface DemoOffer {
  actor: string;
  title: string;
  type: s.OfferType;
  description: string;
  where?: Where;
  when: (string | ScheduleSpec)[];
  languages?: string[];
  groups?: string[];
  cost?: string;
  registration?: boolean;
  byAppointment?: string;
  /** Months from now (negative = past). */
  validFrom?: number;
  validUntil?: number;
  calendar?: boolean;
}

/** "TU 10:00-12:00", "TU,TH 15:00-17:00", "2x MO 18:00-20:00" (every other week), "1WE 15:00-17:00" (monthly). */
function when(text: string): ScheduleSpec {
  const match = /^(2x )?(-1|[1-4])?([A-Z,]+) (\d\d:\d\d)-(\d\d:\d\d)$/.exec(text);
  if (!match) throw new Error(`bad demo schedule ${text}`);
  const [, fortnightly, week, days, opensAt, closesAt] = match as unknown as [string, string | undefined, string | undefined, string, string, string];
  if (week) return { freq: 'monthly', interval: 1, monthWeek: Number(week) as 1, weekday: days as WeekdayCode, opensAt, closesAt };
  return { freq: 'weekly', interval: fortnightly ? 2 : 1, weekdays: days.split(',') as WeekdayCode[], opensAt, closesAt };
}

const K = 'kray';
const B = 'bergmannsfeld-hoersterfeld';
const N = 'karnap';
const F = 'frohnhausen';

const demoActors: DemoActor[] = [
  {
    key: 'bv',
    name: 'Bürgerverein Kray e.V.',
    kind: 'buergerverein',
    quartiere: [K],
    where: { place: 'stadtteilbuero-kray' },
    organisation: 'buergerverein-kray',
    email: 'verein@example.org',
    phone: '0201 123 45 60',
    website: 'https://buergerverein-kray.example.org',
    description: 'Seit 1952 für Kray: Stadtteilfeste, Bürgersprechstunde, Seniorengymnastik und der Adventsmarkt am Krayer Markt.',
  },
  {
    key: 'kirche',
    name: 'Kath. Kirchengemeinde St. Barbara',
    kind: 'kirchengemeinde',
    quartiere: [K],
    where: { place: 'gemeindehaus-st-barbara' },
    organisation: 'kirchengemeinde-st-barbara',
    email: 'kirche@example.org',
    phone: '0201 123 45 70',
    languages: ['de', 'pl'],
    review: true,
    description: 'Gemeinde mit offenem Gemeindehaus: Kleiderkammer, Seniorencafé und Besuchsdienst, offen für alle im Quartier.',
  },
  {
    key: 'awo',
    name: 'AWO Stadtteilarbeit Frohnhausen',
    kind: 'traeger',
    quartiere: [F],
    where: { place: 'treff-am-gervinuspark' },
    organisation: 'awo-stadtteilarbeit',
    email: 'awo@example.org',
    phone: '0201 123 45 80',
    languages: ['de', 'tr', 'ar'],
    description: 'Beratung und Begegnung für alle Generationen im Treff am Gervinuspark.',
  },
  {
    key: 'caritas',
    name: 'Caritas Schuldnerberatung Essen-Ost',
    kind: 'traeger',
    quartiere: [K, B],
    where: { street: 'Krayer Straße 201', postalCode: '45307', quartier: K },
    email: 'schuldnerberatung@caritas.example.org',
    phone: '0201 555 12 00',
    languages: ['de', 'tr'],
    description: 'Kostenlose, vertrauliche Beratung bei Schulden, Mahnungen und drohender Energiesperre.',
  },
  {
    key: 'diakonie',
    name: 'Diakonie Migrationsberatung',
    kind: 'traeger',
    quartiere: [B, F],
    where: { street: 'Bonifaciusring 30', postalCode: '45309', quartier: B },
    email: 'migration@diakonie.example.org',
    phone: '0201 555 13 00',
    languages: ['de', 'en', 'ar', 'fa', 'uk'],
    description: 'Beratung für Zugewanderte: Aufenthalt, Sprachkurse, Arbeit und Wohnen.',
  },
  {
    key: 'sprachpaten',
    name: 'Initiative Sprachpaten Bergmannsfeld',
    kind: 'initiative',
    quartiere: [B],
    where: { place: 'stadtteilbuero-bergmannsfeld' },
    email: 'sprachpaten@example.org',
    languages: ['de', 'ar', 'uk', 'tr'],
    description: 'Ehrenamtliche üben Deutsch mit Nachbarinnen und Nachbarn – im Sprachcafé und im Tandem.',
  },
  {
    key: 'tus',
    name: 'TuS Kray 1904 e.V.',
    kind: 'sportverein',
    quartiere: [K],
    where: { street: 'Am Sportplatz 3', postalCode: '45307', quartier: K },
    email: 'info@tus-kray.example.org',
    phone: '0201 123 99 00',
    website: 'https://tus-kray.example.org',
    description: 'Fußball, Turnen und Gesundheitssport für alle Altersgruppen.',
  },
  {
    key: 'sg-karnap',
    name: 'SG Karnap 07',
    kind: 'sportverein',
    quartiere: [N],
    where: { street: 'Lohwiese 12', postalCode: '45329', quartier: N },
    email: 'kontakt@sg-karnap.example.org',
    description: 'Breitensport in Karnap: Walking, Tischtennis, Kinderturnen.',
    checkedMonthsAgo: 13,
    reminders: 1,
  },
  {
    key: 'djk',
    name: 'DJK Frohnhausen',
    kind: 'sportverein',
    quartiere: [F],
    where: { street: 'Gervinusstraße 40', postalCode: '45145', quartier: F },
    email: 'info@djk-frohnhausen.example.org',
    languages: ['de', 'tr'],
    description: 'Familiensportverein mit Schwimmkursen und Eltern-Kind-Turnen.',
  },
  {
    key: 'kita-regenbogen',
    name: 'Kita Regenbogen',
    kind: 'kita',
    quartiere: [F],
    where: { place: 'kita-regenbogen' },
    phone: '0201 123 77 00',
    languages: ['de', 'tr', 'ar'],
    description: 'Städtische Kita mit Familienzentrum: Elterncafé, Sprechstunden und Krabbelgruppe.',
  },
  {
    key: 'kita-st-barbara',
    name: 'Kath. Kita St. Barbara',
    kind: 'kita',
    quartiere: [K],
    where: { street: 'Barbarastraße 5', postalCode: '45307', quartier: K },
    phone: '0201 123 77 10',
    description: 'Kita der Gemeinde St. Barbara mit offenem Elterntreff.',
    checkedMonthsAgo: 15,
    reminders: 2,
  },
  {
    key: 'gs-karnap',
    name: 'Grundschule Karnap',
    kind: 'schule',
    quartiere: [N],
    where: { street: 'Schulstraße 9', postalCode: '45329', quartier: N },
    phone: '0201 123 78 00',
    description: 'Offene Ganztagsschule mit Hausaufgabenhilfe und Elternsprechstunde.',
  },
  {
    key: 'gesamtschule',
    name: 'Gesamtschule Bergmannsfeld',
    kind: 'schule',
    quartiere: [B],
    where: { street: 'Bergmannsfeldstraße 80', postalCode: '45309', quartier: B },
    phone: '0201 123 78 20',
    languages: ['de', 'en'],
    description: 'Schule im Quartier mit Lernwerkstatt für alle Jahrgänge.',
  },
  {
    key: 'shg-sucht',
    name: 'Selbsthilfegruppe Sucht Kray',
    kind: 'selbsthilfegruppe',
    quartiere: [K],
    where: { place: 'stadtteilbuero-kray' },
    phone: '0201 555 20 20',
    description: 'Anonyme Gruppe für Betroffene und Angehörige. Neue sind jederzeit willkommen.',
  },
  {
    key: 'shg-demenz',
    name: 'Gesprächskreis pflegende Angehörige',
    kind: 'selbsthilfegruppe',
    quartiere: [F],
    where: { place: 'treff-am-gervinuspark' },
    phone: '0201 555 20 30',
    description: 'Austausch für Menschen, die Angehörige mit Demenz pflegen.',
  },
  {
    key: 'shg-alleinerziehende',
    name: 'Treff Alleinerziehende Karnap',
    kind: 'selbsthilfegruppe',
    quartiere: [N],
    where: { place: 'stadtteilbuero-karnap' },
    description: 'Alleinerziehende tauschen sich aus und helfen sich gegenseitig; Kinderbetreuung vor Ort.',
    checkedMonthsAgo: 16,
    reminders: 2,
  },
  {
    key: 'wohnen',
    name: 'Allbau Wohnen – Quartiersbüro Ost',
    kind: 'wohnungsgesellschaft',
    quartiere: [K, B],
    where: { street: 'Hörsterfeldstraße 20', postalCode: '45309', quartier: B },
    email: 'quartier-ost@wohnen.example.org',
    phone: '0201 555 30 00',
    languages: ['de', 'tr', 'ru'],
    description: 'Ansprechpartner für Mieterinnen und Mieter: Sprechstunde, Nachbarschaftshilfe, Gästewohnung.',
  },
  {
    key: 'vivawest',
    name: 'Wohnungsgenossenschaft Karnap eG',
    kind: 'wohnungsgesellschaft',
    quartiere: [N],
    where: { street: 'Karnaper Straße 120', postalCode: '45329', quartier: N },
    phone: '0201 555 31 00',
    description: 'Genossenschaft mit Mietertreff und Beratung rund ums Wohnen im Alter.',
  },
  {
    key: 'tafel',
    name: 'Essener Tafel – Ausgabestelle Karnap',
    kind: 'initiative',
    quartiere: [N],
    where: { street: 'Arenbergstraße 14', postalCode: '45329', quartier: N },
    phone: '0201 555 40 00',
    languages: ['de', 'ar', 'uk'],
    description: 'Lebensmittelausgabe für Menschen mit geringem Einkommen. Bitte Nachweis mitbringen.',
  },
  {
    key: 'repair',
    name: 'Repair-Café Karnap',
    kind: 'initiative',
    quartiere: [N],
    where: { place: 'stadtteilbuero-karnap' },
    email: 'repair@example.org',
    description: 'Gemeinsam reparieren statt wegwerfen: Fahrräder, Lampen, Kleidung.',
  },
  {
    key: 'nachbarschaft',
    name: 'Nachbarschaftshilfe Frohnhausen',
    kind: 'initiative',
    quartiere: [F],
    where: { place: 'treff-am-gervinuspark' },
    phone: '0201 555 50 00',
    languages: ['de', 'pl'],
    description: 'Einkaufshilfe, Begleitung zum Arzt, kleine Reparaturen – von Nachbarn für Nachbarn.',
  },
  {
    key: 'jugend',
    name: 'Jugendzentrum Kray',
    kind: 'traeger',
    quartiere: [K],
    where: { street: 'Korthover Weg 2', postalCode: '45307', quartier: K },
    email: 'juz-kray@example.org',
    languages: ['de', 'en', 'tr'],
    description: 'Offener Treff für Jugendliche von 12 bis 21 Jahren.',
  },
  {
    key: 'buecherei',
    name: 'Stadtteilbibliothek Frohnhausen',
    kind: 'verwaltung',
    quartiere: [F],
    where: { street: 'Frohnhauser Straße 250', postalCode: '45144', quartier: F },
    phone: '0201 88 40 000',
    languages: ['de', 'en'],
    description: 'Bücher, Medien und Vorlesestunden für Kinder.',
  },
  {
    key: 'seniorenbuero',
    name: 'Seniorenbüro Essen-Ost',
    kind: 'verwaltung',
    quartiere: [K, N],
    where: { street: 'Krayer Markt 4', postalCode: '45307', quartier: K },
    phone: '0201 88 50 000',
    description: 'Beratung der Stadt für ältere Menschen: Pflege, Wohnen, Freizeit.',
  },
  {
    key: 'baeckerei',
    name: 'Bäckerei Schulte – Erzählcafé',
    kind: 'laden',
    quartiere: [B],
    where: { street: 'Hörsterfeldstraße 4', postalCode: '45309', quartier: B },
    description: 'Einmal im Monat lädt die Bäckerei zum Erzählcafé für Ältere ein.',
  },
  {
    key: 'moschee',
    name: 'Moscheegemeinde Frohnhausen e.V.',
    kind: 'initiative',
    quartiere: [F],
    where: { street: 'Mülheimer Straße 60', postalCode: '45145', quartier: F },
    languages: ['de', 'tr', 'ar'],
    description: 'Gemeinde mit Hausaufgabenhilfe und Frauenfrühstück, offen für Nachbarinnen.',
  },
  {
    key: 'kleiderkammer',
    name: 'Kleiderkammer Bergmannsfeld',
    kind: 'initiative',
    quartiere: [B],
    where: { place: 'stadtteilbuero-bergmannsfeld' },
    languages: ['de', 'uk', 'ar'],
    description: 'Gut erhaltene Kleidung für alle, die sie brauchen – Spenden willkommen.',
    checkedMonthsAgo: 13,
    reminders: 1,
  },
];

const demoOffers: DemoOffer[] = [
  {
    actor: 'bv',
    title: 'Seniorengymnastik',
    type: 'sport',
    description: 'Sanfte Gymnastik im Sitzen und Stehen, mit Musik. Bitte bequeme Kleidung mitbringen.',
    where: { place: 'quartierstreff-kray-nord' },
    when: ['WE 15:00-16:00'],
    groups: ['senioren'],
    calendar: true,
  },
  {
    actor: 'bv',
    title: 'Bürgersprechstunde des Bürgervereins',
    type: 'beratung',
    description: 'Anregungen, Fragen und Beschwerden rund um Kray – der Vorstand hört zu.',
    where: { place: 'stadtteilbuero-kray' },
    when: ['1TU 10:00-12:00'],
    groups: ['alle'],
  },
  {
    actor: 'bv',
    title: 'Spieleabend für Jung und Alt',
    type: 'treffpunkt',
    description: 'Brettspiele, Karten und Klönen.',
    where: { place: 'quartierstreff-kray-nord' },
    when: ['2x FR 18:00-20:30'],
    groups: ['alle', 'familien'],
  },
  {
    actor: 'kirche',
    title: 'Kleiderkammer St. Barbara',
    type: 'alltagshilfe',
    description: 'Kleidung für Erwachsene und Kinder gegen eine kleine Spende.',
    when: ['TH 14:00-17:00'],
    languages: ['de', 'pl'],
    groups: ['alle'],
    cost: '1 € Spende pro Teil',
  },
  {
    actor: 'kirche',
    title: 'Seniorencafé',
    type: 'treffpunkt',
    description: 'Kaffee, Kuchen und Gespräche im Gemeindehaus.',
    when: ['-1WE 15:00-17:00'],
    groups: ['senioren'],
    cost: '2 € für Kaffee und Kuchen',
    calendar: true,
  },
  {
    actor: 'kirche',
    title: 'Besuchsdienst',
    type: 'alltagshilfe',
    description: 'Ehrenamtliche besuchen ältere Menschen zu Hause.',
    when: [],
    byAppointment: 'Nach telefonischer Vereinbarung im Pfarrbüro.',
    groups: ['senioren'],
  },
  {
    actor: 'awo',
    title: 'Sozialberatung',
    type: 'beratung',
    description: 'Hilfe bei Anträgen (Bürgergeld, Wohngeld, Kinderzuschlag) und Behördenbriefen.',
    when: ['MO 10:00-12:00', 'TH 15:00-18:00'],
    languages: ['de', 'tr', 'ar'],
    groups: ['alle'],
  },
  {
    actor: 'awo',
    title: 'Mittagstisch',
    type: 'treffpunkt',
    description: 'Warmes Mittagessen in Gesellschaft.',
    when: ['TU,TH 12:00-13:30'],
    groups: ['senioren', 'alle'],
    cost: '3,50 € pro Essen',
    registration: true,
  },
  {
    actor: 'awo',
    title: 'Frauenfrühstück international',
    type: 'treffpunkt',
    description: 'Frühstück und Austausch für Frauen aus aller Welt.',
    when: ['FR 10:00-12:00'],
    languages: ['de', 'tr', 'ar', 'fa'],
    groups: ['alle'],
  },
  {
    actor: 'caritas',
    title: 'Schuldnerberatung',
    type: 'beratung',
    description: 'Vertrauliche Beratung bei Schulden. Bitte Unterlagen mitbringen.',
    where: { place: 'stadtteilbuero-kray' },
    when: ['TU 10:00-12:00'],
    languages: ['de', 'tr'],
    groups: ['alle'],
    byAppointment: 'Weitere Termine nach Vereinbarung: 0201 555 12 00.',
  },
  {
    actor: 'caritas',
    title: 'Energieschulden-Sprechstunde',
    type: 'beratung',
    description: 'Schnelle Hilfe bei drohender Strom- oder Gassperre.',
    where: { place: 'stadtteilbuero-bergmannsfeld' },
    when: ['WE 10:00-12:00'],
    groups: ['alle'],
  },
  {
    actor: 'diakonie',
    title: 'Migrationsberatung',
    type: 'beratung',
    description: 'Beratung zu Aufenthalt, Integrationskurs und Anerkennung von Abschlüssen.',
    where: { place: 'stadtteilbuero-bergmannsfeld' },
    when: ['MO 10:00-13:00'],
    languages: ['de', 'en', 'ar', 'fa', 'uk'],
    groups: ['alle'],
  },
  {
    actor: 'diakonie',
    title: 'Beratung für Geflüchtete aus der Ukraine',
    type: 'beratung',
    description: 'Консультації українською мовою: документи, житло, школа.',
    where: { place: 'treff-am-gervinuspark' },
    when: ['WE 14:00-16:00'],
    languages: ['uk', 'ru', 'de'],
    groups: ['alle'],
    validFrom: -10,
    validUntil: -1,
  },
  {
    actor: 'sprachpaten',
    title: 'Sprachcafé',
    type: 'bildung',
    description: 'Deutsch sprechen üben bei Tee und Gebäck – alle Niveaus willkommen.',
    where: { place: 'stadtteilbuero-bergmannsfeld' },
    when: ['TH 15:00-17:00'],
    languages: ['de', 'ar', 'uk', 'tr'],
    groups: ['alle'],
    calendar: true,
  },
  {
    actor: 'sprachpaten',
    title: 'Lesepaten für Kinder',
    type: 'kinder_jugend',
    description: 'Vorlesen und gemeinsam lesen für Grundschulkinder.',
    where: { place: 'stadtteilbuero-bergmannsfeld' },
    when: ['WE 14:00-15:30'],
    groups: ['kinder'],
  },
  {
    actor: 'tus',
    title: 'Rückenfit',
    type: 'sport',
    description: 'Gesundheitssport für einen starken Rücken.',
    when: ['MO 18:00-19:00'],
    groups: ['alle'],
    cost: 'Für Mitglieder frei, Gäste 3 €',
  },
  {
    actor: 'tus',
    title: 'Kinderturnen',
    type: 'sport',
    description: 'Bewegungsspaß für Kinder von 3 bis 6 Jahren.',
    when: ['TU 16:00-17:00'],
    groups: ['kinder'],
    cost: 'Mitgliedsbeitrag',
  },
  {
    actor: 'sg-karnap',
    title: 'Walking-Treff',
    type: 'sport',
    description: 'Gemeinsam walken rund um den Karnaper Volkspark.',
    where: { street: 'Volkspark Karnap, Eingang Lohwiese', postalCode: '45329', quartier: N, locationName: 'Volkspark Karnap' },
    when: ['SA 09:00-10:30'],
    groups: ['senioren', 'alle'],
  },
  {
    actor: 'sg-karnap',
    title: 'Tischtennis für Ältere',
    type: 'sport',
    description: 'Tischtennis ohne Leistungsdruck.',
    when: ['TH 10:00-12:00'],
    groups: ['senioren'],
  },
  {
    actor: 'djk',
    title: 'Schwimmkurs für Kinder',
    type: 'sport',
    description: 'Seepferdchen-Kurs, 10 Termine.',
    where: { street: 'Hallenbad West, Rüttenscheider Str. 1', postalCode: '45145', quartier: F, locationName: 'Hallenbad West' },
    when: ['SA 10:00-11:00'],
    languages: ['de', 'tr'],
    groups: ['kinder'],
    cost: '60 € für den Kurs',
    registration: true,
    validFrom: 1,
    validUntil: 4,
  },
  {
    actor: 'djk',
    title: 'Eltern-Kind-Turnen',
    type: 'sport',
    description: 'Turnen für Kinder ab 1 Jahr mit einem Elternteil.',
    when: ['WE 16:00-17:00'],
    groups: ['familien', 'kinder'],
  },
  {
    actor: 'kita-regenbogen',
    title: 'Elterncafé',
    type: 'treffpunkt',
    description: 'Eltern treffen sich, Fachkräfte beantworten Fragen.',
    when: ['TU 08:30-10:00'],
    languages: ['de', 'tr', 'ar'],
    groups: ['familien'],
  },
  {
    actor: 'kita-regenbogen',
    title: 'Krabbelgruppe',
    type: 'kinder_jugend',
    description: 'Für Babys und Kleinkinder bis 3 Jahre mit Eltern.',
    when: ['TH 09:30-11:00'],
    groups: ['familien', 'kinder'],
  },
  {
    actor: 'kita-st-barbara',
    title: 'Offener Elterntreff',
    type: 'treffpunkt',
    description: 'Austausch für Eltern im Quartier.',
    when: ['FR 14:30-16:00'],
    groups: ['familien'],
  },
  {
    actor: 'gs-karnap',
    title: 'Hausaufgabenhilfe',
    type: 'kinder_jugend',
    description: 'Ehrenamtliche helfen Kindern der Klassen 1–4 bei den Hausaufgaben.',
    where: { place: 'stadtteilbuero-karnap' },
    when: ['TU,TH 12:30-14:00'],
    groups: ['kinder'],
  },
  {
    actor: 'gesamtschule',
    title: 'Lernwerkstatt',
    type: 'bildung',
    description: 'Lernen mit Unterstützung für Schülerinnen und Schüler ab Klasse 5.',
    when: ['MO,WE 14:00-16:00'],
    languages: ['de', 'en'],
    groups: ['jugendliche'],
  },
  {
    actor: 'gesamtschule',
    title: 'Bewerbungstraining',
    type: 'bildung',
    description: 'Lebenslauf, Anschreiben, Vorstellungsgespräch üben.',
    when: ['TH 14:00-16:00'],
    groups: ['jugendliche'],
    validFrom: -8,
    validUntil: -2,
  },
  {
    actor: 'shg-sucht',
    title: 'Selbsthilfegruppe Sucht',
    type: 'kurs',
    description: 'Gesprächsgruppe für Betroffene und Angehörige, anonym und kostenlos.',
    where: { place: 'stadtteilbuero-kray' },
    when: ['TH 14:30-16:30'],
    groups: ['alle'],
  },
  {
    actor: 'shg-demenz',
    title: 'Gesprächskreis pflegende Angehörige',
    type: 'kurs',
    description: 'Erfahrungen teilen, Entlastung finden.',
    when: ['1MO 15:00-16:30'],
    groups: ['alle'],
    calendar: true,
  },
  {
    actor: 'shg-alleinerziehende',
    title: 'Treff Alleinerziehende',
    type: 'treffpunkt',
    description: 'Austausch, Tipps und Kinderbetreuung.',
    when: ['SA 10:00-12:00'],
    groups: ['familien'],
  },
  {
    actor: 'wohnen',
    title: 'Mietersprechstunde',
    type: 'beratung',
    description: 'Fragen zu Nebenkosten, Reparaturen und Wohnungstausch.',
    where: { place: 'stadtteilbuero-bergmannsfeld' },
    when: ['TH 15:00-18:00'],
    languages: ['de', 'tr', 'ru'],
    groups: ['alle'],
  },
  {
    actor: 'wohnen',
    title: 'Mietersprechstunde Kray',
    type: 'beratung',
    description: 'Die Sprechstunde des Quartiersbüros im Stadtteilbüro Kray.',
    where: { place: 'stadtteilbuero-kray' },
    when: ['2TH 09:00-11:00'],
    groups: ['alle'],
  },
  {
    actor: 'vivawest',
    title: 'Mietertreff',
    type: 'treffpunkt',
    description: 'Kaffee und Kennenlernen im Gemeinschaftsraum.',
    when: ['WE 15:00-17:00'],
    groups: ['senioren', 'alle'],
  },
  {
    actor: 'vivawest',
    title: 'Beratung Wohnen im Alter',
    type: 'beratung',
    description: 'Wohnungsanpassung, Umzug, Hilfen im Haushalt.',
    when: [],
    byAppointment: 'Termine nach Vereinbarung: 0201 555 31 00.',
    groups: ['senioren'],
  },
  {
    actor: 'tafel',
    title: 'Lebensmittelausgabe',
    type: 'alltagshilfe',
    description: 'Ausgabe von Lebensmitteln gegen einen kleinen Beitrag.',
    when: ['TU,FR 13:00-15:00'],
    languages: ['de', 'ar', 'uk'],
    groups: ['alle'],
    cost: '2 € pro Einkauf',
  },
  {
    actor: 'repair',
    title: 'Repair-Café',
    type: 'treffpunkt',
    description: 'Bringen Sie mit, was kaputt ist – wir reparieren gemeinsam.',
    where: { place: 'stadtteilbuero-karnap' },
    when: ['1SA 10:00-13:00'],
    groups: ['alle'],
    calendar: true,
  },
  {
    actor: 'repair',
    title: 'Fahrradwerkstatt',
    type: 'alltagshilfe',
    description: 'Selbsthilfewerkstatt für Fahrräder im Hof.',
    where: { place: 'stadtteilbuero-karnap' },
    when: ['TH 11:00-14:00'],
    groups: ['jugendliche', 'alle'],
  },
  {
    actor: 'nachbarschaft',
    title: 'Einkaufshilfe und Begleitung',
    type: 'alltagshilfe',
    description: 'Wir kaufen für Sie ein oder begleiten Sie zum Arzt.',
    when: [],
    byAppointment: 'Anruf genügt: 0201 555 50 00 (Mo–Fr 9–12 Uhr).',
    languages: ['de', 'pl'],
    groups: ['senioren'],
  },
  {
    actor: 'nachbarschaft',
    title: 'Handy-Sprechstunde',
    type: 'bildung',
    description: 'Hilfe mit Smartphone und Tablet – Schritt für Schritt.',
    when: ['WE 10:00-12:00'],
    groups: ['senioren'],
  },
  {
    actor: 'jugend',
    title: 'Offener Jugendtreff',
    type: 'kinder_jugend',
    description: 'Kicker, Musik, Hausaufgaben und Gespräche.',
    when: ['MO,TU,WE,TH 15:00-20:00'],
    languages: ['de', 'en', 'tr'],
    groups: ['jugendliche'],
  },
  {
    actor: 'jugend',
    title: 'Sommerferien-Programm',
    type: 'kinder_jugend',
    description: 'Ausflüge und Workshops in den Ferien.',
    when: ['MO,WE,FR 10:00-15:00'],
    groups: ['jugendliche', 'kinder'],
    validFrom: -6,
    validUntil: -4,
  },
  {
    actor: 'buecherei',
    title: 'Vorlesestunde',
    type: 'kultur',
    description: 'Bilderbuchkino und Vorlesen für Kinder ab 4.',
    when: ['WE 16:00-17:00'],
    languages: ['de', 'en'],
    groups: ['kinder', 'familien'],
  },
  {
    actor: 'seniorenbuero',
    title: 'Seniorenberatung',
    type: 'beratung',
    description: 'Beratung zu Pflege, Wohnen und Freizeit im Alter.',
    where: { place: 'stadtteilbuero-karnap' },
    when: ['TU 10:00-12:00'],
    groups: ['senioren'],
  },
  {
    actor: 'baeckerei',
    title: 'Erzählcafé',
    type: 'kultur',
    description: 'Geschichten von früher im Quartier, bei Kaffee und Kuchen.',
    when: ['3WE 14:30-16:00'],
    groups: ['senioren'],
    cost: 'Kaffee und Kuchen 3 €',
  },
  {
    actor: 'moschee',
    title: 'Hausaufgabenhilfe',
    type: 'kinder_jugend',
    description: 'Hilfe bei den Hausaufgaben für Kinder bis Klasse 7.',
    when: ['MO,WE 15:00-17:00'],
    languages: ['de', 'tr', 'ar'],
    groups: ['kinder'],
  },
  {
    actor: 'kleiderkammer',
    title: 'Kleiderkammer',
    type: 'alltagshilfe',
    description: 'Kleidung, Schuhe und Bettwäsche kostenlos.',
    when: ['MO 13:00-16:00'],
    languages: ['de', 'uk', 'ar'],
    groups: ['alle'],
  },
];

function whereOf(where: Where | null, ids: { place: Map<string, number>; quartier: Map<string, number> }) {
  if (where === null) return { placeId: null, street: null, postalCode: null, city: null, locationName: null };
  if ('place' in where) return { placeId: ids.place.get(where.place) ?? null, street: null, postalCode: null, city: null, locationName: null };
  return { placeId: null, street: where.street, postalCode: where.postalCode, city: where.city ?? 'Essen', locationName: where.locationName ?? null };
}

export function seedDemoOffers(db: Db, nowDate: Date = new Date()): void {
  const now = DateTime.fromJSDate(nowDate);
  db.transaction((t) => {
    const ids = {
      place: new Map(
        t
          .select()
          .from(s.places)
          .all()
          .map((p) => [p.slug, p.id]),
      ),
      quartier: new Map(
        t
          .select()
          .from(s.quartiere)
          .all()
          .map((q) => [q.slug, q.id]),
      ),
    };
    const placeQuartier = new Map(
      t
        .select()
        .from(s.places)
        .all()
        .map((p) => [p.id, p.quartierId]),
    );
    const organisationIds = new Map(
      t
        .select()
        .from(s.organisations)
        .all()
        .map((o) => [o.slug, o.id]),
    );
    const groupIds = new Map(
      t
        .select()
        .from(s.targetGroups)
        .all()
        .map((g) => [g.slug, g.id]),
    );
    const actors = new Map<string, s.ActorRecord>();
    for (const a of demoActors) {
      const input: ActorInput = {
        name: a.name,
        kind: a.kind,
        description: a.description,
        email: a.email ?? null,
        phone: a.phone ?? null,
        website: a.website ?? null,
        languages: a.languages ?? ['de'],
        stepFree: false,
        accessibilityNotes: '',
        quartierIds: a.quartiere.map((slug) => ids.quartier.get(slug)!),
        ...whereOf(a.where, ids),
      };
      const organisationId = a.organisation ? (organisationIds.get(a.organisation) ?? null) : null;
      actors.set(a.key, writeActor(t, null, input, { organisationId, reviewMemberChanges: a.review ?? false }, nowDate));
    }
    for (const o of demoOffers) {
      const actor = actors.get(o.actor)!;
      const demoActor = demoActors.find((a) => a.key === o.actor)!;
      const whereSpec = o.where ?? demoActor.where;
      const where = whereOf(whereSpec, ids);
      const quartierSlug = whereSpec && 'quartier' in whereSpec ? whereSpec.quartier : demoActor.quartiere[0]!;
      const quartierId = where.placeId !== null ? placeQuartier.get(where.placeId)! : ids.quartier.get(quartierSlug)!;
      const validFrom = o.validFrom === undefined ? null : now.plus({ months: o.validFrom }).toISODate();
      const validUntil = o.validUntil === undefined ? null : now.plus({ months: o.validUntil }).toISODate();
      // An offer that has ended was entered while it ran: check it as of its first month.
      const writtenAt = o.validUntil !== undefined && o.validUntil < 0 ? now.plus({ months: o.validFrom ?? o.validUntil - 3 }).toJSDate() : nowDate;
      const input: OfferInput = {
        title: o.title,
        description: o.description,
        type: o.type,
        quartierId,
        targetGroupIds: (o.groups ?? ['alle']).map((g) => groupIds.get(g)!),
        languages: o.languages ?? ['de'],
        isFree: o.cost === undefined,
        cost: o.cost ?? '',
        registrationRequired: o.registration ?? false,
        stepFree: false,
        accessibilityNotes: '',
        ...where,
        byAppointment: o.byAppointment !== undefined,
        scheduleNote: o.byAppointment ?? '',
        schedules: o.when.map((w) => (typeof w === 'string' ? when(w) : w)),
        validFrom,
        validUntil,
        contactName: null,
        contactEmail: null,
        contactPhone: null,
        inCalendar: o.calendar ?? false,
      };
      writeOffer(t, actor, null, input, 'published', writtenAt);
    }
    // Freshness: entries checked long ago, some reminded once, some twice and so "möglicherweise veraltet".
    for (const a of demoActors) {
      const actor = actors.get(a.key)!;
      const checkedAt = now.minus({ months: a.checkedMonthsAgo ?? 2 }).toJSDate();
      const reminderSentAt = a.reminders ? now.minus({ weeks: a.reminders === 2 ? 4 : 1 }).toJSDate() : null;
      t.update(s.actors)
        .set({ checkedAt, reminderStage: a.reminders ?? 0, reminderSentAt })
        .where(eq(s.actors.id, actor.id))
        .run();
      t.update(s.offers).set({ checkedAt }).where(eq(s.offers.actorId, actor.id)).run();
    }
  });
}
