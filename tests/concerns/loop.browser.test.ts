/**
 * The whole loop in Chromium on a phone (390 px), with JavaScript on and off, axe on every page: a resident
 * reports a concern with a photo from the Quartier page and confirms the address from the mail, staff review and
 * forward it, the office answers through the link read from the .eml, the resident's mail arrives, the public page
 * shows the answer; four weeks later (the clock moved: the follow-up job runs from this process against the
 * server's database file) the resident answers "nicht behoben" and the concern goes back to the office.
 */
import { describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { BrowserContext, Page } from 'playwright-core';
import { checkPage, newContext, PHONE_WIDTH, thirdPartyRequests, visit } from '../helpers/browser';
import { useServerAndBrowser } from '../helpers/browser-suite';
import { expectErrorSummary, expectNoticeFirst, submitForm, textOf } from '../helpers/forms';
import { waitForMailFile } from '../helpers/mail-files';
import { loginContext } from '../helpers/auth';
import { createDb } from '../../db/client';
import { concerns, outbox } from '../../db/schema';
import { runConcernFollowUps } from '../../src/lib/server/concerns/followups';
import { photoWithGps } from './fixtures';

const OFFICE = 'gruenflaechen@example.org';

async function onPhone(context: BrowserContext, url: string, name: string): Promise<Page> {
  const page = await visit(context, url, name);
  await page.setViewportSize({ width: PHONE_WIDTH, height: 844 });
  return page;
}

async function submit(page: Page, button: string): Promise<number> {
  return submitForm(page, page.getByRole('button', { name: button, exact: true }));
}

/** Progress lines, so a slow machine's timeout says where it was. */
const step = (tag: string, what: string): void => console.log(`[loop ${tag}] ${new Date().toISOString()} ${what}`);

const linkIn = (text: string, path: string): string => new RegExp(`https?://\\S+${path}[a-z2-7]+`).exec(text)![0];

describe('a concern from report to answer and back (Chromium)', () => {
  const suite = useServerAndBrowser();

  for (const javaScriptEnabled of [true, false]) {
    const tag = javaScriptEnabled ? 'js' : 'nojs';
    it(`closes the loop ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, async () => {
      const { server, browser } = suite;
      const email = `melderin-${tag}@example.net`;
      const words = `Die Rutsche ist immer noch scharfkantig (${tag}).`;

      // The resident reports from the Quartier page, first forgetting the description.
      const resident = await newContext(browser, { javaScriptEnabled });
      const page = await onPhone(resident, `${server.url}/quartiere/kray`, `quartier-${tag}`);
      await page.getByRole('link', { name: 'Anliegen melden' }).first().click();
      await page.waitForURL(/\/anliegen\/neu\?quartier=kray$/);
      await checkPage(page, `report-${tag}`);
      await expect(page.locator('#f-quartier').inputValue()).resolves.toBe('kray');
      await page.getByLabel('Worum geht es?').selectOption({ label: 'Spielplatz' });
      await page.getByLabel('Wo genau?').fill('Spielplatz Kamblickweg, Rutsche');
      await page.getByLabel('Ja, öffentlich zeigen').check();
      await page.getByLabel('E-Mail-Adresse').fill(email);
      await page.getByLabel('Fotos (freiwillig)').setInputFiles({ name: 'rutsche.jpg', mimeType: 'image/jpeg', buffer: await photoWithGps(1200, 900) });
      expect(await submit(page, 'Anliegen absenden')).toBe(400);
      await expectErrorSummary(page, ['description']);
      await checkPage(page, `report-error-${tag}`);
      await expect(page.getByLabel('Wo genau?').inputValue()).resolves.toBe('Spielplatz Kamblickweg, Rutsche');
      await page.getByLabel('Was ist das Problem?').fill(`An der Rutsche steht eine scharfe Metallkante ab (${tag}).`);
      await page.getByLabel('Fotos (freiwillig)').setInputFiles({ name: 'rutsche.jpg', mimeType: 'image/jpeg', buffer: await photoWithGps(1200, 900) });
      expect(await submit(page, 'Anliegen absenden')).toBe(303);
      await expectNoticeFirst(page, /Ihr Anliegen ist angekommen/);
      await checkPage(page, `reported-${tag}`);
      if (javaScriptEnabled) await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(PHONE_WIDTH);

      const db = createDb(server.dbPath);
      const id = db.select().from(concerns).where(eq(concerns.reporterEmail, email)).orderBy(desc(concerns.id)).get()!.id;

      step(tag, 'confirm mail');
      // The confirmation mail carries a link, not the resident's words.
      const confirmMail = await waitForMailFile(server.mailDir, email, /Bitte bestätigen Sie Ihre E-Mail-Adresse/);
      expect(confirmMail.text).not.toContain('Metallkante');
      await page.goto(linkIn(confirmMail.text, '/anliegen/bestaetigen/'));
      await checkPage(page, `confirm-${tag}`);
      expect(await submit(page, 'Adresse bestätigen')).toBe(303);
      await expectNoticeFirst(page, /E-Mail-Adresse ist bestätigt/);

      step(tag, 'staff');
      // Staff review and forward it; the responsible office is preselected.
      const staff = await newContext(browser, { javaScriptEnabled });
      await loginContext(staff, server.url, server.dbPath, 'kray@example.org');
      const work = await onPhone(staff, `${server.url}/verwaltung/anliegen`, `work-list-${tag}`);
      await work
        .getByRole('link', { name: `Anliegen ${id}: Spielplatz` })
        .first()
        .click();
      await work.waitForURL(new RegExp(`/verwaltung/anliegen/${id}$`));
      await checkPage(work, `staff-concern-${tag}`);
      await expect(textOf(work.locator('main'))).resolves.toContain(email);
      expect(await submit(work, 'Als geprüft markieren')).toBe(303);
      await expectNoticeFirst(work, /geprüft/);
      await expect(work.locator('#forward-f-office option:checked').textContent()).resolves.toBe('Grünflächenamt');
      await work.getByLabel('Hinweis an die Stelle (freiwillig)').fill('Bitte vor dem Wochenende ansehen.');
      expect(await submit(work, 'Weiterleiten')).toBe(303);
      await expectNoticeFirst(work, /weitergeleitet/);
      await checkPage(work, `forwarded-${tag}`);

      step(tag, 'office');
      // The office answers through its link from the .eml, without an account.
      const officeMail = await waitForMailFile(server.mailDir, OFFICE, new RegExp(`^Anliegen ${id} aus dem Quartier`));
      expect(officeMail.text).toContain('Bitte vor dem Wochenende ansehen.');
      expect(officeMail.text).not.toContain(email);
      const office = await newContext(browser, { javaScriptEnabled });
      const reply = await onPhone(office, linkIn(officeMail.text, '/anliegen/antwort/'), `office-reply-${tag}`);
      await expect(textOf(reply.locator('main'))).resolves.toContain('scharfe Metallkante');
      await expect(reply.locator('main img').count()).resolves.toBe(1);
      await reply.getByLabel('Erledigt', { exact: true }).check();
      await reply.getByLabel('Nachricht').fill('Die Kante wurde abgeschliffen.');
      expect(await submit(reply, 'Antwort senden')).toBe(303);
      await expectNoticeFirst(reply, /Vielen Dank für Ihre Antwort/);
      await checkPage(reply, `office-done-${tag}`);

      step(tag, 'resident mail');
      // The resident's mail arrives; the public page shows the answer and the photo.
      const doneMail = await waitForMailFile(server.mailDir, email, new RegExp(`^Ihr Anliegen ${id}: Erledigt$`));
      expect(doneMail.text).toContain('Antwort: Die Kante wurde abgeschliffen.');
      const publicPage = await onPhone(resident, `${server.url}/anliegen/${id}`, `public-${tag}`);
      const shown = await textOf(publicPage.locator('main'));
      expect(shown).toContain('Stand: Erledigt');
      expect(shown).toContain('Die Kante wurde abgeschliffen.');
      expect(shown).not.toContain(email);
      await expect(publicPage.locator('main img').count()).resolves.toBe(1);

      step(tag, 'four weeks later');
      // Four weeks later the job asks "Ist das Problem behoben?"; "nein" reopens it.
      process.env.PUBLIC_URL = server.url;
      runConcernFollowUps(db, DateTime.now().plus({ days: 29 }).toJSDate());
      // Mails queued at the moved clock would be due in four weeks; the server's worker sends them now.
      db.update(outbox).set({ nextAttemptAt: new Date() }).where(eq(outbox.status, 'pending')).run();
      db.$client.close();
      const question = await waitForMailFile(server.mailDir, email, new RegExp(`^Ist das Problem behoben\\? \\(Anliegen ${id}\\)$`));
      const feedback = await onPhone(resident, linkIn(question.text, '/anliegen/rueckmeldung/'), `feedback-${tag}`);
      await feedback.getByLabel('Nein, es ist noch nicht behoben').check();
      expect(await submit(feedback, 'Antwort senden')).toBe(400);
      await expectErrorSummary(feedback, ['words']);
      await feedback.getByLabel('Nein, es ist noch nicht behoben').check();
      await feedback.getByLabel('Was ist noch nicht in Ordnung?').fill(words);
      expect(await submit(feedback, 'Antwort senden')).toBe(303);
      await expectNoticeFirst(feedback, /wieder geöffnet/);
      step(tag, 'reopened');
      const back = await waitForMailFile(server.mailDir, OFFICE, new RegExp(`^Anliegen ${id} ist nicht behoben`));
      expect(back.text).toContain(words);
      const reopened = await onPhone(resident, `${server.url}/anliegen/${id}`, `reopened-${tag}`);
      await expect(textOf(reopened.locator('main'))).resolves.toContain('Stand: Weitergeleitet an Grünflächenamt');
      for (const context of [resident, staff, office]) await context.close();
      expect(thirdPartyRequests).toEqual([]);
    }, 600_000);
  }
});
