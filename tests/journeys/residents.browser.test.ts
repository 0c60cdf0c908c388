/**
 * Issue 12, "Residents on a phone": a 76-year-old resident with a phone (390 × 844), in Chromium with axe at
 * 390 and 1280 px, JavaScript off where the page must work without it.
 *
 * item → test
 *  1 "Dieses Wochenende" next to Heute / Diese Woche, above the fold  → 'finds this weekend’s events …'
 *  2 subscribe to a series, a place, a Quartier (webcal://, app help) → 'subscribes to a series …', 'finds the place …'
 *  3 programme from the Quartier page, print button, QR code          → 'prints the Quartier programme …' (JS on and off)
 *  4 holiday rule before the changes; today's row not like a link    → 'finds the place …' and the printed programme
 *  5 dates as people write them, back office included                 → 'reads the closure dates in the back office …'
 *  6 no empty sections (series, place, offer without the facts)       → 'subscribes to a series …', 'finds the place …',
 *                                                                        'shows an offer without cost or times …'
 * The markup and feeds behind them: tests/journeys/residents.http.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { createDb } from '../../db/client';
import { events, offers, places } from '../../db/schema';
import { useServerAndBrowser } from '../helpers/browser-suite';
import { checkPage, newContext, thirdPartyRequests, visit } from '../helpers/browser';
import { loginContext } from '../helpers/auth';
import { eventPath, offerPath } from '../../src/lib/paths';

const PHONE = { width: 390, height: 844 };
const SUBSCRIBE = 'Im Handy-Kalender abonnieren – Änderungen kommen automatisch';

/** Headings with nothing under them, and empty values in fact lists. */
function emptySections(page: Page): Promise<string[]> {
  return page.evaluate(() => [
    ...[...document.querySelectorAll('main section')]
      .filter((s) => s.textContent?.trim() === s.querySelector('h2, h3')?.textContent?.trim())
      .map((s) => s.textContent?.trim() ?? ''),
    ...[...document.querySelectorAll('main dd')].filter((dd) => dd.textContent?.trim() === '').map((dd) => dd.previousElementSibling?.textContent ?? ''),
  ]);
}

async function aboveTheFold(page: Page, name: string): Promise<boolean> {
  const box = await page.getByRole('link', { name, exact: true }).first().boundingBox();
  return box !== null && box.y + box.height <= PHONE.height;
}

