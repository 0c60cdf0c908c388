import { chromium, type BrowserContext } from 'playwright-core';
import { sessionCookieFor } from './tests/helpers/auth';
import { createDb } from './db/client';
const base = 'http://127.0.0.1:4587';
const dbPath = '/tmp/vol/q.db';
const db = createDb(dbPath);
const occ = db.$client.prepare("SELECT o.id FROM event_occurrences o JOIN events e ON e.id = o.event_id WHERE e.title = 'Ausflug zum Baldeneysee' AND o.starts_at > ? ORDER BY o.starts_at LIMIT 1").get(Date.now()) as { id: number } | undefined;
const programme = db.$client.prepare("SELECT id FROM volunteer_programmes WHERE slug = 'seniorenbegleitung'").get() as { id: number };
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
async function ctx(js: boolean, width: number, email?: string): Promise<BrowserContext> {
  const c = await browser.newContext({ javaScriptEnabled: js, viewport: { width, height: 844 }, locale: 'de-DE' });
  if (email) {
    const [name, value] = sessionCookieFor(dbPath, email).split('=') as [string, string];
    await c.addCookies([{ name, value, url: base, httpOnly: true, sameSite: 'Lax' }]);
  }
  return c;
}
const shot = async (page: import('playwright-core').Page, name: string) => page.screenshot({ path: `/tmp/vol/shots/${name}.png` });
for (const [js, width] of [[false, 390], [true, 1280]] as const) {
  const tag = `${js ? 'js' : 'nojs'}-${width}`;
  let c = await ctx(js, width);
  let p = await c.newPage();
  await p.goto(`${base}/mitmachen/seniorenbegleitung/hilfe-anfragen`);
  await p.getByLabel('Ich frage für eine andere Person').check();
  await Promise.all([p.waitForEvent('load'), p.getByRole('button', { name: 'Anfrage absenden' }).click()]);
  await shot(p, `help-errors-${tag}`);
  if (occ) {
    await p.goto(`${base}/anmeldung/termin/${occ.id}`);
    await p.getByLabel('Wie viele Personen?').fill('9');
    await Promise.all([p.waitForEvent('load'), p.getByRole('button', { name: /Anmelden|Warteliste/ }).click()]);
    await shot(p, `registration-errors-${tag}`);
    await p.getByLabel('Name').fill('Olga Test');
    await p.getByLabel('E-Mail-Adresse').fill(`olga-${tag}@example.net`);
    await p.getByLabel('Wie viele Personen?').fill('1');
    await Promise.all([p.waitForEvent('load'), p.getByRole('button', { name: /Anmelden|Warteliste/ }).click()]);
    await shot(p, `registration-ok-${tag}`);
  }
  await c.close();
  c = await ctx(js, width, 'bewohnerin@example.org');
  p = await c.newPage();
  await p.goto(`${base}/mitmachen/seniorenbegleitung`);
  const visitCard = p.locator('li.card').filter({ hasText: 'Besuchsrunde Seniorenheim Kray' });
  await Promise.all([p.waitForEvent('load'), visitCard.getByRole('button').first().click()]);
  await shot(p, `slot-refused-${tag}`);
  await p.locator('li.card', { hasText: 'Besuchsrunde Seniorenheim Kray' }).screenshot({ path: `/tmp/vol/shots/slot-refused-card-${tag}.png` });
  await c.close();
  c = await ctx(js, width, 'kray@example.org');
  p = await c.newPage();
  await p.goto(`${base}/verwaltung/ehrenamt/programme/${programme.id}`);
  await p.getByLabel('Titel').fill('Test');
  await p.getByLabel('Beginn').fill('2027-03-01T10:00');
  await p.getByLabel('Ende').fill('2027-03-01T09:00');
  await Promise.all([p.waitForEvent('load'), p.getByRole('button', { name: 'Termin anlegen' }).click()]);
  await shot(p, `slot-form-errors-${tag}`);
  await p.getByLabel('Ende').fill('2027-03-01T12:00');
  await Promise.all([p.waitForEvent('load'), p.getByRole('button', { name: 'Termin anlegen' }).click()]);
  await shot(p, `slot-created-${tag}`);
  await p.goto(`${base}/verwaltung/ehrenamt/programme/neu`);
  await p.getByLabel('Kurzadresse').fill('seniorenbegleitung');
  await Promise.all([p.waitForEvent('load'), p.getByRole('button', { name: 'Programm speichern' }).click()]);
  await shot(p, `programme-errors-${tag}`);
  await c.close();
}
await browser.close();
db.$client.close();
