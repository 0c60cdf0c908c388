/**
 * The organisation's calendar subscriptions in Chromium with axe, with JavaScript on and off: the demo
 * subscription's sync log, adding a subscription with mistakes (all shown at once, input kept) and then right, and
 * a sync now of an address that is a web page, which the log names as such.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { checkPage, newContext, visit } from '../helpers/browser';
import { useServerAndBrowser } from '../helpers/browser-suite';
import { loginContext } from '../helpers/auth';
import { expectErrorSummary, expectNoticeFirst, submitForm, textOf } from '../helpers/forms';
import { LONG_FLOW_MS, submit } from '../accounts/browser-steps';

describe('calendar subscriptions in Chromium', () => {
  const suite = useServerAndBrowser();

  for (const javaScriptEnabled of [true, false]) {
    const tag = javaScriptEnabled ? 'js' : 'nojs';
    it(
      `adds a subscription after fixing its mistakes and shows the sync log ${javaScriptEnabled ? 'with' : 'without'} JavaScript`,
      async () => {
        const sqlite = new Database(suite.server.dbPath, { readonly: true });
        const { id } = sqlite.prepare("SELECT id FROM organisations WHERE slug = 'buergerverein-kray'").get() as { id: number };
        sqlite.close();
        const context = await newContext(suite.browser, { javaScriptEnabled });
        await loginContext(context, suite.server.url, suite.server.dbPath, 'verein@example.org');
        const path = `/konto/organisationen/${id}/kalender`;
        const page = await visit(context, suite.server.url + path, `subscriptions-${tag}`);
        // The demo subscription was imported at seeding.
        expect(await textOf(page.locator('.sync-log').first())).toContain('4 neu, 0 geändert, 0 abgesagt, 0 abgelehnt.');

        await page.getByLabel('Adresse des Kalenders (.ics)').fill('ftp://kalender.example.org/termine.ics');
        await page.getByLabel('Ort, wenn ein Termin keinen nennt').selectOption({ label: 'Stadtteilbüro Kray' });
        await page.getByLabel('Oder eine Adresse, wenn ein Termin keinen Ort nennt').fill('Krayer Markt, 45307 Essen');
        expect(await submit(page, 'Kalender abonnieren', /_action=calendarImport\.addSubscription/)).toBe(400);
        await expectErrorSummary(page, ['url', 'locationAddress'], { idPrefix: 'abo-' });
        await expect(page.getByLabel('Adresse des Kalenders (.ics)').inputValue()).resolves.toBe('ftp://kalender.example.org/termine.ics');
        await checkPage(page, `subscriptions-errors-${tag}`);

        // The portal's own home page: a web page, not a calendar.
        const webPage = `${suite.server.url}/?seite=${tag}`;
        await page.getByLabel('Adresse des Kalenders (.ics)').fill(webPage);
        await page.getByLabel('Oder eine Adresse, wenn ein Termin keinen Ort nennt').fill('');
        await page.getByRole('checkbox', { name: 'Versammlung/Gremium' }).check();
        expect(await submit(page, 'Kalender abonnieren', /hinweis=calendarImport\.added$/)).toBe(303);
        await expectNoticeFirst(page, /Kalender-Abo ist gespeichert/);
        const section = page.locator('section.subscription', { has: page.getByRole('heading', { name: webPage }) });
        // A new subscription is due at once: the scheduled job (first run 15 s after the server started) may have
        // taken it between the save and this page, as the notice promises. Otherwise its log is still empty.
        await expect(textOf(section)).resolves.toMatch(/Protokoll (Noch kein Abgleich\.|Abgleich läuft seit|.*Fehlgeschlagen)/);

        // Started now, or already under way from the schedule: either way the notice says a sync is running.
        expect(await submitForm(page, section.getByRole('button', { name: 'Jetzt abgleichen' }))).toBe(303);
        await page.waitForURL(/hinweis=calendarImport\.sync(Started|Running)$/);
        await expectNoticeFirst(page, /Abgleich läuft/);
        // The sync runs in a worker thread; as the notice says, the result is in the log after a reload.
        const logText = () => textOf(page.locator('section.subscription', { has: page.getByRole('heading', { name: webPage }) }).locator('.sync-log'));
        for (let attempt = 0; attempt < 30 && !(await logText()).includes('Fehlgeschlagen'); attempt++) {
          await page.waitForTimeout(1_000);
          await page.reload();
        }
        expect(await logText()).toContain('Fehlgeschlagen: Unter dieser Adresse liegt kein Kalender');
        await checkPage(page, `subscriptions-log-${tag}`);
        await context.close();
      },
      LONG_FLOW_MS,
    );
  }
});
