import type { DbConnection } from '../../db/client';

/** Every text value in every table of the database, to show that something is nowhere in it. */
export function allText(db: DbConnection): string {
  const tables = db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  return tables
    .flatMap((table) => db.$client.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[])
    .flatMap((row) => Object.values(row).filter((v): v is string => typeof v === 'string'))
    .join('\n');
}
