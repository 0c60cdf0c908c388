/**
 * The back office's forms on the one pipeline, in Chromium with axe on every page, with JavaScript on and off, on
 * a phone (390 × 844): several mistakes in one submit come back all at once in the error summary and next to the
 * fields, with the input kept; after saving, the notice is the first thing in the main content.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DateTime } from 'luxon';
import { checkPage, newContext, thirdPartyRequests, visit } from '../helpers/browser';
import { useServerAndBrowser } from '../helpers/browser-suite';
import { expectErrorSummary, expectNoticeFirst, submitForm, textOf } from '../helpers/forms';

const PHONE = { width: 390, height: 844 };

/** A Tuesday a few weeks ahead, so the event lies in the future whenever the test runs. */
function tuesdayAhead(weeks: number): string {
  let day = DateTime.now().setZone('Europe/Berlin').plus({ weeks }).startOf('day');
  while (day.weekday !== 2) day = day.plus({ days: 1 });
  return day.toISODate()!;
}

/** Logs in through the login form as a person does and lands on the page asked for. */
async function logInAsKray(page: Page, serverUrl: string, path: string): Promise<void> {
  await page.goto(`${serverUrl}/anmelden?zurueck=${encodeURIComponent(path)}`);
  await page.getByLabel('E-Mail-Adresse').fill('kray@example.org');
  await page.getByLabel('Passwort', { exact: true }).fill('quartier-demo');
  await submitForm(page, page.getByRole('button', { name: 'Anmelden', exact: true }));
  await page.waitForURL((url) => url.pathname === path);
}

