/**
 * `npm run db:generate -- [options]`: writes the large benchmark city (db/seed/large/) to a new SQLite file.
 * The same options give the same data (relative to `--now`).
 *
 * Options: --out <file> (default ./data/large.db), --force (replace an existing file), --scale <factor>
 * (multiplies every count), --quartiere, --places, --rooms, --events, --series, --bookings, --users,
 * --volunteers, --concerns, --actors, --offers <n>, --seed <n>, --now <ISO instant>.
 */
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createDb, migrateDb } from '../client';
import { defaultSize, generateLargeDataset, type LargeDatasetSize } from './large';

export { defaultSize, generateLargeDataset, GENERATED_PASSWORD, type GenerateOptions, type GeneratedSummary, type LargeDatasetSize } from './large';

function parseSize(value: string | undefined, name: string, fallback: number, scale: number): number {
  if (value === undefined) return Math.max(1, Math.round(fallback * scale));
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new Error(`--${name} must be a whole number of at least 1, not "${value}".`);
  return Number(value);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: './data/large.db' },
      force: { type: 'boolean', default: false },
      scale: { type: 'string' },
      seed: { type: 'string' },
      now: { type: 'string' },
      ...Object.fromEntries(Object.keys(defaultSize).map((key) => [key, { type: 'string' as const }])),
    },
  });
  const scale = values.scale === undefined ? 1 : Number(values.scale);
  if (!(scale > 0)) throw new Error(`--scale must be a positive number, not "${values.scale}".`);
  const options = values as unknown as Record<string, string | undefined>;
  const size = Object.fromEntries(
    (Object.keys(defaultSize) as (keyof LargeDatasetSize)[]).map((key) => [key, parseSize(options[key], key, defaultSize[key], scale)]),
  ) as unknown as LargeDatasetSize;
  const out = resolve(values.out);
  if (existsSync(out)) {
    if (!values.force) throw new Error(`${out} exists; pass --force to replace it.`);
    for (const suffix of ['', '-wal', '-shm']) rmSync(out + suffix, { force: true });
  }
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new Error(`--now is not a valid instant: "${values.now}".`);
  const started = performance.now();
  const db = createDb(out);
  migrateDb(db);
  const summary = await generateLargeDataset(db, {
    size,
    seed: values.seed ? Number(values.seed) : 42,
    now,
    onPhase: (name, ms) => console.log(`db:generate: ${name} ${(ms / 1000).toFixed(1)} s`),
  });
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.exec('ANALYZE');
  db.$client.close();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`db:generate: wrote ${out} in ${seconds} s`);
  console.log(JSON.stringify(summary, null, 2));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(`db:generate: ${(error as Error).message}`);
    process.exit(1);
  });
}
