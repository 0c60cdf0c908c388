/**
 * Goals and measures of the large benchmark city (KDA steps 5 and 7): three goals per Quartier, each with three or
 * four measures whose state fits their dates, progress notes every few weeks while a measure runs, and links to
 * events, offers, volunteer programmes and concerns of the same Quartier. Responsible are actors of the Quartier or
 * its Quartiersmanagement, never people.
 */
import { and, asc, eq, isNull, ne, or } from 'drizzle-orm';
import type { DateTime } from 'luxon';
import * as s from '../../schema';
import { dateOf, type GenerationContext } from './context';

interface Theme {
  goal: (quartier: string) => string;
  description: string;
  measures: { title: string; description: string; outcome: string }[];
  notes: string[];
}

const THEMES: Theme[] = [
  {
    goal: (q) => `Mehr Begegnung für Ältere in ${q}`,
    description: 'Ältere Menschen finden leichter Anschluss, kommen aus der Wohnung und sind seltener allein.',
    measures: [
      {
        title: 'Seniorencafé im Stadtteilbüro',
        description: 'Ein fester Nachmittag im Monat mit Kaffee, Kuchen und Gesprächen.',
        outcome: 'Jeden Monat kommen rund 20 Gäste, viele verabreden sich inzwischen auch außerhalb des Cafés.',
      },
      {
        title: 'Besuchsdienst ausbauen',
        description: 'Mehr Ehrenamtliche gewinnen und schulen, damit niemand lange auf einen Besuch wartet.',
        outcome: 'Zehn neue Ehrenamtliche besuchen regelmäßig allein lebende Ältere.',
      },
      {
        title: 'Sitzbänke auf dem Weg zum Markt',
        description: 'Bänke zum Ausruhen zwischen Seniorenheim und Markt, mit der Bezirksvertretung abgestimmt.',
        outcome: 'Drei neue Bänke stehen; der Weg zum Markt ist für viele wieder machbar.',
      },
      {
        title: 'Handy-Sprechstunde für Ältere',
        description: 'Jugendliche erklären Smartphone und Videotelefonie.',
        outcome: 'Über 60 Beratungen; die Sprechstunde läuft weiter in der Bücherei.',
      },
    ],
    notes: [
      'Raum zugesagt, erste Termine stehen im Programm.',
      'Gut besucht, der Fahrdienst der Kirchengemeinde holt Gäste ab.',
      'Zwei neue Ehrenamtliche nach dem Infoabend.',
      'Rückmeldungen der Gäste ausgewertet, Uhrzeit angepasst.',
    ],
  },
  {
    goal: (q) => `Ein sauberer und sicherer öffentlicher Raum in ${q}`,
    description: 'Wege, Plätze und Haltestellen sind sauber und abends gut beleuchtet.',
    measures: [
      {
        title: 'Frühjahrsputz mit dem Bürgerverein',
        description: 'Gemeinsame Müllsammelaktion an einem Samstag, Zangen und Säcke stellen die Entsorgungsbetriebe.',
        outcome: '40 Nachbarinnen und Nachbarn haben 60 Säcke Müll gesammelt.',
      },
      {
        title: 'Beleuchtung am Fußweg zum Bahnhof verbessern',
        description: 'Den dunklen Fußweg prüfen und heller machen lassen.',
        outcome: 'Vier neue Laternen; der Weg wird abends wieder genutzt.',
      },
      {
        title: 'Patenschaften für Papierkörbe',
        description: 'Anwohnende melden volle Papierkörbe direkt an die Entsorgungsbetriebe.',
        outcome: 'Zwölf Patenschaften; Papierkörbe quellen seltener über.',
      },
      {
        title: 'Sprechstunde mit dem Ordnungsamt',
        description: 'Einmal im Quartal vor Ort: Fragen zu Müll, Parken und Lärm.',
        outcome: 'Vier Sprechstunden mit je rund 15 Gästen.',
      },
    ],
    notes: [
      'Mit den Entsorgungsbetrieben abgestimmt.',
      'Begehung mit der Stadt, Mängelliste weitergegeben.',
      'Die Quartiershelfer*innen melden weniger Müll an den Haltestellen.',
      'Aushang in den Hausfluren, gute Resonanz.',
    ],
  },
  {
    goal: (q) => `Junge Familien in ${q} stärken`,
    description: 'Eltern finden Unterstützung und Kontakt, Kinder Hilfe beim Lernen.',
    measures: [
      {
        title: 'Elterncafé mit Kinderbetreuung',
        description: 'Ein wöchentlicher Treff, zuerst begleitet, dann in eigener Regie.',
        outcome: 'Der Treff läuft in eigener Regie, 14 Eltern kommen regelmäßig.',
      },
      {
        title: 'Hausaufgabenhilfe an der Grundschule',
        description: 'Zweimal pro Woche Hilfe bei den Hausaufgaben, mit Ehrenamtlichen aus dem Quartier.',
        outcome: '20 Kinder bekommen Hilfe, die Warteliste ist abgebaut.',
      },
      {
        title: 'Spielplatz gemeinsam neu gestalten',
        description: 'Kinder planen mit; das Grünflächenamt setzt um.',
        outcome: 'Neue Schaukeln und ein Sandbereich, von den Kindern mitgeplant.',
      },
      {
        title: 'Ferienprogramm im Quartier',
        description: 'Ausflüge und Workshops in den Sommerferien, kostenlos.',
        outcome: 'Zehn Tage Programm mit 120 Anmeldungen.',
      },
    ],
    notes: ['Kooperation mit der Kita vereinbart.', 'Acht Ehrenamtliche geschult.', 'Beteiligungsnachmittag mit 30 Kindern.', 'Förderantrag bewilligt.'],
  },
  {
    goal: (q) => `${q} wird grüner`,
    description: 'Weniger Müll, mehr Grün in den Straßen und an den Wegen.',
    measures: [
      {
        title: 'Baumscheiben bepflanzen',
        description: 'Nachbarschaftliche Pflanzaktion mit Patenschaften für die Pflege.',
        outcome: '35 Baumscheiben blühen, jede hat eine Patin oder einen Paten.',
      },
      {
        title: 'Repair-Café bekannt machen',
        description: 'Flyer, Aushänge und ein Stand auf dem Wochenmarkt.',
        outcome: 'Über 200 Geräte wurden in einem halben Jahr repariert statt weggeworfen.',
      },
      {
        title: 'Gemeinschaftsgarten anlegen',
        description: 'Hochbeete auf der Brache hinter dem Stadtteilbüro.',
        outcome: 'Zwölf Hochbeete, gepflegt von Familien und der Kita.',
      },
    ],
    notes: [
      'Fläche von der Wohnungsgesellschaft zur Verfügung gestellt.',
      'Stand auf dem Wochenmarkt, 35 Gespräche.',
      'Erste Pflanzaktion mit 25 Beteiligten.',
      'Wasseranschluss gelegt.',
    ],
  },
  {
    goal: (q) => `Ankommen und Mitmachen in ${q}`,
    description: 'Neu Zugezogene finden Angebote, Sprache und Ansprechpersonen.',
    measures: [
      {
        title: 'Sprachcafé in der Bücherei',
        description: 'Deutsch sprechen üben bei Tee, einmal pro Woche.',
        outcome: 'Jede Woche 15 bis 20 Gäste aus zehn Ländern.',
      },
      {
        title: 'Mehrsprachiger Wegweiser durchs Quartier',
        description: 'Ein Faltblatt in fünf Sprachen mit Treffs, Beratung und Ansprechpersonen.',
        outcome: '2.000 Faltblätter verteilt, online in fünf Sprachen.',
      },
      {
        title: 'Lotsinnen und Lotsen für Behördengänge',
        description: 'Ehrenamtliche begleiten zu Ämtern und Ärzten.',
        outcome: 'Zwölf Lotsinnen und Lotsen, über 90 Begleitungen.',
      },
    ],
    notes: [
      'Übersetzungen von Ehrenamtlichen geprüft.',
      'Schulung der Lotsinnen und Lotsen abgeschlossen.',
      'Mehr Gäste seit dem Aushang in den Sammelunterkünften.',
    ],
  },
];

