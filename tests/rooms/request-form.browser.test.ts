/**
 * The room request form as people meet it, in Chromium with axe, with JavaScript on and off, on a desktop and on
 * a phone (where the form is far down the page, below the week view): a request with three mistakes is refused
 * once with all three in the focused error summary and next to their fields, the input kept; a correct request
 * leads to the booking page, whose notice is the first thing in the main content, focused and in view.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { DateTime } from 'luxon';
import { createDb } from '../../db/client';
import { checkPage, DESKTOP_WIDTH, newContext, PHONE_WIDTH, visit } from '../helpers/browser';
import { useServerAndBrowser } from '../helpers/browser-suite';
import { loginContext } from '../helpers/auth';
import { expectErrorSummary, expectNoticeFirst, submitForm, textOf } from '../helpers/forms';

const MEMBER = 'verein@example.org';
const GRUPPENRAUM = '/raeume/stadtteilbuero-kray/gruppenraum';

const suite = useServerAndBrowser();

/** The Berlin date of `weekday` (1 = Monday) in the calendar week `weeks` after this one. */
function dayInWeek(weeks: number, weekday: number): string {
  return DateTime.now()
    .setZone('Europe/Berlin')
    .startOf('week')
    .plus({ weeks, days: weekday - 1 })
    .toISODate()!;
}

function countBookings(): number {
  const db = createDb(suite.server.dbPath);
  try {
    return (db.$client.prepare('select count(*) as n from bookings').get() as { n: number }).n;
  } finally {
    db.$client.close();
  }
}

interface Request {
  date: string;
  from: string;
  to: string;
  purpose: string;
  people: string;
}

async function fillRequest(page: Page, request: Request): Promise<void> {
  await page.getByLabel('Datum (erster Termin)').fill(request.date);
  await page.getByLabel('Von (Uhrzeit)').fill(request.from);
  await page.getByLabel('Bis (Uhrzeit)').fill(request.to);
  await page.getByLabel('Wofür brauchen Sie den Raum?').fill(request.purpose);
  await page.getByLabel('Erwartete Personen').fill(request.people);
}

async function expectValuesKept(page: Page, request: Request): Promise<void> {
  await expect(page.getByLabel('Datum (erster Termin)').inputValue()).resolves.toBe(request.date);
  await expect(page.getByLabel('Von (Uhrzeit)').inputValue()).resolves.toBe(request.from);
  await expect(page.getByLabel('Bis (Uhrzeit)').inputValue()).resolves.toBe(request.to);
  await expect(page.getByLabel('Wofür brauchen Sie den Raum?').inputValue()).resolves.toBe(request.purpose);
  await expect(page.getByLabel('Erwartete Personen').inputValue()).resolves.toBe(request.people);
}

/** Up to three pages with axe at two widths each; a shared 2-core machine took up to two minutes. */
const TIMEOUT = 240_000;

describe.each([
  { mode: 'js', javaScriptEnabled: true, width: DESKTOP_WIDTH, height: 720, weekday: 1 },
  { mode: 'js-phone', javaScriptEnabled: true, width: PHONE_WIDTH, height: 844, weekday: 2 },
  { mode: 'nojs', javaScriptEnabled: false, width: DESKTOP_WIDTH, height: 720, weekday: 3 },
  { mode: 'nojs-phone', javaScriptEnabled: false, width: PHONE_WIDTH, height: 844, weekday: 4 },
] as const)('the room request form ($mode)', ({ mode, javaScriptEnabled, width, height, weekday }) => {
  // The domain's rules arrive the same way as zod's checks; the two phone runs (the form far down) cover them.
  const kinds = width === PHONE_WIDTH ? ['form', 'rules'] : ['form'];
  async function memberContext(): Promise<BrowserContext> {
    const context = await newContext(suite.browser, { javaScriptEnabled });
    await loginContext(context, suite.server.url, suite.server.dbPath, MEMBER);
    return context;
  }

  /** The room's page at this width, with the request form far below the week view. */
  async function openForm(context: BrowserContext, name: string): Promise<Page> {
    const page = await visit(context, suite.server.url + GRUPPENRAUM, name);
    await page.setViewportSize({ width, height });
    return page;
  }

  it.each(
    [
      {
        kind: 'form',
        request: { date: dayInWeek(3, weekday), from: '18:00', to: '17:00', purpose: '', people: '0' },
        // In the order of the form: end before start, no purpose, no people.
        problems: [
          ['to', 'Das Ende muss nach dem Beginn liegen.'],
          ['purpose', 'Bitte beschreiben Sie kurz, wofür Sie den Raum brauchen (mindestens 3 Zeichen).'],
          ['expectedAttendees', 'Bitte geben Sie an, wie viele Personen kommen (eine ganze Zahl ab 1).'],
        ],
      },
      {
        kind: 'rules',
        request: { date: '2020-01-07', from: '10:00', to: '10:30', purpose: 'Elternabend', people: '500' },
        problems: [
          ['date', 'Dieser Zeitpunkt liegt in der Vergangenheit.'],
          ['to', 'Zu kurz: Eine Buchung dauert mindestens 60 Minuten.'],
          ['expectedAttendees', 'Zu viele Personen: In diesen Raum passen höchstens 20.'],
        ],
      },
    ].filter((c) => kinds.includes(c.kind)),
  )(
    'shows all three $kind mistakes of one request at once, in the focused summary and next to each field',
    async ({ kind, request, problems }) => {
      const context = await memberContext();
      const page = await openForm(context, `three-${kind}-${mode}`);
      const before = countBookings();
      await fillRequest(page, request);
      expect(await submitForm(page, page.getByRole('button', { name: 'Jetzt buchen' }))).toBe(400);

      // The summary is checked first: it must be focused and in view right after the page loaded.
      await expectErrorSummary(
        page,
        problems.map(([field]) => field),
      );
      expect(await page.title()).toMatch(/^Fehler: Gruppenraum/);
      const listed = await page.locator('[data-error-summary] li').allTextContents();
      expect(listed.map((text) => text.replace(/\s+/g, ' ').trim())).toEqual(problems.map(([, text]) => text));
      for (const [field, text] of problems) await expect(textOf(page.locator(`#f-${field}-error`))).resolves.toBe(text);
      await expectValuesKept(page, request);
      expect(countBookings()).toBe(before);
      await checkPage(page, `three-${kind}-refused-${mode}`);
      await context.close();
    },
    TIMEOUT,
  );

  it(
    'leads a correct request to the booking page, whose notice comes first, focused and in view',
    async () => {
      const context = await memberContext();
      const page = await openForm(context, `correct-${mode}`);
      const purpose = `Kassenprüfung (${mode})`;
      await fillRequest(page, { date: dayInWeek(2, weekday), from: '10:00', to: '12:00', purpose, people: '6' });
      expect(await submitForm(page, page.getByRole('button', { name: 'Jetzt buchen' }))).toBe(303);
      expect(page.url()).toMatch(/\/raeume\/buchungen\/\d+\?hinweis=rooms\.confirmed$/);
      expect(page.viewportSize()?.width).toBe(width);
      await expectNoticeFirst(page, /^Der Raum ist für Sie gebucht\. Sie bekommen eine Bestätigung per E-Mail\.$/);
      expect(await page.title()).not.toMatch(/^Fehler/);
      // Below the notice the page still shows the booking itself.
      await expect(textOf(page.locator('.fact-list'))).resolves.toContain(purpose);
      await expect(textOf(page.locator('.fact-list'))).resolves.toContain('bestätigt');
      await checkPage(page, `correct-booked-${mode}`);
      await context.close();
    },
    TIMEOUT,
  );
});
