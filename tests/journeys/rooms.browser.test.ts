/**
 * A Bürgerverein secretary booking a room (issue 12, "Vereine booking rooms"), in Chromium with axe at 390 and
 * 1280 px on every page reached. Item → test:
 *  7. "explains on the login page why rooms need an organisation and whom to ask" (JS off)
 *  8. "puts the form first with one day at a time on a phone …" (JS off, 390 px) and
 *     "puts the form beside the week on a wide screen and fills it in place" (JS on, 1280 px)
 *  9. "… lists every date of the series with why the skipped ones are not booked and free alternatives" (JS off,
 *     continues the item 8 phone visit), with the confirmation mail's .ics read by ical.js
 * 10. "asks before cancelling, offers all following dates on that step, and mails the requester" (JS off)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { DateTime } from 'luxon';
import ICAL from 'ical.js';
import { and, eq, inArray } from 'drizzle-orm';
import { createDb } from '../../db/client';
import { bookings } from '../../db/schema';
import { useServerAndBrowser } from '../helpers/browser-suite';
import { checkPage, newContext, PHONE_WIDTH, DESKTOP_WIDTH, visit } from '../helpers/browser';
import { loginContext } from '../helpers/auth';
import { submitForm, textOf } from '../helpers/forms';
import { waitForMailFile } from '../helpers/mail-files';
import { requestBooking } from '../../src/lib/server/rooms/booking-requests';
import { checkSlots, planSlots } from '../../src/lib/server/rooms/booking-rules';
import { getRoom } from '../../src/lib/server/rooms/rooms';
import { formatLongDate } from '../../src/lib/time';
import { BV, KIRCHE, orgId, roomId, userBy } from '../rooms/fixtures';

const GRUPPENRAUM = '/raeume/stadtteilbuero-kray/gruppenraum';
const MEMBER = 'verein@example.org';
const TIMEOUT = 240_000;

const suite = useServerAndBrowser();
/** Four Wednesdays 19:00–21:00, all bookable; the first taken by the Bürgerverein itself, the third by the Kirchengemeinde. */
let dates: string[] = [];
let confirmationUrl = '';

beforeAll(async () => {
  const db = createDb(suite.server.dbPath);
  try {
    const room = getRoom(db, roomId(db, 'stadtteilbuero-kray', 'gruppenraum'))!.room;
    let start = DateTime.now().setZone('Europe/Berlin').startOf('week').plus({ weeks: 3, days: 2 });
    const plan = (date: string) => ({ date, from: '19:00', to: '21:00', series: { rule: 'weekly' as const, count: 4 } });
    while (checkSlots(db, room, planSlots(plan(start.toISODate()!)), new Date()).some((c) => c.violations.length > 0)) start = start.plus({ weeks: 1 });
    dates = planSlots(plan(start.toISODate()!)).map((s) => DateTime.fromJSDate(s.startsAt, { zone: 'Europe/Berlin' }).toISODate()!);
    const book = (email: string, org: string, date: string, purpose: string) =>
      requestBooking(db, userBy(db, email), {
        roomId: room.id,
        organisationId: orgId(db, org),
        date,
        from: '18:30',
        to: '20:30',
        purpose,
        expectedAttendees: 8,
      });
    book(MEMBER, BV, dates[0]!, 'Vorstandssitzung');
    book('kirche@example.org', KIRCHE, dates[2]!, 'Chorprobe');
  } finally {
    db.$client.close();
  }
}, 60_000);

async function member(javaScriptEnabled: boolean): Promise<BrowserContext> {
  const context = await newContext(suite.browser, { javaScriptEnabled });
  await loginContext(context, suite.server.url, suite.server.dbPath, MEMBER);
  return context;
}

