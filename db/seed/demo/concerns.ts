/**
 * Demo data of the concerns area: offices and who is responsible for what, concerns in every state across the
 * four Quartiere (the kinds the Aachen paper names: Spielplatz, "wilder" Müll, Schlaglöcher), two
 * Quartiershelfer routes with past rounds, and the demo helper account. All dates are relative to `now`.
 * Rows are written directly (with their timeline) so seeding queues no mails.
 */
import { DateTime } from 'luxon';
import type { Db } from '../../client';
import { eq } from 'drizzle-orm';
import * as s from '../../schema';
import { isClosed } from '../../../src/lib/server/concerns/states';

const ZONE = 'Europe/Berlin';

export const demoHelperAccount = { email: 'quartiershelfer@example.org', displayName: 'Dennis Yilmaz (Quartiershelfer)', role: 'member' } as const;

const offices = [
  { key: 'gruen', name: 'Grünflächenamt', email: 'gruenflaechen@example.org', phone: '0201 88 67 000' },
  { key: 'strasse', name: 'Amt für Straßen und Verkehr', email: 'strassen@example.org', phone: '0201 88 66 000' },
  { key: 'ebe', name: 'Entsorgungsbetriebe Essen', email: 'entsorgung@example.org', phone: '0201 854 12 34' },
  { key: 'allbau', name: 'Allbau Wohnungsgesellschaft (Kundenservice)', email: 'kundenservice-allbau@example.org', phone: '0201 20 79 0' },
  { key: 'ordnung', name: 'Ordnungsamt', email: 'ordnungsamt@example.org', phone: '0201 88 32 000' },
] as const;
type OfficeKey = (typeof offices)[number]['key'];

/** Category → office; in Bergmannsfeld/Hörsterfeld the housing company looks after rubbish and the rest. */
const routing: Record<string, OfficeKey> = {
  spielplatz: 'gruen',
  gruen: 'gruen',
  muell: 'ebe',
  'strasse-gehweg': 'strasse',
  beleuchtung: 'strasse',
  sonstiges: 'ordnung',
};
const bergmannsfeldRouting: Record<string, OfficeKey> = { muell: 'allbau', sonstiges: 'allbau' };

type Step =
  | { do: 'review'; day: number }
  | { do: 'forward'; day: number; office: OfficeKey; note?: string }
  | {
      do: 'answer';
      day: number;
      status: 'in_arbeit' | 'erledigt' | 'antwort_erhalten' | 'nicht_entsprochen' | 'selbst_beseitigt';
      text?: string;
      until?: number;
      byOffice?: boolean;
    }
  | { do: 'reminder'; day: number }
  | { do: 'overdue'; day: number }
  | { do: 'feedbackAsked'; day: number }
  | { do: 'reopen'; day: number; words: string }
  | { do: 'merge'; day: number; into: string };

interface DemoConcern {
  key: string;
  quartier: string;
  category: string;
  /** Days before `now` it was reported. */
  day: number;
  description: string;
  location: string;
  lat?: number;
  lon?: number;
  isPublic: boolean;
  reporter: { name?: string; email?: string; phone?: string; locale?: 'de' | 'en'; callBack?: boolean };
  source?: s.Concern['source'];
  steps: Step[];
}

