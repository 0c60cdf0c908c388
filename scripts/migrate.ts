/**
 * `npm run db:migrate`: applies the pending migrations of db/migrations to DATABASE_PATH (default
 * ./data/quartier.db) without starting the server, e.g. in a deploy step before the service restarts.
 * `npm start` does the same on every start, so this is only needed when the two should be separate.
 */
import { resolve } from 'node:path';
import { createDb, migrateDb } from '../db/client';

const path = resolve(process.env.DATABASE_PATH || './data/quartier.db');
try {
  const db = createDb(path);
  migrateDb(db);
  db.$client.close();
  console.log(`db:migrate: ${path} is up to date`);
} catch (error) {
  console.error(`db:migrate: cannot migrate ${path}: ${(error as Error).message}`);
  process.exit(1);
}
