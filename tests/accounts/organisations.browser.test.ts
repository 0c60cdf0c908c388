/**
 * Organisations in Chromium with axe on every page reached, each flow with JavaScript on and off: an
 * organisation admin invites a member who joins from the mail link after logging in; a member proposes an event
 * from their account page, staff publish it and it appears in the calendar.
 */
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { checkPage, newContext, thirdPartyRequests, visit } from '../helpers/browser';
import { useServerAndBrowser } from '../helpers/browser-suite';
import { createMember, loginContext } from '../helpers/auth';
import { waitForMailLink } from '../helpers/mail-files';
import { follow, logIn, LONG_FLOW_MS, PASSWORD, submit } from './browser-steps';

describe('organisations and proposals in Chromium', () => {
  const suite = useServerAndBrowser();

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
    const tag = javaScriptEnabled ? 'js' : 'nojs';

    it(
      `lets an organisation admin invite a member, who joins from the mail link after logging in ${mode}`,
      async () => {
        const invitee = `nachbarin-${tag}@example.org`;
        await createMember(suite.server.dbPath, invitee, PASSWORD, `Nachbarin ${tag}`);
        const admin = await newContext(suite.browser, { javaScriptEnabled });
        await loginContext(admin, suite.server.url, suite.server.dbPath, 'verein@example.org');
        const page = await visit(admin, suite.server.url + '/konto', `org-account-${tag}`);
        await follow(page, 'Mitglieder von Bürgerverein Kray e.V. verwalten', /\/konto\/organisationen\/\d+$/, `org-page-${tag}`);

        await page.locator('#invite-f-email').fill('nachbarin-ohne-at');
        await page.getByRole('radio', { name: 'Mitglied', exact: true }).check();
        expect(await submit(page, 'Einladung schicken', /_action=organisations\.invite/)).toBe(400);
        await checkPage(page, `org-invite-bad-${tag}`);
        await expect(page.locator('#invite-f-email-error').textContent()).resolves.toContain('keine gültige E-Mail-Adresse');
        await expect(page.locator('#invite-f-email').inputValue()).resolves.toBe('nachbarin-ohne-at');
        await page.locator('#invite-f-email').fill(invitee);
        await expect(page.getByRole('radio', { name: 'Mitglied', exact: true }).isChecked()).resolves.toBe(true);
        expect(await submit(page, 'Einladung schicken', /\/konto\/organisationen\/\d+\?hinweis=account\.invited$/)).toBe(303);
        await checkPage(page, `org-invited-${tag}`);
        await expect(page.locator('main').textContent()).resolves.toContain(invitee);

        const link = await waitForMailLink(suite.server.mailDir, invitee, '/konto/einladung');
        const member = await newContext(suite.browser, { javaScriptEnabled });
        const joining = await member.newPage();
        await joining.goto(link);
        await joining.waitForURL(/\/anmelden\?zurueck=/);
        await checkPage(joining, `invite-login-${tag}`);
        expect(await logIn(joining, invitee, PASSWORD, /\/konto\/einladung$/)).toBe(303);
        await checkPage(joining, `invite-accept-${tag}`);
        await expect(joining.locator('main').textContent()).resolves.toContain('Bürgerverein Kray e.V.');
        expect(await submit(joining, 'Einladung annehmen', /\/konto\?hinweis=account\.joined$/)).toBe(303);
        await checkPage(joining, `invite-joined-${tag}`);
        const organisations = joining.getByRole('region', { name: 'Ihre Organisationen' });
        await expect(organisations.textContent()).resolves.toContain('Bürgerverein Kray e.V. (Mitglied)');
        // A plain member manages nobody, but finds where to propose an event and book a room, and, since Bürgerverein
        // Kray is an actor in the directory of offers, where to keep its entries there.
        await expect(organisations.getByRole('link').allTextContents()).resolves.toEqual(['Veranstaltung vorschlagen', 'Räume buchen']);
        await expect(joining.getByRole('region', { name: 'Meine Einträge im Angebotsverzeichnis' }).getByRole('link').textContent()).resolves.toBe(
          'Profil und regelmäßige Angebote Ihrer Organisation pflegen',
        );

        await page.reload();
        await expect(page.getByRole('table').textContent()).resolves.toContain(invitee);
        await Promise.all([admin.close(), member.close()]);
      },
      LONG_FLOW_MS,
    );

    it(
      `lets a member propose an event that staff publish, so it appears in the calendar ${mode}`,
      async () => {
        const title = `Erzählcafé ${tag}`;
        const day = DateTime.now().setZone('Europe/Berlin').plus({ days: 3 }).toISODate()!;
        const proposer = await newContext(suite.browser, { javaScriptEnabled });
        await loginContext(proposer, suite.server.url, suite.server.dbPath, 'verein@example.org');
        const page = await visit(proposer, suite.server.url + '/konto', `propose-account-${tag}`);
        await follow(page, 'Veranstaltung vorschlagen', /\/veranstaltungen\/vorschlagen$/, `propose-${tag}`);
        await page.getByLabel(/^\s*Titel(?! auf)/).fill(title);
        await page.getByLabel('Beschreibung', { exact: true }).fill('Ältere Nachbarinnen und Nachbarn erzählen von früher.');
        await page.getByLabel('Café/Treffpunkt').check();
        await page.getByLabel('Kray', { exact: true }).check();
        await page.getByLabel('Datum (erster Termin)').fill(day);
        await page.getByLabel('Beginn (Uhrzeit)').fill('15:00');
        await page.getByLabel('Ende (Uhrzeit)').fill('17:00');
        await page.getByLabel('Ort aus der Liste').selectOption({ label: 'Quartierstreff Kray-Nord (Kray)' });
        expect(await submit(page, 'Vorschlag einreichen', /\/veranstaltungen\/vorschlagen\/\d+\?hinweis=bo\.proposalSubmitted$/)).toBe(303);
        await checkPage(page, `proposed-${tag}`);
        await proposer.close();

        const staff = await newContext(suite.browser, { javaScriptEnabled });
        await loginContext(staff, suite.server.url, suite.server.dbPath, 'kray@example.org');
        const queue = await visit(staff, suite.server.url + '/verwaltung/vorschlaege', `proposals-${tag}`);
        await follow(queue, title, /\/verwaltung\/veranstaltungen\/\d+$/, `proposal-review-${tag}`);
        expect(await submit(queue, 'Veröffentlichen', /\?hinweis=bo\.eventPublished$/)).toBe(303);
        await checkPage(queue, `proposal-published-${tag}`);
        const calendar = await visit(staff, suite.server.url + '/veranstaltungen', `calendar-${tag}`);
        await expect(calendar.getByRole('link', { name: title }).count()).resolves.toBe(1);
        await staff.close();
      },
      LONG_FLOW_MS,
    );
  }

  it('makes no request to a third party from any visited page', () => {
    expect(thirdPartyRequests).toEqual([]);
  });
});
