/**
 * The accessibility check every browser test relies on must itself find violations: with JavaScript on (axe in the
 * page) and off (axe in a script world of its own beside the page's disabled scripts), at both widths, inside frames.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checkPage, launchBrowser, newContext } from '../helpers/browser';

const ORIGIN = 'http://127.0.0.1:9';

const documents: Record<string, string> = {
  '/clean': htmlPage('<h1>Alles in Ordnung</h1><p>Ein Absatz mit genug Kontrast.</p>'),
  '/image-without-text': htmlPage('<h1>Bild</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="20" height="20">'),
  '/frame': htmlPage('<h1>Mit Rahmen</h1><iframe src="/inner" title="Eingebettet"></iframe>'),
  '/inner': htmlPage('<h1>Innen</h1><p style="color:#bbb;background:#fff">Zu blass</p>'),
  // A layout that breaks only on a phone: a narrow screen's style makes the text too pale.
  '/phone-only': htmlPage(
    '<style>@media (max-width: 500px) { .wide { color: #ccc; } }</style><h1>Breite</h1><p class="wide" style="background:#fff">Nur auf dem Telefon blass</p>',
  ),
};

function htmlPage(body: string): string {
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Probe</title></head><body><main>${body}</main></body></html>`;
}

describe('the axe check of browser tests', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(javaScriptEnabled: boolean, path: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await newContext(browser, { javaScriptEnabled });
    const opened = await context.newPage();
    await opened.route(`${ORIGIN}/**`, (route) => {
      const body = documents[new URL(route.request().url()).pathname];
      return body ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }) : route.fulfill({ status: 404 });
    });
    await opened.goto(`${ORIGIN}${path}`);
    return { context, page: opened };
  }

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'JavaScript on' : 'JavaScript off';

    it(`passes a clean page and fails one with an image without text, ${mode}`, async () => {
      const clean = await open(javaScriptEnabled, '/clean');
      await checkPage(clean.page, `axe-probe-clean-${mode}`);
      await clean.context.close();

      const broken = await open(javaScriptEnabled, '/image-without-text');
      await expect(checkPage(broken.page, `axe-probe-image-${mode}`)).rejects.toThrow(/image-alt/);
      await broken.context.close();
    });

    it(`finds a violation inside a frame, ${mode}`, async () => {
      const framed = await open(javaScriptEnabled, '/frame');
      await framed.page.frameLocator('iframe').locator('h1').waitFor();
      await expect(checkPage(framed.page, `axe-probe-frame-${mode}`)).rejects.toThrow(/color-contrast/);
      await framed.context.close();
    });

    it(`checks the phone width too when the page is open at desktop width, ${mode}`, async () => {
      const wide = await open(javaScriptEnabled, '/phone-only');
      await expect(checkPage(wide.page, `axe-probe-phone-${mode}`)).rejects.toThrow(/at 390 px[\s\S]*color-contrast/);
      await wide.context.close();
    });
  }
});
