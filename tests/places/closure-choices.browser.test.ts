/**
 * The conflict list's choices in Chromium without JavaScript, with axe at both widths: staff let a Wandercafé take
 * place on a closed day with one button, get the notice first, and the public date page says so.
 */
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { createDb } from '../../db/client';
import { eventOccurrences, events, places } from '../../db/schema';
import { sessionCookieFor } from '../helpers/auth';
import { checkPage, newContext } from '../helpers/browser';
import { useServerAndBrowser } from '../helpers/browser-suite';
import { expectNoticeFirst, submitForm } from '../helpers/forms';
import { occurrencePath } from '../../src/lib/paths';

describe('choices on the conflict list in Chromium', () => {
  const suite = useServerAndBrowser();

  it('keeps a date without JavaScript: notice first, marked on the list and on the public page', async () => {
    const { url, dbPath } = suite.server;
    const db = createDb(dbPath);
    const treff = db.select().from(places).where(eq(places.slug, 'quartierstreff-kray-nord')).get()!;
    const event = db.select().from(events).where(eq(events.title, 'Wandercafé')).get()!;
    const occurrence = db
      .select()
      .from(eventOccurrences)
      .where(and(eq(eventOccurrences.eventId, event.id), eq(eventOccurrences.status, 'scheduled')))
      .orderBy(eventOccurrences.startsAt)
      .all()
      .find((o) => o.exceptionId === null && o.startsAt.getTime() > Date.now() + 20 * 86_400_000)!;
    db.$client.close();
    const cookie = sessionCookieFor(dbPath, 'kray@example.org');
    const day = DateTime.fromJSDate(occurrence.startsAt, { zone: 'Europe/Berlin' }).toISODate()!;
    const closed = await fetch(`${url}/verwaltung/orte/${treff.id}?_action=placeAdmin.addException`, {
      method: 'POST',
      body: new URLSearchParams({ id: String(treff.id), dateFrom: day, kind: 'closed', reason: 'Wasserschaden' }),
      headers: { cookie, origin: url },
      redirect: 'manual',
    });
    expect(closed.status).toBe(303);

    const context = await newContext(suite.browser, { javaScriptEnabled: false });
    await context.setExtraHTTPHeaders({ cookie });
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${url}/verwaltung/orte/${treff.id}`);
    await checkPage(page, 'closure-choices-list');
    const keep = page.locator('[data-closure-choices] button', { hasText: 'Trotzdem stattfinden lassen' });
    expect(await keep.count()).toBe(1);
    expect(await submitForm(page, keep)).toBe(303);
    await expectNoticeFirst(page, /findet trotz Schließzeit statt/);
    expect(await page.locator('[data-closure-conflicts] [data-closure-kept]').innerText()).toContain('bleibt trotz Schließzeit');
    await checkPage(page, 'closure-choices-kept');

    await page.goto(url + occurrencePath({ eventId: event.id, slug: event.slug, recurrenceLocal: occurrence.recurrenceLocal }));
    expect(await page.locator('main [data-kept-despite-closure]').first().innerText()).toBe('findet trotz Schließzeit statt');
    await checkPage(page, 'closure-choices-public');
    await context.close();
  });
});
