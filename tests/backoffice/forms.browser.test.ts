/**
 * The back office's forms on the one pipeline, in Chromium with axe on every page, with JavaScript on and off, on
 * a phone (390 × 844): several mistakes in one submit come back all at once in the error summary and next to the
 * fields, with the input kept; after saving, the notice is the first thing in the main content.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DateTime } from 'luxon';
import { checkPage, newContext, thirdPartyRequests } from '../helpers/browser';
import { useServerAndBrowser, type BrowserSuite } from '../helpers/browser-suite';
import { expectErrorSummary, expectNoticeFirst, submitForm, textOf } from '../helpers/forms';

const PHONE = { width: 390, height: 844 };

/**
 * A Tuesday a few weeks ahead, so the event lies in the future whenever the test runs, and outside the Treffs'
 * Christmas break (24.12.–1.1.), when saving would first ask "Trotzdem speichern?".
 */
function tuesdayAhead(weeks: number): string {
  let day = DateTime.now().setZone('Europe/Berlin').plus({ weeks }).startOf('day');
  const christmasBreak = (d: DateTime): boolean => (d.month === 12 && d.day >= 24) || (d.month === 1 && d.day <= 1);
  while (day.weekday !== 2 || christmasBreak(day)) day = day.plus({ days: 1 });
  return day.toISODate()!;
}

/**
 * A phone-sized page of staff member Kray, logged in through the login form as a person does, on `path` (checked
 * with axe on arrival).
 */
async function staffPage(suite: BrowserSuite, javaScriptEnabled: boolean, path: string, shot: string): Promise<Page> {
  const context = await newContext(suite.browser, { javaScriptEnabled });
  const page = await context.newPage();
  await page.setViewportSize(PHONE);
  await page.goto(`${suite.server.url}/anmelden?zurueck=${encodeURIComponent(path)}`);
  await page.getByLabel('E-Mail-Adresse').fill('kray@example.org');
  await page.getByLabel('Passwort (Pflichtfeld)', { exact: true }).fill('quartier-demo');
  await submitForm(page, page.getByRole('button', { name: 'Anmelden', exact: true }));
  await page.waitForURL((url) => url.pathname === path);
  await checkPage(page, shot);
  return page;
}

describe('back-office forms in Chromium', () => {
  const suite = useServerAndBrowser();

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
    const tag = javaScriptEnabled ? 'js' : 'nojs';

    it(`lists three mistakes of the event form at once, next to the fields and with the input kept ${mode}`, async () => {
      const page = await staffPage(suite, javaScriptEnabled, '/verwaltung/veranstaltungen/neu', `bo-event-new-${tag}`);
      // Three mistakes: no title, no date, and an end before the start.
      await page.getByLabel('Beschreibung', { exact: true }).fill('Gemeinsam spielen, für alle Generationen.');
      await page.getByLabel('Café/Treffpunkt').check();
      await page.getByLabel('Kray', { exact: true }).check();
      await page.getByLabel('Beginn (Uhrzeit)').fill('15:00');
      await page.getByLabel('Ende (Uhrzeit)').fill('14:00');
      await page.getByLabel('Ort aus der Liste').selectOption({ label: 'Quartierstreff Kray-Nord (Kray)' });
      expect(await submitForm(page, page.getByRole('button', { name: 'Speichern und veröffentlichen' }))).toBe(400);

      await expect(page.locator('[data-error-summary] li').allTextContents()).resolves.toEqual([
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
      await page.context().close();
    }, 180_000);

    it(`shows the notice first, focused and in view, after creating an event and after saving a change ${mode}`, async () => {
      const page = await staffPage(suite, javaScriptEnabled, '/verwaltung/veranstaltungen/neu', `bo-event-create-${tag}`);
      const title = `Spielenachmittag ${tag}`;
      await page.getByLabel(/^\s*Titel(?! auf)/).fill(title);
      await page.getByLabel('Café/Treffpunkt').check();
      await page.getByLabel('Kray', { exact: true }).check();
      await page.getByLabel('Datum (erster Termin)').fill(tuesdayAhead(3));
      await page.getByLabel('Beginn (Uhrzeit)').fill('15:00');
      await page.getByLabel('Ende (Uhrzeit)').fill('17:00');
      await page.getByLabel('Ort aus der Liste').selectOption({ label: 'Quartierstreff Kray-Nord (Kray)' });
      expect(await submitForm(page, page.getByRole('button', { name: 'Speichern und veröffentlichen' }))).toBe(303);
      await page.waitForURL(/\/verwaltung\/veranstaltungen\/\d+\?hinweis=bo\.eventCreated$/);
      await expectNoticeFirst(page, /Die Veranstaltung wurde angelegt\./);

      await page.getByLabel(/^\s*Titel(?! auf)/).fill(`${title} im Treff`);
      expect(await submitForm(page, page.getByRole('button', { name: 'Änderungen speichern' }))).toBe(303);
      await page.waitForURL(/\/verwaltung\/veranstaltungen\/\d+\?hinweis=bo\.eventSaved$/);
      await expectNoticeFirst(page, /Die Änderungen wurden gespeichert/);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(`${title} im Treff`);
      await checkPage(page, `bo-event-saved-${tag}`);
      await page.context().close();
    }, 180_000);

    it(`lists the mistakes of one of five forms on the place page under its own prefix ${mode}`, async () => {
      const page = await staffPage(suite, javaScriptEnabled, '/verwaltung/orte', `bo-places-${tag}`);
      await page.getByRole('link', { name: 'Quartierstreff Kray-Nord' }).click();
      await page.waitForURL(/\/verwaltung\/orte\/\d+$/);
      await page.locator('#exception-f-dateFrom').fill('2030-07-10');
      await page.locator('#exception-f-dateTo').fill('2030-07-01');
      await page.getByLabel('Geöffnet, aber zu besonderen Zeiten (unten eintragen)').check();
      await page.locator('#exception-f-reason').fill(`Stadtteilfest ${tag}`);
      expect(await submitForm(page, page.getByRole('button', { name: 'Eintragen', exact: true }))).toBe(400);
      await expectErrorSummary(page, ['dateTo', 'opens', 'closes'], { idPrefix: 'exception-' });
      // The period form has fields of the same names; its fields stay without error.
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
      await expect(
        page
          .locator('tbody tr')
          .filter({ hasText: `Stadtteilfest ${tag}` })
          .count(),
      ).resolves.toBe(1);
      await checkPage(page, `bo-place-saved-${tag}`);
      await page.context().close();
    }, 180_000);
  }

  it('makes no request to a third party from any visited page', () => {
    expect(thirdPartyRequests).toEqual([]);
  });
});
