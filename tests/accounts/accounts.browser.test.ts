/**
 * Getting an account in Chromium with axe on every page reached, each flow with JavaScript on and off: register
 * and confirm from the mail (read from the .eml files the server writes), log in and out, bad input on both
 * forms. Forgotten password and the account settings are in account-settings.browser.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { checkPage, newContext, thirdPartyRequests, visit } from '../helpers/browser';
import { useServerAndBrowser } from '../helpers/browser-suite';
import { waitForMailLink } from '../helpers/mail-files';
import { logIn, LONG_FLOW_MS, PASSWORD, submit } from './browser-steps';

describe('accounts in Chromium', () => {
  const suite = useServerAndBrowser();

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
    const tag = javaScriptEnabled ? 'js' : 'nojs';
    const fresh = (): Promise<BrowserContext> => newContext(suite.browser, { javaScriptEnabled });

    it(
      `registers, confirms the address from the mail, logs in, sees the account and logs out ${mode}`,
      async () => {
        const email = `neu-${tag}@example.org`;
        const context = await fresh();
        const page = await visit(context, suite.server.url + '/registrieren', `register-${tag}`);
        await page.getByLabel('Ihr Name').fill('Hülya');
        await page.getByLabel('E-Mail-Adresse').fill(email);
        await page.getByLabel('Passwort').fill(PASSWORD);
        await page.getByLabel('Ihr Quartier (freiwillig)').selectOption({ label: 'Kray' });
        expect(await submit(page, 'Konto anlegen', /\/registrieren\?hinweis=account\.registered$/)).toBe(303);
        await checkPage(page, `register-sent-${tag}`);
        await expect(page.getByRole('status').textContent()).resolves.toContain('Bitte schauen Sie in Ihr E-Mail-Postfach');

        const link = await waitForMailLink(suite.server.mailDir, email, '/konto/bestaetigen');
        await page.goto(link);
        await checkPage(page, `verify-${tag}`);
        expect(await submit(page, 'Adresse bestätigen', /\/anmelden\?hinweis=account\.verified$/)).toBe(303);
        await checkPage(page, `verified-login-${tag}`);
        await expect(page.getByRole('status').textContent()).resolves.toContain('Ihre E-Mail-Adresse ist bestätigt');

        expect(await logIn(page, email, PASSWORD, /\/konto$/)).toBe(303);
        await checkPage(page, `account-${tag}`);
        await expect(page.locator('main').textContent()).resolves.toContain(`Angemeldet als Hülya (${email}).`);
        await expect(page.getByLabel('Ihr Quartier (freiwillig)').inputValue()).resolves.toBe('kray');

        expect(await submit(page, 'Abmelden', /\/anmelden\?hinweis=account\.loggedOut$/)).toBe(303);
        await checkPage(page, `logged-out-${tag}`);
        await page.goto(suite.server.url + '/konto');
        await expect(page.waitForURL(/\/anmelden\?zurueck=%2Fkonto$/)).resolves.toBeUndefined();
        await context.close();
      },
      LONG_FLOW_MS,
    );

    it(
      `shows German messages next to the fields for bad registration input and keeps what was typed ${mode}`,
      async () => {
        const context = await fresh();
        const page = await visit(context, suite.server.url + '/registrieren', `register-bad-${tag}`);
        await page.getByLabel('Ihr Name').fill('Jürgen');
        await page.getByLabel('E-Mail-Adresse').fill('juergen.example.org');
        await page.getByLabel('Passwort').fill('passwort123');
        await page.getByLabel('Ihr Quartier (freiwillig)').selectOption({ label: 'Karnap' });
        expect(await submit(page, 'Konto anlegen', /_action=accounts\.register/)).toBe(400);
        await checkPage(page, `register-errors-${tag}`);
        await expect(page.locator('#f-email-error').textContent()).resolves.toBe('Das ist keine gültige E-Mail-Adresse. Beispiel: name@beispiel.de');
        await expect(page.locator('#f-password-error').textContent()).resolves.toBe(
          'Dieses Passwort ist sehr bekannt und leicht zu erraten. Bitte wählen Sie ein anderes.',
        );
        await expect(page.getByLabel('E-Mail-Adresse').getAttribute('aria-invalid')).resolves.toBe('true');
        await expect(page.getByRole('alert').textContent()).resolves.toContain('Bitte');
        await expect(page.getByLabel('Ihr Name').inputValue()).resolves.toBe('Jürgen');
        await expect(page.getByLabel('E-Mail-Adresse').inputValue()).resolves.toBe('juergen.example.org');
        await expect(page.getByLabel('Passwort').inputValue()).resolves.toBe('');
        await expect(page.getByLabel('Ihr Quartier (freiwillig)').inputValue()).resolves.toBe('karnap');

        // A short password on the second try: the message changes, the corrected address stays.
        await page.getByLabel('E-Mail-Adresse').fill(`juergen-${tag}@example.org`);
        await page.getByLabel('Passwort').fill('kurz');
        expect(await submit(page, 'Konto anlegen', /_action=accounts\.register/)).toBe(400);
        await checkPage(page, `register-short-${tag}`);
        await expect(page.locator('#f-password-error').textContent()).resolves.toBe('Das Passwort ist zu kurz. Es braucht mindestens 10 Zeichen.');
        await expect(page.locator('#f-email-error').count()).resolves.toBe(0);
        await expect(page.getByLabel('E-Mail-Adresse').inputValue()).resolves.toBe(`juergen-${tag}@example.org`);

        // An address that already has an account gets the same answer as a new one (no hint that it exists).
        await page.getByLabel('Passwort').fill(PASSWORD);
        await page.getByLabel('E-Mail-Adresse').fill('bewohnerin@example.org');
        expect(await submit(page, 'Konto anlegen', /\/registrieren\?hinweis=account\.registered$/)).toBe(303);
        await checkPage(page, `register-known-${tag}`);
        await context.close();
      },
      LONG_FLOW_MS,
    );

    it(
      `answers a wrong password and an unknown address alike, next to the form, keeping the address ${mode}`,
      async () => {
        const context = await fresh();
        const page = await visit(context, suite.server.url + '/anmelden', `login-${tag}`);
        await page.getByLabel('E-Mail-Adresse').fill('kein-at-zeichen');
        await page.getByLabel('Passwort (Pflichtfeld)', { exact: true }).fill('irgendwas');
        expect(await submit(page, 'Anmelden', /_action=accounts\.login/)).toBe(400);
        await checkPage(page, `login-malformed-${tag}`);
        await expect(page.locator('#f-email-error').textContent()).resolves.toBe('Das ist keine gültige E-Mail-Adresse. Beispiel: name@beispiel.de');
        await expect(page.getByLabel('E-Mail-Adresse').inputValue()).resolves.toBe('kein-at-zeichen');
        await expect(page.getByLabel('Passwort (Pflichtfeld)', { exact: true }).inputValue()).resolves.toBe('');

        const answers: string[] = [];
        for (const email of ['ehrenamt@example.org', `niemand-${tag}@example.org`]) {
          expect(await logIn(page, email, 'falsches Passwort 1', /_action=accounts\.login/)).toBe(401);
          await checkPage(page, `login-wrong-${tag}`);
          answers.push((await page.locator('main').textContent())!.replace(email, '<address>'));
          await expect(page.getByRole('alert').textContent()).resolves.toContain('E-Mail-Adresse oder Passwort stimmen nicht.');
          await expect(page.getByLabel('E-Mail-Adresse').inputValue()).resolves.toBe(email);
          await expect(page.getByLabel('Passwort (Pflichtfeld)', { exact: true }).inputValue()).resolves.toBe('');
        }
        expect(answers[0]).toBe(answers[1]);
        await context.close();
      },
      LONG_FLOW_MS,
    );
  }

  it('makes no request to a third party from any visited page', () => {
    expect(thirdPartyRequests).toEqual([]);
  });
});
