/**
 * Goals and measures of the demo city (KDA steps 5 and 7): two or three goals per Quartier, measures in every
 * state with progress notes over the past year, linked to the demo's own events, offers, volunteer programmes and
 * concerns (looked up by title, so a renamed demo item fails the seed instead of silently dropping a link).
 * Finished measures and some notes are released for "Was wir erreicht haben". Responsible are organisations of
 * the directory or the Quartiersmanagement, never people.
 */
import { and, eq, or, isNull } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../../client';
import * as s from '../../schema';
import { ZONE } from '../../../src/lib/time';

interface DemoNote {
  /** Months from now (negative = past). */
  at: number;
  text: string;
  shown?: boolean;
}

interface DemoMeasure {
  title: string;
  description: string;
  actor?: string;
  responsible?: string;
  /** Months from now. */
  from: number;
  until?: number;
  status: s.MeasureStatus;
  outcome?: string;
  shown?: boolean;
  notes?: DemoNote[];
  events?: string[];
  offers?: string[];
  programmes?: string[];
  /** Concerns by their location text. */
  concerns?: string[];
}

interface DemoGoal {
  quartier: string;
  title: string;
  description: string;
  /** Months from now when staff recorded it. */
  recorded: number;
  measures: DemoMeasure[];
}

const demoGoals: DemoGoal[] = [
  {
    quartier: 'kray',
    title: 'Mehr Begegnung für Ältere in Kray',
    description: 'Ältere Menschen in Kray finden leichter Anschluss, kommen aus der Wohnung und sind seltener allein.',
    recorded: -12,
    measures: [
      {
        title: 'Seniorencafé im Stadtteilbüro einrichten',
        description: 'Ein fester Nachmittag im Monat mit Kaffee, Kuchen und Gesprächen, erreichbar ohne Stufen.',
        actor: 'Seniorenbüro Essen-Ost',
        from: -11,
        until: -5,
        status: 'abgeschlossen',
        outcome: 'Jeden letzten Mittwoch im Monat kommen rund 25 Gäste ins Stadtteilbüro. Viele verabreden sich inzwischen auch außerhalb des Cafés.',
        shown: true,
        notes: [
          { at: -10, text: 'Raum im Stadtteilbüro zugesagt; zwei Bäckereien spenden den Kuchen.' },
          { at: -8, text: 'Erstes Seniorencafé mit 18 Gästen, der Fahrdienst der Kirchengemeinde hat sechs Gäste abgeholt.', shown: true },
          { at: -5, text: 'Fester Termin im Programm, Aufbauphase abgeschlossen.' },
        ],
        events: ['Seniorencafé'],
        offers: ['Seniorencafé'],
      },
      {
        title: 'Besuchsdienst für allein lebende Ältere ausbauen',
        description: 'Mehr Ehrenamtliche gewinnen und schulen, damit niemand auf einen Besuch warten muss.',
        actor: 'Kath. Kirchengemeinde St. Barbara',
        from: -7,
        until: 5,
        status: 'laeuft',
        notes: [
          { at: -6, text: 'Infoabend in der Gemeinde, neun Interessierte haben sich gemeldet.' },
          { at: -2, text: 'Zwölf Ehrenamtliche besuchen jetzt regelmäßig. Die nächste Schulung ist im Dezember.', shown: true },
        ],
        events: ['Ehrenamtsschulung: Grundlagen der Seniorenbegleitung'],
        offers: ['Besuchsdienst'],
        programmes: ['Seniorenbegleitung', 'Schulung für Ehrenamtliche'],
      },
      {
        title: 'Sitzbänke auf dem Weg zum Krayer Markt',
        description: 'Drei Bänke zum Ausruhen zwischen Seniorenheim und Markt, mit der Bezirksvertretung abgestimmt.',
        responsible: 'Quartiersmanagement Kray',
        from: 2,
        status: 'geplant',
        concerns: ['Gehweg am Seniorenheim, Kamblickweg'],
      },
    ],
  },
  {
    quartier: 'kray',
    title: 'Ein sauberer und sicherer öffentlicher Raum in Kray',
    description: 'Wege, Plätze und Haltestellen sind sauber und abends gut beleuchtet.',
    recorded: -9,
    measures: [
      {
        title: 'Frühjahrsputz mit dem Bürgerverein',
        description: 'Eine gemeinsame Müllsammelaktion an einem Samstag, Zangen und Säcke stellen die Entsorgungsbetriebe.',
        actor: 'Bürgerverein Kray e.V.',
        from: -7,
        until: -7,
        status: 'abgeschlossen',
        outcome: '40 Nachbarinnen und Nachbarn haben 60 Säcke Müll gesammelt. Die wilde Müllkippe an der Rotthauser Straße ist weg.',
        shown: true,
        notes: [{ at: -7, text: 'Aktion bei gutem Wetter, anschließend Suppe im Stadtteilbüro.' }],
        concerns: ['Ecke Rotthauser Straße/Hubertstraße'],
      },
      {
        title: 'Beleuchtung am Fußweg zum S-Bahnhof verbessern',
        description: 'Den dunklen Fußweg zwischen Krayer Markt und S-Bahnhof Kray Süd prüfen und heller machen lassen.',
        responsible: 'Quartiersmanagement Kray',
        from: -1,
        status: 'laeuft',
        notes: [{ at: -0.5, text: 'An die Stadtwerke weitergegeben, Begehung ist vereinbart.' }],
        concerns: ['Fußweg Krayer Markt – S-Bahnhof Kray Süd'],
      },
      {
        title: 'Eigene Spender für Hundekotbeutel',
        description: 'Spender an den drei Grünflächen, betreut vom Bürgerverein.',
        actor: 'Bürgerverein Kray e.V.',
        from: -8,
        until: -6,
        status: 'verworfen',
        notes: [{ at: -6, text: 'Die Stadt stellt eigene Spender auf; die Maßnahme ist nicht mehr nötig.' }],
      },
    ],
  },
  {
    quartier: 'karnap',
    title: 'Junge Familien und Alleinerziehende in Karnap stärken',
    description: 'Eltern finden Unterstützung und Kontakt, Kinder Hilfe beim Lernen.',
    recorded: -12,
    measures: [
      {
        title: 'Treff für Alleinerziehende aufbauen',
        description: 'Ein wöchentlicher Treff mit Kinderbetreuung, zuerst begleitet, dann in eigener Regie.',
        actor: 'Treff Alleinerziehende Karnap',
        from: -12,
        until: -4,
        status: 'abgeschlossen',
        outcome: 'Der Treff läuft jetzt jede Woche in eigener Regie. 14 Mütter und Väter kommen regelmäßig, die Kinder werden betreut.',
        shown: true,
        notes: [
          { at: -11, text: 'Erste Treffen im Stadtteilbüro, Kinderbetreuung durch zwei Ehrenamtliche.' },
          { at: -4, text: 'Die Gruppe organisiert sich jetzt selbst; das Quartiersmanagement zieht sich zurück.', shown: true },
        ],
        offers: ['Treff Alleinerziehende'],
      },
      {
        title: 'Hausaufgabenhilfe an der Grundschule',
        description: 'Zweimal pro Woche Hilfe bei den Hausaufgaben, mit Ehrenamtlichen aus dem Quartier.',
        actor: 'Grundschule Karnap',
        from: -3,
        until: 8,
        status: 'laeuft',
        notes: [{ at: -1, text: 'Acht Ehrenamtliche und 20 Kinder, die Warteliste wird kürzer.', shown: true }],
        offers: ['Hausaufgabenhilfe'],
        programmes: ['Schulung für Ehrenamtliche'],
      },
    ],
  },
  {
    quartier: 'karnap',
    title: 'Reparieren, pflanzen, pflegen: Karnap wird grüner',
    description: 'Weniger Müll, mehr Grün am Kanal und in den Straßen.',
    recorded: -10,
    measures: [
      {
        title: 'Repair-Café und Fahrradwerkstatt bekannt machen',
        description: 'Flyer, Aushänge und ein Stand auf dem Wochenmarkt.',
        actor: 'Repair-Café Karnap',
        from: -9,
        until: -3,
        status: 'abgeschlossen',
        outcome: 'Über 200 Geräte und Fahrräder wurden in einem halben Jahr repariert statt weggeworfen.',
        shown: true,
        notes: [{ at: -6, text: 'Stand auf dem Wochenmarkt, 35 Gespräche, doppelt so viele Gäste im Repair-Café.' }],
        events: ['Repair-Café', 'Fahrradwerkstatt zum Mitmachen'],
        offers: ['Repair-Café', 'Fahrradwerkstatt'],
      },
      {
        title: 'Baumscheiben in der Karnaper Straße bepflanzen',
        description: 'Nachbarschaftliche Pflanzaktion mit Patenschaften für die Pflege.',
        actor: 'Wohnungsgenossenschaft Karnap eG',
        from: 4,
        until: 4,
        status: 'geplant',
        events: ['Bepflanzungsaktion Baumscheiben'],
        concerns: ['Uferweg Rhein-Herne-Kanal, Höhe Karnaper Straße'],
        programmes: ['Quartiershelfer*innen'],
      },
    ],
  },
  {
    quartier: 'bergmannsfeld-hoersterfeld',
    title: 'Sprache und Ankommen in Bergmannsfeld/Hörsterfeld',
    description: 'Neu Zugezogene lernen Deutsch im Alltag und finden Kontakt in der Nachbarschaft.',
    recorded: -11,
    measures: [
      {
        title: 'Sprachcafé zweimal pro Woche',
        description: 'Deutsch sprechen ohne Kursdruck, begleitet von Sprachpatinnen und -paten.',
        actor: 'Initiative Sprachpaten Bergmannsfeld',
        from: -8,
        status: 'laeuft',
        notes: [
          { at: -7, text: 'Zweiter Termin am Donnerstag eingerichtet.' },
          { at: -3, text: 'Im Schnitt 15 Teilnehmende aus acht Ländern, an beiden Tagen.', shown: true },
        ],
        events: ['Sprachcafé'],
        offers: ['Sprachcafé'],
      },
      {
        title: 'Lesepatenschaften für Grundschulkinder',
        description: 'Ehrenamtliche lesen wöchentlich mit Kindern, die zu Hause wenig Deutsch sprechen.',
        actor: 'Initiative Sprachpaten Bergmannsfeld',
        from: -10,
        until: -2,
        status: 'abgeschlossen',
        outcome: '22 Kinder lesen jede Woche mit einer Patin oder einem Paten; die Schule übernimmt die Patenschaften dauerhaft.',
        shown: true,
        offers: ['Lesepaten für Kinder'],
        programmes: ['Schulung für Ehrenamtliche'],
      },
    ],
  },
  {
    quartier: 'bergmannsfeld-hoersterfeld',
    title: 'Ein gepflegtes Wohnumfeld',
    description: 'Spielplätze und Containerplätze, um die sich jemand kümmert.',
    recorded: -7,
    measures: [
      {
        title: 'Spielplatz Hörsterfeld instand setzen',
        description: 'Mit der Wohnungsgesellschaft: Geräte prüfen, Sand tauschen, Zaun reparieren.',
        actor: 'Allbau Wohnen – Quartiersbüro Ost',
        from: -6,
        until: -2,
        status: 'abgeschlossen',
        outcome: 'Neue Schaukel, frischer Sand und ein reparierter Zaun: Der Spielplatz ist wieder sicher.',
        shown: true,
        concerns: ['Spielplatz Hörsterfeld'],
      },
      {
        title: 'Containerplatz am Bonifaciusring neu ordnen',
        description: 'Abschließbare Einhausung und feste Abholtage.',
        actor: 'Allbau Wohnen – Quartiersbüro Ost',
        from: -1,
        until: 3,
        status: 'laeuft',
        notes: [{ at: -0.5, text: 'Angebot für die Einhausung liegt vor, Mieterversammlung im Januar.' }],
        concerns: ['Bonifaciusring, Containerplatz hinter dem Hochhaus'],
      },
    ],
  },
  {
    quartier: 'frohnhausen',
    title: 'Pflegende Angehörige in Frohnhausen entlasten',
    description: 'Wer Angehörige pflegt, bekommt Austausch, Beratung und Hilfe im Alltag.',
    recorded: -12,
    measures: [
      {
        title: 'Gesprächskreis für pflegende Angehörige',
        description: 'Ein monatlicher Abend zum Austausch, mit Fachleuten als Gästen.',
        actor: 'Gesprächskreis pflegende Angehörige',
        from: -10,
        status: 'laeuft',
        notes: [
          { at: -9, text: 'Erster Abend mit elf Teilnehmenden, Gast: Pflegeberatung der Stadt.' },
          { at: -2, text: 'Der Kreis trifft sich jetzt jeden Monat; Betreuung für die Pflegebedürftigen während des Treffens ist organisiert.', shown: true },
        ],
        events: ['Gesprächskreis pflegende Angehörige'],
        offers: ['Gesprächskreis pflegende Angehörige'],
      },
      {
        title: 'Einkaufshilfe und Begleitung zu Terminen',
        description: 'Ehrenamtliche begleiten ältere Menschen beim Einkaufen und zum Arzt.',
        actor: 'Nachbarschaftshilfe Frohnhausen',
        from: -11,
        until: -4,
        status: 'abgeschlossen',
        outcome: 'Jede Woche begleiten Ehrenamtliche rund 30 ältere Menschen zum Einkaufen oder zum Arzt.',
        shown: true,
        offers: ['Einkaufshilfe und Begleitung'],
        programmes: ['Schulung für Ehrenamtliche'],
      },
    ],
  },
  {
    quartier: 'frohnhausen',
    title: 'Ein lebendiger Gervinuspark',
    description: 'Der Park ist ein sicherer, heller Treffpunkt für alle Generationen.',
    recorded: -6,
    measures: [
      {
        title: 'Beleuchtung am Parkeingang Gervinusstraße',
        description: 'Defekte Laternen ersetzen lassen, Rückschnitt der Hecken.',
        responsible: 'Quartiersmanagement Frohnhausen',
        from: -5,
        until: -3,
        status: 'abgeschlossen',
        outcome: 'Der Eingang an der Gervinusstraße ist abends wieder hell; die Hecken sind zurückgeschnitten.',
        shown: true,
        concerns: ['Gervinuspark, Eingang Gervinusstraße'],
      },
      {
        title: 'Stadtteilfest im Park vorbereiten',
        description: 'Vereine, Kitas und Gemeinden gestalten gemeinsam ein Fest für das ganze Quartier.',
        actor: 'AWO Stadtteilarbeit Frohnhausen',
        from: 1,
        until: 7,
        status: 'geplant',
        events: ['Stadtteilfest Frohnhausen'],
      },
    ],
  },
];

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`demo goals: ${what} not found`);
  return value;
}

