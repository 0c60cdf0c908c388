import { createDb, type DbConnection } from '../../db/client';
import type { RunningServer } from '../helpers/server';

export type FormFields = Record<string, string | string[]>;

/** Posts a form to an Astro Action the way a browser without JavaScript does (same origin, urlencoded). */
export async function postAction(server: RunningServer, path: string, action: string, fields: FormFields, cookie?: string): Promise<Response> {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  }
  const headers: Record<string, string> = { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' };
  if (cookie) headers.cookie = cookie;
  return fetch(`${server.url}${path}?_action=${action}`, { method: 'POST', body, headers, redirect: 'manual' });
}

export async function get(server: RunningServer, path: string, cookie?: string): Promise<Response> {
  return fetch(server.url + path, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
}

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
