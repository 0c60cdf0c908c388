import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { startServer, type RunningServer } from '../helpers/server';
import { sessionCookieFor } from '../helpers/auth';
import { auditLog, attestations, helpRequests, outbox, users, volunteerApplications, volunteerMatches, volunteerProgrammes } from '../../db/schema';
import type { DbConnection } from '../../db/client';
import { get, openServerDb, postAction } from './http-helpers';

describe('coordinator work and who sees what', () => {
  let server: RunningServer;
  let db: DbConnection;
  let kray: string;
  let frohnhausen: string;
  let member: string;
  let guntherApplication: number;

  beforeAll(async () => {
    server = await startServer();
    db = openServerDb(server);
    kray = sessionCookieFor(server.dbPath, 'kray@example.org');
    frohnhausen = sessionCookieFor(server.dbPath, 'frohnhausen@example.org');
    member = sessionCookieFor(server.dbPath, 'bewohnerin@example.org');
    guntherApplication = db.select().from(volunteerApplications).where(eq(volunteerApplications.email, 'ehrenamt@example.org')).get()!.id;
  });
  afterAll(async () => {
    db?.$client.close();
    await server?.stop();
  });

  it('takes a request for help on someone else’s behalf without an account, and rejects one without any contact', async () => {
    const bad = await postAction(server, '/mitmachen/seniorenbegleitung/hilfe-anfragen', 'volunteering.askForHelp', {
      programme: 'seniorenbegleitung',
      requesterName: 'Sabine Roth',
      consent: 'on',
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('Bitte geben Sie eine Telefonnummer oder eine E-Mail-Adresse an');
    expect(html).toContain('value="Sabine Roth"');
    expect(db.select().from(helpRequests).all()).toHaveLength(0);

    const ok = await postAction(server, '/mitmachen/seniorenbegleitung/hilfe-anfragen', 'volunteering.askForHelp', {
      programme: 'seniorenbegleitung',
      requesterName: 'Sabine Roth',
      requesterEmail: 'sabine@example.net',
      onBehalf: 'on',
      onBehalfOf: 'meine Mutter Erika',
      relationship: 'Tochter',
      quartierId: String(db.select().from(volunteerProgrammes).where(eq(volunteerProgrammes.slug, 'seniorenbegleitung')).get()!.quartierId),
      languages: ['pl'],
      availability: ['2-afternoon'],
      message: 'Spaziergänge und Gespräche',
      consent: 'on',
    });
    expect(ok.status).toBe(303);
    const request = db.select().from(helpRequests).get()!;
    expect(request.onBehalfOf).toBe('meine Mutter Erika');
    expect(
      db
        .select()
        .from(outbox)
        .where(and(eq(outbox.kind, 'help-request-notice'), eq(outbox.toAddress, 'kray@example.org')))
        .all(),
    ).toHaveLength(1);
    expect(db.select().from(outbox).where(eq(outbox.toAddress, 'sabine@example.net')).all()).toHaveLength(1);
  });

  it('suggests the volunteer who shares Quartier, language and time, and a match mails both sides', async () => {
    const request = db.select().from(helpRequests).get()!;
    const page = await get(server, `/verwaltung/ehrenamt/anfragen/${request.id}`, kray);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Günter Wiese');
    expect(html).toContain('gleiches Quartier');
    expect(html).toContain('Sprache: Polnisch');
    expect(html).toContain('3 Std./Woche gemeinsame Zeit');

    const res = await postAction(
      server,
      `/verwaltung/ehrenamt/anfragen/${request.id}`,
      'volunteering.matchVolunteer',
      {
        requestId: String(request.id),
        applicationId: String(guntherApplication),
        note: 'Bitte zuerst telefonisch Kontakt aufnehmen.',
      },
      kray,
    );
    expect(res.status).toBe(303);
    expect(await (await get(server, res.headers.get('location')!, kray)).text()).toContain('Beide wurden per E-Mail informiert.');
    expect(db.select().from(volunteerMatches).all()).toHaveLength(1);
    expect(db.select().from(helpRequests).get()!.status).toBe('vermittelt');
    const toVolunteer = db
      .select()
      .from(outbox)
      .where(and(eq(outbox.kind, 'match-volunteer'), eq(outbox.toAddress, 'ehrenamt@example.org')))
      .get()!;
    expect(toVolunteer.textBody).toContain('Bitte zuerst telefonisch');
    const toRequester = db
      .select()
      .from(outbox)
      .where(and(eq(outbox.kind, 'match-requester'), eq(outbox.toAddress, 'sabine@example.net')))
      .get()!;
    // The requester learns the volunteer's first name, not their address.
    expect(toRequester.textBody).toContain('Günter');
    expect(toRequester.textBody).not.toContain('ehrenamt@example.org');
    expect(db.select().from(auditLog).where(eq(auditLog.action, 'volunteer_match.create')).all()).toHaveLength(1);
  });

  it('shows a coordinator of another programme and Quartier nothing, not even that the records exist', async () => {
    const request = db.select().from(helpRequests).get()!;
    const index = await (await get(server, '/verwaltung/ehrenamt', frohnhausen)).text();
    expect(index).toContain('Besuchsdienst für junge Eltern');
    expect(index).not.toContain('Seniorenbegleitung');
    for (const path of [`/verwaltung/ehrenamt/bewerbungen/${guntherApplication}`, `/verwaltung/ehrenamt/anfragen/${request.id}`]) {
      const res = await get(server, path, frohnhausen);
      expect(res.status).toBe(404);
      const html = await res.text();
      expect(html).not.toContain('Günter');
      expect(html).not.toContain('Sabine');
    }
    const programmeId = db.select().from(volunteerProgrammes).where(eq(volunteerProgrammes.slug, 'seniorenbegleitung')).get()!.id;
    const programmePage = await get(server, `/verwaltung/ehrenamt/programme/${programmeId}`, frohnhausen);
    expect(programmePage.status).toBe(403);
    expect(await programmePage.text()).not.toContain('Günter');

    const update = await postAction(
      server,
      `/verwaltung/ehrenamt/bewerbungen/${guntherApplication}`,
      'volunteering.updateApplication',
      {
        id: String(guntherApplication),
        status: 'beendet',
        coordinatorNotes: 'übernommen',
      },
      frohnhausen,
    );
    expect(update.status).toBe(404);
    expect(db.select().from(volunteerApplications).where(eq(volunteerApplications.id, guntherApplication)).get()!.status).toBe('aktiv');
    const match = await postAction(
      server,
      `/verwaltung/ehrenamt/anfragen/${request.id}`,
      'volunteering.matchVolunteer',
      {
        requestId: String(request.id),
        applicationId: String(guntherApplication),
      },
      frohnhausen,
    );
    expect(match.status).toBe(404);
  });

  it('keeps members and visitors out of the back office', async () => {
    expect((await get(server, '/verwaltung/ehrenamt', member)).status).toBe(403);
    expect((await get(server, `/verwaltung/ehrenamt/bewerbungen/${guntherApplication}`, member)).status).toBe(403);
    const anonymous = await get(server, '/verwaltung/ehrenamt');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toContain('/anmelden?zurueck=');
    const post = await postAction(
      server,
      `/verwaltung/ehrenamt/bewerbungen/${guntherApplication}`,
      'volunteering.updateApplication',
      {
        id: String(guntherApplication),
        status: 'beendet',
      },
      member,
    );
    expect(post.status).toBe(403);
  });

  it('lets the coordinator set status and private notes, and record an attestation without any document', async () => {
    const path = `/verwaltung/ehrenamt/bewerbungen/${guntherApplication}`;
    const bad = await postAction(
      server,
      path,
      'volunteering.updateApplication',
      { id: String(guntherApplication), status: 'erfunden', coordinatorNotes: 'Notiz bleibt' },
      kray,
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Notiz bleibt</textarea>');
    const ok = await postAction(
      server,
      path,
      'volunteering.updateApplication',
      { id: String(guntherApplication), status: 'pausiert', coordinatorNotes: 'Im Januar im Urlaub' },
      kray,
    );
    expect(ok.status).toBe(303);
    const row = db.select().from(volunteerApplications).where(eq(volunteerApplications.id, guntherApplication)).get()!;
    expect(row.status).toBe('pausiert');
    expect(row.coordinatorNotes).toBe('Im Januar im Urlaub');
    const audit = db.select().from(auditLog).where(eq(auditLog.action, 'volunteer_application.update')).orderBy(desc(auditLog.id)).get()!;
    expect(audit.details).not.toContain('Urlaub');

    const future = await postAction(
      server,
      path,
      'volunteering.recordAttestation',
      { applicationId: String(guntherApplication), kind: 'certificate_of_conduct', attestedOn: '2999-01-01' },
      kray,
    );
    expect(future.status).toBe(400);
    const seen = await postAction(
      server,
      path,
      'volunteering.recordAttestation',
      { applicationId: String(guntherApplication), kind: 'certificate_of_conduct', attestedOn: '2026-01-15', validUntil: '2031-01-15' },
      kray,
    );
    expect(seen.status).toBe(303);
    const userId = db.select().from(users).where(eq(users.email, 'ehrenamt@example.org')).get()!.id;
    const recorded = db
      .select()
      .from(attestations)
      .where(and(eq(attestations.userId, userId), eq(attestations.kind, 'certificate_of_conduct')))
      .get()!;
    expect(recorded.attestedOn).toBe('2026-01-15');
    expect(await (await get(server, path, kray)).text()).toContain('erweitertes Führungszeugnis eingesehen');
  });

  it('lets staff create a programme in their own Quartier only and shows it publicly', async () => {
    const karnap = db.select().from(volunteerProgrammes).where(eq(volunteerProgrammes.slug, 'quartiershelfer')).get()!.quartierId!;
    const fields = { name: 'Lesepaten', slug: 'lesepaten', quartierId: String(karnap), summary: 'Vorlesen in der Kita', active: 'on' };
    const bad = await postAction(server, '/verwaltung/ehrenamt/programme/neu', 'volunteering.saveProgramme', { ...fields, slug: 'Lese Paten!' }, kray);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Diese Kurzadresse ist schon vergeben oder ungültig');
    const taken = await postAction(server, '/verwaltung/ehrenamt/programme/neu', 'volunteering.saveProgramme', { ...fields, slug: 'seniorenbegleitung' }, kray);
    expect(taken.status).toBe(409);
    const foreign = await postAction(server, '/verwaltung/ehrenamt/programme/neu', 'volunteering.saveProgramme', fields, frohnhausen);
    expect(foreign.status).toBe(403);
    const ok = await postAction(server, '/verwaltung/ehrenamt/programme/neu', 'volunteering.saveProgramme', fields, kray);
    expect(ok.status).toBe(303);
    const created = db.select().from(volunteerProgrammes).where(eq(volunteerProgrammes.slug, 'lesepaten')).get()!;
    expect(created.coordinatorUserId).toBe(db.select().from(users).where(eq(users.email, 'kray@example.org')).get()!.id);
    expect((await get(server, '/mitmachen/lesepaten')).status).toBe(200);
  });
});
