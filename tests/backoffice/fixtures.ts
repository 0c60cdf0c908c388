import { eq } from 'drizzle-orm';
import type { DbConnection } from '../../db/client';
import { categories, organisations, places, quartiere, targetGroups, users, type User } from '../../db/schema';
import type { EventFormInput } from '../../src/lib/server/events/event-form';

export function userByEmail(db: DbConnection, email: string): User {
  const user = db.select().from(users).where(eq(users.email, email)).get();
  if (!user) throw new Error(`no user ${email}`);
  return user;
}

export const idOf = {
  quartier: (db: DbConnection, slug: string): number => db.select().from(quartiere).where(eq(quartiere.slug, slug)).get()!.id,
  place: (db: DbConnection, slug: string): number => db.select().from(places).where(eq(places.slug, slug)).get()!.id,
  category: (db: DbConnection, slug: string): number => db.select().from(categories).where(eq(categories.slug, slug)).get()!.id,
  targetGroup: (db: DbConnection, slug: string): number => db.select().from(targetGroups).where(eq(targetGroups.slug, slug)).get()!.id,
  organisation: (db: DbConnection, slug: string): number => db.select().from(organisations).where(eq(organisations.slug, slug)).get()!.id,
};

/** A valid single event in Kray at the Quartierstreff; tests override what they need. */
export function krayEventForm(db: DbConnection, overrides: Partial<EventFormInput> = {}): EventFormInput {
  return {
    title: 'Spielenachmittag',
    description: 'Brettspiele für alle Generationen.',
    startDate: '2027-03-16',
    startTime: '15:00',
    endTime: '17:00',
    placeId: String(idOf.place(db, 'quartierstreff-kray-nord')),
    quartierIds: [String(idOf.quartier(db, 'kray'))],
    categoryIds: [String(idOf.category(db, 'cafe-treffpunkt'))],
    targetGroupIds: [String(idOf.targetGroup(db, 'alle'))],
    isFree: true,
    languages: ['de'],
    organiserName: 'Quartiersmanagement Kray',
    repeat: 'none',
    ...overrides,
  };
}
