/**
 * A confirmation step with the keyboard only, in Chromium with axe on every page, with and without JavaScript:
 * the admin revokes an Open311 key. The list only links to the step; "Abbrechen" leads back and changes nothing;
 * "Ja, Schlüssel sperren" revokes and the list says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { createDb, type DbConnection } from '../../db/client';
import { open311Clients } from '../../db/schema';
import { checkPage, newContext, thirdPartyRequests, visit } from '../helpers/browser';
import { useServerAndBrowser } from '../helpers/browser-suite';
import { loginContext } from '../helpers/auth';
import { expectNoticeFirst, textOf } from '../helpers/forms';

/** Presses Tab until the focused element's text matches, as a keyboard user moves through the page. */
async function tabTo(page: Page, name: RegExp): Promise<void> {
  for (let presses = 0; presses < 200; presses++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => (document.activeElement?.textContent ?? '').replace(/\s+/g, ' ').trim());
    if (name.test(focused)) return;
  }
  throw new Error(`no element matching ${name} is reachable with Tab`);
}

/** Presses Enter on the focused link or button and waits for the page it leads to. */
async function pressEnter(page: Page, url: RegExp): Promise<void> {
  await Promise.all([page.waitForURL(url), page.keyboard.press('Enter')]);
  await page.waitForLoadState();
}

describe('a confirmation step with the keyboard', () => {
  const suite = useServerAndBrowser();
  let db: DbConnection;
  beforeAll(() => {
    db = createDb(suite.server.dbPath);
  });
  afterAll(() => {
    db?.$client.close();
  });

  for (const javaScriptEnabled of [false, true]) {
    it(`revokes an API key only after its step, and "Abbrechen" changes nothing (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const name = `Stadtteil-App ${javaScriptEnabled ? 'mit' : 'ohne'} Skript`;
      const client = db
        .insert(open311Clients)
        .values({ name, keyHash: `browser-test-${javaScriptEnabled}`, createdAt: new Date() })
        .returning()
        .get();
      const revoked = (): boolean => db.select().from(open311Clients).where(eq(open311Clients.id, client.id)).get()!.revokedAt !== null;
      const tag = javaScriptEnabled ? 'js' : 'nojs';
      const context = await newContext(suite.browser, { javaScriptEnabled });
      await loginContext(context, suite.server.url, suite.server.dbPath, 'admin@example.org');
      const listing = `${suite.server.url}/verwaltung/anliegen/schnittstelle`;
      const page = await visit(context, listing, `api-keys-${tag}`);
      const link = new RegExp(`^Schlüssel für ${name} sperren …$`);

      await tabTo(page, link);
      await pressEnter(page, new RegExp(`/schnittstelle/${client.id}/widerrufen$`));
      await checkPage(page, `api-key-revoke-step-${tag}`);
      expect(await textOf(page.locator('main h1'))).toBe(`Schlüssel für „${name}“ sperren?`);
      expect(await textOf(page.locator('[data-consequences]'))).toContain('Das lässt sich nicht rückgängig machen.');
      await tabTo(page, /^Abbrechen$/);
      await pressEnter(page, /\/verwaltung\/anliegen\/schnittstelle$/);
      expect(revoked()).toBe(false);

      await tabTo(page, link);
      await pressEnter(page, /\/widerrufen$/);
      await tabTo(page, /^Ja, Schlüssel sperren$/);
      await pressEnter(page, /\/verwaltung\/anliegen\/schnittstelle\?hinweis=concerns\.keyRevoked$/);
      await expectNoticeFirst(page, /gesperrt/);
      await checkPage(page, `api-key-revoked-${tag}`);
      expect(revoked()).toBe(true);
      await context.close();
    });
  }

  it('makes no request to a third party', () => {
    expect(thirdPartyRequests).toEqual([]);
  });
});
