/**
 * The account settings in Chromium with axe on every page reached, each flow with JavaScript on and off:
 * forgotten password with the link from the mail, changing password and e-mail address, the data export and
 * deleting the account after confirming. Mails are read from the .eml files the server writes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { checkPage, newContext, thirdPartyRequests, visit } from '../helpers/browser';
import { useServerAndBrowser } from '../helpers/browser-suite';
import { createMember, loginContext } from '../helpers/auth';
import { waitForMailLink } from '../helpers/mail-files';
import { logIn, LONG_FLOW_MS, PASSWORD, submit } from './browser-steps';

describe('account settings in Chromium', () => {
  const suite = useServerAndBrowser();

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
    const tag = javaScriptEnabled ? 'js' : 'nojs';
    const fresh = (): Promise<BrowserContext> => newContext(suite.browser, { javaScriptEnabled });

    it(
      `sets a new password from the mail after "Passwort vergessen" and logs in with it ${mode}`,
      async () => {
        const email = `vergessen-${tag}@example.org`;
        await createMember(suite.server.dbPath, email, PASSWORD, 'Frau Nowak');
        const context = await fresh();
        const page = await visit(context, suite.server.url + '/anmelden', `forgot-login-${tag}`);
        await page.getByRole('link', { name: 'Passwort vergessen?' }).click();
        await page.waitForURL(/\/passwort-vergessen$/);
        await checkPage(page, `forgot-${tag}`);
        await page.getByLabel('E-Mail-Adresse').fill(email);
        expect(await submit(page, 'Link schicken', /\/passwort-vergessen\?hinweis=account\.resetSent$/)).toBe(303);
        await checkPage(page, `forgot-sent-${tag}`);

        const link = await waitForMailLink(suite.server.mailDir, email, '/passwort-neu');
        await page.goto(link);
        await checkPage(page, `reset-${tag}`);
        // A weak password first: the message appears next to the field and the form (with its link) stays usable.
        await page.getByLabel('Neues Passwort').fill('123456789012');
        expect(await submit(page, 'Passwort speichern', /_action=accounts\.resetPassword/)).toBe(400);
        await checkPage(page, `reset-weak-${tag}`);
        await expect(page.locator('#f-password-error').textContent()).resolves.toContain('Bitte wählen Sie ein anderes');
        await page.getByLabel('Neues Passwort').fill('Kastanien im Oktober');
        expect(await submit(page, 'Passwort speichern', /\/anmelden\?hinweis=account\.passwordReset$/)).toBe(303);
        await checkPage(page, `reset-done-${tag}`);
        expect(await logIn(page, email, PASSWORD, /_action=accounts\.login/)).toBe(401);
        expect(await logIn(page, email, 'Kastanien im Oktober', /\/konto$/)).toBe(303);
        await checkPage(page, `reset-account-${tag}`);
        await context.close();
      },
      LONG_FLOW_MS,
    );

    it(
      `changes password and address, downloads the data and deletes the account after confirming ${mode}`,
      async () => {
        const email = `umzug-${tag}@example.org`;
        const newEmail = `umgezogen-${tag}@example.org`;
        await createMember(suite.server.dbPath, email, PASSWORD, 'Herr Yılmaz');
        const context = await fresh();
        await loginContext(context, suite.server.url, suite.server.dbPath, email);
        const page = await visit(context, suite.server.url + '/konto', `change-account-${tag}`);

        await page.getByRole('link', { name: 'Passwort ändern' }).click();
        await page.waitForURL(/\/konto\/passwort$/);
        await checkPage(page, `password-${tag}`);
        await page.getByLabel('Ihr jetziges Passwort').fill('nicht mein Passwort');
        await page.getByLabel('Neues Passwort').fill('Apfelbäume am Kanal');
        expect(await submit(page, 'Passwort ändern', /_action=accounts\.changePassword/)).toBe(400);
        await checkPage(page, `password-wrong-${tag}`);
        await expect(page.locator('#f-currentPassword-error').textContent()).resolves.toBe('Das jetzige Passwort stimmt nicht.');
        await page.getByLabel('Ihr jetziges Passwort').fill(PASSWORD);
        await page.getByLabel('Neues Passwort').fill('Apfelbäume am Kanal');
        expect(await submit(page, 'Passwort ändern', /\/konto\?hinweis=account\.passwordChanged$/)).toBe(303);
        await checkPage(page, `password-changed-${tag}`);

        await page.getByRole('link', { name: 'E-Mail-Adresse ändern' }).click();
        await page.waitForURL(/\/konto\/adresse$/);
        await checkPage(page, `email-${tag}`);
        await page.getByLabel('Neue E-Mail-Adresse').fill('umgezogen.example.org');
        await page.getByLabel('Ihr jetziges Passwort').fill('Apfelbäume am Kanal');
        expect(await submit(page, 'Bestätigungslink schicken', /_action=accounts\.changeEmail/)).toBe(400);
        await checkPage(page, `email-invalid-${tag}`);
        await expect(page.locator('#f-newEmail-error').textContent()).resolves.toContain('keine gültige E-Mail-Adresse');
        await expect(page.getByLabel('Neue E-Mail-Adresse').inputValue()).resolves.toBe('umgezogen.example.org');
        await page.getByLabel('Neue E-Mail-Adresse').fill(newEmail);
        await page.getByLabel('Ihr jetziges Passwort').fill('Apfelbäume am Kanal');
        expect(await submit(page, 'Bestätigungslink schicken', /\/konto\?hinweis=account\.emailChangeSent$/)).toBe(303);
        await checkPage(page, `email-sent-${tag}`);
        const link = await waitForMailLink(suite.server.mailDir, newEmail, '/konto/adresse-bestaetigen');
        await page.goto(link);
        await checkPage(page, `email-confirm-${tag}`);
        expect(await submit(page, 'Neue Adresse bestätigen', /\/konto\?hinweis=account\.emailChanged$/)).toBe(303);
        await checkPage(page, `email-changed-${tag}`);
        await expect(page.locator('main').textContent()).resolves.toContain(`(${newEmail})`);

        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Meine Daten herunterladen (JSON)' }).click()]);
        const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as unknown;
        expect(JSON.stringify(exported)).toContain(newEmail);
        expect(JSON.stringify(exported)).toContain('Herr Yılmaz');

        await page.getByRole('link', { name: 'Konto löschen' }).click();
        await page.waitForURL(/\/konto\/loeschen$/);
        await checkPage(page, `delete-${tag}`);
        await page.getByLabel('Ihr jetziges Passwort').fill('Apfelbäume am Kanal');
        expect(await submit(page, 'Konto endgültig löschen', /_action=accounts\.deleteAccount/)).toBe(400);
        await checkPage(page, `delete-unconfirmed-${tag}`);
        await expect(page.locator('#f-confirm-error').textContent()).resolves.toBe('Bitte bestätigen Sie, dass Sie Ihr Konto löschen möchten.');
        await page.getByLabel('Ihr jetziges Passwort').fill('Apfelbäume am Kanal');
        await page.getByLabel('Ja, ich möchte mein Konto endgültig löschen.').check();
        expect(await submit(page, 'Konto endgültig löschen', /\/anmelden\?hinweis=account\.deleted$/)).toBe(303);
        await checkPage(page, `deleted-${tag}`);
        await expect(page.getByRole('status').textContent()).resolves.toContain('Ihr Konto wurde gelöscht.');
        expect(await logIn(page, newEmail, 'Apfelbäume am Kanal', /_action=accounts\.login/)).toBe(401);
        await context.close();
      },
      LONG_FLOW_MS,
    );
  }

  it('makes no request to a third party from any visited page', () => {
    expect(thirdPartyRequests).toEqual([]);
  });
});
