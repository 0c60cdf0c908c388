/**
 * The portal in Arabic and Turkish as a browser with that language set meets it (Accept-Language, no cookie): the
 * pages people use most, checked with axe at 390 px and 1280 px, none wider than the screen, the Arabic ones right to
 * left with the navigation and the error summary mirrored, forms refused with their messages in the reader's language.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { checkPage, DESKTOP_WIDTH, newContext, PHONE_WIDTH } from '../helpers/browser';
import { useServerAndBrowser } from '../helpers/browser-suite';
import { loginContext } from '../helpers/auth';
import { submitForm } from '../helpers/forms';

const suite = useServerAndBrowser();

const languages = [
  { locale: 'ar', browserLocale: 'ar-SY', dir: 'rtl', calendarHeading: 'الفعاليات' },
  { locale: 'tr', browserLocale: 'tr-TR', dir: 'ltr', calendarHeading: 'Etkinlikler' },
] as const;

async function widthAt(page: Page, width: number): Promise<number> {
  await page.setViewportSize({ width, height: 900 });
  return page.evaluate(() => document.documentElement.scrollWidth);
}

/** Checks the page as every page here is checked: language and direction of the document, axe, and no sideways scrolling. */
async function checkLanguagePage(page: Page, language: (typeof languages)[number], name: string): Promise<void> {
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe(language.locale);
  await expect(page.locator('html').getAttribute('dir')).resolves.toBe(language.dir);
  expect(await germanWordsIn(page), `German words on the ${language.locale} ${name} page`).toEqual([]);
  await checkPage(page, `${language.locale}-${name}`);
  for (const width of [PHONE_WIDTH, DESKTOP_WIDTH]) expect(await widthAt(page, width), `${name} at ${width} px`).toBe(width);
}

/**
 * Everyday German words of the interface. One of them in the visible text of a Turkish or Arabic page, outside
 * content marked with its own `lang` (titles and descriptions shown in German), is a text that bypassed the catalogue.
 */
const GERMAN_WORDS = new Set(
  'und oder nicht bitte Sie Ihre Ihr für mit der die das den dem ein eine einen Termin Termine Veranstaltung Veranstaltungen Öffnungszeiten geöffnet geschlossen Anmelden Abmelden Zurück Weiter Seite Uhr heute morgen Suchen anzeigen Fehler Datum Uhrzeit Raum Räume buchen Anfrage Ort Orte Startseite Kalender Konto Hinweis'.split(
    ' ',
  ),
);

async function germanWordsIn(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const copy = document.body.cloneNode(true) as HTMLElement;
    const pageLang = document.documentElement.lang;
    // German quoted on purpose (the calendar-app help names the labels of a phone set to German, „Takvim ekle“
    // (Kalender hinzufügen)) is marked lang="de" like German content, and only such marked text is left out.
    for (const element of copy.querySelectorAll(`[lang]:not([lang="${pageLang}"]), script, style, template`)) element.remove();
    return copy.textContent ?? '';
  });
  // Each German word with a little of the text around it, so a failure shows where it is.
  const words = text.replace(/\s+/g, ' ').split(/(?<=[^\p{L}])(?=\p{L})|(?<=\p{L})(?=[^\p{L}])/u);
  return words.flatMap((word, index) => (GERMAN_WORDS.has(word) ? [words.slice(Math.max(0, index - 6), index + 7).join('')] : []));
}

/**
 * Where an element's text starts across its container at desktop width: the first letter's box, nearer the left
 * or the right edge. (The element's own box says nothing when its text wraps over the whole width.)
 */
async function side(page: Page, selector: string, within: string): Promise<'left' | 'right'> {
  await page.setViewportSize({ width: DESKTOP_WIDTH, height: 900 });
  const boxes = await page.evaluate(
    ([selector, within]) => {
      const element = document.querySelector(selector!);
      const container = document.querySelector(within!);
      if (!element || !container) return null;
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      let node = walker.nextNode();
      while (node && !(node.textContent ?? '').trim()) node = walker.nextNode();
      if (!node) return null;
      const start = (node.textContent ?? '').search(/\S/);
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, start + 1);
      const glyph = range.getBoundingClientRect();
      const outer = container.getBoundingClientRect();
      return { glyph: { x: glyph.x, width: glyph.width }, container: { x: outer.x, width: outer.width } };
    },
    [selector, within],
  );
  if (!boxes) throw new Error(`${selector} or ${within} not visible`);
  const { glyph, container } = boxes;
  return glyph.x - container.x < container.x + container.width - (glyph.x + glyph.width) ? 'left' : 'right';
}

describe.each(languages)('the portal in $locale (Chromium)', (language) => {
  let context: BrowserContext;
  const open = async (path: string, name: string): Promise<Page> => {
    const page = await context.newPage();
    const response = await page.goto(`${suite.server.url}${path}`);
    expect(response?.status(), path).toBe(200);
    await checkLanguagePage(page, language, name);
    return page;
  };

  it('shows home, calendar, an event and a place in the browser’s language', async () => {
    context = await newContext(suite.browser, { locale: language.browserLocale });
    const home = await open('/', 'home');
    // The start of the main navigation is on the reading side: right in Arabic, left in Turkish.
    expect(await side(home, '.site-nav li', '.site-nav ul')).toBe(language.dir === 'rtl' ? 'right' : 'left');

    const calendar = await open('/veranstaltungen', 'calendar');
    await expect(calendar.locator('h1').innerText()).resolves.toContain(language.calendarHeading);
    const eventPath = await calendar.locator('main a[href^="/veranstaltungen/"]').first().getAttribute('href');
    await open(eventPath!, 'event');
    const place = await open('/orte/stadtteilbuero-kray', 'place');
    // The app help quotes the German button labels in German voice: „Kalender hinzufügen“ is a lang="de" span.
    await expect(place.locator('[data-app-help] span[lang="de"]', { hasText: 'Kalender hinzufügen' }).count()).resolves.toBeGreaterThan(0);
    await open('/leichte-sprache', 'easy-language');
    await context.close();
  });

  it('refuses a room request and a volunteer application with every message in the reader’s language', async () => {
    context = await newContext(suite.browser, { locale: language.browserLocale, javaScriptEnabled: false });
    await loginContext(context, suite.server.url, suite.server.dbPath, 'verein@example.org');
    const room = await context.newPage();
    await room.goto(`${suite.server.url}/raeume/stadtteilbuero-kray/gruppenraum`);
    expect(await submitForm(room, room.locator('#anfrage button[type="submit"]').first())).toBe(400);
    const summary = room.locator('[data-error-summary]');
    await expect(summary.locator('li').count()).resolves.toBeGreaterThanOrEqual(4);
    await checkLanguagePage(room, language, 'room-request-errors');
    // The summary's messages start on the reading side too.
    expect(await side(room, '[data-error-summary] li a', '[data-error-summary]')).toBe(language.dir === 'rtl' ? 'right' : 'left');
    const german = room.locator('[data-error-summary]').getByText(/Bitte|geben Sie/);
    await expect(german.count()).resolves.toBe(0);

    const apply = await context.newPage();
    await apply.goto(`${suite.server.url}/mitmachen/seniorenbegleitung/bewerben`);
    expect(await submitForm(apply, apply.locator('main form button[type="submit"]').last())).toBe(400);
    await expect(apply.locator('[data-error-summary] li').count()).resolves.toBeGreaterThanOrEqual(1);
    await checkLanguagePage(apply, language, 'volunteer-application-errors');
    await context.close();
  });
});
