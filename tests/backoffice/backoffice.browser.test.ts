/**
 * Staff in Chromium with axe on every page visited: the event form's error display without JavaScript,
 * editing a Treff's opening hours, and the confirmation steps of removing hours and cancelling one date.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DateTime } from 'luxon';
import { checkPage, newContext, thirdPartyRequests, visit } from '../helpers/browser';
import { useServerAndBrowser } from '../helpers/browser-suite';
import { loginContext } from '../helpers/auth';
import { expectNoticeFirst, submitForm, textOf } from '../helpers/forms';

/** A Tuesday a few weeks ahead, so the series lies in the future whenever the test runs. */
function nextTuesday(weeksAhead: number): string {
  let day = DateTime.now().setZone('Europe/Berlin').plus({ weeks: weeksAhead }).startOf('day');
  while (day.weekday !== 2) day = day.plus({ days: 1 });
  return day.toISODate()!;
}

async function fillBasics(page: Page, title: string, date: string): Promise<void> {
  await page.getByLabel(/^\s*Titel(?! auf)/).fill(title);
  await page.getByLabel('Beschreibung', { exact: true }).fill('Gemeinsam lesen und erzählen.');
  await page.getByLabel('Café/Treffpunkt').check();
  await page.getByLabel('Kray', { exact: true }).check();
  await page.getByLabel('Datum (erster Termin)').fill(date);
  await page.getByLabel('Beginn (Uhrzeit)').fill('15:00');
  await page.getByLabel('Ende (Uhrzeit)').fill('17:00');
  await page.getByLabel('Ort aus der Liste').selectOption({ label: 'Quartierstreff Kray-Nord (Kray)' });
}

describe('back office in Chromium', () => {
  const suite = useServerAndBrowser();

  it('shows a German message next to the field and keeps the input when the end is before the start', async () => {
    const context = await newContext(suite.browser, { javaScriptEnabled: false });
    await loginContext(context, suite.server.url, suite.server.dbPath, 'kray@example.org');
    const page = await visit(context, suite.server.url + '/verwaltung/veranstaltungen/neu', 'event-new-invalid');
    await fillBasics(page, 'Spieleabend', nextTuesday(3));
    await page.getByLabel('Ende (Uhrzeit)').fill('14:00');
    await page.getByRole('button', { name: 'Speichern und veröffentlichen' }).click();
    await page.waitForLoadState();
    await checkPage(page, 'event-new-errors');
    await expect(page.locator('#f-endTime-error').textContent()).resolves.toBe('Das Ende muss nach dem Beginn liegen.');
    await expect(page.getByLabel(/^\s*Titel(?! auf)/).inputValue()).resolves.toBe('Spieleabend');
    await expect(page.getByLabel('Café/Treffpunkt').isChecked()).resolves.toBe(true);
    await context.close();
  });

  it('edits opening hours of a Treff and stays on this machine', async () => {
    const context = await newContext(suite.browser, { javaScriptEnabled: false });
    await loginContext(context, suite.server.url, suite.server.dbPath, 'kray@example.org');
    const page = await visit(context, suite.server.url + '/verwaltung/orte', 'places');
    await page.getByRole('link', { name: 'Quartierstreff Kray-Nord' }).click();
    await page.waitForURL(/\/verwaltung\/orte\/\d+$/);
    await checkPage(page, 'place-edit');
    await page.locator('#period-f-weekday').selectOption({ label: 'Freitag' });
    await page.locator('#period-f-opens').fill('18:00');
    await page.locator('#period-f-closes').fill('01:00');
    await page.getByRole('button', { name: 'Zeitraum hinzufügen' }).click();
    await page.waitForURL(/\?hinweis=bo\.periodAdded$/);
    await checkPage(page, 'place-period-added');
    const row = page.locator('tbody tr').filter({ hasText: 'Freitag' }).filter({ hasText: '18:00–01:00' });
    await expect(row.count()).resolves.toBe(1);
    // Removing asks first, on a page of its own that names what changes; only its button removes.
    await row.getByRole('link', { name: /Entfernen/ }).click();
    await page.waitForURL(/\/oeffnungszeit\/\d+\/loeschen$/);
    await checkPage(page, 'place-period-remove-confirm');
    expect(await textOf(page.locator('main h1'))).toBe('Öffnungszeit Freitag 18:00–01:00 löschen?');
    expect(await textOf(page.locator('[data-consequences]'))).toContain('Niemand bekommt eine E-Mail.');
    expect(await submitForm(page, page.getByRole('button', { name: 'Öffnungszeit löschen' }))).toBe(303);
    expect(page.url()).toMatch(/\?hinweis=bo\.periodRemoved$/);
    await expectNoticeFirst(page, /entfernt/);
    await expect(page.locator('tbody tr').filter({ hasText: 'Freitag' }).filter({ hasText: '18:00–01:00' }).count()).resolves.toBe(0);
    await context.close();
    expect(thirdPartyRequests).toEqual([]);
  });

  it('cancels one date of a series only after its confirmation page, without JavaScript', async () => {
    const context = await newContext(suite.browser, { javaScriptEnabled: false });
    await loginContext(context, suite.server.url, suite.server.dbPath, 'kray@example.org');
    const page = await visit(context, suite.server.url + '/verwaltung/veranstaltungen', 'events-list');
    await page.getByRole('link', { name: 'Wandercafé' }).first().click();
    await page.waitForURL(/\/verwaltung\/veranstaltungen\/\d+$/);
    await page
      .getByRole('link', { name: /Absagen oder verlegen/ })
      .first()
      .click();
    await page.waitForURL(/\/termine\/\d{4}-\d{2}-\d{2}$/);
    await page.getByRole('link', { name: 'Diesen Termin absagen …' }).click();
    await page.waitForURL(/\/termine\/\d{4}-\d{2}-\d{2}\/absagen$/);
    await checkPage(page, 'occurrence-cancel-confirm');
    expect(await textOf(page.locator('[data-consequences]'))).toContain('Es wird keine E-Mail verschickt.');
    await page.getByLabel('Hinweis für Besucherinnen und Besucher').fill('Fällt wegen Krankheit aus.');
    expect(await submitForm(page, page.getByRole('button', { name: 'Termin absagen' }))).toBe(303);
    expect(page.url()).toMatch(/\?hinweis=bo\.occurrenceChanged$/);
    await expectNoticeFirst(page, /geändert/);
    await context.close();
  });
});
