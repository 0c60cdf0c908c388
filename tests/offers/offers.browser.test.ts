/**
 * The Angebotslandschaft in Chromium with axe on every page (phone and desktop width), each flow with JavaScript
 * on and off: searching, an actor and an offer page (JSON-LD, no client script), the Bürgerverein's member editing
 * an offer (error summary, then the notice), the yearly "Stimmt das noch?" confirmation from the .eml link, and
 * the printable overview with its QR codes.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkPage, newContext, thirdPartyRequests, visit } from '../helpers/browser';
import { useServerAndBrowser } from '../helpers/browser-suite';
import { loginContext } from '../helpers/auth';
import { expectErrorSummary, expectNoticeFirst, submitForm, textOf } from '../helpers/forms';
import { waitForMailFile } from '../helpers/mail-files';

/** Pages of this area ship no script to run: only JSON-LD data blocks. */
async function expectNoClientScript(page: Page): Promise<void> {
  expect(await page.locator('script:not([type="application/ld+json"])').count()).toBe(0);
}

async function jsonLdTypes(page: Page): Promise<string[]> {
  const blocks = await page.locator('script[type="application/ld+json"]').allTextContents();
  return blocks.map((b) => (JSON.parse(b) as { '@type': string })['@type']);
}

describe('local offers in Chromium', () => {
  // Every demo actor was checked two months ago: with a one-month interval the reminders go out at start.
  const suite = useServerAndBrowser({ env: { OFFERS_CONFIRM_MONTHS: '1' } });

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
    const tag = javaScriptEnabled ? 'js' : 'nojs';

    it(`finds offers with the search form and shows actor and offer pages ${mode}`, async () => {
      const context = await newContext(suite.browser, { javaScriptEnabled });
      const page = await visit(context, `${suite.server.url}/angebote`, `offers-search-${tag}`);
      await expectNoClientScript(page);
      await page.locator('#filter-q').fill('sprachcafe');
      await page.locator('#filter-tag').selectOption({ label: 'Donnerstag' });
      await Promise.all([page.waitForURL(/\/angebote\?q=sprachcafe&.*tag=TH/), page.getByRole('button', { name: 'Suchen' }).click()]);
      await checkPage(page, `offers-results-${tag}`);
      const results = page.getByRole('region', { name: /Angebote? gefunden/ });
      await expect(textOf(page.locator('#results-heading'))).resolves.toBe('1 Angebot gefunden');
      await expect(textOf(results.locator('.offer-card h3'))).resolves.toBe('Sprachcafé');

      await Promise.all([
        page.waitForURL(/\/angebote\/akteure\/initiative-sprachpaten-bergmannsfeld$/),
        results.getByRole('link', { name: 'Initiative Sprachpaten Bergmannsfeld' }).click(),
      ]);
      await checkPage(page, `offers-actor-${tag}`);
      await expectNoClientScript(page);
      expect(await jsonLdTypes(page)).toEqual(['Organization']);
      await expect(textOf(page.locator('main'))).resolves.toContain('Zuletzt geprüft');
      await Promise.all([page.waitForURL(/\/angebote\/\d+-sprachcafe$/), page.getByRole('link', { name: 'Sprachcafé' }).click()]);
      await checkPage(page, `offers-offer-${tag}`);
      await expectNoClientScript(page);
      expect(await jsonLdTypes(page)).toEqual(['Service']);
      await expect(textOf(page.locator('main'))).resolves.toContain('jeden Donnerstag, 15:00–17:00 Uhr');
      expect(thirdPartyRequests).toEqual([]);
      await context.close();
    }, 240_000);

    it(`lets the Bürgerverein's member edit an offer: error summary for bad input, then a notice ${mode}`, async () => {
      const context = await newContext(suite.browser, { javaScriptEnabled });
      await loginContext(context, suite.server.url, suite.server.dbPath, 'verein@example.org');
      const page = await context.newPage();
      await page.goto(`${suite.server.url}/konto/angebote`);
      await Promise.all([page.waitForURL(/\/konto\/angebote\/\d+$/), page.getByRole('link', { name: 'Bürgerverein Kray e.V.' }).click()]);
      await checkPage(page, `offers-account-actor-${tag}`);
      await Promise.all([
        page.waitForURL(/\/konto\/angebote\/angebot\/\d+$/),
        page
          .getByRole('link', { name: /^Spieleabend/ })
          .first()
          .click(),
      ]);
      await checkPage(page, `offers-edit-${tag}`);

      await page.locator('#f-title').fill('');
      await page.locator('#f-validFrom').fill('2027-05-01');
      await page.locator('#f-validUntil').fill('2027-04-01');
      expect(await submitForm(page, page.getByRole('button', { name: 'Änderungen speichern' }))).toBe(400);
      await expectErrorSummary(page, ['title', 'validUntil']);
      await checkPage(page, `offers-edit-refused-${tag}`);
      await expect(page.locator('#f-validFrom').inputValue()).resolves.toBe('2027-05-01');

      await page.locator('#f-title').fill(`Spieleabend für Jung und Alt (${tag})`);
      await page.locator('#f-validFrom').fill('');
      await page.locator('#f-validUntil').fill('');
      expect(await submitForm(page, page.getByRole('button', { name: 'Änderungen speichern' }))).toBe(303);
      await expectNoticeFirst(page, /Gespeichert/);
      await checkPage(page, `offers-edit-saved-${tag}`);
      await expect(page.locator('h1').innerText()).resolves.toBe(`Spieleabend für Jung und Alt (${tag})`);
      await context.close();
    }, 240_000);

    it(`confirms the entries from the yearly mail's link without logging in ${mode}`, async () => {
      const mail = await waitForMailFile(suite.server.mailDir, 'verein@example.org', /Stimmt das noch\?/, 45_000);
      expect(mail.text).toContain('/konto/angebote/');
      const link = /https?:\/\/\S+\/angebote\/pruefen\/[a-z2-7]+/.exec(mail.text)?.[0];
      if (!link) throw new Error(`no confirmation link in the mail:\n${mail.text}`);
      const context = await newContext(suite.browser, { javaScriptEnabled });
      const page = await visit(context, link, `offers-confirm-${tag}`);
      await expect(textOf(page.locator('main'))).resolves.toContain('Bürgerverein Kray e.V.');
      expect(await submitForm(page, page.getByRole('button', { name: 'Ja, unverändert' }))).toBe(303);
      await expectNoticeFirst(page, /Danke!/);
      await checkPage(page, `offers-confirmed-${tag}`);
      await context.close();
    }, 240_000);

    it(`prints an A4 overview of a Quartier with a QR code per entry ${mode}`, async () => {
      const context = await newContext(suite.browser, { javaScriptEnabled });
      const page = await visit(context, `${suite.server.url}/angebote/druck?quartier=karnap`, `offers-print-${tag}`);
      await expectNoClientScript(page);
      await expect(page.locator('h1').innerText()).resolves.toBe('Angebote in Karnap');
      const entries = await page.locator('[data-print-list] > li').count();
      expect(entries).toBeGreaterThanOrEqual(8);
      expect(await page.locator('.qr > svg').count()).toBe(entries + 1);
      await expect(page.locator('[data-print-list]').textContent()).resolves.toContain('Repair-Café');
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.site-header').isVisible()).toBe(false);
      expect(await page.locator('form.print-choice').isVisible()).toBe(false);
      expect(await page.locator('.qr').first().isVisible()).toBe(true);
      expect(thirdPartyRequests).toEqual([]);
      await context.close();
    }, 240_000);
  }
});
