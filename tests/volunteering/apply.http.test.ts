import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { startServer, type RunningServer } from '../helpers/server';
import { sessionCookieFor } from '../helpers/auth';
import { outbox, volunteerApplications } from '../../db/schema';
import type { DbConnection } from '../../db/client';
import { get, linkIn, openServerDb, postAction } from './http-helpers';
import { receivedText } from '../helpers/mail-files';

const good = {
  programme: 'seniorenbegleitung',
  name: 'Erika Mustermann',
  email: 'Erika@Example.net',
  phone: '0201 555 12',
  availability: ['2-afternoon', '4-morning'],
  languages: ['de', 'tr'],
  motivation: 'Ich habe Zeit und höre gern zu.',
  consent: 'on',
};

describe('programme pages and applying over HTTP', () => {
  let server: RunningServer;
  let db: DbConnection;
  beforeAll(async () => {
    server = await startServer();
    db = openServerDb(server);
  });
  afterAll(async () => {
    db?.$client.close();
    await server?.stop();
  });

  it('lists the active programmes and shows what, for whom, time, requirements, coordinator and dates', async () => {
    const list = await (await get(server, '/mitmachen')).text();
    for (const name of ['Seniorenbegleitung', 'Besuchsdienst für junge Eltern', 'Quartiershelfer*innen']) expect(list).toContain(name);
    const res = await get(server, '/mitmachen/seniorenbegleitung');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Etwa 2 Stunden pro Woche');
    expect(html).toContain('erweitertes Führungszeugnis');
    expect(html).toContain('Jan Kowalski');
    expect(html).toContain('Besuchsrunde Seniorenheim Kray');
    // Trainings of the Schulung programme are offered because this programme requires one.
    expect(html).toContain('Grundschulung Teil 1');
    expect(html).toContain('3 von 3 Plätzen frei');
    expect((await get(server, '/mitmachen/gibt-es-nicht')).status).toBe(404);
  });

  it.each(['/mitmachen/seniorenbegleitung/bewerben', '/mitmachen/seniorenbegleitung/hilfe-anfragen'])('ticks no language in advance on %s', async (path) => {
    const html = await (await get(server, path)).text();
    const languageBoxes = html.match(/<input[^>]*name="languages"[^>]*>/g) ?? [];
    expect(languageBoxes.length).toBeGreaterThan(3);
    expect(languageBoxes.filter((box) => /\schecked/.test(box))).toEqual([]);
  });

  it('rejects bad input with 400, German messages next to the fields and the input kept, storing nothing', async () => {
    const before = db.select().from(volunteerApplications).all().length;
    const res = await postAction(server, '/mitmachen/seniorenbegleitung/bewerben', 'volunteering.apply', {
      ...good,
      email: 'keine-adresse',
      availability: [],
      consent: [],
      phone: 'ruf mich an',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/id="f-email-error"[^>]*>Bitte geben Sie eine gültige E-Mail-Adresse an/);
    expect(html).toMatch(/aria-describedby="f-email-hint f-email-error"/);
    expect(html).toContain('Bitte kreuzen Sie mindestens einen Zeitraum an.');
    expect(html).toContain('Ohne Ihre Einwilligung können wir die Angaben nicht verarbeiten.');
    expect(html).toContain('Bitte geben Sie eine Telefonnummer nur mit Ziffern');
    expect(html).toContain('value="Erika Mustermann"');
    expect(html).toContain('value="keine-adresse"');
    expect(html).toContain('Ich habe Zeit und höre gern zu.</textarea>');
    expect(html).toMatch(/value="tr"[^>]*checked|checked[^>]*value="tr"/);
    expect(db.select().from(volunteerApplications).all().length).toBe(before);
  });

  it('answers an unknown Quartier or a missing programme with a 4xx, never a 500', async () => {
    const wrongQuartier = await postAction(server, '/mitmachen/seniorenbegleitung/bewerben', 'volunteering.apply', { ...good, quartierId: '99999' });
    expect(wrongQuartier.status).toBe(400);
    expect(await wrongQuartier.text()).toContain('Bitte wählen Sie ein Quartier aus der Liste.');
    const notANumber = await postAction(server, '/mitmachen/seniorenbegleitung/bewerben', 'volunteering.apply', { ...good, quartierId: 'abc' });
    expect(notANumber.status).toBe(400);
    const missing = await postAction(server, '/mitmachen/seniorenbegleitung/bewerben', 'volunteering.apply', { ...good, programme: 'nope' });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Dieses Programm gibt es nicht');
  });

  it('asks a visitor to confirm the address first, then thanks them and notifies the coordinator', async () => {
    const res = await postAction(server, '/mitmachen/seniorenbegleitung/bewerben', 'volunteering.apply', good);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/mitmachen/seniorenbegleitung?hinweis=volunteering.applicationToConfirm');
    expect(await (await get(server, res.headers.get('location')!)).text()).toContain('Bitte klicken Sie auf den Link darin');
    const application = db.select().from(volunteerApplications).where(eq(volunteerApplications.email, 'erika@example.net')).get()!;
    expect(application.emailConfirmedAt).toBeNull();
    expect(application.consentVersion).toBeTruthy();
    expect(JSON.parse(application.availability)).toEqual([
      { weekday: 2, from: '12:00', to: '17:00' },
      { weekday: 4, from: '08:00', to: '12:00' },
    ]);
    const confirmMail = db
      .select()
      .from(outbox)
      .where(and(eq(outbox.toAddress, 'erika@example.net'), eq(outbox.kind, 'volunteer-application-confirm')))
      .get()!;
    expect(db.select().from(outbox).where(eq(outbox.kind, 'volunteer-application-notice')).all()).toHaveLength(0);

    // Opening the link alone (as a mail scanner would) does not confirm.
    const path = linkIn(await receivedText(server.mailDir, confirmMail), '/mitmachen/bestaetigen/');
    expect((await get(server, path)).status).toBe(200);
    expect(db.select().from(volunteerApplications).where(eq(volunteerApplications.id, application.id)).get()!.emailConfirmedAt).toBeNull();

    const token = path.split('/').pop()!;
    const confirmed = await postAction(server, path, 'volunteering.confirmApplication', { token });
    expect(confirmed.status).toBe(303);
    const done = await (await get(server, confirmed.headers.get('location')!)).text();
    expect(done).toContain('ist bestätigt');
    expect(db.select().from(volunteerApplications).where(eq(volunteerApplications.id, application.id)).get()!.emailConfirmedAt).not.toBeNull();
    const notice = db.select().from(outbox).where(eq(outbox.kind, 'volunteer-application-notice')).all();
    expect(notice.map((m) => m.toAddress)).toEqual(['kray@example.org']);
    // The coordinator's mail points to the back office and carries no personal details beyond the name.
    expect(notice[0]!.textBody).not.toContain('0201 555 12');
    expect(
      db
        .select()
        .from(outbox)
        .where(and(eq(outbox.toAddress, 'erika@example.net'), eq(outbox.kind, 'volunteer-application-received')))
        .all(),
    ).toHaveLength(1);

    const again = await postAction(server, path, 'volunteering.confirmApplication', { token });
    expect(await (await get(server, again.headers.get('location')!)).text()).toContain('war schon bestätigt');
    const invalid = await postAction(server, '/mitmachen/bestaetigen/falsch', 'volunteering.confirmApplication', { token: 'falsch-falsch-falsch' });
    expect(invalid.status).toBe(404);
    expect(await invalid.text()).toContain('ungültig');
  });

  it('confirms a logged-in member with a verified address at once', async () => {
    const cookie = sessionCookieFor(server.dbPath, 'bewohnerin@example.org');
    const form = await (await get(server, '/mitmachen/quartiershelfer/bewerben', cookie)).text();
    expect(form).toContain('value="bewohnerin@example.org"');
    const res = await postAction(
      server,
      '/mitmachen/quartiershelfer/bewerben',
      'volunteering.apply',
      { ...good, programme: 'quartiershelfer', email: 'bewohnerin@example.org', name: 'Olena Koval' },
      cookie,
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/mitmachen/quartiershelfer?hinweis=volunteering.applicationReceived');
    const application = db.select().from(volunteerApplications).where(eq(volunteerApplications.email, 'bewohnerin@example.org')).get()!;
    expect(application.emailConfirmedAt).not.toBeNull();
    expect(application.userId).not.toBeNull();
    expect(
      db
        .select()
        .from(outbox)
        .where(and(eq(outbox.kind, 'volunteer-application-notice'), eq(outbox.toAddress, 'kray@example.org')))
        .all(),
    ).toHaveLength(2);
  });
});
