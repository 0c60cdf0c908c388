/** Requests against the running server the way a browser without JavaScript makes them. */
import type { RunningServer } from './server';

export type FormFields = Record<string, string | string[]>;

/** Posts a form to an Astro Action the way a browser without JavaScript does (same origin, urlencoded). */
export async function postAction(
  server: RunningServer,
  path: string,
  action: string,
  fields: FormFields,
  cookie?: string,
  extraHeaders: Record<string, string> = {},
): Promise<Response> {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  }
  const headers: Record<string, string> = { ...extraHeaders, origin: server.url, 'content-type': 'application/x-www-form-urlencoded' };
  if (cookie) headers.cookie = cookie;
  return fetch(`${server.url}${path}?_action=${action}`, { method: 'POST', body, headers, redirect: 'manual' });
}

export async function get(server: RunningServer, path: string, cookie?: string): Promise<Response> {
  return fetch(server.url + path, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
}
