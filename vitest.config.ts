import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Feed and time tests must hold on servers that run in UTC.
    env: { TZ: 'UTC', ASTRO_TELEMETRY_DISABLED: '1' },
    globalSetup: ['tests/global-setup.ts'],
    // Four files at a time even on a 2-core machine: HTTP and browser tests mostly wait on the server and Chromium
    // (separate processes); one browser file alone keeps about half a core busy. With three at a time the suite used
    // 44 % of the two cores' time; the suite took 1,573 s with two, 1,285 s with three and 1,260 s with four (4 Dec).
    maxWorkers: 4,
    // drizzle-orm through Vite's module runner instead of Node's loader, which reads drizzle's package.json (180 kB, an
    // export per file) again for each of its ~150 modules: about 1.6 s of CPU per test file that opens a database.
    server: { deps: { inline: ['drizzle-orm'] } },
    projects: [
      {
        test: {
          name: 'unit',
          // A budget, not a target: seeding the demo city (a year of history, offers' calendars) takes seconds, and
          // on a busy 2-core machine several times as long.
          testTimeout: 120_000,
          hookTimeout: 120_000,
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/**/*.http.test.ts', 'tests/**/*.browser.test.ts'],
          env: { TZ: 'UTC' },
        },
      },
      {
        test: {
          name: 'http',
          include: ['tests/**/*.http.test.ts'],
          // A budget, not a target: under load from other processes on 2 cores a start-up can take a minute.
          testTimeout: 120_000,
          hookTimeout: 60_000,
          env: { TZ: 'UTC' },
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/**/*.browser.test.ts'],
          // Every visited page is checked with axe at two widths; on a busy 2-core machine a long flow takes minutes.
          testTimeout: 240_000,
          hookTimeout: 60_000,
          env: { TZ: 'UTC' },
        },
      },
    ],
  },
});
