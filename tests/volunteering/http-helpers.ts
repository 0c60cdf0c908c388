import { createDb, type DbConnection } from '../../db/client';
import type { RunningServer } from '../helpers/server';

export { get, postAction, type FormFields } from '../helpers/http';

/** A second connection to the server's database file, for arranging data and checking results. */
export function openServerDb(server: RunningServer): DbConnection {
  return createDb(server.dbPath);
}

/** The secret link in a mail body. */
export function linkIn(text: string, pathPrefix: string): string {
  const match = text.match(new RegExp(`https?://[^\\s]+${pathPrefix.replace(/\//g, '\\/')}[^\\s]+`));
  if (!match) throw new Error(`no ${pathPrefix} link in:\n${text}`);
  return new URL(match[0]).pathname;
}