describe('room booking journey', () => {
  const contexts: BrowserContext[] = [];
  afterAll(async () => Promise.all(contexts.map((c) => c.close())));

  it(
    'explains on the login page why rooms need an organisation and whom to ask',
    async () => {
      const context = await newContext(suite.browser, { javaScriptEnabled: false });
      contexts.push(context);
      const page = await visit(context, suite.server.url + GRUPPENRAUM, 'rooms-login');
      expect(new URL(page.url()).pathname).toBe('/anmelden');
      await expect(textOf(page.locator('main h2').first())).resolves.toBe('Räume buchen: nur für eingetragene Organisationen');
      const intro = await textOf(page.locator('.rooms-login'));
      expect(intro).toContain('eingetragen sind');
      expect(intro).toContain('Jan Kowalski, Quartiersmanagement Kray');
      await expect(page.locator('.rooms-login a[href="mailto:kray@example.org"]').count()).resolves.toBe(1);
      // Only the room's own Quartier: the Frohnhausen office cannot give access to a room in Kray.
      expect(intro).not.toContain('frohnhausen@example.org');
      // The login form still comes with it and leads back to the room.
      await expect(page.locator('input[name="zurueck"]').inputValue()).resolves.toBe(GRUPPENRAUM);
    },
    TIMEOUT,
  );

  it(
    'puts the form first with one day at a time on a phone, a slot fills the form, and then lists every date of the series with why the skipped ones are not booked and free alternatives',
    async () => {
      const context = await member(false);
      contexts.push(context);
      const page = await visit(context, `${suite.server.url}${GRUPPENRAUM}?tag=${dates[0]}`, 'rooms-phone-day');
      await page.setViewportSize({ width: PHONE_WIDTH, height: 844 });
      // The form comes before the week, and a few Tabs reach it (before: 214 Tabs past the grid).
      await expect(page.locator('main h2').allTextContents()).resolves.toEqual(expect.arrayContaining(['Raum anfragen']));
      const headings = (await page.locator('main h2').allTextContents()).map((h) => h.trim());
      expect(headings.indexOf('Raum anfragen')).toBeLessThan(headings.indexOf('Belegung'));
      let tabs = 0;
      while (tabs < 40 && (await page.locator('#f-organisationId:focus').count()) === 0) {
        await page.keyboard.press('Tab');
        tabs++;
      }
      expect(tabs).toBeLessThan(25);
      // One day at a time: the week table is hidden, the day view with all seven days (weekend included) is shown.
      await expect(page.locator('.week-grid').isVisible()).resolves.toBe(false);
      await expect(page.locator('.week-day').isVisible()).resolves.toBe(true);
      const chips = page.locator('.day-chips a');
      await expect(chips.count()).resolves.toBe(7);
      await expect(textOf(chips.nth(5))).resolves.toMatch(/^Sa/);
      await expect(textOf(chips.nth(6))).resolves.toMatch(/^So/);
      await expect(textOf(page.locator('.day-chips a[aria-current="date"]'))).resolves.toMatch(/^Mi/);
      // The own booking is named in the day view, and a free slot leads to the form with date and times.
      await expect(textOf(page.locator('.week-day'))).resolves.toContain('Ihre Buchung');
      const slot = page.locator(`.week-day a[href*="datum=${dates[0]}&von=10:00"]`);
      await expect(slot.getAttribute('href')).resolves.toContain('bis=11:00');
      await Promise.all([page.waitForURL(/von=10:00.*#anfrage$/), slot.click()]);
      await checkPage(page, 'rooms-phone-slot');
      await expect(page.locator('#f-date').inputValue()).resolves.toBe(dates[0]);
      await expect(page.locator('#f-from').inputValue()).resolves.toBe('10:00');
      await expect(page.locator('#f-to').inputValue()).resolves.toBe('11:00');

      // Item 9: a series of four, two taken.
      await page.locator('#f-from').fill('19:00');
      await page.locator('#f-to').fill('21:00');
      await page.getByLabel('Wofür brauchen Sie den Raum?').fill('Stammtisch');
      await page.getByLabel('Erwartete Personen').fill('10');
      await page.getByLabel('Jede Woche').check();
      await page.getByLabel('Anzahl der Termine').fill('4');
      expect(await submitForm(page, page.getByRole('button', { name: 'Jetzt buchen' }))).toBe(409);
      await checkPage(page, 'rooms-series-conflict');
      expect(await submitForm(page, page.getByRole('button', { name: 'Nur die 2 freien Termine buchen' }))).toBe(303);
      await checkPage(page, 'rooms-series-outcome');
      confirmationUrl = page.url();
      expect(new URL(confirmationUrl).searchParams.get('ausgelassen')).toBe(`${dates[0]},${dates[2]}`);
      const rows = page.locator('.series-outcome tbody tr');
      await expect(rows.count()).resolves.toBe(4);
      const [first, second, third, fourth] = await Promise.all([0, 1, 2, 3].map((i) => textOf(rows.nth(i))));
      expect(first).toContain('Nicht gebucht: belegt durch Ihre eigene Buchung „Vorstandssitzung“.');
      expect(second).toContain('bestätigt');
      expect(third).toContain('Nicht gebucht: belegt.');
      expect(third).not.toContain('Chorprobe');
      expect(fourth).toContain('bestätigt');
      // Alternatives for each skipped date: the same day at another time, and the same time on the next free day.
      const alternatives = rows.nth(0).locator('.alternatives a');
      await expect(alternatives.count()).resolves.toBe(2);
      await expect(alternatives.nth(0).getAttribute('href')).resolves.toBe(`${GRUPPENRAUM}?datum=${dates[0]}&von=16:00&bis=18:00#anfrage`);
      await expect(textOf(alternatives.nth(1))).resolves.toMatch(/^Zur selben Zeit am Donnerstag/);

      // The confirmation mail carries the two booked dates as an .ics.
      const firstBooked = DateTime.fromISO(`${dates[1]}T19:00`, { zone: 'Europe/Berlin' }).toJSDate();
      const subject = new RegExp(`^Raum gebucht: Gruppenraum, ${formatLongDate(firstBooked, 'de')}`);
      const mail = await waitForMailFile(suite.server.mailDir, MEMBER, subject, 30_000);
      const ics = mail.attachments.find((a) => a.filename === 'raumbuchung.ics');
      expect(ics?.contentType).toBe('text/calendar');
      const events = new ICAL.Component(ICAL.parse(ics!.content)).getAllSubcomponents('vevent');
      expect(events.map((e) => String(e.getFirstProperty('dtstart')!.getFirstValue()))).toEqual([`${dates[1]}T19:00:00`, `${dates[3]}T19:00:00`]);
      expect(events.every((e) => e.getFirstProperty('dtstart')!.getParameter('tzid') === 'Europe/Berlin')).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'puts the form beside the week on a wide screen and fills it in place',
    async () => {
      const context = await member(true);
      contexts.push(context);
      const page = await visit(context, `${suite.server.url}${GRUPPENRAUM}?woche=${dates[1]}`, 'rooms-wide');
      await page.setViewportSize({ width: DESKTOP_WIDTH, height: 900 });
      const form = (await page.locator('#anfrage').boundingBox())!;
      const grid = (await page.locator('.week-grid').boundingBox())!;
      expect(form.x + form.width).toBeLessThanOrEqual(grid.x);
      expect(grid.y).toBeLessThan(form.y + form.height);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(DESKTOP_WIDTH);
      const before = page.url();
      let navigations = 0;
      page.on('request', (request) => {
        if (request.isNavigationRequest()) navigations++;
      });
      await page.locator(`.week-grid a[href*="datum=${dates[1]}&von=10:00"]`).click();
      await expect(page.locator('#f-from').inputValue()).resolves.toBe('10:00');
      await expect(page.locator('#f-to').inputValue()).resolves.toBe('11:00');
      await expect(page.locator('#f-date').inputValue()).resolves.toBe(dates[1]);
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('f-date');
      expect(page.url()).not.toBe(before);
      expect(navigations).toBe(0);
    },
    TIMEOUT,
  );

  it(
    'asks before cancelling, offers all following dates on that step, and mails the requester',
    async () => {
      expect(confirmationUrl).not.toBe('');
      const context = await member(false);
      contexts.push(context);
      const page = await visit(context, confirmationUrl, 'rooms-booked-detail');
      // The first step is only a link; nothing is cancelled yet and the series choice is not next to it.
      await expect(page.getByRole('button', { name: 'Stornieren' }).count()).resolves.toBe(0);
      await expect(page.getByLabel(/alle folgenden Termine/).count()).resolves.toBe(0);
      await Promise.all([page.waitForURL(/stornieren=1#stornieren$/), page.getByRole('link', { name: 'Buchung stornieren …' }).click()]);
      await checkPage(page, 'rooms-cancel-step');
      const step = await textOf(page.locator('#stornieren'));
      expect(step).toContain('Wirklich stornieren?');
      expect(step).toContain('Sie stornieren die Buchung des Raums „Gruppenraum“ (Stadtteilbüro Kray)');
      await expect(page.getByRole('link', { name: 'Nicht stornieren' }).count()).resolves.toBe(1);
      await page.getByLabel('Diesen und alle folgenden Termine dieser Serie (2 Termine', { exact: false }).check();
      expect(await submitForm(page, page.getByRole('button', { name: 'Stornieren' }))).toBe(303);
      await expect(textOf(page.getByRole('status'))).resolves.toBe('Die Buchung ist storniert.');
      const db = createDb(suite.server.dbPath);
      try {
        const series = db
          .select({ status: bookings.status })
          .from(bookings)
          .where(and(eq(bookings.purpose, 'Stammtisch'), inArray(bookings.status, ['confirmed', 'cancelled'])))
          .all();
        expect(series.map((b) => b.status)).toEqual(['cancelled', 'cancelled']);
      } finally {
        db.$client.close();
      }
      const mail = await waitForMailFile(suite.server.mailDir, MEMBER, /^Raumbuchung storniert/, 30_000);
      expect(mail.text).toContain('Betroffene Termine (2)');
    },
    TIMEOUT,
  );
});
