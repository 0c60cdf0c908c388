import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, freePort, type RunningServer } from '../helpers/server';
import { sessionCookieFor } from '../helpers/auth';
import { loopbackSmtp, type LoopbackSmtp } from './smtp';

describe('the portal with a real SMTP server', () => {
  let server: RunningServer;
  let smtp: LoopbackSmtp;
  beforeAll(async () => {
    smtp = loopbackSmtp(await freePort());
    await smtp.start();
    server = await startServer({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'Quartiersportal Test <portal@example.org>' } });
  });
  afterAll(async () => {
    await server?.stop();
    await smtp?.stop();
  });

  function post(path: string, fields: Record<string, string>, cookie?: string): Promise<Response> {
    return fetch(server.url + path, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, ...(cookie ? { Cookie: cookie } : {}) },
      body: new URLSearchParams(fields).toString(),
    });
  }

  it('delivers the verification mail of a registration in German with a working link', async () => {
    const response = await post('/registrieren?_action=accounts.register', {
      displayName: 'Dilek',
      email: 'dilek@example.org',
      password: 'Kastanien im Oktober',
    });
    expect(response.status).toBe(303);
    const mail = await smtp.waitForMailTo('dilek@example.org', 30_000);
    expect(mail.subject).toBe('Bitte bestätigen Sie Ihre E-Mail-Adresse');
    expect(mail.from?.text).toContain('portal@example.org');
    // The address is not confirmed yet: the mail does not repeat the name that was typed in.
    expect(mail.text).toContain('Guten Tag,');
    expect(mail.text).not.toContain('Dilek');
    expect(mail.text).toContain('Sie erhalten diese E-Mail, weil mit dieser Adresse ein Konto angelegt wurde.');
    expect(mail.html).toContain('E-Mail-Adresse bestätigen');
    const link = /(\/konto\/bestaetigen\?token=[a-z0-9]+)/.exec(mail.text ?? '')![1]!;
    const page = await fetch(server.url + link);
    expect(page.status).toBe(200);
  });

  it('shows the admin a failing test mail when the SMTP server is down, and a sent one when it is back', async () => {
    const cookie = sessionCookieFor(server.dbPath, 'admin@example.org');
    await smtp.stop();
    try {
      const failed = await post('/verwaltung/admin/postausgang?_action=admin.sendTestMail', { to: 'admin@example.org' }, cookie);
      expect(failed.status).toBe(502);
      const html = await failed.text();
      expect(html).toContain('Die Test-E-Mail konnte nicht verschickt werden');
      expect(html).toMatch(/ECONNREFUSED|connect/i);
      const list = await (await fetch(server.url + '/verwaltung/admin/postausgang?status=pending', { headers: { Cookie: cookie } })).text();
      expect(list).toContain('admin-test');
    } finally {
      await smtp.start();
    }
    const ok = await post('/verwaltung/admin/postausgang?_action=admin.sendTestMail', { to: 'admin@example.org' }, cookie);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Die Test-E-Mail wurde verschickt');
    const testMail = await smtp.waitForMail((mail) => (mail.subject ?? '').includes('Test'));
    expect(testMail.text).toBeTruthy();
  });
});
