/**
 * The "warning — save anyway" step in Chromium without JavaScript, with axe at both widths: staff move one
 * Wandercafé to a morning hour the Treff is closed, see the warning summary first with the form kept, and save
 * anyway with its button.
 */
import { describe, expect, it } from 'vitest';
import { and, eq, isNull } from 'drizzle-orm';
import { createDb } from '../../db/client';
import { closureKeeps, eventOccurrences, events } from '../../db/schema';
import { sessionCookieFor } from '../helpers/auth';
import { checkPage, newContext } from '../helpers/browser';
import { useServerAndBrowser } from '../helpers/browser-suite';
import { expectNoticeFirst, expectWarningSummary, submitForm } from '../helpers/forms';

describe('warning before saving at a closed time, in Chromium', () => {
  const suite = useServerAndBrowser();

  it('shows the warnings first with the input kept, and saves anyway without JavaScript', async () => {
    const { url, dbPath } = suite.server;
    const db = createDb(dbPath);
    const event = db.select().from(events).where(eq(events.title, 'Wandercafé')).get()!;
    const occurrence = db
      .select()
      .from(eventOccurrences)
      .where(and(eq(eventOccurrences.eventId, event.id), eq(eventOccurrences.status, 'scheduled'), isNull(eventOccurrences.exceptionId)))
      .orderBy(eventOccurrences.startsAt)
      .all()
      .find((o) => o.startsAt.getTime() > Date.now() + 20 * 86_400_000)!;
    const context = await newContext(suite.browser, { javaScriptEnabled: false });
    await context.setExtraHTTPHeaders({ cookie: sessionCookieFor(dbPath, 'kray@example.org') });
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${url}/verwaltung/veranstaltungen/${event.id}/termine/${occurrence.recurrenceLocal.slice(0, 10)}`);
    await page.fill('#move-f-startTime', '07:00');
    await page.fill('#move-f-endTime', '08:00');
    await page.fill('#move-f-note', 'Diesmal als Frühstück');
    expect(await submitForm(page, page.getByRole('button', { name: 'Termin verlegen' }))).toBe(200);
    const warnings = await expectWarningSummary(page);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Quartierstreff Kray-Nord (öffnet \w+ erst um \d\d:\d\d Uhr|ist \w+ geschlossen): \d\d\.\d\d\.\d{4}\.$/);
    expect(await page.inputValue('#move-f-startTime')).toBe('07:00');
    expect(await page.inputValue('#move-f-note')).toBe('Diesmal als Frühstück');
    await checkPage(page, 'closed-times-warning');

    expect(await submitForm(page, page.getByRole('button', { name: 'Trotzdem speichern' }))).toBe(303);
    await expectNoticeFirst(page, /Termin wurde geändert/);
    expect(
      db
        .select()
        .from(closureKeeps)
        .where(and(eq(closureKeeps.eventId, event.id), eq(closureKeeps.recurrenceLocal, occurrence.recurrenceLocal)))
        .all(),
    ).toHaveLength(1);
    db.$client.close();
    await context.close();
  });
});
