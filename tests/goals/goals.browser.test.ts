/**
 * Goals and measures in Chromium with axe at phone and desktop width, with JavaScript on and off: staff add a
 * measure on the goal page (error summary for an end before the start, then the notice on the new measure's page),
 * and residents read "Was wir erreicht haben", whose Atom feed Chromium's own XML parser reads.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { checkPage, newContext, thirdPartyRequests, visit } from '../helpers/browser';
import { useServerAndBrowser } from '../helpers/browser-suite';
import { loginContext } from '../helpers/auth';
import { expectErrorSummary, expectNoticeFirst, submitForm, textOf } from '../helpers/forms';
import { createDb } from '../../db/client';
import * as s from '../../db/schema';

describe('goals and "Was wir erreicht haben" in Chromium', () => {
  const suite = useServerAndBrowser();

  const krayGoalId = (): number => {
    const db = createDb(suite.server.dbPath);
    try {
      const kray = db.select().from(s.quartiere).where(eq(s.quartiere.slug, 'kray')).get()!;
      return db.select().from(s.goals).where(eq(s.goals.quartierId, kray.id)).get()!.id;
    } finally {
      db.$client.close();
    }
  };

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
    const tag = javaScriptEnabled ? 'js' : 'nojs';

    it(`adds a measure on the goal page: error summary first, then the notice ${mode}`, async () => {
      const context = await newContext(suite.browser, { javaScriptEnabled });
      await loginContext(context, suite.server.url, suite.server.dbPath, 'kray@example.org');
      const page = await visit(context, `${suite.server.url}/verwaltung/ziele/${krayGoalId()}`, `goals-goal-${tag}`);
      const title = `Mittagstisch für Ältere (${tag})`;
      await page.locator('#neu-f-title').fill(title);
      await page.locator('#neu-f-startsOn').fill('2027-03-01');
      await page.locator('#neu-f-endsOn').fill('2027-02-01');
      await page.locator('#neu-f-actorId').selectOption({ label: 'Kath. Kirchengemeinde St. Barbara' });
      expect(await submitForm(page, page.getByRole('button', { name: 'Maßnahme anlegen' }))).toBe(400);
      await expectErrorSummary(page, ['endsOn'], { idPrefix: 'neu-' });
      await expect(textOf(page.locator('#neu-f-endsOn-error'))).resolves.toContain('Das Ende darf nicht vor dem Beginn liegen.');
      expect(await page.locator('#neu-f-title').inputValue()).toBe(title);
      await checkPage(page, `goals-goal-error-${tag}`);

      await page.locator('#neu-f-endsOn').fill('2027-09-30');
      expect(await submitForm(page, page.getByRole('button', { name: 'Maßnahme anlegen' }))).toBe(303);
      expect(page.url()).toMatch(/\/verwaltung\/ziele\/massnahmen\/\d+\?hinweis=goals\.measureSaved$/);
      await expectNoticeFirst(page, /Die Maßnahme ist gespeichert/);
      await expect(textOf(page.locator('h1'))).resolves.toBe(title);
      // The measure page is the same markup in both modes: axe checks it once (it is long, with every linkable item).
      if (javaScriptEnabled) await checkPage(page, 'goals-measure');
      // The long lists of linkable items wrap on a phone instead of widening the page.
      await page.setViewportSize({ width: 390, height: 800 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
      expect(thirdPartyRequests).toEqual([]);
      await context.close();
    }, 240_000);

    it(`shows residents what was achieved in Kray, with a feed of the highlights ${mode}`, async () => {
      const context = await newContext(suite.browser, { javaScriptEnabled });
      const page = await visit(context, `${suite.server.url}/quartiere/kray/erreicht`, `goals-public-${tag}`);
      await expect(textOf(page.locator('h1'))).resolves.toBe('Was wir in Kray erreicht haben');
      const finished = page.getByRole('list', { name: 'Das haben wir geschafft' });
      await expect(textOf(finished)).resolves.toContain('Frühjahrsputz mit dem Bürgerverein');
      await expect(textOf(finished)).resolves.toContain('Bürgerverein Kray e.V.');
      expect(await page.locator('script').count()).toBe(0);
      await page.setViewportSize({ width: 390, height: 800 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
      const feedHref = await page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute('href');
      expect(feedHref).toBe('/quartiere/kray/erreicht.xml');
      if (javaScriptEnabled) {
        // Chromium's XML parser is strict: any well-formedness error gives a <parsererror> document.
        const feed = await page.evaluate(async (href) => {
          const xml = await (await fetch(href)).text();
          const doc = new DOMParser().parseFromString(xml, 'application/xml');
          const atom = 'http://www.w3.org/2005/Atom';
          return {
            error: doc.getElementsByTagName('parsererror').length,
            root: `${doc.documentElement.namespaceURI} ${doc.documentElement.localName}`,
            titles: [...doc.getElementsByTagNameNS(atom, 'entry')].map((e) => e.getElementsByTagNameNS(atom, 'title')[0]?.textContent ?? ''),
            links: [...doc.getElementsByTagNameNS(atom, 'entry')].map((e) => e.getElementsByTagNameNS(atom, 'link')[0]?.getAttribute('href') ?? ''),
          };
        }, feedHref!);
        expect(feed.error).toBe(0);
        expect(feed.root).toBe('http://www.w3.org/2005/Atom feed');
        expect(feed.titles).toContain('Geschafft: Frühjahrsputz mit dem Bürgerverein');
        expect(feed.titles).toContain('Neues: Besuchsdienst für allein lebende Ältere ausbauen');
        // Each entry's link lands on its card on the public page.
        const anchor = new URL(feed.links[0]!).hash;
        expect(await page.locator(anchor).count()).toBe(1);
      }
      await context.close();
    }, 240_000);
  }
});
