/** Requests the concerns HTTP tests make against the built server. */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RunningServer } from '../helpers/server';

export interface Upload {
  name: string;
  type: string;
  data: Uint8Array;
}

/** Posts a multipart form (with files) to an Action the way a browser without JavaScript does. */
export async function postMultipart(
  server: RunningServer,
  path: string,
  action: string,
  fields: Record<string, string>,
  files: Record<string, Upload[]> = {},
  cookie?: string,
): Promise<Response> {
  const body = new FormData();
  const appendFiles = (name: string): void => {
    for (const file of files[name] ?? []) body.append(name, new Blob([file.data as BlobPart], { type: file.type }), file.name);
  };
  // A browser sends the fields in the order of the page; the error summary follows that order. On the concern
  // forms the photo input comes right after the coordinates.
  for (const [name, value] of Object.entries(fields)) {
    body.append(name, value);
    if (name === 'longitude') appendFiles('photos');
  }
  if (!('longitude' in fields)) appendFiles('photos');
  for (const name of Object.keys(files)) if (name !== 'photos') appendFiles(name);
  const headers: Record<string, string> = { origin: server.url };
  if (cookie) headers.cookie = cookie;
  return fetch(`${server.url}${path}?_action=${action}`, { method: 'POST', body, headers, redirect: 'manual' });
}

/** The server keeps photos next to its database file. */
export function storedPhotos(server: RunningServer): string[] {
  try {
    return readdirSync(join(dirname(server.dbPath), 'anliegen-fotos')).map((name) => join(dirname(server.dbPath), 'anliegen-fotos', name));
  } catch {
    return [];
  }
}

/** The error summary of a refused form as `field: message` lines (a form's id prefix left off). */
export function summaryOf(html: string): string[] {
  return [...html.matchAll(/<li><a href="#(?:[a-z]+-)*?f-([^"]+)">([^<]*)<\/a><\/li>/g)].map((m) => `${m[1]}: ${m[2]}`);
}
