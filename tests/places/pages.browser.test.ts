import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { checkPage, launchBrowser, newContext, thirdPartyRequests, visit } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';
import { insertClockFixtures, type ClockFixtures } from './fixtures';

describe('Treffs and place pages in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let clock: ClockFixtures;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    clock = insertClockFixtures(server.dbPath);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';

    it(`reaches /orte from the main navigation, filters by Quartier and opens a place ${mode}`, async () => {
      const context = await newContext(browser, { javaScriptEnabled });
      const home = await visit(context, server.url + '/', `places-home-${mode}`);
      await home.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Treffs und Stadtteilbüros' }).click();
      await home.waitForURL(/\/orte$/);
      await checkPage(home, `places-list-${mode}`);
      await home.getByLabel('Quartier', { exact: true }).selectOption('frohnhausen');
      await home.getByRole('button', { name: 'Anzeigen', exact: true }).last().click();
      await home.waitForURL(/\/orte\?quartier=frohnhausen$/);
      await checkPage(home, `places-filtered-${mode}`);
      await expect(home.getByRole('heading', { level: 2, name: 'Frohnhausen' }).count()).resolves.toBe(1);
      await expect(home.getByRole('heading', { level: 2, name: 'Kray' }).count()).resolves.toBe(0);
      await home.getByRole('link', { name: 'Treff am Gervinuspark' }).click();
      await home.waitForURL(/\/orte\/treff-am-gervinuspark$/);
      await checkPage(home, `place-page-${mode}`);
      await expect(home.locator('h1').innerText()).resolves.toBe('Treff am Gervinuspark');
      await expect(home.getByRole('table', { name: 'Regelmäßige Öffnungszeiten' }).getByRole('rowheader').count()).resolves.toBe(7);
      // Today's row says "heute" in bold; an underline would read as a link.
      const todayRow = home.locator('.hours-table tr[aria-current="date"] th');
      await expect(todayRow.innerText()).resolves.toMatch(/^\S+ \(heute\)$/);
      const look = await todayRow.evaluate((cell) => ({ line: getComputedStyle(cell).textDecorationLine, weight: getComputedStyle(cell).fontWeight }));
      expect(look).toEqual({ line: 'none', weight: '700' });
      await context.close();
    });

    it(`shows "open now" and "closed today" on the place pages ${mode}`, async () => {
      const context = await newContext(browser, { javaScriptEnabled });
      const open = await visit(context, `${server.url}/orte/${clock.openSlug}`, `place-open-${mode}`);
      await expect(open.locator('.opening-status').innerText()).resolves.toContain(clock.openLine);
      const closed = await visit(context, `${server.url}/orte/${clock.closedSlug}`, `place-closed-${mode}`);
      await expect(closed.locator('.opening-status').innerText()).resolves.toContain(clock.closedLine);
      await context.close();
    });

    it(`opens the printable programme from the place page, accessibly, ${mode}`, async () => {
      const context = await newContext(browser, { javaScriptEnabled });
      const page = await visit(context, `${server.url}/orte/stadtteilbuero-kray`, `place-kray-${mode}`);
      await page.getByRole('link', { name: /^Programm für .* \(zum Aushängen\)$/ }).click();
      await page.waitForURL(/\/orte\/stadtteilbuero-kray\/programm\?monat=\d{4}-\d{2}$/);
      await checkPage(page, `programme-place-${mode}`);
      await expect(page.locator('h1').textContent()).resolves.toMatch(/^Stadtteilbüro Kray: Programm /);
      await page.getByRole('link', { name: /^Nächster Monat: / }).click();
      await page.waitForURL(/programm\?monat=\d{4}-\d{2}$/);
      await checkPage(page, `programme-place-next-${mode}`);
      await context.close();
    });

    it(`shows the Quartier programme and the bad-month page accessibly ${mode}`, async () => {
      const context = await newContext(browser, { javaScriptEnabled });
      await visit(context, `${server.url}/quartiere/kray/programm`, `programme-quartier-${mode}`);
      const bad = await visit(context, `${server.url}/orte/stadtteilbuero-kray/programm?monat=kaputt`, `programme-bad-month-${mode}`);
      await expect(bad.locator('h1').innerText()).resolves.toBe('Diesen Monat gibt es nicht');
      await context.close();
    });
  }

  it('prints the programmes on A4: no content wider than the printable width, navigation hidden', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    // A4 minus the 15 mm margins of the print stylesheet: 180 mm ≈ 680 CSS pixels.
    await page.setViewportSize({ width: 680, height: 1000 });
    await page.emulateMedia({ media: 'print' });
    for (const path of ['/orte/stadtteilbuero-kray/programm', '/quartiere/kray/programm']) {
      await page.goto(server.url + path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
      await expect(page.locator('.site-header').isVisible()).resolves.toBe(false);
      await expect(page.locator('.programme-nav').isVisible()).resolves.toBe(false);
      await expect(page.locator('.breadcrumb').isVisible()).resolves.toBe(false);
      const pdf = await page.pdf({ format: 'A4', printBackground: false });
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
      expect(pages, path).toBeGreaterThanOrEqual(1);
      expect(pages, path).toBeLessThanOrEqual(path.startsWith('/orte') ? 1 : 3);
    }
    await context.close();
  });

  it('keeps a venue page and the unknown-Quartier page accessible', async () => {
    const context = await newContext(browser);
    await visit(context, server.url + '/orte/kita-regenbogen', 'venue-page');
    await visit(context, server.url + '/orte?quartier=atlantis', 'places-unknown-quartier');
    await context.close();
  });

  it('made no request to any other host', () => {
    expect(thirdPartyRequests).toEqual([]);
  });
});
