/**
 * The embed builder and the embedded calendar in Chromium with axe: building a snippet with and without
 * JavaScript (phone and desktop), the widget page itself, and the widget inside an iframe on another origin (a
 * second loopback server standing in for a Verein's website) at 300 px width: it loads, fits, and a click opens
 * the portal in the whole window.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, newContext, thirdPartyRequests, visit } from '../helpers/browser';
import { useServerAndBrowser } from '../helpers/browser-suite';
import { freePort } from '../helpers/server';
import { textOf } from '../helpers/forms';

/** A Verein's website on another origin (localhost instead of 127.0.0.1, another port) showing the given HTML. */
let website: Server;
let websiteUrl = '';
const websitePages = new Map<string, string>();

beforeAll(async () => {
  const port = await freePort();
  website = createServer((req, res) => {
    const body = websitePages.get(req.url ?? '/');
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => website.listen(port, '127.0.0.1', resolve));
  websiteUrl = `http://localhost:${port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => website.close(() => resolve()));
});

function websitePage(path: string, snippet: string): string {
  websitePages.set(
    path,
    `<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Bürgerverein</title><style>body{margin:0}</style></head><body><main><h1>Unsere Termine</h1>${snippet}</main></body></html>`,
  );
  return websiteUrl + path;
}

describe('embedding the calendar in Chromium', () => {
  const suite = useServerAndBrowser();
  let iframeCode = '';

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
    const tag = javaScriptEnabled ? 'js' : 'nojs';

    it(`builds the snippet for one Quartier with the GET form and previews the widget ${mode}`, async () => {
      const context = await newContext(suite.browser, { javaScriptEnabled });
      const page = await visit(context, `${suite.server.url}/einbetten`, `embed-builder-${tag}`);
      await page.getByRole('group', { name: 'Quartiere' }).getByLabel('Kray').check();
      await page.getByLabel('Anzahl der Termine').selectOption('3');
      await page.getByLabel('Darstellung').selectOption({ label: 'Kompakt' });
      await Promise.all([page.waitForURL(/\/einbetten\?quartier=kray&anzahl=3&ansicht=kompakt/), page.getByRole('button', { name: 'Code erstellen' }).click()]);
      await checkPage(page, `embed-builder-result-${tag}`);
      await expect(page.getByRole('group', { name: 'Quartiere' }).getByLabel('Kray').isChecked()).resolves.toBe(true);
      const preview = page.frameLocator('iframe[title="Termine aus dem Quartiersportal"]');
      await expect(textOf(preview.locator('h1'))).resolves.toBe('Nächste Termine: Kray');
      expect(await preview.locator('.embed-item').count()).toBe(3);
      iframeCode = await page.locator('#iframe-code').inputValue();
      expect(iframeCode).toMatch(
        /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/einbetten\/kalender\?quartier=kray&amp;anzahl=3&amp;ansicht=kompakt" title="Termine aus dem Quartiersportal"/,
      );
      expect(await page.locator('#link-list').inputValue()).toContain('aktualisiert sich nicht selbst');
      expect(thirdPartyRequests).toEqual([]);
      await context.close();
    }, 240_000);
  }

  it('the widget page itself passes axe and ships no script', async () => {
    const context = await newContext(suite.browser);
    const page = await visit(context, `${suite.server.url}/einbetten/kalender?quartier=kray&akzent=violett&schrift=gross`, 'embed-widget');
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('header, footer, nav').count()).toBe(0);
    await context.close();
  }, 240_000);

  it('loads inside an iframe of another origin at 300 px, fits its width, and a click opens the portal in the top window', async () => {
    expect(iframeCode).not.toBe('');
    // The snippet exactly as the builder gave it; &amp; in the attribute is what HTML expects.
    const hostUrl = websitePage('/termine.html', iframeCode);
    const context = await newContext(suite.browser);
    const page = await context.newPage();
    await page.setViewportSize({ width: 300, height: 800 });
    await page.goto(hostUrl);
    const frameElement = page.locator('iframe');
    await expect(frameElement.getAttribute('title')).resolves.toBe('Termine aus dem Quartiersportal');
    const frame = await (await frameElement.elementHandle())!.contentFrame();
    expect(frame).not.toBeNull();
    await frame!.waitForSelector('h1');
    expect(frame!.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/einbetten\/kalender\?/);
    await expect(textOf(frame!.locator('h1'))).resolves.toBe('Nächste Termine: Kray');
    const widths = await frame!.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(widths.client).toBeLessThanOrEqual(300);
    expect(widths.scroll).toBeLessThanOrEqual(300);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(300);

    const first = frame!.locator('.embed-item a').first();
    const title = await textOf(first);
    await Promise.all([page.waitForURL(new RegExp(`^${suite.server.url}/veranstaltungen/\\d+-[a-z0-9-]+/\\d{4}-\\d{2}-\\d{2}$`)), first.click()]);
    // The whole window now shows the portal's event page, not the frame.
    await expect(textOf(page.locator('h1 .p-name'))).resolves.toBe(title);
    expect(page.frames()).toHaveLength(1);
    await context.close();
  }, 240_000);

  it('any other portal page is refused inside that iframe (frame-ancestors none)', async () => {
    const hostUrl = websitePage('/falsch.html', `<iframe src="${suite.server.url}/veranstaltungen" title="Kalender" width="300" height="400"></iframe>`);
    const context = await newContext(suite.browser);
    const page = await context.newPage();
    const blocked = page.waitForEvent('console', (message) => /frame-ancestors|Refused to frame/i.test(message.text()));
    await page.goto(hostUrl);
    await blocked;
    const frame = await (await page.locator('iframe').elementHandle())!.contentFrame();
    expect(await frame!.locator('main#inhalt').count()).toBe(0);
    await context.close();
  }, 240_000);
});
