/**
 * The Quartiersbericht in Chromium with axe at phone and desktop width, with JavaScript on and off: staff choose the
 * period in the GET form, each chart is an SVG image with its numbers in the table next to it, and a bad period comes
 * back with the error summary and the message next to the field. Without JavaScript staff also show a chart on
 * "Was wir erreicht haben", which residents then see with the same table.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkPage, newContext } from '../helpers/browser';
import { useServerAndBrowser } from '../helpers/browser-suite';
import { expectErrorSummary, submitForm, textOf } from '../helpers/forms';

/** Submits the report's GET form and gives the status of the page it loads. */
async function showReport(page: Page): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && new URL(r.url()).pathname === '/verwaltung/bericht'),
    page.waitForEvent('load'),
    page.getByRole('button', { name: 'Bericht anzeigen' }).click(),
  ]);
  return response.status();
}

describe('Quartiersbericht in Chromium', () => {
  const suite = useServerAndBrowser();

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
    const tag = javaScriptEnabled ? 'js' : 'nojs';

    it(`shows the year's figures with charts and their tables, and refuses an end before the start ${mode}`, async () => {
      const context = await newContext(suite.browser, { javaScriptEnabled });
      const page = await context.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${suite.server.url}/anmelden?zurueck=${encodeURIComponent('/verwaltung/bericht')}`);
      await page.getByLabel('E-Mail-Adresse').fill('kray@example.org');
      await page.getByLabel('Passwort (Pflichtfeld)', { exact: true }).fill('quartier-demo');
      await submitForm(page, page.getByRole('button', { name: 'Anmelden', exact: true }));
      await page.waitForURL((url) => url.pathname === '/verwaltung/bericht');

      await page.getByLabel('Zeitraum', { exact: true }).selectOption('jahr');
      expect(await showReport(page)).toBe(200);
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toContain('Quartiersbericht Kray');
      const chart = page.getByRole('img', { name: 'Stattgefundene Termine je Monat' });
      expect(await chart.isVisible()).toBe(true);
      // The chart's numbers are in the table next to it: twelve months, one row each.
      const table = page.getByRole('table', { name: 'Stattgefundene Termine je Monat' });
      expect(await table.locator('tbody tr').count()).toBe(12);
      expect(await textOf(page.locator('[data-figure="veranstaltungen.coverage"]'))).toMatch(/Veranstaltungen mit eingetragener Teilnehmerzahl: \d+ von \d+/);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
      await checkPage(page, `report-year-${tag}`);

      if (!javaScriptEnabled) {
        // Staff show the chart on "Was wir erreicht haben"; residents see the same chart and table there.
        const control = page.locator('details:has(input[name="figur"][value="veranstaltungen.veranstaltungen-monat"])');
        await control.locator('summary').click();
        await control.getByLabel('Ein Satz dazu in einfachen Worten (freiwillig)').fill('Jeden Monat gab es etwas im Quartier.');
        await submitForm(page, control.getByRole('button', { name: 'Auf „Was wir erreicht haben“ zeigen' }));
        expect(await textOf(control.locator('summary'))).toBe('Öffentlich sichtbar');
        await page.goto(`${suite.server.url}/quartiere/kray/erreicht`);
        expect(await page.getByRole('img', { name: 'Stattgefundene Termine je Monat' }).isVisible()).toBe(true);
        expect(await page.getByRole('table', { name: 'Stattgefundene Termine je Monat' }).locator('tbody tr').count()).toBe(12);
        expect(await page.getByText('Jeden Monat gab es etwas im Quartier.').isVisible()).toBe(true);
        await checkPage(page, 'erreicht-with-chart');
        await page.goBack();
      }

      await page.getByLabel('Eigener Zeitraum: von').fill('2026-03-31');
      await page.getByLabel('bis', { exact: true }).fill('2026-03-01');
      expect(await showReport(page)).toBe(400);
      await expectErrorSummary(page, ['bis']);
      expect(await page.getByLabel('Eigener Zeitraum: von').inputValue()).toBe('2026-03-31');
      await checkPage(page, `report-bad-period-${tag}`);
      await context.close();
    });
  }
});
