/**
 * A forwarded invitation link in Chromium, with JavaScript on and off, axe on every page: the person who opens it
 * logs in with another address and is told clearly whom the invitation is for; the invited person joins. The
 * privacy statement says how long what is kept.
 */
import { describe, expect, it } from 'vitest';
import { createDb } from '../../db/client';
import { organisationMembers, organisations, users } from '../../db/schema';
import { checkPage, newContext, visit } from '../helpers/browser';
import { useServerAndBrowser } from '../helpers/browser-suite';
import { createMember } from '../helpers/auth';
import { waitForMailLink } from '../helpers/mail-files';
import { postAction } from '../helpers/http';
import { sessionCookieFor } from '../helpers/auth';
import { logIn, LONG_FLOW_MS, PASSWORD, submit } from '../accounts/browser-steps';
import { and, eq } from 'drizzle-orm';

describe('invitations in Chromium', () => {
  const suite = useServerAndBrowser();

  for (const javaScriptEnabled of [true, false]) {
    const tag = javaScriptEnabled ? 'js' : 'nojs';
    it(
      `tells someone logged in with another address whom a forwarded invitation is for ${javaScriptEnabled ? 'with' : 'without'} JavaScript`,
      async () => {
        const invited = `eingeladen-${tag}@example.org`;
        const other = `weitergeleitet-${tag}@example.org`;
        await createMember(suite.server.dbPath, invited, PASSWORD, `Ina ${tag}`);
        await createMember(suite.server.dbPath, other, PASSWORD, `Otto ${tag}`);
        const db = createDb(suite.server.dbPath);
        const organisationId = db
          .select()
          .from(organisations)
          .all()
          .find((o) => o.name.startsWith('Bürgerverein Kray'))!.id;
        db.$client.close();
        const admin = sessionCookieFor(suite.server.dbPath, 'verein@example.org');
        await postAction(
          suite.server,
          `/konto/organisationen/${organisationId}`,
          'organisations.invite',
          { organisationId: String(organisationId), email: invited, role: 'member' },
          admin,
        );
        const link = await waitForMailLink(suite.server.mailDir, invited, '/konto/einladung');

        const forwarded = await newContext(suite.browser, { javaScriptEnabled });
        const page = await forwarded.newPage();
        await page.goto(link);
        await page.waitForURL(/\/anmelden\?zurueck=%2Fkonto%2Feinladung$/);
        await checkPage(page, `forwarded-login-${tag}`);
        expect(await logIn(page, other, PASSWORD, /\/konto\/einladung$/)).toBe(303);
        await checkPage(page, `forwarded-invitation-${tag}`);
        const alert = page.getByRole('alert');
        await expect(alert.textContent()).resolves.toContain(`Diese Einladung ging an ${invited}. Sie sind mit ${other} angemeldet.`);
        expect(await page.getByRole('button', { name: 'Einladung annehmen' }).count()).toBe(0);
        await forwarded.close();

        const own = await newContext(suite.browser, { javaScriptEnabled });
        const joining = await own.newPage();
        await joining.goto(link);
        expect(await logIn(joining, invited, PASSWORD, /\/konto\/einladung$/)).toBe(303);
        await checkPage(joining, `own-invitation-${tag}`);
        expect(await submit(joining, 'Einladung annehmen', /\/konto\?hinweis=account\.joined$/)).toBe(303);
        const check = createDb(suite.server.dbPath);
        const joined = check.select().from(users).where(eq(users.email, invited)).get()!;
        expect(
          check
            .select()
            .from(organisationMembers)
            .where(and(eq(organisationMembers.userId, joined.id), eq(organisationMembers.organisationId, organisationId)))
            .get()?.role,
        ).toBe('member');
        check.$client.close();
        await own.close();
      },
      LONG_FLOW_MS,
    );
  }

  it('states in the privacy statement how long registrations, mails and abuse counters are kept', async () => {
    const context = await newContext(suite.browser, { javaScriptEnabled: false });
    const page = await visit(context, `${suite.server.url}/datenschutz`, 'privacy-statement');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('30 Tage nach der Veranstaltung');
    expect(text).toContain('spätestens 30 Tage nach der Anmeldung');
    expect(text).toContain('nicht zustellbare 90 Tage nach ihrer Erstellung');
    expect(text).toContain('Diese Zähler löschen wir nach einem Tag');
    await context.close();
  });
});
