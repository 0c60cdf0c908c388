/**
 * Reference data every installation needs (production included): the event categories and target groups
 * named in DESIGN.md. Their slugs are part of the public feed URLs, so they never change.
 */
import type { Db } from '../client';
import { categories, targetGroups } from '../schema';
import { seedConcernCategories } from '../../src/lib/server/concerns/routing';

export const categorySeed = [
  { slug: 'fest', name: 'Fest' },
  { slug: 'cafe-treffpunkt', name: 'Café/Treffpunkt' },
  { slug: 'beratung-sprechstunde', name: 'Beratung/Sprechstunde' },
  { slug: 'kultur-film', name: 'Kultur/Film' },
  { slug: 'kochen', name: 'Kochen' },
  { slug: 'garten-umwelt', name: 'Garten/Umwelt' },
  { slug: 'reparieren', name: 'Reparieren/Fahrradwerkstatt' },
  { slug: 'ausflug', name: 'Ausflug' },
  { slug: 'bildung-schulung', name: 'Bildung/Schulung' },
  { slug: 'versammlung', name: 'Versammlung/Gremium' },
] as const;

export const targetGroupSeed = [
  { slug: 'kinder', name: 'Kinder' },
  { slug: 'jugendliche', name: 'Jugendliche' },
  { slug: 'familien', name: 'Familien' },
  { slug: 'senioren', name: 'Senior*innen' },
  { slug: 'alle', name: 'Alle' },
] as const;

export type CategorySlug = (typeof categorySeed)[number]['slug'];
export type TargetGroupSlug = (typeof targetGroupSeed)[number]['slug'];

export function seedReferenceData(db: Db): void {
  categorySeed.forEach((c, i) =>
    db
      .insert(categories)
      .values({ ...c, sortOrder: i })
      .onConflictDoNothing({ target: categories.slug })
      .run(),
  );
  targetGroupSeed.forEach((g, i) =>
    db
      .insert(targetGroups)
      .values({ ...g, sortOrder: i })
      .onConflictDoNothing({ target: targetGroups.slug })
      .run(),
  );
  seedConcernCategories(db);
}
