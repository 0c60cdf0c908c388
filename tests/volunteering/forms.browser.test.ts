/**
 * The form pipeline's promises on the volunteering forms, in Chromium with axe, with JavaScript on and off: a refused
 * application lists every mistake at once in the focused error summary (on a phone too) and next to each field,
 * keeps what was typed, and its links move to the fields; after a success, and after a coordinator's change, the
 * notice is the first thing in the main content, focused and in view on a phone.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { volunteerApplications } from '../../db/schema';
import { checkPage, newContext, thirdPartyRequests } from '../helpers/browser';
import { useServerAndBrowser } from '../helpers/browser-suite';
import { loginContext } from '../helpers/auth';
import { expectErrorSummary, expectNoticeFirst, submitForm, textOf } from '../helpers/forms';
import { openServerDb, useBrowserContext } from './http-helpers';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

const modes = [
  { js: true, label: 'with JavaScript', email: 'lena.formular@example.net' },
  { js: false, label: 'without JavaScript', email: 'piotr.formular@example.net' },
] as const;

describe('volunteering forms in Chromium: error summary and notices', () => {
  const suite = useServerAndBrowser();

  describe.each(modes)('$label', ({ js, email }) => {
    const tag = js ? 'js' : 'nojs';
    const browserContext = useBrowserContext(suite, js);

    async function openApplication(viewport: { width: number; height: number }, name: string): Promise<Page> {
      const page = await browserContext.context.newPage();
      await page.setViewportSize(viewport);
      await page.goto(`${suite.server.url}/mitmachen/seniorenbegleitung/bewerben`);
      await checkPage(page, name);
      return page;
    }

    it.each([
      ['a phone', PHONE],
      ['a desktop screen', DESKTOP],
    ])('lists three mistakes of one submit in the focused summary and next to the fields, keeping the input, on %s', async (_screen, viewport) => {
      const page = await openApplication(viewport, `apply-three-${tag}-${viewport.width}`);
      // Name left empty, an address without @, consent not given; the rest is fine and must survive the refusal.
      await page.getByLabel('E-Mail-Adresse').fill('erika-at-example');
      await page.getByLabel('Telefon').fill('0201 555 12 34');
      await page.getByLabel('Ihr Quartier').selectOption({ label: 'Kray' });
      await page.getByLabel('Dienstag, nachmittags').check();
      await page.getByLabel('Türkisch', { exact: true }).check();
      await page.getByLabel('Warum möchten Sie mitmachen?').fill('Ich höre gern zu.');
      expect(await submitForm(page, page.getByRole('button', { name: 'Bewerbung absenden' }))).toBe(400);

      expect(await page.title()).toMatch(/^Fehler: Mitmachen bei: Seniorenbegleitung/);
      const summary = page.locator('[data-error-summary]');
      expect(await summary.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(['#f-name', '#f-email', '#f-consent']);
      expect(await textOf(summary)).toContain('Bitte geben Sie einen Namen an.');
      expect(await textOf(page.locator('#f-email-error'))).toBe('Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@beispiel.de.');
      expect(await textOf(page.locator('#f-consent-error'))).toBe('Ohne Ihre Einwilligung können wir die Angaben nicht verarbeiten.');
      // Focused and in view on load, each problem next to its field, the last link brings its field into view.
      await expectErrorSummary(page, ['name', 'email', 'consent']);
      // Every link moves to its field, with the field's label in view above it.
      for (const field of ['name', 'email', 'consent']) {
        await summary.locator(`a[href="#f-${field}"]`).click();
        await page.waitForURL((url) => url.hash === `#f-${field}`);
        for (const part of [`[id="f-${field}"]`, `label[for="f-${field}"]`]) {
          const box = await page.locator(part).boundingBox();
          expect(box !== null && box.y >= 0 && box.y + box.height <= viewport.height, `${part} in view at ${viewport.width} px`).toBe(true);
        }
      }

      await expect(page.getByLabel('Ihr Name').inputValue()).resolves.toBe('');
      await expect(page.getByLabel('E-Mail-Adresse').inputValue()).resolves.toBe('erika-at-example');
      await expect(page.getByLabel('Telefon').inputValue()).resolves.toBe('0201 555 12 34');
      expect(await textOf(page.getByLabel('Ihr Quartier').locator('option:checked'))).toBe('Kray');
      await expect(page.getByLabel('Dienstag, nachmittags').isChecked()).resolves.toBe(true);
      await expect(page.getByLabel('Türkisch', { exact: true }).isChecked()).resolves.toBe(true);
      await expect(page.getByLabel('Warum möchten Sie mitmachen?').inputValue()).resolves.toBe('Ich höre gern zu.');
      // Fields without a problem are not marked.
      await expect(page.getByLabel('Telefon').getAttribute('aria-invalid')).resolves.toBeNull();
      await checkPage(page, `apply-three-errors-${tag}-${viewport.width}`);
      await page.close();
    });

    it('shows the notice first, focused and in view on a phone after a successful application', async () => {
      const page = await openApplication(PHONE, `apply-ok-${tag}`);
      await page.getByLabel('Ihr Name').fill('Lena Formular');
      await page.getByLabel('E-Mail-Adresse').fill(email);
      await page.getByLabel('Mittwoch, vormittags').check();
      await page.getByLabel(/^Ich bin einverstanden/).check();
      expect(await submitForm(page, page.getByRole('button', { name: 'Bewerbung absenden' }))).toBe(303);
      expect(page.url()).toBe(`${suite.server.url}/mitmachen/seniorenbegleitung?hinweis=volunteering.applicationToConfirm`);
      await expectNoticeFirst(page, /Bitte klicken Sie auf den Link darin/);
      expect(await page.title()).not.toMatch(/^Fehler/);
      await checkPage(page, `apply-ok-notice-${tag}`);
      await page.close();
    });

    it('shows the coordinator the notice first, focused and in view on a phone after setting an application’s status', async () => {
      const db = openServerDb(suite.server);
      const applicationId = db.select().from(volunteerApplications).where(eq(volunteerApplications.email, 'ehrenamt@example.org')).get()!.id;
      db.$client.close();
      const staff = await newContext(suite.browser, { javaScriptEnabled: js });
      await loginContext(staff, suite.server.url, suite.server.dbPath, 'kray@example.org');
      const page = await staff.newPage();
      await page.setViewportSize(PHONE);
      await page.goto(`${suite.server.url}/verwaltung/ehrenamt/bewerbungen/${applicationId}`);
      await checkPage(page, `coordinator-application-${tag}`);
      const status = js ? 'pausiert' : 'aktiv';
      await page.getByRole('combobox', { name: 'Status' }).selectOption(status);
      await page.getByLabel('Private Notizen').fill(`Notiz ${tag}`);
      expect(await submitForm(page, page.getByRole('button', { name: 'Speichern' }))).toBe(303);
      await expectNoticeFirst(page, /^Status und Notizen der Bewerbung sind gespeichert\.$/);
      await expect(page.getByRole('combobox', { name: 'Status' }).inputValue()).resolves.toBe(status);
      await checkPage(page, `coordinator-saved-${tag}`);
      await staff.close();
      expect(thirdPartyRequests).toEqual([]);
    });
  });
});
