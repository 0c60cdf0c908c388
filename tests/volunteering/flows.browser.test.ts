/**
 * Volunteering in Chromium with axe on every page reached, each flow with JavaScript on and off: a resident
 * without an account applies and confirms the address from the mail in the mail folder, bad input is refused
 * next to the field, someone asks for a companion for a neighbour, and the coordinator matches the two.
 */
import { describe, expect, it } from 'vitest';
import { checkPage, newContext, thirdPartyRequests, visit } from '../helpers/browser';
import { useServerAndBrowser } from '../helpers/browser-suite';
import { loginContext } from '../helpers/auth';
import { expectErrorSummary, expectNoticeFirst, submitForm, textOf } from '../helpers/forms';
import { waitForMailFile } from '../helpers/mail-files';
import { linkIn, useBrowserContext } from './http-helpers';

const modes = [
  {
    js: true,
    label: 'with JavaScript',
    applicant: { name: 'Erika Mustermann', email: 'erika.browser@example.net', language: 'Türkisch' },
    requester: { name: 'Sabine Roth', email: 'sabine.browser@example.net', forWhom: 'meine Mutter Ingrid', relationship: 'Tochter' },
  },
  {
    js: false,
    label: 'without JavaScript',
    applicant: { name: 'Mehmet Yılmaz', email: 'mehmet.browser@example.net', language: 'Arabisch' },
    requester: { name: 'Tomasz Nowak', email: 'tomasz.browser@example.net', forWhom: 'Herr Albrecht von nebenan', relationship: 'Nachbar' },
  },
] as const;

