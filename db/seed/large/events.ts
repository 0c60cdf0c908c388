/** Events and series over a year, through `syncOccurrences` exactly as the demo seed and the back office do. */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import * as s from '../../schema';
import { syncOccurrences } from '../../../src/lib/server/events/occurrences';
import { slugify } from '../../../src/lib/slug';
import { localOf, type GenerationContext } from './context';
import { QUARTIER_NAMES, STREETS, EVENT_KINDS } from './names';
import type { GeneratedPlace } from './places';

export interface GeneratedEvents {
  /** Paths of up to 50 published future events, for benchmarks. */
  eventPaths: string[];
  /** One occurrence of each published event with limited places, for registrations. */
  registrationOccurrences: number[];
}

export function generateEvents(
  { db, size, now, nowDate, int, pick, chance }: GenerationContext,
  ids: { quartierIds: number[]; placeRows: GeneratedPlace[]; orgIds: number[]; staffIds: number[] },
): GeneratedEvents {
  const { quartierIds, placeRows, orgIds, staffIds } = ids;
  const categoryId = new Map(
    db
      .select()
      .from(s.categories)
      .all()
      .map((c) => [c.slug, c.id]),
  );
  const groupId = new Map(
    db
      .select()
      .from(s.targetGroups)
      .all()
      .map((g) => [g.slug, g.id]),
  );
  const start = now.minus({ months: 3 }).startOf('day');
  const yearDays = 365;
  const eventPaths: string[] = [];
  const registrationOccurrences: number[] = [];
  db.transaction((t) => {
    for (let i = 0; i < size.events; i++) {
      const kind = pick(EVENT_KINDS);
      const isSeries = i < size.series;
      const place = chance(0.85) ? pick(placeRows) : null;
      const quartierId = place?.quartierId ?? pick(quartierIds);
      const day = start.plus({ days: isSeries ? int(0, 100) : int(0, yearDays - 1) });
      const first = day.set({ hour: kind.hour, minute: pick([0, 0, 30]) });
      let rrule: string | null = null;
      if (isSeries) {
        const weekday = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'][first.weekday - 1]!;
        const until = first
          .plus({ months: int(4, 12) })
          .toUTC()
          .toFormat("yyyyLLdd'T'HHmmss'Z'");
        rrule = pick([
          `FREQ=WEEKLY;BYDAY=${weekday};UNTIL=${until}`,
          `FREQ=WEEKLY;INTERVAL=2;BYDAY=${weekday};UNTIL=${until}`,
          `FREQ=MONTHLY;BYDAY=2${weekday};COUNT=${int(6, 12)}`,
          `FREQ=WEEKLY;BYDAY=${weekday}`,
        ]);
      }
      const status: s.EventStatus = chance(0.9) ? 'published' : pick(['draft', 'proposed', 'cancelled'] as const);
      const capacity = !isSeries && chance(0.1) ? int(8, 30) : null;
      const title = isSeries ? kind.title : `${kind.title} ${place ? `im ${place.name}` : 'im Quartier'}`;
      const slug = slugify(title);
      const eventId = t
        .insert(s.events)
        .values({
          uid: `${randomUUID()}@quartiersportal`,
          slug,
          title,
          description: `${kind.title} für Nachbarinnen und Nachbarn. Kommen Sie vorbei, bringen Sie Freunde mit – wir freuen uns auf Sie!`,
          startLocal: localOf(first),
          endLocal: localOf(first.plus({ minutes: kind.minutes })),
          rrule,
          firstStartsAt: first.toJSDate(),
          placeId: place?.id ?? null,
          locationName: place ? null : `Spielplatz ${pick(STREETS)}`,
          locationAddress: place ? null : `${pick(STREETS)} ${int(1, 80)}, Essen`,
          organisationId: chance(0.6) ? pick(orgIds) : null,
          organiserName: `Quartiersmanagement ${QUARTIER_NAMES[quartierIds.indexOf(quartierId) % QUARTIER_NAMES.length]}`,
          cost: chance(0.2) ? `${int(2, 10)} € pro Person` : '',
          stepFree: place?.stepFree ?? false,
          languages: chance(0.8) ? 'de' : pick(['de,tr', 'de,ar', 'de,uk', 'de,en']),
          status,
          statusNote: status === 'cancelled' ? 'Fällt leider aus.' : '',
          registrationRequired: capacity !== null,
          capacity,
          createdBy: pick(staffIds),
        })
        .returning({ id: s.events.id })
        .get().id;
      t.insert(s.eventQuartiere).values({ eventId, quartierId }).run();
      if (chance(0.1)) {
        const other = pick(quartierIds);
        if (other !== quartierId) t.insert(s.eventQuartiere).values({ eventId, quartierId: other }).run();
      }
      t.insert(s.eventCategories)
        .values({ eventId, categoryId: categoryId.get(kind.category)! })
        .run();
      for (const group of kind.groups)
        t.insert(s.eventTargetGroups)
          .values({ eventId, targetGroupId: groupId.get(group)! })
          .run();
      if (isSeries && i % 3 === 0) {
        // One occurrence a few weeks in is cancelled, as happens when the Treffleitung is ill.
        t.insert(s.eventExceptions)
          .values({
            eventId,
            recurrenceLocal: localOf(first.plus({ weeks: rrule?.startsWith('FREQ=MONTHLY') ? 0 : 2 })),
            kind: 'cancelled',
            note: 'Fällt wegen Krankheit aus.',
          })
          .run();
      }
      const occurrences = syncOccurrences(t, eventId, nowDate);
      if (status === 'published') {
        // The close-out of past dates: most have a head count, some are still missing (as the report's coverage shows).
        // Derived from the ids rather than drawn from the generator, so the rest of the dataset stays as it was.
        occurrences.forEach((occurrence, index) => {
          if (occurrence.status !== 'scheduled' || occurrence.endsAt > nowDate || (eventId * 31 + index * 17) % 100 >= 85) return;
          t.insert(s.eventAttendance)
            .values({ eventId, recurrenceLocal: occurrence.recurrenceLocal, attendees: 3 + ((eventId * 7 + index * 13) % 58), recordedAt: occurrence.endsAt })
            .run();
        });
      }
      if (status === 'published' && eventPaths.length < 50 && first > now) eventPaths.push(`/veranstaltungen/${eventId}-${slug}`);
      if (capacity !== null && status === 'published') {
        const occurrence = t.select({ id: s.eventOccurrences.id }).from(s.eventOccurrences).where(eq(s.eventOccurrences.eventId, eventId)).get();
        if (occurrence && occurrences.length > 0) registrationOccurrences.push(occurrence.id);
      }
    }
  });
  return { eventPaths, registrationOccurrences };
}
