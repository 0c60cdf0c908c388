import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { demoDb } from '../helpers/db';
import type { DbConnection } from '../../db/client';
import * as s from '../../db/schema';
import { problemsOf } from '../helpers/domain';
import { offerOccurrences, type StoredSchedule } from '../../src/lib/server/offers/schedules';
import { createOffer, getOffer, offerInputOf, updateOffer, type OfferInput } from '../../src/lib/server/offers/offers';
import { getActorBySlug, updateActor, actorInputOf } from '../../src/lib/server/offers/actors';
import { approveChange, listReviewQueue } from '../../src/lib/server/offers/review';
import { confirmByToken, isPossiblyOutdated, sendFreshnessReminders } from '../../src/lib/server/offers/freshness';
import { describeSchedule } from '../../src/lib/server/offers/describe';
import { parseOfferQuery, searchOffers } from '../../src/lib/server/offers/search';
import { translator } from '../../src/i18n';
import { createHash } from 'node:crypto';

const NOW = new Date('2026-12-01T10:00:00Z'); // a Tuesday
let db: DbConnection;

function user(email: string): s.User {
  return db.select().from(s.users).where(eq(s.users.email, email)).get()!;
}

function offerOf(actorSlug: string, title: string): s.Offer {
  const actor = getActorBySlug(db, actorSlug)!;
  return db
    .select()
    .from(s.offers)
    .where(and(eq(s.offers.actorId, actor.id), eq(s.offers.title, title)))
    .get()!;
}

beforeAll(async () => {
  ({ db } = await demoDb(NOW));
}, 60_000);

describe('demo Angebotslandschaft', () => {
  it('has at least 25 actors and 40 offers in all four Quartiere, several languages, expired, unconfirmed and outdated entries', () => {
    const actors = db.select().from(s.actors).all();
    const offers = db.select().from(s.offers).all();
    expect(actors.length).toBeGreaterThanOrEqual(25);
    expect(offers.length).toBeGreaterThanOrEqual(40);
    expect(new Set(offers.map((o) => o.quartierId)).size).toBe(4);
    expect(new Set(offers.flatMap((o) => o.languages.split(','))).size).toBeGreaterThanOrEqual(6);
    expect(offers.filter((o) => o.validUntil !== null && o.validUntil < '2026-12-01').length).toBeGreaterThanOrEqual(2);
    expect(actors.filter((a) => a.reminderStage === 1).length).toBeGreaterThanOrEqual(1);
    expect(actors.filter((a) => isPossiblyOutdated(a, NOW)).length).toBeGreaterThanOrEqual(2);
    expect(new Set(actors.map((a) => a.kind)).size).toBeGreaterThanOrEqual(10);
  });
});

const noHours = null;
const weekly = (
  days: StoredSchedule extends infer _ ? string[] : never,
  opensAt: string,
  closesAt: string,
  dtstart = '2026-12-01',
  interval = 1,
): StoredSchedule => ({ freq: 'weekly', interval, weekdays: days, opensAt, closesAt, dtstart }) as StoredSchedule;

