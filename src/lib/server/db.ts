import { createDb, type Db, type DbConnection } from '../../../db/client';
import { getConfig } from './config';

let db: DbConnection | undefined;

/** The process-wide database connection (one better-sqlite3 handle; SQLite serialises writers). */
export function getDb(): DbConnection {
  db ??= createDb(getConfig().databasePath);
  return db;
}

export type { Db, DbConnection };
