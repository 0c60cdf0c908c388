import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, needsBuild } from '../scripts/build-if-needed';
import { createDb, migrateDb } from '../db/client';
import { seedDemo } from '../db/seed/demo';
import { DEMO_TEMPLATE_ENV } from './helpers/demo-template';

/**
 * Builds the server once for all HTTP and browser tests (skipped when the build is current), and seeds one demo city
 * that every test server starts from as a copy (seeding takes seconds; the suite starts about fifty servers).
 */
export default async function setup(): Promise<() => void> {
  if (needsBuild() && !build()) throw new Error('astro build failed');
  const dir = mkdtempSync(join(tmpdir(), 'quartier-template-'));
  const path = join(dir, 'demo.db');
  const db = createDb(path);
  migrateDb(db);
  await seedDemo(db, new Date());
  // Closing folds the write-ahead log into the file, so a plain copy of the file is the whole database.
  db.$client.close();
  // Test workers are started after this and inherit the environment.
  process.env[DEMO_TEMPLATE_ENV] = path;
  return () => rmSync(dir, { recursive: true, force: true });
}