describe('schedules on the recurrence engine', () => {
  it('expands "jeden Dienstag 10–12 Uhr" in Berlin wall-clock time across the DST change', () => {
    const dates = offerOccurrences(
      [weekly(['TU'], '10:00', '12:00', '2027-03-16')],
      { validFrom: null, validUntil: null },
      noHours,
      '2027-03-16',
      '2027-04-06',
    );
    expect(dates.map((o) => o.date)).toEqual(['2027-03-16', '2027-03-23', '2027-03-30', '2027-04-06']);
    expect(dates.map((o) => DateTime.fromJSDate(o.startsAt, { zone: 'Europe/Berlin' }).toFormat('HH:mm'))).toEqual(['10:00', '10:00', '10:00', '10:00']);
  });

  it('expands "jeden 1. Mittwoch" and the last Friday of the month', () => {
    const first: StoredSchedule = { freq: 'monthly', interval: 1, monthWeek: 1, weekday: 'WE', opensAt: '15:00', closesAt: '17:00', dtstart: '2027-01-01' };
    const last: StoredSchedule = { freq: 'monthly', interval: 1, monthWeek: -1, weekday: 'FR', opensAt: '15:00', closesAt: '17:00', dtstart: '2027-01-01' };
    expect(offerOccurrences([first], { validFrom: null, validUntil: null }, noHours, '2027-01-01', '2027-03-31').map((o) => o.date)).toEqual([
      '2027-01-06',
      '2027-02-03',
      '2027-03-03',
    ]);
    expect(offerOccurrences([last], { validFrom: null, validUntil: null }, noHours, '2027-01-01', '2027-03-31').map((o) => o.date)).toEqual([
      '2027-01-29',
      '2027-02-26',
      '2027-03-26',
    ]);
    expect(describeSchedule(translator('de'), first)).toBe('jeden ersten Mittwoch im Monat, 15:00–17:00 Uhr');
  });

  it('counts "every other week" from its anchor and keeps within the validity', () => {
    const dates = offerOccurrences(
      [weekly(['MO'], '18:00', '20:00', '2027-01-04', 2)],
      { validFrom: null, validUntil: '2027-02-10' },
      noHours,
      '2027-01-01',
      '2027-03-01',
    );
    expect(dates.map((o) => o.date)).toEqual(['2027-01-04', '2027-01-18', '2027-02-01']);
  });

  it('marks NRW public holidays as cancelled with their name', () => {
    const dates = offerOccurrences(
      [weekly(['MO'], '10:00', '12:00', '2027-03-01')],
      { validFrom: null, validUntil: null },
      noHours,
      '2027-03-22',
      '2027-04-05',
    );
    expect(dates.find((o) => o.date === '2027-03-29')?.cancelled).toEqual({ kind: 'holiday', name: expect.objectContaining({ de: 'Ostermontag' }) });
    expect(dates.find((o) => o.date === '2027-03-22')?.cancelled).toBeNull();
  });
});

function validInput(overrides: Partial<OfferInput> = {}): OfferInput {
  const base = offerInputOf(db, offerOf('buergerverein-kray-e-v', 'Seniorengymnastik'));
  return { ...base, title: 'Neue Gruppe', inCalendar: false, ...overrides };
}

describe('checking an offer', () => {
  it('refuses "until" before "from" next to the field', () => {
    const bv = getActorBySlug(db, 'buergerverein-kray-e-v')!;
    const result = problemsOf(() => createOffer(db, user('verein@example.org'), bv.id, validInput({ validFrom: '2027-03-01', validUntil: '2027-02-01' }), NOW));
    expect(result.kind).toBe('invalid');
    expect(result.fields).toContain('validUntil');
  });

  it('refuses a schedule that never occurs in its validity', () => {
    const bv = getActorBySlug(db, 'buergerverein-kray-e-v')!;
    // A Wednesday offer valid only on a Thursday.
    const result = problemsOf(() => createOffer(db, user('verein@example.org'), bv.id, validInput({ validFrom: '2027-01-07', validUntil: '2027-01-07' }), NOW));
    expect(result.keys).toContain('offers.error.neverOccurs');
    expect(result.fields).toContain('s0_freq');
  });

  it('refuses unknown types and languages, and times when the Treff is closed, all at once', () => {
    const bv = getActorBySlug(db, 'buergerverein-kray-e-v')!;
    const input = validInput({
      type: 'zauberei' as s.OfferType,
      languages: ['xx'],
      schedules: [{ freq: 'weekly', interval: 1, weekdays: ['MO'], opensAt: '10:00', closesAt: '12:00' }],
    });
    const result = problemsOf(() => createOffer(db, user('verein@example.org'), bv.id, input, NOW));
    expect(result.fields).toEqual(expect.arrayContaining(['type', 'languages', 's0_opensAt']));
  });

  it('accepts a valid offer of the member’s own organisation and lists it', () => {
    const bv = getActorBySlug(db, 'buergerverein-kray-e-v')!;
    const { offer, outcome } = createOffer(db, user('verein@example.org'), bv.id, validInput({ title: 'Gedächtnistraining' }), NOW);
    expect(outcome).toBe('saved');
    expect(getOffer(db, offer.id)?.status).toBe('published');
  });
});