/** Up to `n` different items of `list`, in a random order. */
function some<T>(list: readonly T[], n: number, int: GenerationContext['int']): T[] {
  const copy = [...list];
  const chosen: T[] = [];
  while (chosen.length < n && copy.length > 0) chosen.push(copy.splice(int(0, copy.length - 1), 1)[0]!);
  return chosen;
}

export function generateGoals(
  { db, now, int, pick, chance }: GenerationContext,
  staffIds: number[],
): { goals: number; measures: number; notes: number; links: number } {
  const counts = { goals: 0, measures: 0, notes: 0, links: 0 };
  const today = now.startOf('day');
  const quartierList = db.select({ id: s.quartiere.id, name: s.quartiere.name }).from(s.quartiere).orderBy(asc(s.quartiere.id)).all();
  db.transaction((t) => {
    for (const quartier of quartierList) {
      const actorIds = t
        .select({ id: s.actorQuartiere.actorId })
        .from(s.actorQuartiere)
        .where(eq(s.actorQuartiere.quartierId, quartier.id))
        .orderBy(asc(s.actorQuartiere.actorId))
        .all()
        .map((a) => a.id);
      const linkable: Record<s.MeasureLinkKind, number[]> = {
        event: t
          .select({ id: s.events.id })
          .from(s.events)
          .innerJoin(s.eventQuartiere, and(eq(s.eventQuartiere.eventId, s.events.id), eq(s.eventQuartiere.quartierId, quartier.id)))
          .where(ne(s.events.status, 'draft'))
          .orderBy(asc(s.events.id))
          .all()
          .map((r) => r.id),
        offer: t
          .select({ id: s.offers.id })
          .from(s.offers)
          .where(and(eq(s.offers.quartierId, quartier.id), ne(s.offers.status, 'withdrawn')))
          .orderBy(asc(s.offers.id))
          .all()
          .map((r) => r.id),
        programme: t
          .select({ id: s.volunteerProgrammes.id })
          .from(s.volunteerProgrammes)
          .where(or(eq(s.volunteerProgrammes.quartierId, quartier.id), isNull(s.volunteerProgrammes.quartierId)))
          .orderBy(asc(s.volunteerProgrammes.id))
          .all()
          .map((r) => r.id),
        concern: t
          .select({ id: s.concerns.id })
          .from(s.concerns)
          .where(and(eq(s.concerns.quartierId, quartier.id), ne(s.concerns.status, 'dublette')))
          .orderBy(asc(s.concerns.id))
          .all()
          .map((r) => r.id),
      };
      for (const theme of some(THEMES, 3, int)) {
        const recorded = today.minus({ months: int(10, 14) }).set({ hour: 10 });
        const goalId = t
          .insert(s.goals)
          .values({
            quartierId: quartier.id,
            title: theme.goal(quartier.name),
            description: theme.description,
            createdBy: pick(staffIds),
            createdAt: recorded.toJSDate(),
            updatedAt: recorded.toJSDate(),
          })
          .returning({ id: s.goals.id })
          .get().id;
        counts.goals++;
        for (const template of some(theme.measures, int(3, 4), int)) {
          const starts = recorded.plus({ months: int(0, 15) }).startOf('day');
          const ends = chance(0.8) ? starts.plus({ months: int(1, 10) }) : null;
          const status = statusOf(starts, ends, today, chance(0.1));
          const actorId = actorIds.length > 0 && chance(0.6) ? pick(actorIds) : null;
          const finished = status === 'abgeschlossen';
          const measureId = t
            .insert(s.measures)
            .values({
              goalId,
              title: template.title,
              description: template.description,
              actorId,
              responsibleText: actorId === null ? `Quartiersmanagement ${quartier.name}` : '',
              startsOn: dateOf(starts),
              endsOn: ends === null ? null : dateOf(ends),
              status,
              outcome: finished ? template.outcome : '',
              publicSince: finished && chance(0.5) ? (ends ?? today).toJSDate() : null,
              createdAt: recorded.toJSDate(),
              updatedAt: (ends !== null && ends < today ? ends : today).toJSDate(),
            })
            .returning({ id: s.measures.id })
            .get().id;
          counts.measures++;
          // A note every four to ten weeks while the measure ran (a discarded one ends with its reason).
          const noteRows: (typeof s.measureNotes.$inferInsert)[] = [];
          const lastDay = ends !== null && ends < today ? ends : today.minus({ days: 1 });
          for (let at = starts.plus({ weeks: int(1, 4) }); at <= lastDay; at = at.plus({ weeks: int(4, 10) })) {
            noteRows.push({
              measureId,
              notedOn: dateOf(at),
              text: pick(theme.notes),
              authorRole: chance(0.85) ? 'quartiersmanagement' : 'koordinationsstelle',
              createdAt: at.set({ hour: 16 }).toJSDate(),
            });
          }
          if (status === 'verworfen') {
            noteRows.push({
              measureId,
              notedOn: dateOf(lastDay),
              text: 'Die Maßnahme wird nicht weiterverfolgt: Ein anderer Träger bietet das inzwischen an.',
              authorRole: 'quartiersmanagement',
              createdAt: lastDay.set({ hour: 16 }).toJSDate(),
            });
          }
          if (noteRows.length > 0) t.insert(s.measureNotes).values(noteRows).run();
          counts.notes += noteRows.length;
          const linkRows = (
            [
              ['event', int(0, 3)],
              ['offer', int(0, 2)],
              ['programme', int(0, 1)],
              ['concern', int(0, 3)],
            ] as const
          ).flatMap(([kind, n]) => some(linkable[kind], n, int).map((itemId) => ({ measureId, kind, itemId })));
          if (linkRows.length > 0) t.insert(s.measureLinks).values(linkRows).run();
          counts.links += linkRows.length;
        }
      }
    }
  });
  return counts;
}

/** The state that fits the dates: not begun yet, running, or over; `dropped` measures were given up on the way. */
function statusOf(starts: DateTime, ends: DateTime | null, today: DateTime, dropped: boolean): s.MeasureStatus {
  if (starts > today) return 'geplant';
  if (dropped) return 'verworfen';
  return ends !== null && ends < today ? 'abgeschlossen' : 'laeuft';
}
