/**
 * Issue 12, newcomers and coordinators, in the domain on the demo city: the calendar search in every language
 * with its "Meinten Sie" suggestions (11), matching on the requested languages (15), what a match reports (14),
 * the welcome mail on "aktiv" (16) and the back office's open work and start page (17).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { demoDb } from '../helpers/db';
import type { DbConnection } from '../../db/client';
import { helpRequests, outbox, users, volunteerApplications, volunteerProgrammes } from '../../db/schema';
import { editDistance, eventIdsNamedBy, fuzzyHits, suggestSearchTerms } from '../../src/lib/server/events/search-terms';
import { emptyFilter, resolveEventFilter } from '../../src/lib/server/events/filters';
import { listOccurrences } from '../../src/lib/server/events/listing';
import { recordMatch, suggestVolunteers } from '../../src/lib/server/volunteering/help-requests';
import { updateApplication } from '../../src/lib/server/volunteering/applications';
import { listOpenWork, startPathAfterLogin } from '../../src/lib/server/backoffice/open-work';

const now = new Date('2026-12-01T10:00:00Z');
let db: DbConnection;
const user = (email: string) => db.select().from(users).where(eq(users.email, email)).get()!;
const search = (query: string) => listOccurrences(db, { filter: resolveEventFilter(db, { ...emptyFilter, query }), from: now, limit: 200 });

beforeAll(async () => {
  ({ db } = await demoDb(now));
});
afterAll(() => db?.$client.close());

describe('fuzzy match of search words', () => {
  it.each([
    ['cafe', 'Sprachcafé', 1],
    ['sprachkafe', 'Sprachcafé', 1],
    ['language cafe', 'Sprachcafé', 1],
    ['language cafe', 'Café/meeting point', 1],
    ['kinder', 'Kinder', 1],
    ['repair', 'Repair/bicycle workshop', 1],
    ['xy', 'Sprachcafé', 0],
    ['garten', 'Sprachcafé', 0],
  ])('counts %j as %i word(s) fitting %j', (query, name, hits) => {
    expect(fuzzyHits(query, name)).toBe(hits);
  });

  it('counts swapped letters as one typing error', () => {
    expect(editDistance('kinedr', 'kinder')).toBe(1);
    expect(editDistance('cafe', 'kafe')).toBe(1);
    expect(editDistance('abc', 'xyz')).toBe(3);
  });
});

describe('calendar search in every language (item 11)', () => {
  it('finds the Kinder events by the English, Turkish and Ukrainian names of the target group', () => {
    const named = eventIdsNamedBy(db, 'children');
    expect(named.targetGroupIds).toHaveLength(1);
    expect(eventIdsNamedBy(db, 'Çocuklar')).toEqual(named);
    const english = search('children');
    expect(english.total).toBeGreaterThan(0);
    for (const word of ['Çocuklar', 'Діти']) expect(search(word).total).toBe(english.total);
  });

  it('finds nothing for "language cafe" but suggests the Sprachcafé first', () => {
    expect(search('language cafe').total).toBe(0);
    const suggestions = suggestSearchTerms(db, 'language cafe', 'en', now);
    expect(suggestions[0]).toEqual({ kind: 'title', label: 'Sprachcafé', query: 'Sprachcafé' });
    expect(suggestions.length).toBeLessThanOrEqual(3);
    expect(search('Sprachcafé').total).toBeGreaterThan(0);
  });

  it('suggests a category by its name in the reader’s language and nothing for a word that fits nothing', () => {
    const suggestions = suggestSearchTerms(db, 'meeting pont', 'en', now);
    expect(suggestions).toContainEqual({ kind: 'category', label: 'Café/meeting point', slug: 'cafe-treffpunkt' });
    expect(suggestSearchTerms(db, 'qqqq zzzz', 'en', now)).toEqual([]);
  });
});

describe('matching and its mails (items 14, 15, 16)', () => {
  let requestId: number;
  let programmeId: number;
  let turkishSpeaker: number;

  beforeAll(() => {
    const programme = db.select().from(volunteerProgrammes).where(eq(volunteerProgrammes.slug, 'seniorenbegleitung')).get()!;
    programmeId = programme.id;
    const base = {
      programmeId,
      quartierId: programme.quartierId,
      availability: JSON.stringify([{ weekday: 2, from: '14:00', to: '18:00' }]),
      consentAt: now,
      consentVersion: '2026-11',
      emailConfirmedAt: now,
    };
    // Same Quartier as the request, but German only; the Turkish speaker lives elsewhere.
    turkishSpeaker = db
      .insert(volunteerApplications)
      .values({ ...base, quartierId: null, name: 'Ayşe Demir', email: 'ayse@example.net', languages: 'tr,de', status: 'aktiv' })
      .returning()
      .get().id;
    requestId = db
      .insert(helpRequests)
      .values({
        programmeId,
        requesterName: 'Hatice Yilmaz',
        requesterPhone: '0201 123456',
        requesterEmail: null,
        quartierId: programme.quartierId,
        languages: 'tr,de',
        availability: JSON.stringify([{ weekday: 2, from: '15:00', to: '17:00' }]),
        message: 'gern auf Türkisch',
        consentAt: now,
        consentVersion: '2026-11',
      })
      .returning()
      .get().id;
  });

  it('ranks whoever speaks the requested languages first and says what does not fit', () => {
    const request = db.select().from(helpRequests).where(eq(helpRequests.id, requestId)).get()!;
    const suggestions = suggestVolunteers(db, request);
    expect(suggestions.map((s) => s.application.name).slice(0, 2)).toEqual(['Ayşe Demir', 'Günter Wiese']);
    const [ayse, guenter] = suggestions;
    expect(ayse!.missingLanguages).toEqual([]);
    expect(ayse!.otherQuartier).toBe(true);
    expect(guenter!.sameQuartier).toBe(true);
    expect(guenter!.missingLanguages).toEqual(['tr']);
    expect(guenter!.volunteerLanguages).toEqual(['de', 'pl']);
  });

  it('reports that only the volunteer got a mail when the requester gave only a phone number', () => {
    const outcome = recordMatch(db, user('kray@example.org'), requestId, turkishSpeaker, { note: '', now });
    expect(outcome).toEqual({ volunteerName: 'Ayşe Demir', volunteerEmail: 'ayse@example.net', requesterEmail: null, requesterPhone: '0201 123456' });
    expect(
      db
        .select()
        .from(outbox)
        .where(eq(outbox.kind, 'match-volunteer'))
        .all()
        .map((m) => m.toAddress),
    ).toEqual(['ayse@example.net']);
    expect(db.select().from(outbox).where(eq(outbox.kind, 'match-requester')).all()).toEqual([]);
  });

  it('mails a volunteer set to "aktiv" once, in their account’s language, with the coordinator and how to reach them', () => {
    const member = user('bewohnerin@example.org');
    db.update(users).set({ locale: 'en' }).where(eq(users.id, member.id)).run();
    const id = db
      .insert(volunteerApplications)
      .values({
        programmeId,
        userId: member.id,
        name: member.displayName,
        email: member.email,
        languages: 'de',
        consentAt: now,
        consentVersion: '2026-11',
        emailConfirmedAt: now,
      })
      .returning()
      .get().id;
    const kray = user('kray@example.org');
    updateApplication(db, kray, id, { status: 'gespraech', coordinatorNotes: '' }, now);
    expect(db.select().from(outbox).where(eq(outbox.kind, 'volunteer-activated')).all()).toEqual([]);
    updateApplication(db, kray, id, { status: 'aktiv', coordinatorNotes: '' }, now);
    updateApplication(db, kray, id, { status: 'aktiv', coordinatorNotes: 'gesehen' }, now);
    const mails = db
      .select()
      .from(outbox)
      .where(and(eq(outbox.kind, 'volunteer-activated'), eq(outbox.toAddress, member.email)))
      .all();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('You are in: Seniorenbegleitung');
    expect(mails[0]!.textBody).toContain(`Your contact person: ${kray.displayName}`);
    expect(mails[0]!.textBody).toContain('Email: kray@example.org');
    expect(mails[0]!.textBody).toContain('/mitmachen/meine-einsaetze');
  });
});

describe('open work on the back-office start page (item 17)', () => {
  it('counts for each person only what their programmes and Quartiere hold', () => {
    const programme = db.select().from(volunteerProgrammes).where(eq(volunteerProgrammes.slug, 'seniorenbegleitung')).get()!;
    db.insert(volunteerApplications)
      .values({ programmeId: programme.id, name: 'Neu Bewerber', email: 'neu@example.net', consentAt: now, consentVersion: '2026-11', emailConfirmedAt: now })
      .run();
    const kray = listOpenWork(db, user('kray@example.org'), now);
    const frohnhausen = listOpenWork(db, user('frohnhausen@example.org'), now);
    const kinds = (items: typeof kray) => items.map((i) => i.kind);
    // Kray coordinates the Seniorenbegleitung; the applications above are Kray's business, not Frohnhausen's.
    expect(kray.find((i) => i.kind === 'applications')?.count).toBe(1);
    expect(kinds(frohnhausen)).not.toContain('applications');
    expect(kinds(frohnhausen)).not.toContain('helpRequests');
    for (const item of [...kray, ...frohnhausen]) expect(item.count).toBeGreaterThan(0);
    expect(listOpenWork(db, user('bewohnerin@example.org'), now)).toEqual([]);
  });

  it('starts staff in the back office and everybody else in their account', () => {
    expect(startPathAfterLogin(db, user('kray@example.org'))).toBe('/verwaltung');
    expect(startPathAfterLogin(db, user('admin@example.org'))).toBe('/verwaltung');
    expect(startPathAfterLogin(db, user('ehrenamt@example.org'))).toBe('/konto');
  });
});
