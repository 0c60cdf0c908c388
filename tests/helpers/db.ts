import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, createTestDb, type DbConnection } from '../../db/client';
import { seedDemo } from '../../db/seed/demo';
import { seedReferenceData } from '../../db/seed/reference';

/** A fresh, migrated SQLite file with the reference data (categories, target groups). */
export function freshDb(): { db: DbConnection; path: string } {
  const result = createTestDb();
  seedReferenceData(result.db);
  return result;
}

/**
 * Demo cities already seeded in this test file, by the instant they were seeded for. Seeding takes about two
 * seconds (password hashing, every series' occurrences); test files that start each test from the same `now` get a
 * copy of the file instead, which is the same database.
 */
const seededCities = new Map<number, Promise<string>>();

function seededCity(now: Date): Promise<string> {
  let path = seededCities.get(now.getTime());
  if (!path) {
    path = (async () => {
      const template = createTestDb();
      await seedDemo(template.db, now);
      // Closing folds the write-ahead log into the file, so a plain copy of the file is the whole database.
      template.db.$client.close();
      return template.path;
    })();
    seededCities.set(now.getTime(), path);
  }
  return path;
}

/** A fresh database with the whole demo city, as `npm start` seeds it for `now`. */
export async function demoDb(now: Date = new Date()): Promise<{ db: DbConnection; path: string }> {
  const template = await seededCity(now);
  const path = join(mkdtempSync(join(tmpdir(), 'quartier-test-')), 'test.db');
  copyFileSync(template, path);
  return { db: createDb(path), path };
}