const demoConcerns: DemoConcern[] = [
  {
    key: 'schaukel',
    quartier: 'kray',
    category: 'spielplatz',
    day: 12,
    description: 'Die große Schaukel auf dem Spielplatz am Kamblickweg hat eine angerissene Kette. Kinder schaukeln trotzdem darauf.',
    location: 'Spielplatz Kamblickweg, 45307 Essen',
    lat: 51.4659,
    lon: 7.0812,
    isPublic: true,
    reporter: { name: 'Sabine K.', email: 'sabine.k@example.net' },
    steps: [
      { do: 'review', day: 11 },
      { do: 'forward', day: 11, office: 'gruen' },
      {
        do: 'answer',
        day: 8,
        status: 'in_arbeit',
        until: -6,
        byOffice: true,
        text: 'Die Schaukel ist gesperrt; die Kette wird in der nächsten Woche ersetzt.',
      },
    ],
  },
  {
    key: 'sperrmuell',
    quartier: 'kray',
    category: 'muell',
    day: 16,
    description: 'Seit über einer Woche liegen ein Sofa, zwei Matratzen und Säcke mit Bauschutt an der Ecke Rotthauser Straße/Hubertstraße.',
    location: 'Ecke Rotthauser Straße/Hubertstraße',
    isPublic: true,
    reporter: { email: 'anwohner.rotthauser@example.net' },
    steps: [
      { do: 'review', day: 15 },
      { do: 'forward', day: 15, office: 'ebe' },
      { do: 'answer', day: 9, status: 'erledigt', byOffice: true, text: 'Der Sperrmüll wurde am Dienstag abgeholt. Wir beobachten die Stelle.' },
    ],
  },
  {
    key: 'schlagloch',
    quartier: 'kray',
    category: 'strasse-gehweg',
    day: 21,
    description: 'Tiefes Schlagloch auf der Krayer Straße vor Hausnummer 210. Radfahrende weichen auf den Gehweg aus.',
    location: 'Krayer Straße 210',
    lat: 51.4622,
    lon: 7.0745,
    isPublic: true,
    reporter: { name: 'Herr Brückner', email: 'h.brueckner@example.net' },
    steps: [
      { do: 'review', day: 20 },
      { do: 'forward', day: 20, office: 'strasse', note: 'Bitte mit Vorrang: Schulweg.' },
      { do: 'reminder', day: 6 },
    ],
  },
  {
    key: 'schlagloch2',
    quartier: 'kray',
    category: 'strasse-gehweg',
    day: 18,
    description: 'Riesiges Loch in der Fahrbahn Krayer Straße, etwa auf Höhe der Apotheke.',
    location: 'Krayer Straße, Höhe Apotheke',
    isPublic: true,
    reporter: { email: 'mia.r@example.net', locale: 'en' },
    steps: [
      { do: 'review', day: 17 },
      { do: 'merge', day: 17, into: 'schlagloch' },
    ],
  },
  {
    key: 'laternen',
    quartier: 'kray',
    category: 'beleuchtung',
    day: 2,
    description: 'Zwei Straßenlaternen im Fußweg zwischen Krayer Markt und S-Bahnhof Kray Süd sind seit Wochen dunkel. Abends ist es dort unheimlich.',
    location: 'Fußweg Krayer Markt – S-Bahnhof Kray Süd',
    isPublic: true,
    reporter: { email: 'nachbarin.kray@example.net' },
    steps: [],
  },
  {
    key: 'hecke',
    quartier: 'kray',
    category: 'gruen',
    day: 4,
    description: 'Die Hecke am Seniorenheim ragt so weit in den Gehweg, dass man mit dem Rollator nicht mehr vorbeikommt.',
    location: 'Gehweg am Seniorenheim, Kamblickweg',
    isPublic: false,
    reporter: { name: 'Frau Wiese', phone: '0201 55 12 34', callBack: true },
    source: 'staff',
    steps: [{ do: 'review', day: 3 }],
  },
  {
    key: 'container',
    quartier: 'bergmannsfeld-hoersterfeld',
    category: 'muell',
    day: 3,
    description: 'Die Müllcontainer hinter dem Hochhaus Bonifaciusring quellen über; abends sind dort Ratten zu sehen.',
    location: 'Bonifaciusring, Containerplatz hinter dem Hochhaus',
    lat: 51.4706,
    lon: 7.0928,
    isPublic: true,
    reporter: { email: 'bewohner.bonifacius@example.net' },
    steps: [
      { do: 'review', day: 3 },
      { do: 'forward', day: 2, office: 'allbau' },
    ],
  },
  {
    key: 'sandkasten',
    quartier: 'bergmannsfeld-hoersterfeld',
    category: 'spielplatz',
    day: 45,
    description: 'Im Sandkasten am Hörsterfeld liegen Glasscherben.',
    location: 'Spielplatz Hörsterfeld',
    isPublic: true,
    reporter: { email: 'eltern.hoersterfeld@example.net' },
    steps: [
      { do: 'review', day: 44 },
      { do: 'forward', day: 44, office: 'gruen' },
      { do: 'answer', day: 40, status: 'erledigt', byOffice: true, text: 'Der Sand wurde gesiebt und teilweise ausgetauscht.' },
      { do: 'feedbackAsked', day: 12 },
    ],
  },
  {
    key: 'bank',
    quartier: 'bergmannsfeld-hoersterfeld',
    category: 'sonstiges',
    day: 30,
    description: 'An der Bushaltestelle Bergmannsfeld fehlt eine Bank. Ältere Menschen müssen lange stehen.',
    location: 'Bushaltestelle Bergmannsfeld',
    isPublic: true,
    reporter: { name: 'Seniorentreff Bergmannsfeld', email: 'seniorentreff@example.net' },
    steps: [
      { do: 'review', day: 29 },
      { do: 'forward', day: 29, office: 'strasse' },
      {
        do: 'answer',
        day: 20,
        status: 'nicht_entsprochen',
        byOffice: true,
        text: 'Der Gehweg ist dort nur 1,80 m breit; eine Bank würde den Weg für Rollstühle versperren. Wir prüfen einen Platz an der nächsten Haltestelle.',
      },
    ],
  },
  {
    key: 'brombeeren',
    quartier: 'karnap',
    category: 'gruen',
    day: 9,
    description: 'Der Weg am Kanalufer ist auf etwa 50 Metern von Brombeeren zugewachsen.',
    location: 'Uferweg Rhein-Herne-Kanal, Höhe Karnaper Straße',
    lat: 51.5291,
    lon: 7.0032,
    isPublic: true,
    reporter: { email: 'spaziergaenger@example.net' },
    steps: [
      { do: 'review', day: 8 },
      { do: 'forward', day: 8, office: 'gruen' },
      { do: 'answer', day: 5, status: 'in_arbeit', until: -20, byOffice: true, text: 'Der Rückschnitt ist für die übernächste Woche eingeplant.' },
    ],
  },
  {
    key: 'glascontainer',
    quartier: 'karnap',
    category: 'muell',
    day: 6,
    description: 'Am Glascontainer Karnaper Straße stehen viele Tüten mit Hausmüll und ein alter Kühlschrank – zu viel zum Mitnehmen.',
    location: 'Glascontainer Karnaper Straße',
    isPublic: true,
    reporter: { name: 'Dennis Yilmaz (Quartiershelfer)' },
    source: 'round',
    steps: [
      { do: 'review', day: 6 },
      { do: 'forward', day: 5, office: 'ebe' },
      { do: 'answer', day: 3, status: 'erledigt', byOffice: true, text: 'Abgeholt; der Kühlschrank wurde fachgerecht entsorgt.' },
    ],
  },
  {
    key: 'scherben',
    quartier: 'karnap',
    category: 'sonstiges',
    day: 5,
    description: 'Auf dem Schulhof Arenbergstraße liegen Glasscherben unter der Tischtennisplatte.',
    location: 'Schulhof Arenbergstraße',
    isPublic: true,
    reporter: { email: 'karnap.eltern@example.net' },
    steps: [
      { do: 'review', day: 5 },
      { do: 'answer', day: 4, status: 'selbst_beseitigt', text: 'Unser Quartiershelfer hat die Scherben bei der Runde am Morgen beseitigt.' },
    ],
  },
  {
    key: 'gully',
    quartier: 'karnap',
    category: 'strasse-gehweg',
    day: 14,
    description: 'Ein Gullydeckel in der Arenbergstraße klappert laut, wenn Autos darüberfahren – auch nachts.',
    location: 'Arenbergstraße 12',
    isPublic: true,
    reporter: { email: 'ruhe.bitte@example.net' },
    steps: [
      { do: 'review', day: 13 },
      { do: 'forward', day: 13, office: 'strasse' },
      { do: 'answer', day: 10, status: 'antwort_erhalten', byOffice: true, text: 'Nicht zuständig: Zuständig sind die Stadtwerke Essen (Abwasser).' },
    ],
  },
  {
    key: 'flackern',
    quartier: 'frohnhausen',
    category: 'beleuchtung',
    day: 10,
    description: 'Die Laterne am Eingang Gervinuspark flackert seit Tagen.',
    location: 'Gervinuspark, Eingang Gervinusstraße',
    lat: 51.4509,
    lon: 6.9819,
    isPublic: true,
    reporter: { email: 'park.frohnhausen@example.net' },
    steps: [
      { do: 'review', day: 9 },
      { do: 'forward', day: 9, office: 'strasse' },
      { do: 'answer', day: 2, status: 'erledigt', byOffice: true, text: 'Das Leuchtmittel wurde getauscht.' },
    ],
  },
  {
    key: 'wippe',
    quartier: 'frohnhausen',
    category: 'spielplatz',
    day: 36,
    description: 'Die Wippe auf dem Spielplatz am Frohnhauser Platz wackelt stark, die Verankerung ist lose.',
    location: 'Spielplatz Frohnhauser Platz',
    isPublic: true,
    reporter: { email: 'kita.eltern@example.net' },
    steps: [
      { do: 'review', day: 35 },
      { do: 'forward', day: 35, office: 'gruen' },
      { do: 'reminder', day: 21 },
      { do: 'overdue', day: 7 },
    ],
  },
  {
    key: 'muelleimer',
    quartier: 'frohnhausen',
    category: 'muell',
    day: 50,
    description: 'Der Mülleimer an der Haltestelle Frohnhauser Markt wird zu selten geleert und läuft über.',
    location: 'Haltestelle Frohnhauser Markt',
    isPublic: true,
    reporter: { email: 'markt.frohnhausen@example.net' },
    steps: [
      { do: 'review', day: 49 },
      { do: 'forward', day: 49, office: 'ebe' },
      { do: 'answer', day: 45, status: 'erledigt', byOffice: true, text: 'Der Behälter wird jetzt zweimal pro Woche geleert.' },
      { do: 'feedbackAsked', day: 17 },
      { do: 'reopen', day: 15, words: 'Er läuft am Wochenende immer noch über, vor allem nach dem Markt.' },
    ],
  },
  {
    key: 'baustelle',
    quartier: 'frohnhausen',
    category: 'strasse-gehweg',
    day: 1,
    description: 'Baustellenabsperrung auf dem Gehweg Mülheimer Straße liegt umgekippt auf dem Weg.',
    location: 'Mülheimer Straße 140',
    isPublic: false,
    reporter: { name: 'Herr Okafor', phone: '0201 77 88 99', callBack: true },
    source: 'staff',
    steps: [],
  },
];