describe('volunteering in Chromium: applying, asking for help, matching', () => {
  const suite = useServerAndBrowser();

  describe.each(modes)('$label', ({ js, applicant, requester }) => {
    const tag = js ? 'js' : 'nojs';
    const browserContext = useBrowserContext(suite, js);

    it('refuses bad input with a German message next to each field, keeps what was typed and answers 400', async () => {
      const page = await visit(browserContext.context, `${suite.server.url}/mitmachen/seniorenbegleitung/bewerben`, `apply-form-${tag}`);
      await page.getByLabel('Ihr Name').fill(applicant.name);
      await page.getByLabel('E-Mail-Adresse').fill('erika-at-example');
      await page.getByLabel('Telefon').fill('ruf mich an');
      await page.getByLabel('Warum möchten Sie mitmachen?').fill('Ich höre gern zu.');
      await page.getByLabel(applicant.language, { exact: true }).check();
      const status = await submitForm(page, page.getByRole('button', { name: 'Bewerbung absenden' }));
      expect(status).toBe(400);
      await expectErrorSummary(page, ['email', 'phone', 'availability', 'consent']);
      await checkPage(page, `apply-errors-${tag}`);
      expect(await textOf(page.locator('#f-email-error'))).toBe('Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@beispiel.de.');
      await expect(page.getByLabel('E-Mail-Adresse').getAttribute('aria-invalid')).resolves.toBe('true');
      expect(await textOf(page.locator('#f-phone-error'))).toContain('Telefonnummer nur mit Ziffern');
      expect(await textOf(page.locator('#f-availability-error'))).toBe('Bitte kreuzen Sie mindestens einen Zeitraum an.');
      expect(await textOf(page.locator('#f-consent-error'))).toBe('Ohne Ihre Einwilligung können wir die Angaben nicht verarbeiten.');
      // What was typed is still there.
      await expect(page.getByLabel('Ihr Name').inputValue()).resolves.toBe(applicant.name);
      await expect(page.getByLabel('E-Mail-Adresse').inputValue()).resolves.toBe('erika-at-example');
      await expect(page.getByLabel('Warum möchten Sie mitmachen?').inputValue()).resolves.toBe('Ich höre gern zu.');
      await expect(page.getByLabel(applicant.language, { exact: true }).isChecked()).resolves.toBe(true);
      await page.close();
    });

    it('lets a resident without an account pick a programme, apply and confirm the address from the mail', async () => {
      const page = await visit(browserContext.context, `${suite.server.url}/mitmachen`, `programmes-${tag}`);
      await page.getByRole('link', { name: 'Seniorenbegleitung', exact: true }).click();
      await page.waitForURL(/\/mitmachen\/seniorenbegleitung$/);
      await checkPage(page, `programme-${tag}`);
      await expect(page.getByText('Etwa 2 Stunden pro Woche').isVisible()).resolves.toBe(true);
      await page.getByRole('link', { name: 'Jetzt mitmachen' }).click();
      await page.waitForURL(/\/bewerben$/);
      await checkPage(page, `apply-${tag}`);

      await page.getByLabel('Ihr Name').fill(applicant.name);
      await page.getByLabel('E-Mail-Adresse').fill(applicant.email);
      await page.getByLabel('Telefon').fill('0201 555 12 34');
      await page.getByLabel('Ihr Quartier').selectOption({ label: 'Kray' });
      await page.getByLabel('Dienstag, nachmittags').check();
      await page.getByLabel('Donnerstag, vormittags').check();
      await page.getByLabel(applicant.language, { exact: true }).check();
      await page.getByLabel('Warum möchten Sie mitmachen?').fill('Ich habe Zeit und höre gern zu.');
      await page.getByLabel(/^Ich bin einverstanden/).check();
      const status = await submitForm(page, page.getByRole('button', { name: 'Bewerbung absenden' }));
      expect(status).toBe(303);
      expect(new URL(page.url()).search).toBe('?hinweis=volunteering.applicationToConfirm');
      await expectNoticeFirst(page, /Bitte klicken Sie auf den Link darin/);
      await checkPage(page, `apply-sent-${tag}`);

      const mail = await waitForMailFile(suite.server.mailDir, applicant.email, /^Bitte bestätigen: Ihre Bewerbung bei „Seniorenbegleitung“$/);
      // The address is not confirmed yet: the mail carries nothing the applicant typed, not even the name.
      expect(mail.text).toContain('Guten Tag,');
      expect(mail.text).not.toContain(applicant.name);
      const confirm = await visit(browserContext.context, suite.server.url + linkIn(mail.text, '/mitmachen/bestaetigen/'), `confirm-${tag}`);
      expect(await textOf(confirm.getByRole('heading', { level: 1 }))).toBe('E-Mail-Adresse bestätigen');
      expect(await submitForm(confirm, confirm.getByRole('button', { name: 'Ja, ich habe mich beworben' }))).toBe(303);
      // Back on the programme's page, which says so first.
      await expectNoticeFirst(confirm, /^Danke! Ihre Bewerbung ist bestätigt und bei der Koordination angekommen/);
      expect(await textOf(confirm.getByRole('heading', { level: 1 }))).toBe('Seniorenbegleitung');
      await checkPage(confirm, `confirmed-${tag}`);
      // The application now reaches the coordinator.
      await waitForMailFile(suite.server.mailDir, 'kray@example.org', new RegExp(`^Neue Bewerbung: Seniorenbegleitung$`));
      await page.close();
      await confirm.close();
    });

    it('takes a request for a companion for a neighbour, without an account', async () => {
      const page = await visit(browserContext.context, `${suite.server.url}/mitmachen`, `programmes-help-${tag}`);
      await page.getByRole('link', { name: 'Anfrage an: Seniorenbegleitung' }).click();
      await page.waitForURL(/\/hilfe-anfragen$/);
      await checkPage(page, `help-form-${tag}`);
      await page.getByLabel('Ihr Name').fill(requester.name);
      await page.getByLabel('E-Mail', { exact: true }).fill(requester.email);
      await page.getByLabel('Ich frage für eine andere Person').check();
      await page.getByLabel('Für wen fragen Sie?').fill(requester.forWhom);
      await page.getByLabel('In welcher Beziehung').fill(requester.relationship);
      expect(await textOf(page.getByLabel('Ihr Quartier').locator('option:checked'))).toBe('Kray');
      await page.getByLabel('Was wünschen Sie sich?').fill('Spaziergänge und Gespräche');
      await page.getByLabel('Dienstag, nachmittags').check();
      await page.getByLabel(/^Ich bin einverstanden/).check();
      expect(await submitForm(page, page.getByRole('button', { name: 'Anfrage absenden' }))).toBe(303);
      await expectNoticeFirst(page, /^Ihre Anfrage ist angekommen\./);
      await checkPage(page, `help-sent-${tag}`);
      await page.close();
    });

    it('shows the coordinator the application and the request, and matches the two', async () => {
      const staff = await newContext(suite.browser, { javaScriptEnabled: js });
      await loginContext(staff, suite.server.url, suite.server.dbPath, 'kray@example.org');
      const page = await visit(staff, `${suite.server.url}/verwaltung/ehrenamt`, `coordination-${tag}`);
      await page.getByRole('link', { name: 'Seniorenbegleitung' }).click();
      await page.waitForURL(/\/verwaltung\/ehrenamt\/programme\/\d+$/);
      await checkPage(page, `coordination-programme-${tag}`);
      const programmeUrl = page.url();
      const applicationRow = page.locator('section[aria-labelledby="applications-heading"] tbody tr').filter({ hasText: applicant.name });
      expect(await textOf(applicationRow)).toContain('neu');
      const requestLink = page.getByRole('link', { name: `${requester.forWhom} (${requester.name})` });
      await expect(requestLink.count()).resolves.toBe(1);

      // The coordinator has met the applicant and sets them active, so they can be matched.
      await applicationRow.getByRole('link', { name: applicant.name }).click();
      await page.waitForURL(/\/bewerbungen\/\d+$/);
      await checkPage(page, `coordination-application-${tag}`);
      await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'aktiv' });
      await page.getByLabel('Private Notizen').fill('Erstgespräch geführt, sehr zuverlässig.');
      expect(await submitForm(page, page.getByRole('button', { name: 'Speichern' }))).toBe(303);
      await expectNoticeFirst(page, /^Status und Notizen der Bewerbung sind gespeichert\.$/);
      await checkPage(page, `coordination-application-saved-${tag}`);

      await page.goto(programmeUrl);
      await page.getByRole('link', { name: `${requester.forWhom} (${requester.name})` }).click();
      await page.waitForURL(/\/anfragen\/\d+$/);
      await checkPage(page, `coordination-request-${tag}`);
      // One form per suggestion: its note sits with its button.
      const suggestion = page.locator('.suggestions > li').filter({ hasText: applicant.name });
      expect(await textOf(suggestion)).toContain('gleiches Quartier');
      await suggestion.getByLabel('Nachricht an beide (freiwillig)').fill('Bitte zuerst telefonisch Kontakt aufnehmen.');
      expect(await submitForm(page, suggestion.getByRole('button', { name: `Zusammenbringen: ${applicant.name}` }))).toBe(303);
      await expectNoticeFirst(page, /^Zusammengebracht\. Beide wurden per E-Mail informiert\. Noch zu tun: Vereinbaren Sie das erste Treffen\.$/);
      await checkPage(page, `coordination-matched-${tag}`);
      expect(await textOf(page.locator('dt:text-is("Vermittelt an") + dd'))).toContain(applicant.name);
      expect(await textOf(page.getByRole('combobox', { name: 'Status' }).locator('option:checked'))).toBe('vermittelt');

      // Both sides hear of it; the requester learns only the first name.
      const toRequester = await waitForMailFile(suite.server.mailDir, requester.email, /^Wir haben jemanden für Sie gefunden/);
      expect(toRequester.text).toContain(applicant.name.split(' ')[0]!);
      expect(toRequester.text).not.toContain(applicant.email);
      const toVolunteer = await waitForMailFile(suite.server.mailDir, applicant.email, /^Ein Einsatz für Sie/);
      expect(toVolunteer.text).toContain('Bitte zuerst telefonisch Kontakt aufnehmen.');

      await page.goto(programmeUrl);
      expect(await textOf(page.locator('section[aria-labelledby="requests-heading"] tbody tr').filter({ hasText: requester.name }))).toContain('vermittelt');
      await staff.close();
      expect(thirdPartyRequests).toEqual([]);
    });
  });
});