describe('permissions', () => {
  it('a member of one organisation can never edit another organisation’s offer or profile', () => {
    const foreign = offerOf('kath-kirchengemeinde-st-barbara', 'Kleiderkammer St. Barbara');
    const before = getOffer(db, foreign.id)!;
    const result = problemsOf(() => updateOffer(db, user('verein@example.org'), foreign.id, { ...offerInputOf(db, foreign), title: 'Übernommen' }, NOW));
    expect(result.kind).toBe('forbidden');
    expect(getOffer(db, foreign.id)!.title).toBe(before.title);
    const kirche = getActorBySlug(db, 'kath-kirchengemeinde-st-barbara')!;
    expect(problemsOf(() => updateActor(db, user('verein@example.org'), kirche.id, actorInputOf(db, kirche), null, NOW)).kind).toBe('forbidden');
    expect(problemsOf(() => createOffer(db, user('verein@example.org'), kirche.id, validInput(), NOW)).kind).toBe('forbidden');
  });

  it('staff may edit actors of their Quartiere only; admins all', () => {
    const frohnhausen = offerOf('awo-stadtteilarbeit-frohnhausen', 'Mittagstisch');
    expect(problemsOf(() => updateOffer(db, user('kray@example.org'), frohnhausen.id, offerInputOf(db, frohnhausen), NOW)).kind).toBe('forbidden');
    expect(updateOffer(db, user('frohnhausen@example.org'), frohnhausen.id, offerInputOf(db, frohnhausen), NOW)).toBe('saved');
    expect(updateOffer(db, user('admin@example.org'), frohnhausen.id, offerInputOf(db, frohnhausen), NOW)).toBe('saved');
    expect(problemsOf(() => updateOffer(db, user('bewohnerin@example.org'), frohnhausen.id, offerInputOf(db, frohnhausen), NOW)).kind).toBe('forbidden');
  });

  it('a reviewed organisation’s change waits for staff, and the public offer stays until approval', () => {
    const offer = offerOf('kath-kirchengemeinde-st-barbara', 'Seniorencafé');
    expect(updateOffer(db, user('kirche@example.org'), offer.id, { ...offerInputOf(db, offer), title: 'Seniorencafé am Mittwoch' }, NOW)).toBe('pending');
    expect(getOffer(db, offer.id)!.title).toBe('Seniorencafé');
    expect(listReviewQueue(db, user('kray@example.org')).map((i) => i.id)).toContain(offer.id);
    expect(listReviewQueue(db, user('frohnhausen@example.org')).map((i) => i.id)).not.toContain(offer.id);
    expect(problemsOf(() => approveChange(db, user('kirche@example.org'), { kind: 'offer', id: offer.id }, NOW)).kind).toBe('forbidden');
    approveChange(db, user('kray@example.org'), { kind: 'offer', id: offer.id }, NOW);
    expect(getOffer(db, offer.id)!.title).toBe('Seniorencafé am Mittwoch');
  });
});

describe('calendar switch', () => {
  it('an offer in the calendar owns a published series whose closed days are cancelled with the reason', () => {
    const offer = offerOf('repair-cafe-karnap', 'Repair-Café');
    const schedule = db.select().from(s.offerSchedules).where(eq(s.offerSchedules.offerId, offer.id)).get()!;
    const event = db.select().from(s.events).where(eq(s.events.id, schedule.eventId!)).get()!;
    expect(event.status).toBe('published');
    expect(event.rrule).toBe('FREQ=MONTHLY;BYDAY=1SA');
    const occurrences = db.select().from(s.eventOccurrences).where(eq(s.eventOccurrences.eventId, event.id)).all();
    expect(occurrences.some((o) => o.status === 'scheduled')).toBe(true);
    const gym = offerOf('buergerverein-kray-e-v', 'Seniorengymnastik');
    const gymEvent = db.select().from(s.offerSchedules).where(eq(s.offerSchedules.offerId, gym.id)).get()!.eventId!;
    const exceptions = db.select().from(s.eventExceptions).where(eq(s.eventExceptions.eventId, gymEvent)).all();
    // Wednesday 30 December 2026 falls in the Treff's Christmas break.
    expect(exceptions.find((e) => e.recurrenceLocal === '2026-12-30T15:00')?.note).toMatch(/Weihnachtspause/);
    const cancelled = db
      .select()
      .from(s.eventOccurrences)
      .where(and(eq(s.eventOccurrences.eventId, gymEvent), eq(s.eventOccurrences.recurrenceLocal, '2026-12-30T15:00')))
      .get();
    expect(cancelled?.status).toBe('cancelled');
  });

  it('switching it off removes the series', () => {
    const offer = offerOf('initiative-sprachpaten-bergmannsfeld', 'Sprachcafé');
    const before = db.select().from(s.offerSchedules).where(eq(s.offerSchedules.offerId, offer.id)).get()!.eventId!;
    updateOffer(db, user('admin@example.org'), offer.id, { ...offerInputOf(db, offer), inCalendar: false }, NOW);
    expect(db.select().from(s.events).where(eq(s.events.id, before)).get()).toBeUndefined();
  });
});