describe('back-office forms in Chromium', () => {
  const suite = useServerAndBrowser();

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
    const tag = javaScriptEnabled ? 'js' : 'nojs';

    it(`lists three mistakes of the event form at once, keeps the input, and shows the notice first after saving ${mode}`, async () => {
      const context = await newContext(suite.browser, { javaScriptEnabled });
      const login = await context.newPage();
      await login.setViewportSize(PHONE);
      await logInAsKray(login, suite.server.url, '/verwaltung/veranstaltungen/neu');
      await login.close();
      const page = await visit(context, suite.server.url + '/verwaltung/veranstaltungen/neu', `bo-event-new-${tag}`);
      await page.setViewportSize(PHONE);

      // Three mistakes: no title, no date, and an end before the start.
      await page.getByLabel('Beschreibung', { exact: true }).fill('Gemeinsam spielen, für alle Generationen.');
      await page.getByLabel('Café/Treffpunkt').check();
      await page.getByLabel('Kray', { exact: true }).check();
      await page.getByLabel('Beginn (Uhrzeit)').fill('15:00');
      await page.getByLabel('Ende (Uhrzeit)').fill('14:00');
      await page.getByLabel('Ort aus der Liste').selectOption({ label: 'Quartierstreff Kray-Nord (Kray)' });
      expect(await submitForm(page, page.getByRole('button', { name: 'Speichern und veröffentlichen' }))).toBe(400);

      const summary = page.locator('[data-error-summary]');
      await expect(summary.locator('li').allTextContents()).resolves.toEqual([
        'Bitte geben Sie einen Titel ein.',
        'Bitte geben Sie ein gültiges Datum ein (TT.MM.JJJJ).',
        'Das Ende muss nach dem Beginn liegen.',
      ]);
      await expect(textOf(page.locator('#f-endTime-error'))).resolves.toBe('Das Ende muss nach dem Beginn liegen.');
      await expectErrorSummary(page, ['title', 'startDate', 'endTime']);
      await expect(page.getByLabel('Beschreibung', { exact: true }).inputValue()).resolves.toBe('Gemeinsam spielen, für alle Generationen.');
      await expect(page.getByLabel('Beginn (Uhrzeit)').inputValue()).resolves.toBe('15:00');
      await expect(page.getByLabel('Ende (Uhrzeit)').inputValue()).resolves.toBe('14:00');
      await expect(page.getByLabel('Café/Treffpunkt').isChecked()).resolves.toBe(true);
      await expect(page.getByLabel('Ort aus der Liste').inputValue()).resolves.not.toBe('');
      await checkPage(page, `bo-event-new-errors-${tag}`);
      await page.setViewportSize(PHONE);

      const title = `Spielenachmittag ${tag}`;
      await page.getByLabel('Titel').fill(title);
      await page.getByLabel('Datum (erster Termin)').fill(tuesdayAhead(3));
      await page.getByLabel('Ende (Uhrzeit)').fill('17:00');
      expect(await submitForm(page, page.getByRole('button', { name: 'Speichern und veröffentlichen' }))).toBe(303);
      await page.waitForURL(/\/verwaltung\/veranstaltungen\/\d+\?hinweis=bo\.eventCreated$/);
      await expectNoticeFirst(page, /Die Veranstaltung wurde angelegt\./);
      await checkPage(page, `bo-event-created-${tag}`);
      await page.setViewportSize(PHONE);

      // Saving a change of the event ends on the same page with its own notice, again first and in view.
      await page.getByLabel('Titel').fill(`${title} im Treff`);
      expect(await submitForm(page, page.getByRole('button', { name: 'Änderungen speichern' }))).toBe(303);
      await page.waitForURL(/\/verwaltung\/veranstaltungen\/\d+\?hinweis=bo\.eventSaved$/);
      await expectNoticeFirst(page, /Die Änderungen wurden gespeichert/);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(`${title} im Treff`);
      await checkPage(page, `bo-event-saved-${tag}`);
      await context.close();
    });

    it(`lists the mistakes of one of five forms on the place page under its own prefix ${mode}`, async () => {
      const context = await newContext(suite.browser, { javaScriptEnabled });
      const login = await context.newPage();
      await logInAsKray(login, suite.server.url, '/verwaltung/orte');
      await login.getByRole('link', { name: 'Quartierstreff Kray-Nord' }).click();
      await login.waitForURL(/\/verwaltung\/orte\/\d+$/);
      const url = login.url();
      await login.close();
      const page = await visit(context, url, `bo-place-${tag}`);
      await page.setViewportSize(PHONE);

      await page.locator('#exception-f-dateFrom').fill('2030-07-10');
      await page.locator('#exception-f-dateTo').fill('2030-07-01');
      await page.getByLabel('Geöffnet, aber zu besonderen Zeiten (unten eintragen)').check();
      await page.locator('#exception-f-reason').fill(`Stadtteilfest ${tag}`);
      expect(await submitForm(page, page.getByRole('button', { name: 'Eintragen', exact: true }))).toBe(400);
      await expectErrorSummary(page, ['dateTo', 'opens', 'closes'], { idPrefix: 'exception-' });
      // The period form with the same field names shows no error and kept nothing of the other form.
      await expect(page.locator('#period-f-opens').getAttribute('aria-invalid')).resolves.toBeNull();
      await expect(page.locator('#exception-f-reason').inputValue()).resolves.toBe(`Stadtteilfest ${tag}`);
      await expect(page.locator('#exception-f-kind-1').isChecked()).resolves.toBe(true);
      await checkPage(page, `bo-place-errors-${tag}`);
      await page.setViewportSize(PHONE);

      await page.locator('#exception-f-dateTo').fill('2030-07-12');
      await page.locator('#exception-f-opens').fill('11:00');
      await page.locator('#exception-f-closes').fill('22:00');
      expect(await submitForm(page, page.getByRole('button', { name: 'Eintragen', exact: true }))).toBe(303);
      await expectNoticeFirst(page, /Sonderöffnungszeit ist eingetragen/);
      await expect(page.locator('tbody tr').filter({ hasText: `Stadtteilfest ${tag}` }).count()).resolves.toBe(1);
      await checkPage(page, `bo-place-saved-${tag}`);
      await context.close();
    });
  }

  it('makes no request to a third party from any visited page', () => {
    expect(thirdPartyRequests).toEqual([]);
  });
});
