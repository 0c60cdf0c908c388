/**
 * `npm run db:backup -- <file>`: an online backup of the portal's database while the server keeps running.
 *
 * SQLite's backup API (better-sqlite3 `backup()`) copies a consistent snapshot page by page; writers are
 * not blocked for long, and a write that lands during the copy makes SQLite restart the copy, so the
 * result is always one consistent state. The copy goes to a temporary file next to the target, is checked
 * with `PRAGMA integrity_check`, and only then renamed into place — a failed backup never leaves a broken
 * file under the target name. Reads DATABASE_PATH like the server does.
 *
 * Restore (README, Operations): stop the server, replace the database file with the backup (and remove
 * stale `-wal`/`-shm` files), start the server; migrations newer than the backup run at start.
 */
import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

function fail(message: string): never {
  console.error(`db:backup: ${message}`);
  process.exit(1);
}

export interface BackupResult {
  path: string;
  bytes: number;
  ms: number;
}

/** Copies the live database at `source` to `target` (atomically replaced); throws when anything is wrong. */
export async function backupDatabase(source: string, target: string): Promise<BackupResult> {
  const started = performance.now();
  if (!existsSync(source)) throw new Error(`no database at ${source} (set DATABASE_PATH).`);
  if (resolve(source) === resolve(target)) throw new Error('the backup cannot replace the database itself.');
  const temporary = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(temporary);
  } finally {
    db.close();
  }
  const copy = new Database(temporary, { fileMustExist: true });
  try {
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`the copy failed its integrity check: ${String(check)}`);
    // A standalone file: the backup needs no -wal next to it when copied elsewhere.
    copy.pragma('journal_mode = DELETE');
  } catch (error) {
    copy.close();
    rmSync(temporary, { force: true });
    throw error;
  }
  copy.close();
  renameSync(temporary, target);
  return { path: target, bytes: statSync(target).size, ms: performance.now() - started };
}

async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target || target.startsWith('-')) fail('usage: npm run db:backup -- <backup-file> (reads DATABASE_PATH, default ./data/quartier.db)');
  const source = resolve(process.env.DATABASE_PATH || './data/quartier.db');
  try {
    const result = await backupDatabase(source, resolve(target));
    console.log(`db:backup: ${source} → ${result.path} (${(result.bytes / 1024 / 1024).toFixed(1)} MB in ${(result.ms / 1000).toFixed(1)} s, integrity ok)`);
  } catch (error) {
    fail((error as Error).message);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