describe('freshness', () => {
  it('reminds once a year, again after three weeks, then shows "möglicherweise veraltet"; the mail link confirms', () => {
    const bv = getActorBySlug(db, 'buergerverein-kray-e-v')!;
    const settings = { confirmMonths: 12, reminderDays: 21 };
    const t = (months: number, days = 0) => DateTime.fromJSDate(NOW).plus({ months, days }).toJSDate();
    sendFreshnessReminders(db, t(9), settings);
    expect(getActorBySlug(db, bv.slug)!.reminderStage).toBe(0);
    sendFreshnessReminders(db, t(12, 1), settings);
    expect(getActorBySlug(db, bv.slug)!.reminderStage).toBe(1);
    const mail = db
      .select()
      .from(s.outbox)
      .where(and(eq(s.outbox.kind, 'offers-confirm'), eq(s.outbox.toAddress, 'verein@example.org')))
      .all();
    expect(mail).toHaveLength(1);
    sendFreshnessReminders(db, t(12, 10), settings);
    expect(getActorBySlug(db, bv.slug)!.reminderStage).toBe(1);
    sendFreshnessReminders(db, t(12, 23), settings);
    const reminded = getActorBySlug(db, bv.slug)!;
    expect(reminded.reminderStage).toBe(2);
    expect(isPossiblyOutdated(reminded, t(12, 30), settings)).toBe(false);
    expect(isPossiblyOutdated(reminded, t(12, 45), settings)).toBe(true);
    const token = /\/angebote\/pruefen\/([a-z2-7]+)/.exec(
      db
        .select()
        .from(s.outbox)
        .where(and(eq(s.outbox.kind, 'offers-confirm'), eq(s.outbox.toAddress, 'verein@example.org')))
        .all()
        .at(-1)!.textBody,
    )![1]!;
    const stored = db
      .select()
      .from(s.actorConfirmations)
      .all()
      .map((c) => c.tokenHash);
    expect(stored).toContain(createHash('sha256').update(token).digest('hex'));
    expect(stored).not.toContain(token);
    confirmByToken(db, token, t(12, 46));
    const confirmed = getActorBySlug(db, bv.slug)!;
    expect(confirmed.reminderStage).toBe(0);
    expect(isPossiblyOutdated(confirmed, t(12, 60), settings)).toBe(false);
    expect(problemsOf(() => confirmByToken(db, token, t(16))).kind).toBe('not_found');
  });
});

describe('public search', () => {
  const find = (params: Record<string, string>) =>
    searchOffers(db, parseOfferQuery(new URLSearchParams(params)), NOW, { pageSize: 500 }).items.map((i) => i.title);

  it('finds by folded free text, type, weekday and time of day, language, Quartier, free and step-free', () => {
    expect(find({ q: 'schulden' })).toContain('Schuldnerberatung');
    expect(find({ q: 'SPRACHCAFE' })).toContain('Sprachcafé');
    expect(find({ q: 'caritas' })).toEqual(expect.arrayContaining(['Schuldnerberatung', 'Energieschulden-Sprechstunde']));
    const sport = searchOffers(db, parseOfferQuery(new URLSearchParams({ art: 'sport' })), NOW).items;
    expect(sport.map((i) => i.title)).toContain('Rückenfit');
    expect(sport.every((i) => i.type === 'sport')).toBe(true);
    const thursdayAfternoon = find({ tag: 'TH', zeit: 'afternoon' });
    expect(thursdayAfternoon).toContain('Sprachcafé');
    expect(thursdayAfternoon).not.toContain('Schuldnerberatung');
    expect(find({ sprache: 'uk' })).toContain('Lebensmittelausgabe');
    expect(find({ sprache: 'uk' })).not.toContain('Seniorengymnastik');
    expect(find({ quartier: 'karnap' })).toContain('Repair-Café');
    expect(find({ quartier: 'karnap' })).not.toContain('Sprachcafé');
    expect(find({ kostenlos: '1' })).not.toContain('Mittagstisch');
    expect(find({ stufenlos: '1' })).not.toContain('Seniorengymnastik'); // Quartierstreff Kray-Nord has two steps
    expect(find({ fuer: 'senioren' })).toContain('Seniorenberatung');
  });

  it('does not list ended offers', () => {
    expect(find({ q: 'bewerbungstraining' })).toEqual([]);
  });
});
