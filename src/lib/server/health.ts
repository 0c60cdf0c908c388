import { sql } from 'drizzle-orm';
import type { Db } from './db';

export interface Health {
  status: 'ok' | 'error';
  database: 'reachable' | 'unreachable';
  error?: string;
}

/** Is the database reachable and answering? Takes a getter so a failure to open is reported too. */
export function checkHealth(getDb: () => Db): Health {
  try {
    getDb().get(sql`select 1`);
    return { status: 'ok', database: 'reachable' };
  } catch (error) {
    return { status: 'error', database: 'unreachable', error: (error as Error).message };
  }
}