describe('residents on a phone (issue 12) in Chromium', () => {
  const suite = useServerAndBrowser();
  let wandercafe: { eventId: number; slug: string };
  let offer: { id: number; slug: string };
  let treffId: number;
  beforeAll(() => {
    const db = createDb(suite.server.dbPath);
    // A series and a Treff without organiser or contact, an offer without cost or times: nothing may stand empty.
    const event = db.select().from(events).where(eq(events.title, 'Wandercafé')).get()!;
    wandercafe = { eventId: event.id, slug: event.slug };
    db.update(events).set({ organisationId: null, organiserName: '', contactPhone: null, contactEmail: null }).where(eq(events.id, event.id)).run();
    treffId = db.select().from(places).where(eq(places.slug, 'quartierstreff-kray-nord')).get()!.id;
    db.update(places).set({ contactName: null, contactPhone: null, contactEmail: null, accessibilityNotes: '' }).where(eq(places.id, treffId)).run();
    const row = db.select().from(offers).where(eq(offers.title, 'Sozialberatung')).get()!;
    offer = { id: row.id, slug: row.slug };
    db.update(offers)
      .set({ isFree: false, cost: '', byAppointment: false, scheduleNote: '', validFrom: null, validUntil: null })
      .where(eq(offers.id, row.id))
      .run();
    db.$client.prepare('DELETE FROM offer_schedules WHERE offer_id = ?').run(row.id);
    db.$client.close();
  });

  it('finds this weekend’s events from the calendar’s quick ranges without JavaScript', async () => {
    const context = await newContext(suite.browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.setViewportSize(PHONE);
    await page.goto(suite.server.url + '/veranstaltungen');
    await checkPage(page, 'residents-calendar');
    const ranges = page.getByRole('navigation', { name: 'Zeitraum' });
    await expect(ranges.getByRole('link').allInnerTexts()).resolves.toEqual([
      'Alle kommenden',
      'Heute',
      'Diese Woche',
      'Dieses Wochenende',
      'Dieser Monat',
      'Monatsübersicht',
    ]);
    await expect(aboveTheFold(page, 'Dieses Wochenende')).resolves.toBe(true);
    await ranges.getByRole('link', { name: 'Dieses Wochenende' }).click();
    await page.waitForURL(/zeitraum=wochenende/);
    await checkPage(page, 'residents-weekend');
    await expect(ranges.getByRole('link', { name: 'Dieses Wochenende' }).getAttribute('aria-current')).resolves.toBe('page');
    const days = await page.locator('.day-list__date').allInnerTexts();
    // Late on a Sunday what is left of the weekend may have no dates; then the page points to the next one instead.
    await expect(page.getByRole('link', { name: /^Nächster Termin: / }).count()).resolves.toBe(days.length === 0 ? 1 : 0);
    // A heading says "Heute – " or "Morgen – " before the weekday when the day is today or tomorrow.
    for (const day of days) expect(day).toMatch(/^((Heute|Morgen) – )?(Samstag|Sonntag), /);
    await context.close();
  });

  it('subscribes to a series on a phone without JavaScript, with the app help and one date second', async () => {
    const context = await newContext(suite.browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.setViewportSize(PHONE);
    await page.goto(suite.server.url + eventPath(wandercafe));
    const box = page.getByRole('region', { name: 'Diese Reihe abonnieren' });
    const link = box.getByRole('link', { name: SUBSCRIBE });
    await expect(link.getAttribute('href')).resolves.toBe(`${suite.server.url.replace('http://', 'webcal://')}${eventPath(wandercafe)}.ics`);
    // The help is folded away; a tap opens it, without JavaScript.
    await expect(box.getByRole('heading', { name: 'Google Kalender (am Computer)' }).isVisible()).resolves.toBe(false);
    await box.getByText('Adresse zum Kopieren und Anleitung für Ihre Kalender-App').click();
    await expect(box.getByRole('heading', { name: 'Apple Kalender (iPhone, iPad, Mac)' }).isVisible()).resolves.toBe(true);
    await expect(box.getByLabel('Adresse zum Kopieren').inputValue()).resolves.toBe(`${suite.server.url}${eventPath(wandercafe)}.ics`);
    await expect(box.getByRole('link', { name: /^Nur den Termin am .* eintragen/ }).getAttribute('href')).resolves.toMatch(/\/\d{4}-\d{2}-\d{2}\.ics$/);
    await checkPage(page, 'residents-series');
    await expect(page.getByText('Veranstalter und Kontakt').count()).resolves.toBe(0);
    await expect(emptySections(page)).resolves.toEqual([]);
    await context.close();
  });

  it('finds the place’s hours, today marked without an underline, and subscribes to its events', async () => {
    const context = await newContext(suite.browser);
    const page = await context.newPage();
    await page.setViewportSize(PHONE);
    await page.goto(suite.server.url + '/orte/quartierstreff-kray-nord');
    await checkPage(page, 'residents-place');
    const today = page.locator('.hours-table tr[aria-current="date"]');
    await expect(today.locator('th').innerText()).resolves.toMatch(/\(heute\)$/);
    const look = await today.locator('th').evaluate((th) => ({ line: getComputedStyle(th).textDecorationLine, weight: getComputedStyle(th).fontWeight }));
    expect(look).toEqual({ line: 'none', weight: '700' });
    await expect(today.locator('a').count()).resolves.toBe(0);
    // The holiday rule stands before the list of changes it refers to.
    const rule = await page.getByText('An gesetzlichen Feiertagen ist geschlossen').boundingBox();
    const changes = await page.getByRole('heading', { name: 'Abweichende Öffnungszeiten' }).boundingBox();
    expect(rule!.y).toBeLessThan(changes!.y);
    await expect(
      page.getByRole('region', { name: 'Alle Termine an diesem Ort abonnieren' }).getByRole('link', { name: SUBSCRIBE }).getAttribute('href'),
    ).resolves.toMatch(/^webcal:\/\/127\.0\.0\.1:\d+\/kalender\.ics\?ort=quartierstreff-kray-nord$/);
    await expect(page.getByRole('heading', { name: 'Kontakt' }).count()).resolves.toBe(0);
    await expect(emptySections(page)).resolves.toEqual([]);
    await context.close();
  });

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
    it(`prints the Quartier programme from the Quartier page ${mode}`, async () => {
      const context = await newContext(suite.browser, { javaScriptEnabled });
      const page = await context.newPage();
      await page.setViewportSize(PHONE);
      if (javaScriptEnabled) await page.addInitScript(() => Object.assign(window, { printed: 0, print: () => Object.assign(window, { printed: 1 }) }));
      await page.goto(suite.server.url + '/quartiere/kray');
      if (javaScriptEnabled) {
        await checkPage(page, 'residents-quartier');
        await expect(page.getByRole('region', { name: 'Alle Termine in Kray abonnieren' }).getByRole('link', { name: SUBSCRIBE }).count()).resolves.toBe(1);
      }
      await page.getByRole('link', { name: /^Programm für .* \(zum Aushängen\)$/ }).click();
      await page.waitForURL(/\/quartiere\/kray\/programm\?monat=\d{4}-\d{2}$/);
      await checkPage(page, `residents-programme-${javaScriptEnabled ? 'js' : 'nojs'}`);
      const qr = page.getByRole('img', { name: /^QR-Code: das Programm .* mit dem aktuellen Stand im Internet$/ });
      await expect(qr.locator('svg').count()).resolves.toBe(1);
      await expect(page.getByText(page.url(), { exact: true }).isVisible()).resolves.toBe(true);
      const button = page.getByRole('button', { name: 'Programm drucken' });
      await expect(page.getByText('Am Handy: Öffnen Sie das Menü Ihres Browsers').isVisible()).resolves.toBe(true);
      if (javaScriptEnabled) {
        await button.click();
        await expect(page.evaluate(() => (window as unknown as { printed: number }).printed)).resolves.toBe(1);
      } else {
        // Without JavaScript the button could do nothing, so it is not there; the phone hint says what to do.
        await expect(button.count()).resolves.toBe(0);
      }
      await page.emulateMedia({ media: 'print' });
      await expect(qr.isVisible()).resolves.toBe(true);
      await expect(page.getByText('Am Handy: Öffnen Sie das Menü Ihres Browsers').isVisible()).resolves.toBe(false);
      const rule = await page.getByText('An gesetzlichen Feiertagen ist geschlossen').first().boundingBox();
      const changes = await page
        .getByRole('heading', { name: /^Abweichende Öffnungszeiten/ })
        .first()
        .boundingBox();
      expect(rule!.y).toBeLessThan(changes!.y);
      expect(thirdPartyRequests).toEqual([]);
      await context.close();
    });
  }

  it('reads the closure dates in the back office as people write them', async () => {
    const context = await newContext(suite.browser);
    await loginContext(context, suite.server.url, suite.server.dbPath, 'kray@example.org');
    const page = await visit(context, `${suite.server.url}/verwaltung/orte/${treffId}`, 'residents-backoffice-place');
    const text = await page.locator('main').innerText();
    expect(text).toMatch(/\b\d{1,2}\.\d{1,2}\.\d{4} – \d{1,2}\.\d{1,2}\.\d{4}\b/);
    expect(text.match(/\b\d{4}-\d{2}-\d{2}\b/g)).toBeNull();
    await context.close();
  });

  it('shows an offer without cost or times with no empty section', async () => {
    const context = await newContext(suite.browser, { javaScriptEnabled: false });
    const page = await visit(context, suite.server.url + offerPath(offer), 'residents-offer-bare');
    await expect(page.getByRole('heading', { name: 'Wann?' }).count()).resolves.toBe(0);
    await expect(page.getByText('Bitte beim Veranstalter erfragen').count()).resolves.toBe(1);
    await expect(emptySections(page)).resolves.toEqual([]);
    await context.close();
  });
});
