import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { quartiere, type Quartier } from '../../../../db/schema';

export function listQuartiere(db: Db): Quartier[] {
  return db.select().from(quartiere).orderBy(asc(quartiere.sortOrder), asc(quartiere.name)).all();
}

export function getQuartierBySlug(db: Db, slug: string): Quartier | null {
  return db.select().from(quartiere).where(eq(quartiere.slug, slug)).get() ?? null;
}