export function seedDemoConcerns(t: Db, nowDate: Date, passwordHash: string): void {
  const now = DateTime.fromJSDate(nowDate).setZone(ZONE);
  const at = (daysAgo: number): Date => now.minus({ days: daysAgo }).toJSDate();
  const q = Object.fromEntries(
    t
      .select()
      .from(s.quartiere)
      .all()
      .map((row) => [row.slug, row.id]),
  ) as Record<string, number>;
  const cat = Object.fromEntries(
    t
      .select()
      .from(s.concernCategories)
      .all()
      .map((row) => [row.slug, row.id]),
  ) as Record<string, number>;
  const staff =
    t
      .select()
      .from(s.users)
      .all()
      .find((u) => u.email === 'kray@example.org')?.id ?? null;

  const office = {} as Record<OfficeKey, { id: number; name: string }>;
  for (const o of offices) office[o.key] = t.insert(s.concernOffices).values({ name: o.name, email: o.email, phone: o.phone }).returning().get();
  for (const [slug, quartierId] of Object.entries(q)) {
    for (const [category, officeKey] of Object.entries(routing)) {
      const chosen = slug === 'bergmannsfeld-hoersterfeld' ? (bergmannsfeldRouting[category] ?? officeKey) : officeKey;
      t.insert(s.concernRouting).values({ categoryId: cat[category]!, quartierId, officeId: office[chosen].id }).run();
    }
  }

  const ids: Record<string, number> = {};
  for (const c of demoConcerns) {
    const reported = at(c.day);
    const row = t
      .insert(s.concerns)
      .values({
        quartierId: q[c.quartier]!,
        categoryId: cat[c.category]!,
        description: c.description,
        locationText: c.location,
        latitude: c.lat ?? null,
        longitude: c.lon ?? null,
        isPublic: c.isPublic,
        source: c.source ?? 'web',
        reporterName: c.reporter.name ?? null,
        reporterEmail: c.reporter.email ?? null,
        reporterPhone: c.reporter.phone ?? null,
        reporterLocale: c.reporter.locale ?? 'de',
        emailConfirmedAt: c.reporter.email ? reported : null,
        callBack: c.reporter.callBack ?? false,
        createdByUserId: c.source === 'staff' ? staff : null,
        createdAt: reported,
        updatedAt: reported,
      })
      .returning()
      .get();
    ids[c.key] = row.id;
    const event = (
      day: number,
      values: Omit<s.ConcernEvent, 'id' | 'concernId' | 'at' | 'fromStatus' | 'toStatus' | 'actorUserId' | 'officeId' | 'note' | 'isPublic'> &
        Partial<s.ConcernEvent>,
    ): void => {
      t.insert(s.concernEvents)
        .values({ concernId: row.id, at: at(day), ...values })
        .run();
    };
    event(c.day, { kind: 'reported', toStatus: 'neu', isPublic: true });
    let status: s.ConcernStatus = 'neu';
    const set: Partial<s.NewConcern> = {};
    for (const step of c.steps) {
      const from = status;
      switch (step.do) {
        case 'review':
          status = 'in_pruefung';
          set.reviewedAt = at(step.day);
          event(step.day, { kind: 'status', fromStatus: from, toStatus: status, actorUserId: staff, isPublic: true });
          break;
        case 'forward':
          status = 'weitergeleitet';
          Object.assign(set, { officeId: office[step.office].id, forwardedAt: at(step.day), reminderSentAt: null, overdueAt: null });
          event(step.day, {
            kind: 'forwarded',
            fromStatus: from,
            toStatus: status,
            actorUserId: staff,
            officeId: office[step.office].id,
            note: step.note ?? '',
            isPublic: true,
          });
          break;
        case 'answer':
          status = step.status;
          set.answerText = step.text ?? null;
          if (step.until !== undefined) set.expectedOn = now.minus({ days: step.until }).toISODate();
          if (status === 'erledigt') set.resolvedAt = at(step.day);
          event(step.day, {
            kind: 'answer',
            fromStatus: from,
            toStatus: status,
            actorUserId: step.byOffice ? null : staff,
            officeId: step.byOffice ? (set.officeId ?? null) : null,
            note: step.text ?? '',
            isPublic: true,
          });
          break;
        case 'reminder':
          set.reminderSentAt = at(step.day);
          event(step.day, { kind: 'reminder', officeId: set.officeId ?? null });
          break;
        case 'overdue':
          set.overdueAt = at(step.day);
          event(step.day, { kind: 'overdue', officeId: set.officeId ?? null });
          break;
        case 'feedbackAsked':
          set.feedbackAskedAt = at(step.day);
          event(step.day, { kind: 'feedback', note: 'asked' });
          break;
        case 'reopen':
          status = 'weitergeleitet';
          Object.assign(set, { reopenedAt: at(step.day), forwardedAt: at(step.day), resolvedAt: null, feedbackAskedAt: null, closedAt: null });
          event(step.day, { kind: 'reopened', fromStatus: from, toStatus: status, officeId: set.officeId ?? null, note: step.words, isPublic: true });
          break;
        case 'merge':
          status = 'dublette';
          set.duplicateOfId = ids[step.into]!;
          event(step.day, { kind: 'merged', fromStatus: from, toStatus: status, actorUserId: staff, note: String(ids[step.into]), isPublic: true });
          break;
      }
      if (isClosed(status) && !isClosed(from)) set.closedAt = at(step.day);
      set.updatedAt = at(step.day);
    }
    t.update(s.concerns)
      .set({ ...set, status })
      .where(eq(s.concerns.id, row.id))
      .run();
  }

  // The Quartiershelfer: a member with helper scopes in Kray and Karnap, two routes and the rounds of the last days.
  const helper = t
    .insert(s.users)
    .values({ ...demoHelperAccount, passwordHash, emailVerifiedAt: nowDate })
    .returning()
    .get();
  for (const slug of ['kray', 'karnap']) t.insert(s.helperScopes).values({ userId: helper.id, quartierId: q[slug]! }).run();
  const krayRoute = t
    .insert(s.helperRoutes)
    .values({
      quartierId: q['kray']!,
      name: 'Runde Kray-Nord',
      stops: ['Krayer Markt', 'Rotthauser Straße bis Hubertstraße', 'Spielplatz Kamblickweg', 'Quartierstreff Kray-Nord', 'Bushaltestelle Kray Mitte'].join(
        '\n',
      ),
      weekdays: '1,2,3,4,5',
    })
    .returning()
    .get();
  const karnapRoute = t
    .insert(s.helperRoutes)
    .values({
      quartierId: q['karnap']!,
      name: 'Runde Karnap am Kanal',
      stops: ['Stadtteilbüro Karnap', 'Karnaper Straße (Glascontainer)', 'Uferweg Rhein-Herne-Kanal', 'Schulhof Arenbergstraße'].join('\n'),
      weekdays: '1,3,5',
    })
    .returning()
    .get();
  const round = (
    routeId: number,
    daysAgo: number,
    findings: { category: s.FindingCategory; where: string; note: string; outcome: 'selbst_beseitigt' | 'weitergegeben'; concern?: string }[],
  ): void => {
    const day = now.minus({ days: daysAgo }).set({ hour: 9, minute: 0 });
    const r = t
      .insert(s.helperRounds)
      .values({ routeId, userId: helper.id, walkedOn: day.toISODate()!, startedAt: day.toJSDate(), finishedAt: day.plus({ hours: 2 }).toJSDate() })
      .returning()
      .get();
    for (const f of findings) {
      t.insert(s.helperFindings)
        .values({
          roundId: r.id,
          category: f.category,
          locationText: f.where,
          note: f.note,
          outcome: f.outcome,
          concernId: f.concern ? ids[f.concern]! : null,
          createdAt: day.plus({ minutes: 40 }).toJSDate(),
        })
        .run();
    }
  };
  for (const daysAgo of [1, 2, 3, 4, 7, 8]) {
    const weekday = now.minus({ days: daysAgo }).weekday;
    if (weekday <= 5)
      round(
        krayRoute.id,
        daysAgo,
        daysAgo === 2 ? [{ category: 'abfall', where: 'Bushaltestelle Kray Mitte', note: 'Zwei Tüten neben dem Papierkorb', outcome: 'selbst_beseitigt' }] : [],
      );
    if ([1, 3, 5].includes(weekday)) {
      round(
        karnapRoute.id,
        daysAgo,
        daysAgo === 6 ? [] : [{ category: 'gruen', where: 'Uferweg Rhein-Herne-Kanal', note: 'Äste auf dem Weg', outcome: 'selbst_beseitigt' }],
      );
    }
  }
  round(karnapRoute.id, 6, [
    { category: 'abfall', where: 'Karnaper Straße (Glascontainer)', note: 'Tüten mit Hausmüll', outcome: 'weitergegeben', concern: 'glascontainer' },
  ]);
}
