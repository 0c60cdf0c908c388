/**
 * The folded text the public search matches against, kept on each offer: its own title and description plus
 * the names people search by (the actor, the place). Written whenever one of them changes, so a search over
 * thousands of offers is one LIKE on one column.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { actors, offers, places } from '../../../../db/schema';
import { foldForSearch } from '../../../../db/client';

export function refreshOfferSearchText(db: Db, which: { actorId: number } | { offerId: number }): void {
  const rows = db
    .select({
      id: offers.id,
      title: offers.title,
      description: offers.description,
      locationName: offers.locationName,
      actorName: actors.name,
      placeName: places.name,
    })
    .from(offers)
    .innerJoin(actors, eq(actors.id, offers.actorId))
    .leftJoin(places, eq(places.id, offers.placeId))
    .where('actorId' in which ? eq(offers.actorId, which.actorId) : eq(offers.id, which.offerId))
    .all();
  for (const row of rows) {
    const text = foldForSearch([row.title, row.description, row.actorName, row.placeName ?? '', row.locationName ?? ''].join(' '));
    db.update(offers).set({ searchText: text }).where(eq(offers.id, row.id)).run();
  }
}
