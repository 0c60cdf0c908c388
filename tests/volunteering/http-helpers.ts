import { afterAll, beforeAll } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { createDb, type DbConnection } from '../../db/client';
import type { RunningServer } from '../helpers/server';
import type { BrowserSuite } from '../helpers/browser-suite';
import { newContext } from '../helpers/browser';

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

/** One Chromium context (JavaScript on or off) for the tests of a describe block; `context` is set once they run. */
export function useBrowserContext(suite: BrowserSuite, js: boolean): { context: BrowserContext } {
  const holder = {} as { context: BrowserContext };
  beforeAll(async () => {
    holder.context = await newContext(suite.browser, { javaScriptEnabled: js });
  });
  afterAll(async () => {
    await holder.context?.close();
  });
  return holder;
}
