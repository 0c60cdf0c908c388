/**
 * A large, realistic city for benchmarks and load tests (`npm run db:generate`, see db/seed/generate-large.ts).
 *
 * Defaults are the sizes named in the foundation issue: 12 Quartiere, 30 places, 40 rooms, 3,000 events in a
 * year of which 150 are series, 20,000 bookings, 5,000 users, 2,000 volunteers, 20,000 concerns, 1,000 actors and 3,000 offers;
 * besides, what the yearly report reads: attendance of past events, help requests with matches, a year of
 * Quartiershelfer rounds with findings, and goals with measures and progress notes per Quartier. Everything is generated
 * from a seeded PRNG, so the same options give the same data (relative to `now`). Events go through
 * `syncOccurrences` exactly as the demo seed and the back office do; bulk rows are inserted in chunks inside
 * one transaction per table group.
 */
import { eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { DateTime } from 'luxon';
import type { Db } from '../../client';
import * as s from '../../schema';
import { seedReferenceData } from '../reference';
import { hashPassword } from '../../../src/lib/server/auth/password';
import { ZONE } from '../../../src/lib/time';
import { generateBookings } from './bookings';
import { generateConcerns } from './concerns';
import { contextFor, type LargeDatasetSize } from './context';
import { generateEvents } from './events';
import { generateGoals } from './goals';
import { generateOffers } from './offers';
import { generatePeople } from './people';
import { generatePlaces } from './places';
import { generateRounds } from './rounds';
import { generateVolunteering } from './volunteering';

export type { LargeDatasetSize } from './context';

export const defaultSize: LargeDatasetSize = {
  quartiere: 12,
  places: 30,
  rooms: 40,
  events: 3000,
  series: 150,
  bookings: 20000,
  users: 5000,
  volunteers: 2000,
  concerns: 20000,
  actors: 1000,
  offers: 3000,
};

/** Password of every generated account (benchmark data only; never use a generated file in production). */
export const GENERATED_PASSWORD = 'quartier-bench';

export interface GenerateOptions {
  size?: Partial<LargeDatasetSize>;
  seed?: number;
  now?: Date;
  /** Called after each phase with its duration (ms), for progress output. */
  onPhase?: (name: string, ms: number) => void;
}

export interface GeneratedSummary {
  counts: Record<string, number>;
  /** Slugs and ids a benchmark can address. */
  sample: {
    quartierSlug: string;
    placeSlug: string;
    categorySlug: string;
    eventPath: string;
    organisationId: number;
    roomId: number;
    adminEmail: string;
    orgAdminEmail: string;
    offerPath: string;
    actorSlug: string;
  };
}

/** Fills an empty, migrated database with a large city. */
export async function generateLargeDataset(db: Db, options: GenerateOptions = {}): Promise<GeneratedSummary> {
  const size = { ...defaultSize, ...options.size };
  if (size.series > size.events) throw new Error('--series cannot exceed --events');
  const nowDate = options.now ?? new Date();
  const now = DateTime.fromJSDate(nowDate).setZone(ZONE).startOf('hour');
  const context = contextFor(db, size, options.seed ?? 42, nowDate, now);
  const passwordHash = await hashPassword(GENERATED_PASSWORD);
  let mark = performance.now();
  const phase = (name: string): void => {
    options.onPhase?.(name, performance.now() - mark);
    mark = performance.now();
  };

  seedReferenceData(db);
  // The order of the phases is part of the data: they draw from one PRNG (see GenerationContext).
  const { quartierIds, quartierSlugs, placeRows, roomRows } = generatePlaces(context);
  const { userIds, staffIds, memberIds, orgIds, orgAdmins } = generatePeople(context, quartierIds, passwordHash);
  phase('places, users, organisations');
  const { eventPaths, registrationOccurrences } = generateEvents(context, { quartierIds, placeRows, orgIds, staffIds });
  phase('events');
  generateBookings(context, { roomRows, orgIds, orgAdmins, staffIds });
  phase('bookings');
  const signupCount = generateVolunteering(context, { quartierIds, placeRows, memberIds, staffIds, registrationOccurrences });
  phase('volunteering');
  generateConcerns(context, quartierIds);
  phase('concerns');
  const offerSample = generateOffers(context, quartierIds);
  phase('offers');
  // Last, so that everything above draws as it did before the report needed these.
  generateRounds(context, memberIds);
  phase('Quartiershelfer rounds');
  generateGoals(context, staffIds);
  phase('goals and measures');

  const count = (table: SQLiteTable, where?: SQL): number =>
    db
      .select({ n: sql<number>`count(*)` })
      .from(table)
      .where(where)
      .get()?.n ?? 0;
  const counts = {
    quartiere: count(s.quartiere),
    places: count(s.places),
    rooms: count(s.rooms),
    events: count(s.events),
    series: count(s.events, isNotNull(s.events.rrule)),
    occurrences: count(s.eventOccurrences),
    bookings: count(s.bookings),
    users: count(s.users),
    organisations: count(s.organisations),
    volunteerApplications: count(s.volunteerApplications),
    signups: signupCount,
    concerns: count(s.concerns),
    concernAnswers: count(s.concernEvents, eq(s.concernEvents.kind, 'answer')),
    helpRequests: count(s.helpRequests),
    volunteerMatches: count(s.volunteerMatches),
    attendance: count(s.eventAttendance),
    helperRoutes: count(s.helperRoutes),
    helperRounds: count(s.helperRounds),
    helperFindings: count(s.helperFindings),
    goals: count(s.goals),
    measures: count(s.measures),
    measureNotes: count(s.measureNotes),
    measureLinks: count(s.measureLinks),
    actors: count(s.actors),
    offers: count(s.offers),
  };
  const firstRoom = roomRows[0]!;
  const orgWithAdmin = orgIds.find((id) => orgAdmins.has(id)) ?? orgIds[0]!;
  const adminUser = db.select({ email: s.users.email }).from(s.users).where(eq(s.users.id, userIds[0]!)).get();
  const orgAdminUser = db
    .select({ email: s.users.email })
    .from(s.users)
    .where(eq(s.users.id, orgAdmins.get(orgWithAdmin) ?? userIds[0]!))
    .get();
  return {
    counts,
    sample: {
      quartierSlug: quartierSlugs[0]!,
      placeSlug: placeRows[0]!.slug,
      categorySlug: 'cafe-treffpunkt',
      eventPath: eventPaths[0] ?? '',
      organisationId: orgWithAdmin,
      roomId: firstRoom.id,
      adminEmail: adminUser?.email ?? '',
      orgAdminEmail: orgAdminUser?.email ?? '',
      offerPath: offerSample.offerPath,
      actorSlug: offerSample.actorSlug,
    },
  };
}
