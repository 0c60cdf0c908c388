import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import * as schema from './schema';

/** A connection or a transaction: domain functions accept either, so callers can compose them in one transaction. */
export type Db = BaseSQLiteDatabase<'sync', Database.RunResult, typeof schema>;
/** An open connection (owns the better-sqlite3 handle). */
export type DbConnection = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Where drizzle-kit writes migrations; resolved from the working directory so the built server finds it too. */
export const migrationsFolder = resolve(process.env.MIGRATIONS_PATH ?? 'db/migrations');

const GERMAN_LETTERS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/**
 * Text as search compares it: lower case in German (SQLite's LIKE folds only ASCII letters, so "über" would
 * not find "Über"), umlauts and ß as they are typed on keyboards without them ("Fruehstueck" finds
 * "Frühstück"), other accents dropped ("Cafe" finds "Café").
 */
export function foldForSearch(text: string): string {
  return text
    .toLocaleLowerCase('de')
    .replace(/[äöüß]/g, (letter) => GERMAN_LETTERS[letter] ?? letter)
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}

/**
 * Opens (and creates) the SQLite file with the settings the portal relies on:
 * WAL so readers never wait for the writer, foreign keys enforced, and a busy timeout so concurrent
 * writers queue instead of failing with SQLITE_BUSY.
 */
export function createDb(path: string): DbConnection {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const client = new Database(path);
  client.pragma('journal_mode = WAL');
  client.pragma('foreign_keys = ON');
  client.pragma('busy_timeout = 5000');
  client.pragma('synchronous = NORMAL');
  // Deleted and overwritten content is zeroed in the file, so a deleted account cannot be read back from it.
  client.pragma('secure_delete = ON');
  // Used by the calendar search: search_fold(title) LIKE '%' || <folded word> || '%'.
  client.function('search_fold', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? foldForSearch(value) : value));
  // Used by migration 0005 to hash feed secrets stored before only hashes were kept (same as hashToken).
  client.function('sha256_hex', { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? createHash('sha256').update(value).digest('hex') : null,
  );
  reuseStatements(client);
  const db = drizzle({ client, schema });
  // Every transaction takes the write lock when it begins. A deferred one (SQLite's default) starts as a reader
  // and fails at once with SQLITE_BUSY, without waiting for the busy timeout, when another connection (the
  // calendar-import worker, a maintenance script) has written since its first read.
  const deferred = db.transaction.bind(db);
  db.transaction = ((run, config) => deferred(run, { behavior: 'immediate', ...config })) as typeof db.transaction;
  return db;
}

/**
 * Makes `client.prepare` hand out one compiled statement per SQL text instead of compiling it again. drizzle
 * prepares every query it runs (about 6 % of a page's CPU on the large city), and a page asks the same few dozen
 * queries each time. Compiled statements keep the modes a caller set (`raw`, `pluck`, `expand`; drizzle sets `raw`
 * for its array results), so a reused one is reset to plain rows first; only statements that return rows have modes.
 * At most `limit` statements are kept, the least recently used one is dropped first (search queries differ by the
 * number of words).
 */
export function reuseStatements(client: Database.Database, limit = 1000): void {
  const compile = client.prepare.bind(client);
  const compiled = new Map<string, Database.Statement>();
  client.prepare = ((source: string) => {
    const cached = compiled.get(source);
    if (cached) {
      // Re-inserting keeps the map in order of last use.
      compiled.delete(source);
      compiled.set(source, cached);
      return cached.reader ? cached.raw(false).pluck(false).expand(false) : cached;
    }
    const statement = compile(source);
    compiled.set(source, statement);
    if (compiled.size > limit) compiled.delete(compiled.keys().next().value as string);
    return statement;
  }) as typeof client.prepare;
}

/**
 * Applies the pending migrations. drizzle-kit changes a CHECK or a column by rebuilding the table (create a copy,
 * copy the rows, drop the old one, rename); with foreign keys on, dropping the old table would delete every row that
 * points to it (ON DELETE CASCADE), and the migration's own `PRAGMA foreign_keys=OFF` does nothing inside the
 * migrator's transaction. So, as SQLite's documentation describes for such changes: keys off around the migration,
 * and a foreign-key check before they go back on.
 */
export function migrateDb(db: DbConnection, folder = migrationsFolder): void {
  db.$client.pragma('foreign_keys = OFF');
  try {
    migrate(db, { migrationsFolder: folder });
    const broken = db.$client.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0) throw new Error(`Migration left ${broken.length} rows pointing to rows that do not exist`);
  } finally {
    db.$client.pragma('foreign_keys = ON');
  }
}

/** A fresh, migrated database in its own temp folder, for tests. */
export function createTestDb(): { db: DbConnection; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'quartier-test-'));
  const path = join(dir, 'test.db');
  const db = createDb(path);
  migrateDb(db);
  return { db, path };
}

export { schema };
