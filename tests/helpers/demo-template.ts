/**
 * The demo city seeded once per test run (tests/global-setup.ts). A test server that would seed the demo city on its
 * first start gets a copy instead: the same database `npm start` creates, seconds earlier.
 */
import { copyFileSync, statSync } from 'node:fs';
import { like } from 'drizzle-orm';
import { createDb } from '../../db/client';
import { calendarSubscriptions } from '../../db/schema';
import { DEMO_CALENDAR_PATH } from '../../db/seed/demo/calendar-subscription';
import { berlinDate } from '../../src/lib/time';

export const DEMO_TEMPLATE_ENV = 'QUARTIER_TEST_DEMO_TEMPLATE';

/** Whether a server with this environment seeds the demo city itself (outside production, unless DEMO=false). */
function seedsDemo(env: Record<string, string | undefined>): boolean {
  if (env.NODE_ENV === 'production') return false;
  return !['false', '0', 'no', 'off'].includes((env.DEMO ?? '').toLowerCase());
}

/**
 * Copies the template to `dbPath` for a server with `env` listening on `publicUrl`; false when the server must seed
 * itself: no template, a server that seeds no demo, or a template from another day (the demo city is relative to today).
 */
export function copyDemoTemplate(dbPath: string, env: Record<string, string | undefined>, publicUrl: string): boolean {
  const template = process.env[DEMO_TEMPLATE_ENV];
  if (!template || !seedsDemo(env)) return false;
  if (berlinDate(statSync(template).mtime) !== berlinDate(new Date())) return false;
  copyFileSync(template, dbPath);
  // The demo organisation subscribes to the calendar its own portal serves: the address of this server, not the
  // template's.
  const db = createDb(dbPath);
  try {
    db.update(calendarSubscriptions)
      .set({ url: publicUrl + DEMO_CALENDAR_PATH })
      .where(like(calendarSubscriptions.url, `%${DEMO_CALENDAR_PATH}`))
      .run();
  } finally {
    db.$client.close();
  }
  return true;
}
