import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { startServer, type RunningServer } from '../helpers/server';
import { newMemberCookies, sessionCookieFor } from '../helpers/auth';
import { outbox, signups, volunteerProgrammes, volunteerSlots } from '../../db/schema';
import type { DbConnection } from '../../db/client';
import { get, openServerDb, postAction } from './http-helpers';

const HOUR = 60 * 60 * 1000;

describe('slot sign-up, waiting list and refusals over HTTP', () => {
  let server: RunningServer;
  let db: DbConnection;
  let helpersProgramme: number;
  const page = '/mitmachen/quartiershelfer';

  function addSlot(values: Partial<typeof volunteerSlots.$inferInsert> & { title: string; startsAt: Date; endsAt: Date; needed: number }): number {
    return db
      .insert(volunteerSlots)
      .values({ programmeId: helpersProgramme, kind: 'event_help', ...values })
      .returning()
      .get().id;
  }

  beforeAll(async () => {
    server = await startServer();
    db = openServerDb(server);
    helpersProgramme = db.select().from(volunteerProgrammes).where(eq(volunteerProgrammes.slug, 'quartiershelfer')).get()!.id;
  });
  afterAll(async () => {
    db?.$client.close();
    await server?.stop();
  });

  it('gives the last places to exactly the needed number when many sign up at once; the rest wait in order', async () => {
    const slotId = addSlot({
      title: 'Stühle stellen beim Stadtteilfest',
      startsAt: new Date(Date.now() + 72 * HOUR),
      endsAt: new Date(Date.now() + 75 * HOUR),
      needed: 3,
    });
    const emails = Array.from({ length: 20 }, (_, i) => `helfer${i}@example.net`);
    const cookies = newMemberCookies(server.dbPath, emails);

    const responses = await Promise.all(cookies.map((cookie) => postAction(server, page, 'volunteering.signUpSlot', { slotId: String(slotId) }, cookie)));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(303));

    const rows = db.select().from(signups).where(eq(signups.slotId, slotId)).orderBy(asc(signups.queuedAt), asc(signups.id)).all();
    expect(rows).toHaveLength(20);
    expect(rows.filter((r) => r.status === 'confirmed')).toHaveLength(3);
    // First come, first served: the three confirmed are the first three in the queue, everybody after waits.
    expect(rows.map((r) => r.status)).toEqual([...Array(3).fill('confirmed'), ...Array(17).fill('waiting')]);
    const mails = db.select().from(outbox).where(inArray(outbox.toAddress, emails)).all();
    expect(mails.filter((m) => m.kind === 'slot-signed-up')).toHaveLength(3);
    expect(mails.filter((m) => m.kind === 'slot-waiting')).toHaveLength(17);

    // A waiting volunteer sees their place on the list.
    const fifthWaiting = rows[3 + 4]!;
    const view = await (await get(server, page, cookies[emails.indexOf(fifthWaiting.email!)])).text();
    expect(view).toContain('Sie stehen auf Platz 5 der Warteliste.');

    // Signing off moves the first waiting person up and mails them.
    const leaver = rows[1]!;
    const firstWaiting = rows[3]!;
    const off = await postAction(server, page, 'volunteering.signOffSlot', { slotId: String(slotId) }, cookies[emails.indexOf(leaver.email!)]);
    expect(off.status).toBe(303);
    expect(off.headers.get('location')).toBe(`${page}?hinweis=volunteering.signedOff`);
    const after = db.select().from(signups).where(eq(signups.slotId, slotId)).all();
    expect(after.find((r) => r.id === leaver.id)!.status).toBe('cancelled');
    expect(after.find((r) => r.id === firstWaiting.id)!.status).toBe('confirmed');
    expect(after.filter((r) => r.status === 'confirmed')).toHaveLength(3);
    const movedUp = db
      .select()
      .from(outbox)
      .where(and(eq(outbox.kind, 'slot-moved-up'), eq(outbox.toAddress, firstWaiting.email!)))
      .all();
    expect(movedUp).toHaveLength(1);
    expect(movedUp[0]!.textBody).toContain('Stühle stellen beim Stadtteilfest');
    expect(db.select().from(outbox).where(eq(outbox.kind, 'slot-moved-up')).all()).toHaveLength(1);
  });

  it('offers the waiting list when a slot is full', async () => {
    const slotId = addSlot({ title: 'Flyer verteilen', startsAt: new Date(Date.now() + 96 * HOUR), endsAt: new Date(Date.now() + 98 * HOUR), needed: 1 });
    await postAction(server, page, 'volunteering.signUpSlot', { slotId: String(slotId) }, sessionCookieFor(server.dbPath, 'verein@example.org'));
    const html = await (await get(server, page, sessionCookieFor(server.dbPath, 'kirche@example.org'))).text();
    const card = html.slice(html.indexOf('id="termin-' + slotId + '"'));
    expect(card).toContain('Alle Plätze belegt – Warteliste möglich');
    expect(card).toContain('Auf die Warteliste');
  });

  it('refuses a visit slot without the training and says why; a trained volunteer gets in', async () => {
    const visit = db.select().from(volunteerSlots).where(eq(volunteerSlots.title, 'Besuchsrunde Seniorenheim Kray')).get()!;
    const refused = await postAction(
      server,
      '/mitmachen/seniorenbegleitung',
      'volunteering.signUpSlot',
      { slotId: String(visit.id) },
      sessionCookieFor(server.dbPath, 'bewohnerin@example.org'),
    );
    expect(refused.status).toBe(403);
    const html = await refused.text();
    expect(html).toMatch(new RegExp(`id="slot-${visit.id}-error"[^>]*>\\s*Für diesen Termin brauchen Sie die Schulung`));
    expect(db.select().from(signups).where(eq(signups.slotId, visit.id)).all()).toHaveLength(0);
    const ok = await postAction(
      server,
      '/mitmachen/seniorenbegleitung',
      'volunteering.signUpSlot',
      { slotId: String(visit.id) },
      sessionCookieFor(server.dbPath, 'ehrenamt@example.org'),
    );
    expect(ok.status).toBe(303);
  });

  it('refuses a slot that clashes with one the volunteer already has, and one not yet open', async () => {
    const start = new Date(Date.now() + 120 * HOUR);
    const first = addSlot({ title: 'Kuchenstand', startsAt: start, endsAt: new Date(start.getTime() + 2 * HOUR), needed: 5 });
    const second = addSlot({ title: 'Kinderschminken', startsAt: new Date(start.getTime() + HOUR), endsAt: new Date(start.getTime() + 3 * HOUR), needed: 5 });
    const later = addSlot({
      title: 'Abbau',
      startsAt: new Date(Date.now() + 200 * HOUR),
      endsAt: new Date(Date.now() + 202 * HOUR),
      needed: 5,
      signupOpensAt: new Date(Date.now() + 100 * HOUR),
    });
    const cookie = sessionCookieFor(server.dbPath, 'bewohnerin@example.org');
    expect((await postAction(server, page, 'volunteering.signUpSlot', { slotId: String(first) }, cookie)).status).toBe(303);
    const clash = await postAction(server, page, 'volunteering.signUpSlot', { slotId: String(second) }, cookie);
    expect(clash.status).toBe(409);
    expect(await clash.text()).toContain('Sie sind zur selben Zeit schon für „Kuchenstand“ eingetragen.');
    const early = await postAction(server, page, 'volunteering.signUpSlot', { slotId: String(later) }, cookie);
    expect(early.status).toBe(409);
    expect(await early.text()).toContain('Eintragen ist erst ab');
    const twice = await postAction(server, page, 'volunteering.signUpSlot', { slotId: String(first) }, cookie);
    expect(twice.status).toBe(409);
  });

  it('asks visitors to log in instead of offering sign-up, and rejects anonymous posts with 401', async () => {
    const html = await (await get(server, page)).text();
    expect(html).toContain('Zum Eintragen bitte anmelden');
    const res = await postAction(server, page, 'volunteering.signUpSlot', { slotId: '1' });
    expect(res.status).toBe(401);
    const garbage = await postAction(server, page, 'volunteering.signUpSlot', { slotId: 'abc' }, sessionCookieFor(server.dbPath, 'bewohnerin@example.org'));
    expect(garbage.status).toBe(400);
  });
});
