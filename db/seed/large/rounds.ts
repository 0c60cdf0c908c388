/**
 * Quartiershelfer*innen for the large benchmark city: two helpers and two routes per Quartier, a round on most route
 * days of the past year, and on each round a few findings that were cleared on the spot or handed on (as in
 * Krefeld: litter, overgrown green, damaged paths). Bulk inserts in chunks inside one transaction.
 */
import { asc } from 'drizzle-orm';
import * as s from '../../schema';
import { chunked, type GenerationContext } from './context';
import { STREETS } from './names';

const LANDMARKS = ['Spielplatz', 'Bushaltestelle', 'Glascontainer', 'Schulhof', 'Grünanlage', 'Parkplatz Sporthalle', 'Unterführung', 'Kiosk'];

/** Weighted: litter is what helpers find most often. */
const FINDINGS: { category: s.FindingCategory; notes: string[] }[] = [
  {
    category: 'abfall',
    notes: ['Sperrmüll am Straßenrand abgestellt.', 'Papierkorb quillt über.', 'Glasscherben auf dem Gehweg.', 'Wilde Müllkippe im Gebüsch.'],
  },
  { category: 'abfall', notes: ['Zigarettenkippen und Verpackungen rund um die Bank.', 'Gelbe Säcke aufgerissen.'] },
  { category: 'gruen', notes: ['Hecke wächst weit in den Gehweg.', 'Abgebrochener Ast hängt über dem Weg.', 'Baumscheibe voller Unkraut.'] },
  {
    category: 'strasse',
    notes: ['Schlagloch auf dem Radweg.', 'Gehwegplatte hebt sich, Stolpergefahr.', 'Straßenlaterne ist dunkel.', 'Verkehrsschild verdreht.'],
  },
  { category: 'sonstiges', notes: ['Graffiti an der Wartehalle.', 'Bank ist beschädigt.', 'Schaukel am Spielplatz defekt.'] },
];

const ROUND_NOTES = ['', '', '', 'Ruhige Runde, alles in Ordnung.', 'Kurz mit Anwohnenden gesprochen.', 'Regen, Runde etwas verkürzt.'];

export function generateRounds({ db, now, int, pick, chance }: GenerationContext, memberIds: number[]): { routes: number; rounds: number; findings: number } {
  const quartierList = db.select({ id: s.quartiere.id, name: s.quartiere.name }).from(s.quartiere).orderBy(asc(s.quartiere.id)).all();
  let rounds = 0;
  let findings = 0;
  let routes = 0;
  db.transaction((t) => {
    quartierList.forEach((quartier, qi) => {
      // Two members of each Quartier walk its routes (taken from the end of the member list, away from organisation admins).
      const helpers = [memberIds[memberIds.length - 1 - 2 * qi], memberIds[memberIds.length - 2 - 2 * qi]].filter((id): id is number => id !== undefined);
      for (const userId of helpers) t.insert(s.helperScopes).values({ userId, quartierId: quartier.id }).onConflictDoNothing().run();
      const definitions = [
        { name: `Runde ${quartier.name}-Nord`, weekdays: [1, 2, 3, 4, 5] },
        { name: `Runde ${quartier.name}-Süd`, weekdays: [1, 3, 5] },
      ];
      for (const definition of definitions) {
        const stops = Array.from({ length: int(4, 6) }, () => `${pick(LANDMARKS)} ${pick(STREETS)}`);
        const routeId = t
          .insert(s.helperRoutes)
          .values({
            quartierId: quartier.id,
            name: definition.name,
            stops: stops.join('\n'),
            weekdays: definition.weekdays.join(','),
            createdAt: now.minus({ days: 400 }).toJSDate(),
          })
          .returning({ id: s.helperRoutes.id })
          .get().id;
        routes++;
        const roundRows: (typeof s.helperRounds.$inferInsert)[] = [];
        for (let d = 365; d >= 1; d--) {
          const day = now.minus({ days: d }).startOf('day');
          // Holidays, illness and bad weather: about one route day in seven is not walked.
          if (!definition.weekdays.includes(day.weekday) || chance(0.15)) continue;
          const startedAt = day.set({ hour: pick([8, 9, 9, 10]), minute: pick([0, 15, 30]) });
          roundRows.push({
            routeId,
            userId: helpers.length > 0 ? pick(helpers) : null,
            walkedOn: day.toISODate()!,
            startedAt: startedAt.toJSDate(),
            finishedAt: startedAt.plus({ minutes: int(60, 150) }).toJSDate(),
            note: pick(ROUND_NOTES),
          });
        }
        for (const chunk of chunked(roundRows)) {
          const inserted = t.insert(s.helperRounds).values(chunk).returning({ id: s.helperRounds.id, startedAt: s.helperRounds.startedAt }).all();
          rounds += inserted.length;
          const findingRows = inserted.flatMap((round) =>
            Array.from({ length: pick([0, 1, 1, 2, 2, 3, 4]) }, (_, k) => {
              const kind = pick(FINDINGS);
              return {
                roundId: round.id,
                category: kind.category,
                locationText: pick(stops),
                note: pick(kind.notes),
                outcome: (chance(0.6) ? 'selbst_beseitigt' : 'weitergegeben') as s.HelperFinding['outcome'],
                createdAt: new Date(round.startedAt.getTime() + (k + 1) * 15 * 60_000),
              };
            }),
          );
          for (const findingChunk of chunked(findingRows)) t.insert(s.helperFindings).values(findingChunk).run();
          findings += findingRows.length;
        }
      }
    });
  });
  return { routes, rounds, findings };
}
