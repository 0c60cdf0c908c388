/**
 * Issue 12, "Staff and admin", walked in Chromium with axe at 390 and 1280 px on every page visited.
 *
 * item 19 → 'puts cancelling last and asks on a page of its own that says who gets a mail, without JavaScript'
 * item 20 → 'keeps the outbox and the audit log within the screen, opens a mail to read, and writes the log as sentences'
 * item 21 → 'accepts an organisation’s web address without https:// and says to invite members next'
 * item 22 → 'keeps an invitation through registration and confirmation and says on every step who invited, without JavaScript'
 * (Logic behind them: tests/backoffice/event-cancellation.test.ts, tests/admin/audit-sentences.test.ts.)
 */
import { and, eq, gt } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../db/client';
import * as s from '../../db/schema';
import { checkPage, newContext, visit } from '../helpers/browser';
import { useServerAndBrowser } from '../helpers/browser-suite';
import { loginContext, sessionCookieFor } from '../helpers/auth';
import { postAction } from '../helpers/http';
import { expectErrorSummary, expectNoticeFirst, submitForm, textOf } from '../helpers/forms';
import { waitForMailFile, waitForMailLink } from '../helpers/mail-files';
import { logIn, LONG_FLOW_MS, PASSWORD, submit } from '../accounts/browser-steps';

async function widthAt(page: Page, width: number): Promise<number> {
  await page.setViewportSize({ width, height: 900 });
  return page.evaluate(() => document.documentElement.scrollWidth);
}

