/**
 * The set-up every browser test file shares: one portal server (own temp database, demo city) and one
 * Chromium, started together before the file's tests and stopped after them.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { startServer, type RunningServer, type StartOptions } from './server';

export interface BrowserSuite {
  server: RunningServer;
  browser: Browser;
}

/** Call at the top of a describe block; the fields are set once its beforeAll has run. */
export function useServerAndBrowser(options: StartOptions = {}): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    // Seeding the demo city can take long on a busy CI machine shared with other suites.
    [suite.server, suite.browser] = await Promise.all([startServer({ timeoutMs: 150_000, ...options }), launchBrowser()]);
  }, 180_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}
