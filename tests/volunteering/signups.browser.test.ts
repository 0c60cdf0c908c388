/**
 * Signing up in Chromium with axe on every page reached, with JavaScript on and off: a volunteer takes the last
 * place of a slot, a second lands on the waiting list, the first signs off and the second moves up (page and mail);
 * the same for an event with limited places, where visitors without an account register and cancel by mail link.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DbConnection } from '../../db/client';
import { eventOccurrences, events, signups, volunteerProgrammes, volunteerSlots } from '../../db/schema';
import { occurrencePath } from '../../src/lib/paths';
import { checkPage, launchBrowser, newContext, thirdPartyRequests, visit } from '../helpers/browser';
import { loginContext } from '../helpers/auth';
import { expectNoticeFirst, submitForm, textOf } from '../helpers/forms';
import { waitForMailFile } from '../helpers/mail-files';
import { startServer, type RunningServer } from '../helpers/server';
import { linkIn, openServerDb } from './http-helpers';

const DAY = 24 * 60 * 60 * 1000;

const modes = [
  {
    js: true,
    label: 'with JavaScript',
    slotTitle: 'Kaffee ausschenken beim Nachbarschaftsfest',
    daysAhead: 5,
    event: 'Gemeinsam kochen: Suppen aus aller Welt',
  },
  { js: false, label: 'without JavaScript', slotTitle: 'Flohmarktstand betreuen', daysAhead: 6, event: 'Ausflug zum Baldeneysee' },
] as const;

describe('signing up in Chromium: slots and events with waiting lists', () => {
  let server: RunningServer;
  let browser: Browser;
  let db: DbConnection;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ timeoutMs: 150_000 }), launchBrowser()]);
    db = openServerDb(server);
  }, 180_000);
  afterAll(async () => {
    db?.$client.close();
    await browser?.close();
    await server?.stop();
  });

  describe.each(modes)('$label', ({ js, slotTitle, daysAhead, event }) => {
    const tag = js ? 'js' : 'nojs';
    const contexts: BrowserContext[] = [];
    async function contextFor(email?: string): Promise<BrowserContext> {
      const context = await newContext(browser, { javaScriptEnabled: js });
      if (email) await loginContext(context, server.url, server.dbPath, email);
      contexts.push(context);
      return context;
    }
    afterAll(async () => {
      await Promise.all(contexts.map((c) => c.close()));
    });

    it('gives the only free place to the first volunteer, the waiting list to the second, and moves them up when the first signs off', async () => {
      const programmeId = db.select().from(volunteerProgrammes).where(eq(volunteerProgrammes.slug, 'quartiershelfer')).get()!.id;
      const startsAt = new Date(Date.now() + daysAhead * DAY);
      const slotId = db
        .insert(volunteerSlots)
        .values({ programmeId, kind: 'event_help', title: slotTitle, startsAt, endsAt: new Date(startsAt.getTime() + 3 * 60 * 60 * 1000), needed: 1 })
        .returning()
        .get().id;
      const programmePage = `${server.url}/mitmachen/quartiershelfer`;
      const card = (page: Page) => page.locator(`#termin-${slotId}`);

      const first = await visit(await contextFor('bewohnerin@example.org'), programmePage, `slots-${tag}`);
      expect(await textOf(card(first))).toContain('1 von 1 Platz frei');
      expect(await submitForm(first, card(first).getByRole('button', { name: 'Eintragen' }))).toBe(303);
      await expectNoticeFirst(first, /^Sie sind eingetragen\./);
      await checkPage(first, `slot-signed-up-${tag}`);
      expect(await textOf(card(first).getByRole('status'))).toBe('Sie sind eingetragen.');

      const secondContext = await contextFor('kirche@example.org');
      const second = await visit(secondContext, programmePage, `slots-full-${tag}`);
      expect(await textOf(card(second))).toContain('Alle Plätze belegt – Warteliste möglich');
      expect(await submitForm(second, card(second).getByRole('button', { name: 'Auf die Warteliste' }))).toBe(303);
      await expectNoticeFirst(second, /Sie stehen auf der Warteliste/);
      await checkPage(second, `slot-waiting-${tag}`);
      expect(await textOf(card(second).getByRole('status'))).toBe('Sie stehen auf Platz 1 der Warteliste.');
      const secondMine = await visit(secondContext, `${server.url}/mitmachen/meine-einsaetze`, `mine-waiting-${tag}`);
      expect(await textOf(secondMine.locator('li.card').filter({ hasText: slotTitle }))).toContain('Warteliste, Platz 1');

      // The first volunteer cannot come after all and signs off from their own page.
      const firstMine = await visit(first.context(), `${server.url}/mitmachen/meine-einsaetze`, `mine-confirmed-${tag}`);
      const ownCard = firstMine.locator('li.card').filter({ hasText: slotTitle });
      expect(await textOf(ownCard)).toContain('eingetragen');
      expect(await submitForm(firstMine, ownCard.getByRole('button', { name: 'Austragen' }))).toBe(303);
      await expectNoticeFirst(firstMine, /^Sie sind ausgetragen\./);
      await checkPage(firstMine, `mine-signed-off-${tag}`);
      await expect(firstMine.locator('li.card').filter({ hasText: slotTitle }).count()).resolves.toBe(0);

      // The second moves up: their page says so, and a mail tells them.
      await secondMine.reload();
      await checkPage(secondMine, `mine-moved-up-${tag}`);
      const movedCard = secondMine.locator('li.card').filter({ hasText: slotTitle });
      expect(await textOf(movedCard)).toContain('eingetragen');
      expect(await textOf(movedCard)).not.toContain('Warteliste');
      const mail = await waitForMailFile(server.mailDir, 'kirche@example.org', new RegExp(`^Ein Platz ist frei geworden: ${slotTitle}$`));
      expect(mail.text).toContain(`Sie sind jetzt für „${slotTitle}“`);
      await second.reload();
      expect(await textOf(card(second).getByRole('status'))).toBe('Sie sind eingetragen.');
    });

    it('registers visitors for an event with limited places, puts the next on the waiting list and moves them up after a cancellation by mail link', async () => {
      const occurrence = db
        .select({
          id: eventOccurrences.id,
          eventId: events.id,
          slug: events.slug,
          recurrenceLocal: eventOccurrences.recurrenceLocal,
          capacity: events.capacity,
        })
        .from(eventOccurrences)
        .innerJoin(events, eq(events.id, eventOccurrences.eventId))
        .where(eq(events.title, event))
        .get()!;
      // A group has already taken all but two places.
      const capacity = occurrence.capacity!;
      db.insert(signups)
        .values({ occurrenceId: occurrence.id, name: 'Seniorengruppe St. Barbara', places: capacity - 2, status: 'confirmed', queuedAt: new Date() })
        .run();
      const eventPage = server.url + occurrencePath(occurrence);
      const visitor = { name: js ? 'Ayşe Kaya' : 'Olga Petrenko', email: `anmeldung-${tag}@example.net` };
      const next = { name: js ? 'Jonas Berg' : 'Karim Haddad', email: `warteliste-${tag}@example.net` };

      /** Opens the link of the mail that asks to confirm the address and presses the button there, as a visitor does. */
      const confirmByMail = async (inContext: BrowserContext, email: string, name: string): Promise<Page> => {
        const ask = await waitForMailFile(server.mailDir, email, /^Bitte bestätigen Sie Ihre Anmeldung: /);
        expect(ask.text).not.toContain(visitor.name);
        expect(ask.text).not.toContain(next.name);
        const linkPage = await visit(inContext, server.url + linkIn(ask.text, '/anmeldung/'), name);
        expect(await textOf(linkPage.locator('main'))).toContain('Ihre E-Mail-Adresse ist noch nicht bestätigt.');
        expect(await submitForm(linkPage, linkPage.getByRole('button', { name: 'Anmeldung bestätigen' }))).toBe(303);
        return linkPage;
      };
      const context = await contextFor();
      const page = await visit(context, eventPage, `event-${tag}`);
      const box = page.getByRole('region', { name: 'Anmeldung' });
      expect(await textOf(box)).toContain(`Noch 2 von ${capacity} Plätzen frei.`);
      await box.getByLabel('Name').fill(visitor.name);
      await box.getByLabel('E-Mail-Adresse').fill(visitor.email);
      await box.getByLabel('Wie viele Personen?').fill('2');
      expect(await submitForm(page, box.getByRole('button', { name: 'Anmelden' }))).toBe(303);
      await expectNoticeFirst(page, /^Fast geschafft: Wir haben Ihnen eine E-Mail geschickt\./);
      await checkPage(page, `event-pending-${tag}`);
      // The place is taken only once the visitor confirms the address with the button behind the mailed link.
      expect(await textOf(page.getByRole('region', { name: 'Anmeldung' }))).toContain(`Noch 2 von ${capacity} Plätzen frei.`);
      const confirmedPage = await confirmByMail(context, visitor.email, `event-confirm-${tag}`);
      await expectNoticeFirst(confirmedPage, /^Sie sind angemeldet\. Eine Bestätigung ist unterwegs\.$/);
      await checkPage(confirmedPage, `event-registered-${tag}`);

      const waitingPage = await visit(await contextFor(), eventPage, `event-full-${tag}`);
      const fullBox = waitingPage.getByRole('region', { name: 'Anmeldung' });
      expect(await textOf(fullBox)).toContain('Ausgebucht');
      await fullBox.getByLabel('Name').fill(next.name);
      await fullBox.getByLabel('E-Mail-Adresse').fill(next.email);
      expect(await submitForm(waitingPage, fullBox.getByRole('button', { name: 'Auf die Warteliste' }))).toBe(303);
      const waitingConfirmed = await confirmByMail(waitingPage.context(), next.email, `event-waiting-confirm-${tag}`);
      await expectNoticeFirst(waitingConfirmed, /Sie stehen auf der Warteliste/);
      await checkPage(waitingConfirmed, `event-waiting-${tag}`);
      // Without an account the page cannot know them again: the mail tells them their place.
      const waitingMail = await waitForMailFile(server.mailDir, next.email, /^Warteliste: /);
      expect(waitingMail.text).toContain('Sie stehen auf Platz 1 der Warteliste');

      // The first visitor cannot come and cancels with the link from the confirmation mail.
      const confirmation = await waitForMailFile(server.mailDir, visitor.email, /^Angemeldet: /);
      const manage = await visit(context, server.url + linkIn(confirmation.text, '/anmeldung/'), `event-manage-${tag}`);
      expect(await textOf(manage.locator('main'))).toContain('Sie haben einen Platz.');
      expect(await submitForm(manage, manage.getByRole('button', { name: 'Abmelden' }))).toBe(303);
      await checkPage(manage, `event-cancelled-${tag}`);
      expect(await textOf(manage.locator('main'))).toContain('Diese Anmeldung ist storniert.');

      const movedUp = await waitForMailFile(server.mailDir, next.email, /^Sie sind nachgerückt: /);
      const nextManage = await visit(context, server.url + linkIn(movedUp.text, '/anmeldung/'), `event-moved-up-${tag}`);
      expect(await textOf(nextManage.locator('main'))).toContain('Sie haben einen Platz.');
      await page.goto(eventPage);
      expect(await textOf(page.getByRole('region', { name: 'Anmeldung' }))).toContain(`Noch 1 von ${capacity} Plätzen frei.`);
      expect(thirdPartyRequests).toEqual([]);
    });
  });
});