export function seedDemoGoals(db: Db, nowDate: Date): void {
  const now = DateTime.fromJSDate(nowDate).setZone(ZONE);
  const at = (months: number): DateTime => now.plus({ days: Math.round(months * 30.4) });
  db.transaction((t) => {
    for (const goal of demoGoals) {
      const quartier = required(t.select().from(s.quartiere).where(eq(s.quartiere.slug, goal.quartier)).get(), goal.quartier);
      const recorded = at(goal.recorded).toJSDate();
      const goalId = t
        .insert(s.goals)
        .values({ quartierId: quartier.id, title: goal.title, description: goal.description, createdAt: recorded, updatedAt: recorded })
        .returning({ id: s.goals.id })
        .get().id;
      for (const m of goal.measures) {
        const actorId = m.actor
          ? required(
              t
                .select({ id: s.actors.id })
                .from(s.actors)
                .innerJoin(s.actorQuartiere, and(eq(s.actorQuartiere.actorId, s.actors.id), eq(s.actorQuartiere.quartierId, quartier.id)))
                .where(eq(s.actors.name, m.actor))
                .get(),
              m.actor,
            ).id
          : null;
        const endsOn = m.until === undefined ? null : at(m.until).toISODate();
        const finishedAt = m.until === undefined ? now : at(m.until);
        const measureId = t
          .insert(s.measures)
          .values({
            goalId,
            title: m.title,
            description: m.description,
            actorId,
            responsibleText: m.responsible ?? '',
            startsOn: at(m.from).toISODate(),
            endsOn,
            status: m.status,
            outcome: m.outcome ?? '',
            publicSince: m.shown ? finishedAt.plus({ days: 3 }).toJSDate() : null,
            createdAt: recorded,
            updatedAt: finishedAt.toJSDate(),
          })
          .returning({ id: s.measures.id })
          .get().id;
        for (const note of m.notes ?? []) {
          const day = at(note.at);
          t.insert(s.measureNotes)
            .values({
              measureId,
              notedOn: day.toISODate()!,
              text: note.text,
              authorRole: 'quartiersmanagement',
              publicSince: note.shown ? day.plus({ days: 1 }).toJSDate() : null,
              createdAt: day.toJSDate(),
            })
            .run();
        }
        const link = (kind: s.MeasureLinkKind, itemId: number): void => void t.insert(s.measureLinks).values({ measureId, kind, itemId }).run();
        for (const title of m.events ?? [])
          for (const e of t
            .select({ id: s.events.id })
            .from(s.events)
            .innerJoin(s.eventQuartiere, and(eq(s.eventQuartiere.eventId, s.events.id), eq(s.eventQuartiere.quartierId, quartier.id)))
            .where(eq(s.events.title, title))
            .all())
            link('event', e.id);
        for (const title of m.offers ?? [])
          link(
            'offer',
            required(
              t
                .select({ id: s.offers.id })
                .from(s.offers)
                .where(and(eq(s.offers.quartierId, quartier.id), eq(s.offers.title, title)))
                .get(),
              title,
            ).id,
          );
        for (const name of m.programmes ?? [])
          link(
            'programme',
            required(
              t
                .select({ id: s.volunteerProgrammes.id })
                .from(s.volunteerProgrammes)
                .where(
                  and(eq(s.volunteerProgrammes.name, name), or(eq(s.volunteerProgrammes.quartierId, quartier.id), isNull(s.volunteerProgrammes.quartierId))),
                )
                .get(),
              name,
            ).id,
          );
        for (const location of m.concerns ?? [])
          link(
            'concern',
            required(
              t
                .select({ id: s.concerns.id })
                .from(s.concerns)
                .where(and(eq(s.concerns.quartierId, quartier.id), eq(s.concerns.locationText, location)))
                .get(),
              location,
            ).id,
          );
      }
    }
  });
}
