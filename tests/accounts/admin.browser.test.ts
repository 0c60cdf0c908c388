/**
 * Organisations, staff and admins in Chromium with axe on every page reached: an organisation admin invites a
 * member who joins from the mail link; a member proposes an event that staff publish; the admin and staff pages
 * once each. Flows run with JavaScript on and off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DateTime } from 'luxon';
import { checkPage, launchBrowser, newContext, submitForm, thirdPartyRequests, visit } from '../helpers/browser';
import { createMember, loginContext } from '../helpers/auth';
import { waitForMailLink } from '../helpers/mail-folder';
import { startServer, type RunningServer } from '../helpers/server';
import { logIn, PASSWORD } from './browser-steps';

describe('organisations, staff and admin pages in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ timeoutMs: 150_000 }), launchBrowser()]);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Follows a link by its visible name and checks the page it leads to. */
  async function follow(page: Page, name: string, url: RegExp, shot: string): Promise<void> {
    await page.getByRole('link', { name, exact: true }).first().click();
    await page.waitForURL(url);
    await checkPage(page, shot);
  }

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
    const tag = javaScriptEnabled ? 'js' : 'nojs';

    it(`lets an organisation admin invite a member, who joins from the mail link after logging in ${mode}`, async () => {
      const invitee = `nachbarin-${tag}@example.org`;
      await createMember(server.dbPath, invitee, PASSWORD, `Nachbarin ${tag}`);
      const admin = await newContext(browser, { javaScriptEnabled });
      await loginContext(admin, server.url, server.dbPath, 'verein@example.org');
      const page = await visit(admin, server.url + '/konto', `org-account-${tag}`);
      await follow(page, 'Bürgerverein Kray e.V.', /\/konto\/organisationen\/\d+$/, `org-page-${tag}`);

      await page.locator('#f-invite-email').fill('nachbarin-ohne-at');
      expect(await submitForm(page, 'Einladung schicken', /_action=organisations\.invite/)).toBe(400);
      await checkPage(page, `org-invite-bad-${tag}`);
      await expect(page.locator('#f-invite-email-error').textContent()).resolves.toContain('keine gültige E-Mail-Adresse');
      await expect(page.locator('#f-invite-email').inputValue()).resolves.toBe('nachbarin-ohne-at');
      await page.locator('#f-invite-email').fill(invitee);
      expect(await submitForm(page, 'Einladung schicken', /\/konto\/organisationen\/\d+\?gespeichert=1$/)).toBe(302);
      await checkPage(page, `org-invited-${tag}`);
      await expect(page.locator('main').textContent()).resolves.toContain(invitee);

      const link = await waitForMailLink(server.mailDir, invitee, '/konto/einladung');
      const member = await newContext(browser, { javaScriptEnabled });
      const joining = await member.newPage();
      await joining.goto(link);
      await joining.waitForURL(/\/anmelden\?zurueck=/);
      await checkPage(joining, `invite-login-${tag}`);
      expect(await logIn(joining, invitee, PASSWORD, /\/konto\/einladung\?token=/)).toBe(302);
      await checkPage(joining, `invite-accept-${tag}`);
      await expect(joining.locator('main').textContent()).resolves.toContain('Bürgerverein Kray e.V.');
      expect(await submitForm(joining, 'Einladung annehmen', /\/konto\?hinweis=gespeichert$/)).toBe(302);
      await checkPage(joining, `invite-joined-${tag}`);
      await expect(joining.getByRole('region', { name: 'Ihre Organisationen' }).textContent()).resolves.toContain('Bürgerverein Kray e.V. (Mitglied)');

      await page.reload();
      await expect(page.getByRole('table').textContent()).resolves.toContain(invitee);
      await Promise.all([admin.close(), member.close()]);
    });

    it(`lets a member propose an event that staff publish, so it appears in the calendar ${mode}`, async () => {
      const title = `Erzählcafé ${tag}`;
      const day = DateTime.now().setZone('Europe/Berlin').plus({ days: 3 }).toISODate()!;
      const proposer = await newContext(browser, { javaScriptEnabled });
      await loginContext(proposer, server.url, server.dbPath, 'verein@example.org');
      const page = await visit(proposer, server.url + '/veranstaltungen/vorschlagen', `propose-${tag}`);
      await page.getByLabel('Titel').fill(title);
      await page.getByLabel('Beschreibung', { exact: true }).fill('Ältere Nachbarinnen und Nachbarn erzählen von früher.');
      await page.getByLabel('Café/Treffpunkt').check();
      await page.getByLabel('Kray', { exact: true }).check();
      await page.getByLabel('Datum (erster Termin)').fill(day);
      await page.getByLabel('Beginn (Uhrzeit)').fill('15:00');
      await page.getByLabel('Ende (Uhrzeit)').fill('17:00');
      await page.getByLabel('Ort aus der Liste').selectOption({ label: 'Quartierstreff Kray-Nord (Kray)' });
      expect(await submitForm(page, 'Vorschlag einreichen', /\/veranstaltungen\/vorschlagen\/\d+\?erfolg=eingereicht$/)).toBe(303);
      await checkPage(page, `proposed-${tag}`);
      await proposer.close();

      const staff = await newContext(browser, { javaScriptEnabled });
      await loginContext(staff, server.url, server.dbPath, 'kray@example.org');
      const queue = await visit(staff, server.url + '/verwaltung/vorschlaege', `proposals-${tag}`);
      await follow(queue, title, /\/verwaltung\/veranstaltungen\/\d+$/, `proposal-review-${tag}`);
      expect(await submitForm(queue, 'Veröffentlichen', /\?erfolg=veroeffentlicht$/)).toBe(303);
      await checkPage(queue, `proposal-published-${tag}`);
      const calendar = await visit(staff, server.url + '/veranstaltungen', `calendar-${tag}`);
      await expect(calendar.getByRole('link', { name: title }).count()).resolves.toBe(1);
      await staff.close();
    });
  }

  it('shows every admin page accessibly to the admin', async () => {
    const context = await newContext(browser);
    await loginContext(context, server.url, server.dbPath, 'admin@example.org');
    const page = await visit(context, server.url + '/verwaltung/admin', 'admin-home');
    await follow(page, 'Benutzerkonten', /\/verwaltung\/admin\/benutzer$/, 'admin-users');
    await follow(page, 'Heinz Brückner (Bürgerverein Kray)', /\/verwaltung\/admin\/benutzer\/\d+$/, 'admin-user');
    for (const [path, name] of [
      ['/verwaltung/admin/quartiere', 'admin-quartiere'],
      ['/verwaltung/admin/protokoll', 'admin-audit'],
      ['/verwaltung/admin/postausgang', 'admin-outbox'],
    ] as const) {
      await visit(context, server.url + path, name);
    }
    const orgs = await visit(context, server.url + '/verwaltung/admin/organisationen', 'admin-orgs');
    await follow(orgs, 'Bürgerverein Kray e.V.', /\/verwaltung\/admin\/organisationen\/\d+$/, 'admin-org');
    await context.close();
  });

  it('shows the staff pages accessibly to staff without JavaScript', async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    await loginContext(context, server.url, server.dbPath, 'kray@example.org');
    for (const path of ['/verwaltung', '/verwaltung/veranstaltungen', '/verwaltung/vorschlaege', '/verwaltung/orte']) {
      await visit(context, server.url + path, `staff${path.replace(/\//g, '-')}`);
    }
    await context.close();
  });

  it('makes no request to a third party from any visited page', () => {
    expect(thirdPartyRequests).toEqual([]);
  });
});
