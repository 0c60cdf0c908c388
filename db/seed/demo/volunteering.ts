/**
 * Four volunteer programmes (Seniorenbegleitung, Besuchsdienst für junge Eltern, the training, Quartiershelfer*innen)
 * with slots, and the trained volunteer's sign-up, training attestation and active application.
 */
import type { DateTime } from 'luxon';
import * as s from '../../schema';
import { clearOfClosures, dateOnly, next, type DemoContext, type Ids } from './context';

export function seedVolunteering({ t, now, nowDate }: DemoContext, ids: { q: Ids; p: Ids; u: Ids }): void {
  const { q, p, u } = ids;
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

  const slot = (
    programme: string,
    kind: (typeof s.slotKinds)[number],
    title: string,
    start: DateTime,
    minutes: number,
    needed: number,
    place: string,
    requiresTraining = false,
  ) =>
    t
      .insert(s.volunteerSlots)
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
  // Thursday afternoons, when the Stadtteilbüro Kray is open (14:00–18:00).
  const schulungTeil1 = clearOfClosures(next(now.plus({ weeks: 3 }), 4, 14));
  slot('schulung', 'training', 'Grundschulung Teil 1: Gesprächsführung', schulungTeil1, 240, 16, 'sb-kray');
  slot('schulung', 'training', 'Grundschulung Teil 2: Demenz und Datenschutz', clearOfClosures(schulungTeil1.plus({ weeks: 1 })), 240, 16, 'sb-kray');
  slot('seniorenbegleitung', 'visit_round', 'Besuchsrunde Seniorenheim Kray', clearOfClosures(next(now.plus({ weeks: 1 }), 3, 15)), 120, 3, 'treff-kray', true);
  const festHelp = slot('quartiershelfer', 'event_help', 'Aufbau Adventsmarkt', next(now.plus({ days: 12 }), 6, 10), 180, 2, 'sb-karnap');
  t.insert(s.signups)
    .values({
      slotId: festHelp,
      userId: u['ehrenamt@example.org']!,
      name: 'Günter Wiese',
      email: 'ehrenamt@example.org',
      status: 'confirmed',
      queuedAt: nowDate,
    })
    .run();
  t.insert(s.attestations)
    .values({
      userId: u['ehrenamt@example.org']!,
      kind: 'training',
      programmeId: v['schulung']!,
      attestedOn: dateOnly(now.minus({ months: 3 })),
      recordedBy: u['admin@example.org']!,
    })
    .run();
  t.insert(s.volunteerApplications)
    .values({
      programmeId: v['seniorenbegleitung']!,
      userId: u['ehrenamt@example.org']!,
      name: 'Günter Wiese',
      email: 'ehrenamt@example.org',
      quartierId: q['kray']!,
      availability: JSON.stringify([
        { weekday: 2, from: '14:00', to: '18:00' },
        { weekday: 4, from: '10:00', to: '12:00' },
      ]),
      languages: 'de,pl',
      motivation: 'Ich bin seit letztem Jahr in Rente und möchte etwas Sinnvolles tun.',
      consentAt: nowDate,
      consentVersion: '2026-11',
      emailConfirmedAt: nowDate,
      status: 'aktiv',
    })
    .run();
}
