/**
 * The folded text the public search matches against, kept on each offer: its own title and description plus
 * the names people search by (the actor, the place) and its translated titles in every language. Written whenever one of them changes, so a search over
 * thousands of offers is one LIKE on one column.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { actors, contentTranslations, offers, places } from '../../../../db/schema';
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
      translatedTitles: sql<
        string | null
      >`(SELECT group_concat(${contentTranslations.title}, ' ') FROM ${contentTranslations} WHERE ${contentTranslations.offerId} = ${offers.id})`,
    })
    .from(offers)
    .innerJoin(actors, eq(actors.id, offers.actorId))
    .leftJoin(places, eq(places.id, offers.placeId))
    .where('actorId' in which ? eq(offers.actorId, which.actorId) : eq(offers.id, which.offerId))
    .all();
  for (const row of rows) {
    const text = foldForSearch([row.title, row.description, row.actorName, row.placeName ?? '', row.locationName ?? '', row.translatedTitles ?? ''].join(' '));
    db.update(offers).set({ searchText: text }).where(eq(offers.id, row.id)).run();
  }
}