describe('staff and admin journeys (issue 12, items 19–22)', () => {
  const suite = useServerAndBrowser();

  it(
    'puts cancelling last and asks on a page of its own that says who gets a mail, without JavaScript',
    async () => {
      const db = createDb(suite.server.dbPath);
      const kray = db.select().from(s.quartiere).where(eq(s.quartiere.slug, 'kray')).get()!;
      // A published Kray event with a date still to come, and one person registered for that date.
      const [event] = db
        .select({ id: s.events.id, title: s.events.title, occurrenceId: s.eventOccurrences.id })
        .from(s.events)
        .innerJoin(s.eventQuartiere, eq(s.eventQuartiere.eventId, s.events.id))
        .innerJoin(s.eventOccurrences, eq(s.eventOccurrences.eventId, s.events.id))
        .where(
          and(
            eq(s.eventQuartiere.quartierId, kray.id),
            eq(s.events.status, 'published'),
            eq(s.events.registrationRequired, true),
            gt(s.eventOccurrences.startsAt, new Date()),
          ),
        )
        .limit(1)
        .all();
      expect(event).toBeDefined();
      db.insert(s.signups)
        .values({
          occurrenceId: event!.occurrenceId,
          name: 'Erika Brandt',
          email: 'erika.brandt@example.org',
          places: 1,
          status: 'confirmed',
          queuedAt: new Date(),
        })
        .run();
      db.$client.close();

      const context = await newContext(suite.browser, { javaScriptEnabled: false });
      await loginContext(context, suite.server.url, suite.server.dbPath, 'kray@example.org');
      const page = await visit(context, `${suite.server.url}/verwaltung/veranstaltungen/${event!.id}`, 'staff-event-edit');
      // Nothing destructive before the form: no cancel button at all, and the danger zone is the last section.
      expect(await page.getByRole('button', { name: /absagen|Löschen/ }).count()).toBe(0);
      const lastSection = page.locator('main section').last();
      expect(await lastSection.getAttribute('class')).toContain('danger-zone');
      await lastSection.getByRole('link', { name: 'Ganze Veranstaltung absagen …' }).click();
      await page.waitForURL(/\/absagen$/);
      await checkPage(page, 'staff-event-cancel-confirm');
      expect(await textOf(page.locator('main'))).toContain('1 angemeldete Person bekommt eine E-Mail mit Ihrem Grund.');
      // Without a reason nothing happens: the reason is asked for on the same page.
      expect(await submitForm(page, page.getByRole('button', { name: 'Ja, ganze Veranstaltung absagen' }))).toBe(400);
      await expectErrorSummary(page, ['reason']);
      await page.getByLabel(/Grund der Absage/).fill('Die Referentin ist erkrankt.');
      expect(await submit(page, 'Ja, ganze Veranstaltung absagen', /\/verwaltung\/veranstaltungen\/\d+\?hinweis=bo\.eventCancelled$/)).toBe(303);
      await expectNoticeFirst(page, /abgesagt/);
      const told = await waitForMailFile(suite.server.mailDir, 'erika.brandt@example.org', /^Fällt aus: /);
      expect(told.text).toContain('Die Referentin ist erkrankt.');
      await context.close();
    },
    LONG_FLOW_MS,
  );

  it(
    'keeps the outbox and the audit log within the screen, opens a mail to read, and writes the log as sentences',
    async () => {
      const db = createDb(suite.server.dbPath);
      const now = new Date();
      const failed = db
        .insert(s.outbox)
        .values({
          toAddress: 'sehr.lange.adresse.des.bürgervereins-kray-süd@beispiel-verein.example',
          subject: 'Ihre Einladung zum Bürgerverein Kray-Süd',
          textBody: 'Guten Tag,\n\nbitte nehmen Sie die Einladung an: https://portal.example/konto/einladung?token=geheimestoken1234567890\n\nViele Grüße',
          kind: 'organisation-invitation',
          status: 'failed',
          attempts: 6,
          nextAttemptAt: now,
          lastError: 'connect ECONNREFUSED 127.0.0.1:2525 – der SMTP-Server antwortet nicht; nach sechs Versuchen aufgegeben',
        })
        .returning()
        .get();
      db.$client.close();

      const context = await newContext(suite.browser);
      await loginContext(context, suite.server.url, suite.server.dbPath, 'admin@example.org');
      const page = await visit(context, `${suite.server.url}/verwaltung/admin/postausgang`, 'admin-outbox');
      for (const width of [1280, 390]) expect(await widthAt(page, width)).toBe(width);
      await page.setViewportSize({ width: 1280, height: 900 });
      // At 1280 px the table fits its box: the retry button is on screen, not scrolled away.
      const box = page.locator('.table-scroll').last();
      expect(await box.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      await expect(
        page
          .getByRole('button', { name: /Jetzt erneut versuchen/ })
          .first()
          .isVisible(),
      ).resolves.toBe(true);
      await page.getByRole('link', { name: 'Ihre Einladung zum Bürgerverein Kray-Süd' }).click();
      await page.waitForURL(new RegExp(`/postausgang/${failed.id}$`));
      await checkPage(page, 'admin-outbox-mail');
      const text = await textOf(page.locator('.mail-text'));
      expect(text).toContain('bitte nehmen Sie die Einladung an');
      expect(text).not.toContain('geheimestoken1234567890');
      expect(text).toContain('https://portal.example/konto/einladung');
      expect(await textOf(page.locator('main'))).toContain('ECONNREFUSED');

      await page.goto(`${suite.server.url}/verwaltung/admin/protokoll`);
      await checkPage(page, 'admin-audit');
      for (const width of [1280, 390]) expect(await widthAt(page, width)).toBe(width);
      // The cancellation of the first test, as a sentence with the event linked; no codes, no JSON.
      const entry = page.locator('.audit-log li').filter({ hasText: 'abgesagt' }).first();
      expect(await textOf(entry)).toMatch(
        /^Jan Kowalski \(Quartiersmanagement Kray\) hat am \d{1,2}\.\d{1,2}\.\d{4} um \d{1,2}:\d{2} die Veranstaltung .+ abgesagt\./,
      );
      expect(await textOf(entry)).toContain('Begründung: Die Referentin ist erkrankt.');
      expect(await entry.getByRole('link').getAttribute('href')).toMatch(/^\/verwaltung\/veranstaltungen\/\d+$/);
      expect(await page.locator('main').textContent()).not.toMatch(/event\.cancel|\{"/);
      await context.close();
    },
    LONG_FLOW_MS,
  );

  it(
    'accepts an organisation’s web address without https:// and says to invite members next',
    async () => {
      const context = await newContext(suite.browser);
      await loginContext(context, suite.server.url, suite.server.dbPath, 'admin@example.org');
      const page = await visit(context, `${suite.server.url}/verwaltung/admin/organisationen/neu`, 'admin-org-new');
      await page.locator('#f-name').fill('Nachbarschaftsinitiative Kray-Süd');
      await page.locator('#f-website').fill('kray-sued.example');
      expect(await submit(page, 'Speichern', /\/verwaltung\/admin\/organisationen\/\d+\?hinweis=admin\.organisationCreated$/)).toBe(303);
      const notice = await expectNoticeFirst(page, /Als Nächstes laden Sie ihre Mitglieder ein/);
      expect(notice).not.toContain('Die Änderung ist gespeichert');
      await checkPage(page, 'admin-org-created');
      expect(await page.locator('#f-website').inputValue()).toBe('https://kray-sued.example');
      await context.close();
    },
    LONG_FLOW_MS,
  );

  it(
    'keeps an invitation through registration and confirmation and says on every step who invited, without JavaScript',
    async () => {
      const invited = 'neu.im.verein@example.org';
      const db = createDb(suite.server.dbPath);
      const verein = db
        .select()
        .from(s.organisations)
        .all()
        .find((o) => o.name.startsWith('Bürgerverein Kray'))!;
      db.$client.close();
      // The Verein's admin invites (its own journey is tested elsewhere); the invited person's steps are the point here.
      const invitedBy = await postAction(
        suite.server,
        `/konto/organisationen/${verein.id}`,
        'organisations.invite',
        { organisationId: String(verein.id), email: invited, role: 'member' },
        sessionCookieFor(suite.server.dbPath, 'verein@example.org'),
      );
      expect(invitedBy.status).toBe(303);
      const link = await waitForMailLink(suite.server.mailDir, invited, '/konto/einladung');

      const context = await newContext(suite.browser, { javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(link);
      await page.waitForURL(/\/anmelden\?zurueck=%2Fkonto%2Feinladung$/);
      expect(page.url()).not.toContain('token');
      await checkPage(page, 'invited-login');
      const says = `„${verein.name}“ hat Sie eingeladen mitzumachen`;
      expect(await textOf(page.locator('[data-invitation]'))).toContain(says);
      await page.locator('[data-invitation]').getByRole('link', { name: 'Noch kein Konto? Jetzt anlegen' }).click();
      await page.waitForURL(/\/registrieren$/);
      await checkPage(page, 'invited-register');
      expect(await textOf(page.locator('[data-invitation]'))).toContain(says);
      expect(await page.getByLabel('E-Mail-Adresse').inputValue()).toBe(invited);
      await page.getByLabel(/Ihr Name/).fill('Nora Winkler');
      await page.getByLabel('Passwort (Pflichtfeld)', { exact: true }).fill(PASSWORD);
      expect(await submit(page, 'Konto anlegen', /\/registrieren\?hinweis=account\.registered$/)).toBe(303);
      expect(await textOf(page.locator('[data-invitation]'))).toContain(says);

      const confirm = await waitForMailLink(suite.server.mailDir, invited, '/konto/bestaetigen');
      await page.goto(confirm);
      await checkPage(page, 'invited-confirm');
      expect(await textOf(page.locator('[data-invitation]'))).toContain(says);
      expect(await submit(page, 'Adresse bestätigen', /\/anmelden\?hinweis=account\.verified$/)).toBe(303);
      expect(await textOf(page.locator('[data-invitation]'))).toContain(says);
      // Logging in leads straight to the invitation, which takes one click.
      expect(await logIn(page, invited, PASSWORD, /\/konto\/einladung$/)).toBe(303);
      expect(page.url()).not.toContain('token');
      expect(await submit(page, 'Einladung annehmen', /\/konto\?hinweis=account\.joined$/)).toBe(303);
      await expectNoticeFirst(page, /Willkommen/);
      await context.close();
    },
    LONG_FLOW_MS,
  );
});
