/**
 * Actors and their regular offers, inserted in bulk (the demo seed goes through the offer checks; here the
 * shapes are ones those checks accept: whole schedules at an address, open-ended or with a validity).
 */
import { DateTime } from 'luxon';
import { foldForSearch } from '../../client';
import * as s from '../../schema';
import { slugify } from '../../../src/lib/slug';
import { ZONE } from '../../../src/lib/time';
import type { GenerationContext } from './context';
import { LAST_NAMES, STREETS } from './names';

const ACTOR_KINDS: [string, s.ActorKind][] = [
  ['Bürgerverein', 'buergerverein'],
  ['Sportverein', 'sportverein'],
  ['Kirchengemeinde', 'kirchengemeinde'],
  ['Initiative', 'initiative'],
  ['Selbsthilfegruppe', 'selbsthilfegruppe'],
  ['Kita', 'kita'],
  ['Schule', 'schule'],
  ['Träger', 'traeger'],
];
const OFFER_KINDS: { title: string; type: s.OfferType; words: string }[] = [
  { title: 'Schuldnerberatung', type: 'beratung', words: 'Vertrauliche Beratung bei Schulden und Mahnungen' },
  { title: 'Sprachcafé', type: 'bildung', words: 'Deutsch sprechen üben bei Tee und Gebäck' },
  { title: 'Seniorengymnastik', type: 'sport', words: 'Sanfte Bewegung im Sitzen und Stehen' },
  { title: 'Hausaufgabenhilfe', type: 'kinder_jugend', words: 'Hilfe bei den Hausaufgaben für Grundschulkinder' },
  { title: 'Kleiderkammer', type: 'alltagshilfe', words: 'Kleidung für Erwachsene und Kinder' },
  { title: 'Nachbarschaftscafé', type: 'treffpunkt', words: 'Kaffee, Kuchen und Gespräche' },
  { title: 'Gesprächskreis', type: 'kurs', words: 'Austausch und gegenseitige Hilfe' },
  { title: 'Vorlesestunde', type: 'kultur', words: 'Bilderbücher und Geschichten für Kinder' },
];
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

/** Returns an offer page and an actor the benchmark can address. */
export function generateOffers({ db, size, nowDate, int, pick, chance }: GenerationContext, quartierIds: number[]): { offerPath: string; actorSlug: string } {
  const today = DateTime.fromJSDate(nowDate).setZone(ZONE);
  const groupIds = db
    .select({ id: s.targetGroups.id })
    .from(s.targetGroups)
    .all()
    .map((g) => g.id);
  const actorIds: { id: number; name: string; quartierId: number }[] = [];
  db.transaction((t) => {
    for (let i = 0; i < size.actors; i++) {
      const [kind, actorKind] = pick(ACTOR_KINDS);
      const quartierId = pick(quartierIds);
      const name = `${kind} ${pick(LAST_NAMES)} ${i + 1}`;
      const id = t
        .insert(s.actors)
        .values({
          slug: `${slugify(name)}-${i + 1}`,
          name,
          kind: actorKind,
          description: `${kind} im Quartier: offen für alle Nachbarinnen und Nachbarn.`,
          phone: `0201 777 ${String(1000 + i)}`,
          street: `${pick(STREETS)} ${int(1, 120)}`,
          postalCode: String(45100 + int(0, 300)),
          city: 'Essen',
          languages: chance(0.3) ? 'de,tr' : 'de',
          checkedAt: today.minus({ months: int(0, 16) }).toJSDate(),
          searchText: '',
          createdAt: nowDate,
          updatedAt: nowDate,
        })
        .returning({ id: s.actors.id })
        .get().id;
      t.insert(s.actorQuartiere).values({ actorId: id, quartierId }).run();
      actorIds.push({ id, name, quartierId });
    }
    for (let i = 0; i < size.offers; i++) {
      const actor = actorIds[i % actorIds.length]!;
      const kind = pick(OFFER_KINDS);
      const title = `${kind.title} ${pick(LAST_NAMES)}`;
      const street = `${pick(STREETS)} ${int(1, 120)}`;
      const ended = chance(0.05);
      const opens = int(9, 18);
      const offer = t
        .insert(s.offers)
        .values({
          actorId: actor.id,
          slug: `${slugify(title)}-${i + 1}`,
          title,
          description: `${kind.words}. Ein Angebot von ${actor.name}.`,
          type: kind.type,
          quartierId: actor.quartierId,
          languages: chance(0.25) ? pick(['de,tr', 'de,ar', 'de,uk', 'de,en']) : 'de',
          isFree: chance(0.8),
          cost: '',
          stepFree: chance(0.5),
          street,
          postalCode: String(45100 + int(0, 300)),
          city: 'Essen',
          byAppointment: chance(0.1),
          validFrom: ended ? today.minus({ months: 8 }).toISODate() : null,
          validUntil: ended ? today.minus({ months: 1 }).toISODate() : null,
          checkedAt: today.minus({ months: int(0, 16) }).toJSDate(),
          searchText: foldForSearch(`${title} ${kind.words} ${actor.name}`),
          createdAt: nowDate,
          updatedAt: nowDate,
        })
        .returning({ id: s.offers.id })
        .get().id;
      const monthly = chance(0.25);
      t.insert(s.offerSchedules)
        .values({
          offerId: offer,
          position: 0,
          freq: monthly ? 'monthly' : 'weekly',
          interval: !monthly && chance(0.15) ? 2 : 1,
          byday: monthly ? `${pick(['1', '2', '3', '4', '-1'])}${pick(WEEKDAYS)}` : pick(WEEKDAYS),
          opensAt: `${String(opens).padStart(2, '0')}:00`,
          closesAt: `${String(opens + int(1, 3)).padStart(2, '0')}:00`,
          dtstart: today.minus({ months: 3 }).toISODate()!,
        })
        .run();
      t.insert(s.offerTargetGroups)
        .values({ offerId: offer, targetGroupId: pick(groupIds) })
        .run();
    }
  });
  const first = db.select({ id: s.offers.id, slug: s.offers.slug }).from(s.offers).orderBy(s.offers.id).limit(1).get();
  const actor = db.select({ slug: s.actors.slug }).from(s.actors).orderBy(s.actors.id).limit(1).get();
  return { offerPath: first ? `/angebote/${first.id}-${first.slug}` : '', actorSlug: actor?.slug ?? '' };
}
