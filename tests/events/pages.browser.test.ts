/**
 * The calendar, month grid, event, occurrence and subscribe pages in Chromium with axe (WCAG 2.1 AA),
 * with and without JavaScript: the filter and subscribe forms are plain GET forms and must work either way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { and, eq, ne, notInArray } from 'drizzle-orm';
import { createDb } from '../../db/client';
import { eventExceptions, events, offerSchedules, quartiere } from '../../db/schema';
import { checkPage, launchBrowser, newContext, thirdPartyRequests, visit } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';
import { eventPath, occurrencePath } from '../../src/lib/paths';
import { textOf } from '../helpers/forms';

describe('event pages in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let wandercafe: { eventId: number; slug: string };
  let cancelledDate: string;
  let bare: { eventId: number; slug: string };
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const db = createDb(server.dbPath);
    const event = db.select().from(events).where(eq(events.title, 'Wandercafé')).get()!;
    wandercafe = { eventId: event.id, slug: event.slug };
    cancelledDate = db.select().from(eventExceptions).where(eq(eventExceptions.kind, 'cancelled')).get()!.recurrenceLocal;
    // An event and a Quartier with nothing but the required facts: no organiser, contact, description or languages.
    // Not one of an offer's calendar events: the offer sync would give it the actor's name back.
    const offerEvents = db
      .select({ id: offerSchedules.eventId })
      .from(offerSchedules)
      .all()
      .flatMap((row) => (row.id === null ? [] : [row.id]));
    const other = db
      .select()
      .from(events)
      .where(and(eq(events.status, 'published'), ne(events.id, event.id), notInArray(events.id, offerEvents)))
      .get()!;
    bare = { eventId: other.id, slug: other.slug };
    db.update(events)
      .set({ organisationId: null, organiserName: '', contactPhone: null, contactEmail: null, description: '', languages: '' })
      .where(eq(events.id, other.id))
      .run();
    db.update(quartiere)
      .set({ description: '', contactName: null, contactAddress: null, contactPhone: null, contactEmail: null })
      .where(eq(quartiere.slug, 'karnap'))
      .run();
    db.$client.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';

    it(`filters the calendar with the GET form ${mode} and shows the month grid`, async () => {
      const context = await newContext(browser, { javaScriptEnabled });
      const page = await visit(context, server.url + '/veranstaltungen', `calendar-${mode}`);
      // The filters are folded away until asked for (issue 12, item 1).
      await page.getByText('Suchen und auswählen').click();
      const form = page.getByRole('search');
      await form.getByLabel('Quartier').selectOption('karnap');
      await form.getByLabel('kostenlos ist').check();
      await form.getByRole('button', { name: 'Termine anzeigen' }).click();
      await page.waitForURL(/quartier=karnap/);
      expect(page.url()).toContain('kostenlos=1');
      await expect(page.locator('h1').innerText()).resolves.toBe('Veranstaltungen in Karnap');
      await expect(page.getByRole('link', { name: 'Fahrradwerkstatt zum Mitmachen' }).first().isVisible()).resolves.toBe(true);
      const filtered = await visit(context, page.url(), `calendar-filtered-${mode}`);
      // A filter in use keeps the form open, so it can be changed at once.
      await expect(filtered.getByRole('search').getByLabel('Quartier').inputValue()).resolves.toBe('karnap');
      await page.getByRole('link', { name: 'Monatsübersicht' }).click();
      await page.waitForURL(/ansicht=monat/);
      expect(page.url()).toContain('quartier=karnap');
      await visit(context, page.url(), `month-${mode}`);
      // The caption as read: whitespace around it (from the formatted markup) is not part of what people hear.
      await expect(textOf(page.locator('table caption'))).resolves.toMatch(/^Termine im /);
      await context.close();
    });

    it(`shows the event and a cancelled occurrence accessibly ${mode}`, async () => {
      const context = await newContext(browser, { javaScriptEnabled });
      const page = await visit(context, server.url + eventPath(wandercafe), `event-${mode}`);
      await expect(page.locator('h1').innerText()).resolves.toBe('Wandercafé');
      // A series is subscribed to (its feed then receives later changes); the address is the event's .ics.
      const ics = page.getByRole('link', { name: 'Im Handy-Kalender abonnieren – Änderungen kommen automatisch' });
      await expect(ics.getAttribute('href')).resolves.toBe(`${server.url.replace('http://', 'webcal://')}${eventPath(wandercafe)}.ics`);
      const occurrence = await visit(context, server.url + occurrencePath({ ...wandercafe, recurrenceLocal: cancelledDate }), `occurrence-${mode}`);
      await expect(occurrence.getByText(/Der Termin am .* fällt aus\./).isVisible()).resolves.toBe(true);
      await context.close();
    });

    it(`shows no heading without content on an event and a Quartier that lack organiser, contact and description ${mode}`, async () => {
      const context = await newContext(browser, { javaScriptEnabled });
      const emptySections = (page: Page): Promise<string[]> =>
        page.evaluate(() => [
          ...[...document.querySelectorAll('main section')]
            .filter((s) => s.textContent?.trim() === s.querySelector('h2, h3')?.textContent?.trim())
            .map((s) => s.textContent?.trim() ?? ''),
          ...[...document.querySelectorAll('main dd')].filter((dd) => dd.textContent?.trim() === '').map((dd) => dd.previousElementSibling?.textContent ?? ''),
        ]);
      const event = await visit(context, server.url + eventPath(bare), `event-bare-${mode}`);
      await expect(event.getByText('Veranstalter und Kontakt').count()).resolves.toBe(0);
      await expect(event.getByRole('heading', { name: 'Worum es geht' }).count()).resolves.toBe(0);
      await expect(emptySections(event)).resolves.toEqual([]);
      const quartier = await visit(context, server.url + '/quartiere/karnap', `quartier-bare-${mode}`);
      await expect(quartier.getByRole('heading', { name: 'Ihr Quartiersmanagement' }).count()).resolves.toBe(0);
      await expect(emptySections(quartier)).resolves.toEqual([]);
      await context.close();
    });

    it(`builds a subscription address on the subscribe page ${mode}`, async () => {
      const context = await newContext(browser, { javaScriptEnabled });
      const page = await visit(context, server.url + '/abonnieren', `subscribe-${mode}`);
      await page.getByRole('group', { name: 'Quartiere' }).getByLabel('Kray').check();
      await page.getByRole('button', { name: 'Adresse für meinen Kalender erstellen' }).click();
      await page.waitForURL(/quartier=kray/);
      await expect(page.getByLabel('Adresse zum Kopieren').inputValue()).resolves.toBe(`${server.url}/kalender.ics?quartier=kray`);
      await visit(context, page.url(), `subscribe-built-${mode}`);
      await context.close();
    });
  }

  for (const locale of ['de-DE', 'ar']) {
    it(`shows the first event of the calendar and of a Quartier on a phone's first screen, the menu folded (${locale})`, async () => {
      const context = await newContext(browser, { locale, javaScriptEnabled: false });
      for (const path of ['/veranstaltungen', '/quartiere/frohnhausen']) {
        const page = await visit(context, server.url + path, `first-screen-${path}-${locale}`);
        await page.setViewportSize({ width: 390, height: 844 });
        const firstEvent = await page.locator('main a[href^="/veranstaltungen/"]').first().boundingBox();
        expect(firstEvent, path).not.toBeNull();
        expect(firstEvent!.y + firstEvent!.height, path).toBeLessThanOrEqual(844);
        // The menu is one button; the main navigation and the filters are folded until asked for.
        const nav = page.locator('.site-nav');
        await expect(nav.isVisible()).resolves.toBe(false);
        if (path === '/veranstaltungen') await expect(page.getByRole('search').isVisible()).resolves.toBe(false);
        const button = page.locator('summary.site-menu__button');
        await button.click();
        await expect(nav.isVisible()).resolves.toBe(true);
        await checkPage(page, `menu-open-${path}-${locale}`);
        // The button sits at the end of the title's line: right in German, left in Arabic.
        const box = (await button.boundingBox())!;
        expect(box.x + box.width / 2 > 195).toBe(locale !== 'ar');
        await page.close();
      }
      await context.close();
    });
  }

  it('never talks to another host', () => {
    expect(thirdPartyRequests).toEqual([]);
  });
});
