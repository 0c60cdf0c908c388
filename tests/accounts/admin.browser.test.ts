/**
 * The admin and staff pages in Chromium with axe, each once (admin with JavaScript, staff without), and the
 * back office on a phone screen. Invitations and proposals are in organisations.browser.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { newContext, thirdPartyRequests, visit } from '../helpers/browser';
import { useServerAndBrowser } from '../helpers/browser-suite';
import { loginContext } from '../helpers/auth';
import { follow, LONG_FLOW_MS } from './browser-steps';

describe('admin and staff pages in Chromium', () => {
  const suite = useServerAndBrowser();

  it(
    'shows every admin page accessibly to the admin',
    async () => {
      const context = await newContext(suite.browser);
      await loginContext(context, suite.server.url, suite.server.dbPath, 'admin@example.org');
      const page = await visit(context, suite.server.url + '/verwaltung/admin', 'admin-home');
      await follow(page, 'Benutzerkonten', /\/verwaltung\/admin\/benutzer$/, 'admin-users');
      await follow(page, 'Heinz Brückner (Bürgerverein Kray)', /\/verwaltung\/admin\/benutzer\/\d+$/, 'admin-user');
      for (const [path, name] of [
        ['/verwaltung/admin/quartiere', 'admin-quartiere'],
        ['/verwaltung/admin/protokoll', 'admin-audit'],
        ['/verwaltung/admin/postausgang', 'admin-outbox'],
      ] as const) {
        await visit(context, suite.server.url + path, name);
      }
      const orgs = await visit(context, suite.server.url + '/verwaltung/admin/organisationen', 'admin-orgs');
      await follow(orgs, 'Bürgerverein Kray e.V.', /\/verwaltung\/admin\/organisationen\/\d+$/, 'admin-org');
      await context.close();
    },
    LONG_FLOW_MS,
  );

  it(
    'shows the staff pages accessibly to staff without JavaScript',
    async () => {
      const context = await newContext(suite.browser, { javaScriptEnabled: false });
      await loginContext(context, suite.server.url, suite.server.dbPath, 'kray@example.org');
      for (const path of ['/verwaltung', '/verwaltung/veranstaltungen', '/verwaltung/vorschlaege', '/verwaltung/orte']) {
        await visit(context, suite.server.url + path, `staff${path.replace(/\//g, '-')}`);
      }
      await context.close();
    },
    LONG_FLOW_MS,
  );

  it('fits a 390 px phone screen: wide tables and long option texts do not push the page sideways', async () => {
    for (const [email, paths] of [
      ['admin@example.org', ['/verwaltung/admin/benutzer', '/verwaltung/admin/organisationen/1']],
      ['verein@example.org', ['/konto/organisationen/1', '/veranstaltungen/vorschlagen']],
    ] as const) {
      const context = await suite.browser.newContext({ viewport: { width: 390, height: 800 }, locale: 'de-DE' });
      await loginContext(context, suite.server.url, suite.server.dbPath, email);
      const page = await context.newPage();
      for (const path of paths) {
        expect((await page.goto(suite.server.url + path))?.status(), path).toBe(200);
        await expect(
          page.evaluate(() => document.documentElement.scrollWidth),
          path,
        ).resolves.toBeLessThanOrEqual(390);
      }
      await context.close();
    }
  });

  it('makes no request to a third party from any visited page', () => {
    expect(thirdPartyRequests).toEqual([]);
  });
});
