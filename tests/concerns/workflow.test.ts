/**
 * The concerns domain on a real, migrated SQLite file with the demo city: reporting (photos without metadata,
 * all problems at once), the state machine through forwarding and the office's answers (reply links used once,
 * only for their concern, expiring), the mails in the reporter's language, duplicates, Wiedervorlage and the
 * "behoben?" question with a moved clock, permissions checked in the domain, and the retention of contacts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import sharp from 'sharp';
import { demoDb } from '../helpers/db';
import type { DbConnection } from '../../db/client';
import { concernEvents, concernPhotos, concerns, type Concern } from '../../db/schema';
import { DomainError } from '../../src/lib/server/errors';
import { reportConcern, confirmReporterEmail, type ReportInput } from '../../src/lib/server/concerns/reporting';
import { answerAsOffice, answerAsStaff, forwardConcern, mergeDuplicate, reviewConcern } from '../../src/lib/server/concerns/workflow';
import { answerFeedback, runConcernFollowUps } from '../../src/lib/server/concerns/followups';
import { lookUpToken } from '../../src/lib/server/concerns/tokens';
import { getConcern } from '../../src/lib/server/concerns/records';
import { getPublicConcern } from '../../src/lib/server/concerns/queries';
import { getCategoryBySlug, listOffices, responsibleOffice } from '../../src/lib/server/concerns/routing';
import { linkToken, mailsTo, photoWithGps, usePhotoDir, userByEmail } from './fixtures';

const now = new Date('2026-11-23T10:00:00Z');
const later = (days: number, from: Date = now): Date => DateTime.fromJSDate(from).plus({ days }).toJSDate();

const resident: ReportInput = {
  description: 'Die Rutsche auf dem Spielplatz Kamblickweg hat eine scharfe Kante.',
  category: 'spielplatz',
  quartier: 'kray',
  locationText: 'Spielplatz Kamblickweg',
  latitude: 51.4659,
  longitude: 7.0812,
  isPublic: true,
  reporterName: 'Mia Rossi',
  reporterEmail: 'mia@example.net',
};

async function problemsOf(promise: Promise<unknown> | (() => unknown)): Promise<{ kind: string; keys: string[]; fields: (string | undefined)[] }> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (error instanceof DomainError) return { kind: error.kind, keys: error.problems.map((p) => p.key), fields: error.problems.map((p) => p.field) };
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('concerns: reporting, forwarding, answers and aftercare', () => {
  let db: DbConnection;
  let photoDir: string;
  beforeAll(async () => {
    photoDir = usePhotoDir();
    ({ db } = await demoDb(now));
  });

  /** The office the demo city routes the category to in Kray. */
  const officeFor = (slug: string): number => responsibleOffice(db, getCategoryBySlug(db, slug)!.id, getConcern(db, 1)!.concern.quartierId)!.id;

  it('stores a photo re-encoded, shrunk and without EXIF or GPS data', async () => {
    const original = await photoWithGps();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const concern = await reportConcern(db, resident, {
      locale: 'en',
      source: 'web',
      now,
      uploads: [new File([new Uint8Array(original)], 'IMG_0001.jpg', { type: 'image/jpeg' })],
    });
    const photo = db.select().from(concernPhotos).where(eq(concernPhotos.concernId, concern.id)).get()!;
    const stored = readFileSync(join(photoDir, photo.fileName));
    const meta = await sharp(stored).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(Math.max(meta.width!, meta.height!)).toBe(1600);
    expect(stored.includes(Buffer.from('TestCam'))).toBe(false);
    expect(stored.includes(Buffer.from('Erika Mustermann'))).toBe(false);
  });

  it('reports every problem at once and stores nothing: unknown category, coordinates outside the city, no contact, a PDF named .jpg', async () => {
    const before = db.select().from(concerns).all().length;
    const pdf = new File([new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\n')], 'foto.jpg', { type: 'image/jpeg' });
    const result = await problemsOf(
      reportConcern(
        db,
        { ...resident, category: 'gibt-es-nicht', latitude: 52.52, longitude: 13.4, reporterEmail: undefined },
        { locale: 'de', source: 'web', now, uploads: [pdf] },
      ),
    );
    expect(result.kind).toBe('invalid');
    expect(result.keys).toEqual([
      'concerns.error.categoryUnknown',
      'concerns.error.coordinatesOutside',
      'concerns.error.contactRequired',
      'concerns.error.photoNotImage',
    ]);
    expect(result.fields).toEqual(['category', 'latitude', 'reporterEmail', 'photos']);
    const tooBig = new File([new Uint8Array(11 * 1024 * 1024)], 'riesig.jpg');
    expect((await problemsOf(reportConcern(db, resident, { locale: 'de', source: 'web', now, uploads: [tooBig] }))).keys).toEqual([
      'concerns.error.photoTooLarge',
    ]);
    expect(db.select().from(concerns).all().length).toBe(before);
  });

  it('mails an unconfirmed address only the confirmation, without the reporter’s words; updates follow in their language after confirming', async () => {
    const concern = await reportConcern(db, { ...resident, reporterEmail: 'new.reporter@example.net' }, { locale: 'en', source: 'web', now });
    const [confirm] = mailsTo(db, 'new.reporter@example.net');
    expect(confirm!.kind).toBe('concern-confirm');
    expect(confirm!.text).not.toContain('scharfe Kante');
    const kray = userByEmail(db, 'kray@example.org');
    forwardConcern(db, kray, concern.id, { officeId: officeFor('spielplatz') }, now);
    // Still unconfirmed: the forward does not reach the reporter.
    expect(mailsTo(db, 'new.reporter@example.net')).toHaveLength(1);
    confirmReporterEmail(db, linkToken(db, 'new.reporter@example.net', 'bestaetigen'), now);
    answerAsStaff(db, kray, concern.id, { kind: 'in_arbeit', expectedOn: '2026-12-04', text: 'Die Rutsche wird abgeschliffen.' }, now);
    const [update] = mailsTo(db, 'new.reporter@example.net');
    expect(update!.kind).toBe('concern-update');
    expect(update!.subject).toBe(`Your concern ${concern.id}: In progress, done by 04/12/2026`);
    expect(update!.text).toContain('Answer: Die Rutsche wird abgeschliffen.');
    // A confirmation link works once.
    expect((await problemsOf(() => confirmReporterEmail(db, linkToken(db, 'new.reporter@example.net', 'bestaetigen'), now))).keys).toEqual([
      'concerns.error.linkUsed',
    ]);
  });

  it('walks the states: review, forward with a reply link, "wird erledigt bis", "erledigt"; each link works once and only for its concern', async () => {
    const kray = userByEmail(db, 'kray@example.org');
    const concern = await reportConcern(db, { ...resident, reporterEmail: 'walker@example.net' }, { locale: 'de', source: 'web', now });
    confirmReporterEmail(db, linkToken(db, 'walker@example.net', 'bestaetigen'), now);
    expect(reviewConcern(db, kray, concern.id, now).status).toBe('in_pruefung');
    expect(getPublicConcern(db, concern.id)).not.toBeNull();
    expect((await problemsOf(() => reviewConcern(db, kray, concern.id, now))).keys).toEqual(['concerns.error.wrongState']);
    forwardConcern(db, kray, concern.id, { officeId: officeFor('spielplatz'), note: 'Bitte zügig.' }, now);
    const officeMail = mailsTo(db, 'gruenflaechen@example.org')[0]!;
    expect(officeMail.kind).toBe('concern-office-forward');
    expect(officeMail.text).toContain('scharfe Kante');
    expect(officeMail.text).toContain('Bitte zügig.');
    expect(officeMail.text).not.toContain('walker@example.net');
    expect(officeMail.text).not.toContain('Mia Rossi');
    const first = linkToken(db, 'gruenflaechen@example.org', 'antwort');

    // Input problems do not use the link up.
    expect((await problemsOf(() => answerAsOffice(db, first, { kind: 'in_arbeit', expectedOn: '2026-11-01' }, now))).keys).toEqual(['concerns.error.datePast']);
    expect(answerAsOffice(db, first, { kind: 'in_arbeit', expectedOn: '2026-12-10', text: 'Wir kommen nächste Woche.' }, now).status).toBe('in_arbeit');
    expect((await problemsOf(() => answerAsOffice(db, first, { kind: 'erledigt' }, now))).keys).toEqual(['concerns.error.linkUsed']);
    expect(mailsTo(db, 'walker@example.net')[0]!.subject).toBe(`Ihr Anliegen ${concern.id}: In Arbeit, erledigt bis 10.12.2026`);
    expect(mailsTo(db, 'kray@example.org')[0]!.kind).toBe('concern-staff-answer');

    const next = linkToken(db, 'gruenflaechen@example.org', 'antwort');
    expect(next).not.toBe(first);
    expect(mailsTo(db, 'gruenflaechen@example.org')[0]!.kind).toBe('concern-office-nextStep');
    expect(answerAsOffice(db, next, { kind: 'erledigt', text: 'Kante abgeschliffen.' }, later(3)).status).toBe('erledigt');
    expect(getConcern(db, concern.id)!.concern.closedAt).toEqual(later(3));
    const forged = 'a'.repeat(24);
    expect((await problemsOf(() => answerAsOffice(db, forged, { kind: 'erledigt' }, now))).kind).toBe('not_found');
    const states = db
      .select()
      .from(concernEvents)
      .where(eq(concernEvents.concernId, concern.id))
      .all()
      .map((e) => e.toStatus)
      .filter(Boolean);
    expect(states).toEqual(['neu', 'in_pruefung', 'weitergeleitet', 'in_arbeit', 'erledigt']);
  });

  it('lets reply links expire', async () => {
    const kray = userByEmail(db, 'kray@example.org');
    const concern = await reportConcern(db, { ...resident, reporterEmail: 'expiry@example.net', category: 'gruen' }, { locale: 'de', source: 'web', now });
    forwardConcern(db, kray, concern.id, { officeId: officeFor('gruen') }, now);
    const token = linkToken(db, 'gruenflaechen@example.org', 'antwort');
    expect(lookUpToken(db, token, 'reply', later(59)).state).toBe('valid');
    expect(lookUpToken(db, token, 'reply', later(61)).state).toBe('expired');
    expect(lookUpToken(db, token, 'feedback', now).state).toBe('unknown');
    expect((await problemsOf(() => answerAsOffice(db, token, { kind: 'erledigt' }, later(61)))).keys).toEqual(['concerns.error.linkExpired']);
  });

  it('refuses staff of another Quartier and members, inside the domain', async () => {
    const concern = await reportConcern(db, { ...resident, reporterEmail: 'perm@example.net' }, { locale: 'de', source: 'web', now });
    const frohnhausen = userByEmail(db, 'frohnhausen@example.org');
    const member = userByEmail(db, 'bewohnerin@example.org');
    for (const actor of [frohnhausen, member]) {
      expect((await problemsOf(() => reviewConcern(db, actor, concern.id, now))).kind).toBe('forbidden');
      expect((await problemsOf(() => forwardConcern(db, actor, concern.id, { officeId: officeFor('spielplatz') }, now))).kind).toBe('forbidden');
      expect((await problemsOf(() => answerAsStaff(db, actor, concern.id, { kind: 'erledigt' }, now))).kind).toBe('forbidden');
    }
    expect((await problemsOf(reportConcern(db, resident, { locale: 'de', source: 'staff', actor: frohnhausen, now }))).keys).toEqual([
      'concerns.error.forbiddenQuartier',
    ]);
    expect(getConcern(db, concern.id)!.concern.status).toBe('neu');
  });

  it('merges a duplicate: its reporter gets the updates of the concern it was merged into', async () => {
    const kray = userByEmail(db, 'kray@example.org');
    const first = await reportConcern(db, { ...resident, reporterEmail: 'first@example.net' }, { locale: 'de', source: 'web', now });
    const second = await reportConcern(db, { ...resident, reporterEmail: 'second@example.net' }, { locale: 'en', source: 'web', now });
    for (const email of ['first@example.net', 'second@example.net']) confirmReporterEmail(db, linkToken(db, email, 'bestaetigen'), now);
    expect((await problemsOf(() => mergeDuplicate(db, kray, first.id, first.id, now))).keys).toEqual(['concerns.error.mergeSelf']);
    expect(mergeDuplicate(db, kray, second.id, first.id, now).status).toBe('dublette');
    expect(mailsTo(db, 'second@example.net')[0]!.subject).toBe(`Your concern ${second.id}: Duplicate of concern ${first.id}`);
    answerAsStaff(db, kray, first.id, { kind: 'erledigt', text: 'Repariert.' }, now);
    expect(mailsTo(db, 'first@example.net')[0]!.subject).toBe(`Ihr Anliegen ${first.id}: Erledigt`);
    const toSecond = mailsTo(db, 'second@example.net')[0]!;
    expect(toSecond.subject).toBe(`Your concern ${first.id}: Done`);
    expect(toSecond.text).toContain(`Your concern ${second.id} is about the same as concern ${first.id}`);
  });

  it('reminds the office after the category’s days, then marks the concern overdue (clock moved)', async () => {
    const kray = userByEmail(db, 'kray@example.org');
    const concern = await reportConcern(db, { ...resident, category: 'muell', reporterEmail: 'wv@example.net' }, { locale: 'de', source: 'web', now });
    const ebe = listOffices(db).find((o) => o.name === 'Entsorgungsbetriebe Essen')!;
    forwardConcern(db, kray, concern.id, { officeId: ebe.id }, now);
    const firstLink = linkToken(db, ebe.email, 'antwort');
    // Müll: 7 days.
    runConcernFollowUps(db, later(6));
    expect(getConcern(db, concern.id)!.concern.reminderSentAt).toBeNull();
    runConcernFollowUps(db, later(7));
    expect(getConcern(db, concern.id)!.concern.reminderSentAt).toEqual(later(7));
    expect(mailsTo(db, ebe.email)[0]!.kind).toBe('concern-office-reminder');
    expect(lookUpToken(db, firstLink, 'reply', later(7)).state).toBe('used');
    runConcernFollowUps(db, later(13));
    expect(getConcern(db, concern.id)!.concern.overdueAt).toBeNull();
    runConcernFollowUps(db, later(14));
    expect(getConcern(db, concern.id)!.concern.overdueAt).toEqual(later(14));
    // The fresh link from the reminder still answers it.
    answerAsOffice(db, linkToken(db, ebe.email, 'antwort'), { kind: 'erledigt' }, later(15));
    expect(getConcern(db, concern.id)!.concern.overdueAt).toBeNull();
  });

  it('asks "behoben?" four weeks after "erledigt"; "nein" reopens it and sends it back to the office with the resident’s words', async () => {
    const kray = userByEmail(db, 'kray@example.org');
    const concern = await reportConcern(db, { ...resident, reporterEmail: 'fixed@example.net' }, { locale: 'de', source: 'web', now });
    confirmReporterEmail(db, linkToken(db, 'fixed@example.net', 'bestaetigen'), now);
    forwardConcern(db, kray, concern.id, { officeId: officeFor('spielplatz') }, now);
    answerAsOffice(db, linkToken(db, 'gruenflaechen@example.org', 'antwort'), { kind: 'erledigt' }, later(2));
    runConcernFollowUps(db, later(29));
    expect(mailsTo(db, 'fixed@example.net')[0]!.kind).not.toBe('concern-feedback');
    runConcernFollowUps(db, later(30));
    expect(mailsTo(db, 'fixed@example.net')[0]!.kind).toBe('concern-feedback');
    const token = linkToken(db, 'fixed@example.net', 'rueckmeldung');
    expect((await problemsOf(() => answerFeedback(db, token, { fixed: false }, later(31)))).keys).toEqual(['concerns.error.wordsRequired']);
    const reopened = answerFeedback(db, token, { fixed: false, words: 'Die Kante ist immer noch scharf.' }, later(31));
    expect(reopened.status).toBe('weitergeleitet');
    expect(reopened.reopenedAt).toEqual(later(31));
    const back = mailsTo(db, 'gruenflaechen@example.org')[0]!;
    expect(back.kind).toBe('concern-office-reopened');
    expect(back.text).toContain('Die Kante ist immer noch scharf.');
    expect((await problemsOf(() => answerFeedback(db, token, { fixed: true }, later(31)))).keys).toEqual(['concerns.error.linkUsed']);
    // Asked once per resolution: running the job again sends nothing new.
    runConcernFollowUps(db, later(40));
    expect(mailsTo(db, 'fixed@example.net').filter((m) => m.kind === 'concern-feedback')).toHaveLength(1);
  });

  it('removes the reporters’ contact data the configured months after closing', async () => {
    const kray = userByEmail(db, 'kray@example.org');
    const concern: Concern = await reportConcern(
      db,
      { ...resident, reporterEmail: 'retain@example.net', reporterPhone: '0201 1234' },
      { locale: 'de', source: 'web', now },
    );
    answerAsStaff(db, kray, concern.id, { kind: 'abgelehnt', text: 'Kein Geld im Haushalt.' }, now);
    runConcernFollowUps(db, DateTime.fromJSDate(now).plus({ months: 6 }).minus({ days: 1 }).toJSDate());
    expect(getConcern(db, concern.id)!.concern.reporterEmail).toBe('retain@example.net');
    runConcernFollowUps(db, DateTime.fromJSDate(now).plus({ months: 6 }).toJSDate());
    const after = getConcern(db, concern.id)!.concern;
    expect([after.reporterName, after.reporterEmail, after.reporterPhone]).toEqual([null, null, null]);
    expect(after.contactRemovedAt).not.toBeNull();
    expect(after.description).toBe(resident.description);
  });
});
