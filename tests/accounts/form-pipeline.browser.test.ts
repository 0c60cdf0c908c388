/**
 * The promises of the one form pipeline on the account and organisation forms, in Chromium with axe, each with
 * JavaScript on and off: every mistake of one submit in the error summary and next to its field, "Fehler: " in the
 * title, what was typed kept (never a password); after success the notice first in the main content and in view on
 * a phone.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createDb } from '../../db/client';
import { organisations } from '../../db/schema';
import { checkPage, newContext, thirdPartyRequests, visit } from '../helpers/browser';
import { useServerAndBrowser } from '../helpers/browser-suite';
import { createMember, loginContext } from '../helpers/auth';
import { expectErrorSummary, expectNoticeFirst, submitForm, textOf } from '../helpers/forms';
import { waitForMailLink } from '../helpers/mail-files';
import { LONG_FLOW_MS, PASSWORD } from './browser-steps';

const PHONE = { width: 390, height: 844 };

async function send(page: Page, button: string): Promise<number> {
  return submitForm(page, page.getByRole('button', { name: button, exact: true }));
}

async function summaryTexts(page: Page): Promise<string[]> {
  return (await page.locator('[data-error-summary] li').allTextContents()).map((text) => text.trim());
}

describe('the form pipeline on account forms in Chromium', () => {
  const suite = useServerAndBrowser();

  function organisationId(name: string): number {
    const db = createDb(suite.server.dbPath);
    try {
      return db
        .select()
        .from(organisations)
        .all()
        .find((o) => o.name === name)!.id;
    } finally {
      db.$client.close();
    }
  }

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
    const tag = javaScriptEnabled ? 'js' : 'nojs';

    for (const viewport of [null, PHONE]) {
      const size = viewport ? `${viewport.width} px` : 'desktop';
      const shot = `${tag}-${viewport ? 'phone' : 'desktop'}`;

      it(
        `shows all three registration mistakes of one submit in the summary and next to the fields, keeping the input, ${mode} at ${size}`,
        async () => {
          const context = await newContext(suite.browser, { javaScriptEnabled });
          const page = await visit(context, suite.server.url + '/registrieren', `pipeline-register-${shot}`);
          if (viewport) await page.setViewportSize(viewport);
          await page.getByLabel('E-Mail-Adresse').fill('anna.example.org');
          await page.getByLabel('Passwort').fill('kurz');
          await page.getByLabel('Ihr Quartier (freiwillig)').selectOption({ label: 'Kray' });
          expect(await send(page, 'Konto anlegen')).toBe(400);

          await expectErrorSummary(page, ['displayName', 'email', 'password']);
          expect(await page.title()).toMatch(/^Fehler: Konto anlegen – /);
          // One line per mistake, in the order of the fields.
          expect(await summaryTexts(page)).toEqual([
            'Bitte geben Sie Ihren Namen ein.',
            'Das ist keine gültige E-Mail-Adresse. Beispiel: name@beispiel.de',
            'Das Passwort ist zu kurz. Es braucht mindestens 10 Zeichen.',
          ]);
          await expect(textOf(page.locator('#f-password-error'))).resolves.toBe('Das Passwort ist zu kurz. Es braucht mindestens 10 Zeichen.');
          await expect(page.getByLabel('E-Mail-Adresse').inputValue()).resolves.toBe('anna.example.org');
          await expect(page.getByLabel('Ihr Quartier (freiwillig)').inputValue()).resolves.toBe('kray');
          await expect(page.getByLabel('Passwort').inputValue()).resolves.toBe('');
          expect(await page.content()).not.toContain('value="kurz"');
          await checkPage(page, `pipeline-register-errors-${shot}`);

          // The name corrected: it is kept, the two remaining mistakes are still listed.
          await page.getByLabel('Ihr Name').fill('Anna');
          await page.getByLabel('Passwort').fill('kurz');
          expect(await send(page, 'Konto anlegen')).toBe(400);
          await expectErrorSummary(page, ['email', 'password']);
          expect(await summaryTexts(page)).toHaveLength(2);
          await expect(page.getByLabel('Ihr Name').inputValue()).resolves.toBe('Anna');
          await expect(page.getByLabel('Ihr Name').getAttribute('aria-invalid')).resolves.toBeNull();
          await expect(page.getByLabel('E-Mail-Adresse').inputValue()).resolves.toBe('anna.example.org');
          await checkPage(page, `pipeline-register-errors-again-${shot}`);
          await context.close();
        },
        LONG_FLOW_MS,
      );
    }

    it(
      `lists every mistake of an invitation, then a domain refusal, then shows the notice in view on a phone ${mode}`,
      async () => {
        const invitee = `nachbar-${tag}@example.org`;
        const context = await newContext(suite.browser, { javaScriptEnabled });
        await loginContext(context, suite.server.url, suite.server.dbPath, 'verein@example.org');
        const path = `/konto/organisationen/${organisationId('Bürgerverein Kray e.V.')}`;
        const page = await visit(context, suite.server.url + path, `pipeline-org-${tag}`);
        await page.setViewportSize(PHONE);

        // Both fields wrong at once: a malformed address and no role chosen.
        await page.locator('#invite-f-email').fill('nachbar.example.org');
        expect(await send(page, 'Einladung schicken')).toBe(400);
        await expectErrorSummary(page, ['email', 'role'], { idPrefix: 'invite-' });
        expect(await summaryTexts(page)).toEqual([
          'Das ist keine gültige E-Mail-Adresse. Beispiel: name@beispiel.de',
          'Bitte wählen Sie eine Rolle: Mitglied oder „verwaltet die Organisation“.',
        ]);
        await expect(page.locator('#invite-f-email').inputValue()).resolves.toBe('nachbar.example.org');
        await checkPage(page, `pipeline-org-errors-${tag}`);

        // A well-formed invitation the domain refuses: the address already belongs to a member.
        await page.locator('#invite-f-email').fill('verein@example.org');
        await page.getByRole('radio', { name: 'verwaltet die Organisation', exact: true }).check();
        expect(await send(page, 'Einladung schicken')).toBe(409);
        await expectErrorSummary(page, ['email'], { idPrefix: 'invite-' });
        expect(await summaryTexts(page)).toEqual(['Diese Person ist schon Mitglied.']);
        await expect(page.getByRole('radio', { name: 'verwaltet die Organisation', exact: true }).isChecked()).resolves.toBe(true);
        await checkPage(page, `pipeline-org-member-${tag}`);

        await page.locator('#invite-f-email').fill(invitee);
        await page.getByRole('radio', { name: 'Mitglied', exact: true }).check();
        expect(await send(page, 'Einladung schicken')).toBe(303);
        expect(page.url()).toBe(`${suite.server.url}${path}?hinweis=account.invited`);
        expect(page.viewportSize()).toEqual(PHONE);
        await expectNoticeFirst(page, /^Die Einladung ist verschickt\./);
        await expect(textOf(page.getByRole('region', { name: 'Jemanden einladen' }))).resolves.toContain(`${invitee} (Mitglied,`);
        await checkPage(page, `pipeline-org-invited-${tag}`);
        expect(await waitForMailLink(suite.server.mailDir, invitee, '/konto/einladung')).toContain('token=');
        await context.close();
      },
      LONG_FLOW_MS,
    );

    it(
      `shows the notice first and in view on a phone after saving the profile and changing the password ${mode}`,
      async () => {
        const email = `notiz-${tag}@example.org`;
        await createMember(suite.server.dbPath, email, PASSWORD, 'Frau Demir');
        const context = await newContext(suite.browser, { javaScriptEnabled });
        await loginContext(context, suite.server.url, suite.server.dbPath, email);
        const page = await visit(context, suite.server.url + '/konto', `pipeline-account-${tag}`);
        await page.setViewportSize(PHONE);

        await page.getByLabel('Ihr Name').fill('Aylin Demir');
        await page.getByLabel('Ihr Quartier (freiwillig)').selectOption({ label: 'Karnap' });
        expect(await send(page, 'Angaben speichern')).toBe(303);
        expect(new URL(page.url()).search).toBe('?hinweis=account.saved');
        await expectNoticeFirst(page, /^Ihre Angaben sind gespeichert\.$/);
        await expect(page.locator('main').textContent()).resolves.toContain(`Angemeldet als Aylin Demir (${email}).`);
        await expect(page.getByLabel('Ihr Quartier (freiwillig)').inputValue()).resolves.toBe('karnap');
        await checkPage(page, `pipeline-account-saved-${tag}`);

        // An empty name is refused next to the field; the other choices stay as typed.
        await page.getByLabel('Ihr Name').fill('  ');
        await page.getByLabel('Ihr Quartier (freiwillig)').selectOption({ label: 'Kray' });
        expect(await send(page, 'Angaben speichern')).toBe(400);
        await expectErrorSummary(page, ['displayName']);
        await expect(page.getByLabel('Ihr Quartier (freiwillig)').inputValue()).resolves.toBe('kray');
        await checkPage(page, `pipeline-account-refused-${tag}`);

        await page.goto(suite.server.url + '/konto/passwort');
        await page.getByLabel('Ihr jetziges Passwort').fill(PASSWORD);
        await page.getByLabel('Neues Passwort').fill('Holunder am Gartenzaun');
        expect(await send(page, 'Passwort ändern')).toBe(303);
        expect(new URL(page.url()).pathname).toBe('/konto');
        await expectNoticeFirst(page, /^Ihr Passwort ist geändert\./);
        await checkPage(page, `pipeline-password-changed-${tag}`);
        await context.close();
      },
      LONG_FLOW_MS,
    );
  }

  it('makes no request to a third party from any visited page', () => {
    expect(thirdPartyRequests).toEqual([]);
  });
});
