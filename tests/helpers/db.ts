import { createTestDb, type DbConnection } from '../../db/client';
import { seedDemo } from '../../db/seed/demo';
import { seedReferenceData } from '../../db/seed/reference';

/** A fresh, migrated SQLite file with the reference data (categories, target groups). */
export function freshDb(): { db: DbConnection; path: string } {
  const result = createTestDb();
  seedReferenceData(result.db);
  return result;
}

/** A fresh database with the whole demo city, as `npm start` seeds it. */
export async function demoDb(now: Date = new Date()): Promise<{ db: DbConnection; path: string }> {
  const result = createTestDb();
  await seedDemo(result.db, now);
  return result;
}
