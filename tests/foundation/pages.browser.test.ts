import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newContext, thirdPartyRequests, visit } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';

describe('home and Quartier pages in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';

    it(`shows the home page accessibly ${mode} and reaches a Quartier with the keyboard`, async () => {
      const context = await newContext(browser, { javaScriptEnabled });
      const page = await visit(context, server.url + '/', `home-${mode}`);
      await expect(page.locator('h1').textContent()).resolves.toContain('Willkommen');
      // The skip link is the first thing the keyboard reaches and jumps to the main content.
      await page.keyboard.press('Tab');
      await expect(page.locator(':focus').textContent()).resolves.toContain('Zum Inhalt springen');
      await page.getByRole('link', { name: 'Kray', exact: true }).click();
      await page.waitForURL(/\/quartiere\/kray$/);
      await visit(context, page.url(), `quartier-${mode}`);
      await context.close();
    });

    it(`switches Quartier with the switcher form ${mode}`, async () => {
      const context = await newContext(browser, { javaScriptEnabled });
      const page = await visit(context, server.url + '/', `switcher-${mode}`);
      await page.getByLabel('Quartier wählen').selectOption('frohnhausen');
      await page.getByRole('button', { name: 'Anzeigen' }).click();
      await page.waitForURL(/\/quartiere\/frohnhausen$/);
      await expect(page.locator('h1').innerText()).resolves.toBe('Frohnhausen');
      await context.close();
    });
  }

  it('keeps the legal pages, Leichte Sprache, Gebärdensprache and the 404 page accessible', async () => {
    const context = await newContext(browser);
    for (const path of ['/impressum', '/datenschutz', '/barrierefreiheit', '/leichte-sprache', '/gebaerdensprache', '/gibt-es-nicht']) {
      await visit(context, server.url + path, `legal${path.replace(/\//g, '-')}`);
    }
    await context.close();
  });

  it('shows English after the language switch', async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await visit(context, server.url + '/quartiere/kray', 'lang-before');
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/\/quartiere\/kray$/);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(page.getByRole('heading', { name: 'Your neighbourhood management' }).count()).resolves.toBe(1);
    await visit(context, page.url(), 'lang-after');
    await context.close();
  });

  it('fits a 360 px phone screen without sideways scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'de-DE' });
    const page = await context.newPage();
    for (const path of ['/', '/quartiere/kray', '/quartiere/bergmannsfeld-hoersterfeld', '/leichte-sprache']) {
      await page.goto(server.url + path);
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(360);
    }
    await context.close();
  });

  it('makes no request to a third party from any visited page', () => {
    expect(thirdPartyRequests).toEqual([]);
  });
});
