/**
 * The Quartiersbericht's figures on a small hand-made dataset whose answers are known: a week with the change to
 * summer time, a series with a cancelled date, a cancelled event, a concern reopened twice, bookings crossing the
 * period's edge, and the privacy rule for small counts of people.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { DbConnection } from '../../db/client';
import * as s from '../../db/schema';
import { freshDb } from '../helpers/db';
import { syncOccurrences } from '../../src/lib/server/events/occurrences';
import { buildReport, computeReport, median, type QuartierReport, type ReportSection } from '../../src/lib/server/reports/report';
import { presetPeriod, resolvePeriod, type ReportPeriod } from '../../src/lib/server/reports/period';
import { DomainError } from '../../src/lib/server/errors';
import { showCell, type Cell } from '../../src/lib/reports-format';
import { layoutBars } from '../../src/lib/charts';

const now = new Date('2026-04-15T10:00:00Z');
const at = (local: string): Date => DateTime.fromISO(local, { zone: 'Europe/Berlin' }).toJSDate();
const march = resolvePeriod({ von: '2026-03-01', bis: '2026-03-31' }, now);
/** Monday 23 to Sunday 29 March 2026: the clocks go forward at 02:00 on the Sunday. */
const dstWeek = resolvePeriod({ von: '2026-03-23', bis: '2026-03-29' }, now);

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('Quartiersbericht on a hand-made dataset', () => {
  let db: DbConnection;
  let quartierA: s.Quartier;
  const users: Record<string, s.User> = {};

  const figure = (report: QuartierReport | ReportSection[], section: string, id: string): Cell => {
    const sections = Array.isArray(report) ? report : report.sections;
    return sections.find((x) => x.id === section)!.figures.find((f) => f.id === id)!.value;
  };
  const table = (report: QuartierReport, id: string) => report.sections.flatMap((x) => x.tables).find((t) => t.id === id)!;
  const reportFor = (period: ReportPeriod): QuartierReport => computeReport(db, quartierA, period, now);

  beforeAll(() => {
    ({ db } = freshDb());
    const [a, b] = ['Altstadt', 'Bruch'].map((name, i) => db.insert(s.quartiere).values({ slug: name.toLowerCase(), name, sortOrder: i }).returning().get());
    quartierA = a!;
    const qb = b!;
    for (const [email, role, scope] of [
      ['a@example.org', 'staff', a!.id],
      ['b@example.org', 'staff', qb.id],
      ['admin@example.org', 'admin', null],
      ['resident@example.org', 'member', null],
    ] as const) {
      users[email] = db.insert(s.users).values({ email, role, passwordHash: 'x', displayName: email }).returning().get();
      if (scope) db.insert(s.staffScopes).values({ userId: users[email]!.id, quartierId: scope }).run();
    }
    const verein = db.insert(s.organisations).values({ slug: 'verein', name: 'Verein', kind: 'verein', quartierId: a!.id }).returning().get();
    const place = (slug: string, quartierId: number) =>
      db
        .insert(s.places)
        .values({ slug, quartierId, kind: 'treff', name: slug, street: 'Weg 1', postalCode: '45000', city: 'Essen', hasOpeningHours: true })
        .returning()
        .get();
    const treff = place('treff-a', a!.id);
    place('treff-b', qb.id);
    // Sunday 01:00–05:00 loses an hour on 29 March; Monday 10–12 is closed on 23 March; Wednesday 14–18 is cut to 14–16 on 25 March.
    for (const [weekday, opens, closes] of [
      [7, '01:00', '05:00'],
      [1, '10:00', '12:00'],
      [3, '14:00', '18:00'],
    ] as const)
      db.insert(s.openingHours).values({ placeId: treff.id, weekday, opens, closes }).run();
    db.insert(s.openingExceptions).values({ placeId: treff.id, dateFrom: '2026-03-23', dateTo: '2026-03-23', kind: 'closed', reason: 'Teamtag' }).run();
    db.insert(s.openingExceptions)
      .values({ placeId: treff.id, dateFrom: '2026-03-25', dateTo: '2026-03-25', kind: 'special_hours', opens: '14:00', closes: '16:00', reason: 'kürzer' })
      .run();

    const cafe = db.select().from(s.categories).all()[0]!;
    const seniors = db.select().from(s.targetGroups).all()[0]!;
    const addEvent = (title: string, startLocal: string, endLocal: string, quartierId: number, extra: Partial<s.NewEvent> = {}): number => {
      const id = db
        .insert(s.events)
        .values({
          uid: `${title}@test`,
          slug: title,
          title,
          startLocal,
          endLocal,
          firstStartsAt: at(startLocal),
          status: 'published',
          placeId: treff.id,
          ...extra,
        })
        .returning()
        .get().id;
      db.insert(s.eventQuartiere).values({ eventId: id, quartierId }).run();
      db.insert(s.eventCategories).values({ eventId: id, categoryId: cafe.id }).run();
      db.insert(s.eventTargetGroups).values({ eventId: id, targetGroupId: seniors.id }).run();
      syncOccurrences(db, id, now);
      return id;
    };
    // A weekly series on 4, 11, 18 and 25 March; 11 March is cancelled.
    const series = addEvent('Kaffeerunde', '2026-03-04T15:00', '2026-03-04T16:00', a!.id, { rrule: 'FREQ=WEEKLY;COUNT=4', organisationId: verein.id });
    db.insert(s.eventExceptions).values({ eventId: series, recurrenceLocal: '2026-03-11T15:00', kind: 'cancelled' }).run();
    syncOccurrences(db, series, now);
    const fest = addEvent('Frühlingsfest', '2026-03-20T14:00', '2026-03-20T18:00', a!.id);
    addEvent('Spätlesung', '2026-03-31T20:00', '2026-03-31T21:00', a!.id);
    addEvent('Abgesagter Vortrag', '2026-03-10T18:00', '2026-03-10T19:00', a!.id, { status: 'cancelled' });
    addEvent('Anderes Quartier', '2026-03-12T18:00', '2026-03-12T19:00', qb.id);
    for (const [eventId, local, attendees] of [
      [series, '2026-03-04T15:00', 12],
      [series, '2026-03-18T15:00', 3],
      [fest, '2026-03-20T14:00', 40],
    ] as const)
      db.insert(s.eventAttendance).values({ eventId, recurrenceLocal: local, attendees, recordedAt: now }).run();

    // Rooms: 09:00–17:00 bookable, 8 hours a day; one booking crosses the start of the DST week.
    const room = db
      .insert(s.rooms)
      .values({ placeId: treff.id, slug: 'saal', name: 'Saal', capacity: 30, bookableFrom: '09:00', bookableUntil: '17:00' })
      .returning()
      .get();
    for (const [from, to, status] of [
      ['2026-03-22T23:00', '2026-03-23T01:00', 'confirmed'],
      ['2026-03-24T10:00', '2026-03-24T13:00', 'confirmed'],
      ['2026-03-25T10:00', '2026-03-25T12:00', 'declined'],
    ] as const)
      db.insert(s.bookings)
        .values({ roomId: room.id, organisationId: verein.id, startsAt: at(from), endsAt: at(to), purpose: 'Treffen', expectedAttendees: 10, status })
        .run();

    // Volunteering: three active volunteers from February, one who stopped in January, one new application in March.
    const programme = db.insert(s.volunteerProgrammes).values({ slug: 'besuch', name: 'Besuchsdienst', quartierId: a!.id }).returning().get();
    const application = (status: s.ApplicationStatus, created: string, endedAt: Date | null = null) =>
      db
        .insert(s.volunteerApplications)
        .values({
          programmeId: programme.id,
          name: 'X',
          email: 'x@example.org',
          consentAt: at(created),
          consentVersion: '1',
          status,
          createdAt: at(created),
          endedAt,
        })
        .returning()
        .get();
    const volunteer = application('aktiv', '2026-02-01T10:00');
    application('aktiv', '2026-02-02T10:00');
    application('pausiert', '2026-02-03T10:00');
    application('beendet', '2025-12-01T10:00', at('2026-01-15T10:00'));
    application('neu', '2026-03-05T10:00');
    const help = (created: string, status: 'neu' | 'vermittelt') =>
      db
        .insert(s.helpRequests)
        .values({
          programmeId: programme.id,
          requesterName: 'Y',
          requesterPhone: '0201 1',
          quartierId: a!.id,
          consentAt: at(created),
          consentVersion: '1',
          status,
          createdAt: at(created),
        })
        .returning()
        .get();
    const matched = help('2026-03-02T10:00', 'vermittelt');
    help('2026-03-20T10:00', 'neu');
    db.insert(s.volunteerMatches)
      .values({ helpRequestId: matched.id, applicationId: volunteer.id, createdAt: at('2026-03-06T10:00') })
      .run();

    // Concerns: one answered after 3 days and reopened twice, one forwarded and answered after a day, one open, one duplicate.
    const category = db.select().from(s.concernCategories).all()[0]!;
    const concern = (created: string, status: s.ConcernStatus, quartierId = a!.id, forwardedAt: Date | null = null) =>
      db
        .insert(s.concerns)
        .values({
          quartierId,
          categoryId: category.id,
          description: 'd',
          locationText: 'l',
          status,
          createdAt: at(created),
          updatedAt: at(created),
          forwardedAt,
        })
        .returning()
        .get().id;
    const reopened = concern('2026-03-02T10:00', 'erledigt');
    for (const [kind, when] of [
      ['answer', '2026-03-05T10:00'],
      ['reopened', '2026-03-07T10:00'],
      ['answer', '2026-03-10T10:00'],
      ['reopened', '2026-03-12T10:00'],
      ['answer', '2026-03-20T10:00'],
    ] as const)
      db.insert(s.concernEvents)
        .values({ concernId: reopened, kind, at: at(when) })
        .run();
    const forwarded = concern('2026-03-10T10:00', 'nicht_entsprochen', a!.id, at('2026-03-10T12:00'));
    db.insert(s.concernEvents)
      .values({ concernId: forwarded, kind: 'answer', at: at('2026-03-11T10:00') })
      .run();
    concern('2026-03-15T10:00', 'neu');
    concern('2026-03-16T10:00', 'dublette');
    concern('2026-03-16T10:00', 'neu', qb.id);
    concern('2026-02-16T10:00', 'neu');

    const route = db.insert(s.helperRoutes).values({ quartierId: a!.id, name: 'Runde', stops: 'A', weekdays: '2' }).returning().get();
    const round = db
      .insert(s.helperRounds)
      .values({ routeId: route.id, walkedOn: '2026-03-10', startedAt: at('2026-03-10T09:00') })
      .returning()
      .get();
    db.insert(s.helperFindings)
      .values({ roundId: round.id, category: 'abfall', locationText: 'x', outcome: 'selbst_beseitigt', createdAt: at('2026-03-10T09:30') })
      .run();
    db.insert(s.helperFindings)
      .values({ roundId: round.id, category: 'gruen', locationText: 'y', outcome: 'weitergegeben', createdAt: at('2026-03-10T09:40') })
      .run();

    const actor = (slug: string, checkedAt: Date) => db.insert(s.actors).values({ slug, name: slug, kind: 'initiative', checkedAt }).returning().get();
    const fresh = actor('frisch', at('2026-02-01T10:00'));
    const stale = actor('alt', at('2024-02-01T10:00'));
    for (const x of [fresh, stale]) db.insert(s.actorQuartiere).values({ actorId: x.id, quartierId: a!.id }).run();
    db.insert(s.offers)
      .values({ actorId: fresh.id, slug: 'o', title: 'Offer', type: 'treffpunkt', quartierId: a!.id, checkedAt: at('2026-01-01T10:00') })
      .run();
  });
  afterAll(() => db.$client.close());

  it('counts dates held without the cancelled date, the cancelled event or the other Quartier', () => {
    const report = reportFor(march);
    expect(figure(report, 'veranstaltungen', 'held').value).toBe(5);
    expect(figure(report, 'veranstaltungen', 'cancelled').value).toBe(2);
    expect(table(report, 'veranstaltungen-monat').rows.map((r) => r.cells[0]!.value)).toEqual([5]);
    expect(table(report, 'veranstaltungen-veranstalter').rows.map((r) => [r.label, r.cells[0]!.value])).toEqual([
      [{ key: 'admin.orgs.kind.verein' }, 3],
      [{ key: 'reports.organiser.none' }, 2],
    ]);
  });

  it('sums attendance where recorded and says how many dates it covers', () => {
    const report = reportFor(march);
    expect(figure(report, 'veranstaltungen', 'attendance').value).toBe(55);
    expect(figure(report, 'veranstaltungen', 'average').value).toBe(18.3);
    const coverage = report.sections[0]!.figures.find((f) => f.id === 'coverage')!;
    expect(coverage.value.value).toBe(60);
    expect(coverage.how).toEqual({ key: 'reports.how.attendanceCoverage', params: { recorded: 3, held: 5 } });
  });

  it('counts a date as held only once it has ended', () => {
    const before = computeReport(db, quartierA, march, at('2026-03-19T12:00'));
    expect(figure(before, 'veranstaltungen', 'held').value).toBe(2);
  });

  it('gives opening hours in the DST week: the Sunday has three hours, closures and shorter hours count as closed', () => {
    const report = reportFor(dstWeek);
    expect(figure(report, 'treffs', 'offered').value).toBe(5);
    expect(figure(report, 'treffs', 'closed').value).toBe(4);
    const row = table(report, 'treffs-oeffnungszeiten').rows.find((r) => 'text' in r.label && r.label.text === 'treff-a')!;
    expect(row.cells.map((c) => c.value)).toEqual([5, 4, 1]);
  });

  it('gives the plain weekly hours in an ordinary week', () => {
    const report = reportFor(resolvePeriod({ von: '2026-03-02', bis: '2026-03-08' }, now));
    expect(figure(report, 'treffs', 'offered').value).toBe(10);
    expect(figure(report, 'treffs', 'closed').value).toBe(0);
    expect(table(report, 'raeume-raum').rows[0]!.cells[1]!.value).toBe(56);
  });

  it('gives booked hours inside the period, occupancy within bookable hours and declined requests', () => {
    const report = reportFor(dstWeek);
    expect(figure(report, 'raeume', 'booked').value).toBe(4);
    expect(figure(report, 'raeume', 'occupancy').value).toBe(7.1);
    expect(figure(report, 'raeume', 'declined').value).toBe(1);
    expect(report.sections.find((x) => x.id === 'raeume')!.figures.find((f) => f.id === 'declined')!.how.params).toEqual({ requests: 2 });
  });

  it('counts volunteers, applications and help requests with the median time to match', () => {
    const report = reportFor(march);
    expect(figure(report, 'ehrenamt', 'active').value).toBe(3);
    expect(figure(report, 'ehrenamt', 'applications').value).toBe(1);
    expect(figure(report, 'ehrenamt', 'requests').value).toBe(2);
    expect(figure(report, 'ehrenamt', 'matched').value).toBe(1);
    expect(figure(report, 'ehrenamt', 'open').value).toBe(1);
    expect(figure(report, 'ehrenamt', 'timeToMatch').value).toBe(4);
  });

  it('counts a concern reopened twice once, with its first answer, and leaves duplicates out of the shares', () => {
    const report = reportFor(march);
    expect(figure(report, 'anliegen', 'received').value).toBe(4);
    expect(figure(report, 'anliegen', 'forwarded').value).toBe(1);
    expect(figure(report, 'anliegen', 'answered').value).toBe(2);
    expect(figure(report, 'anliegen', 'timeToAnswer').value).toBe(2);
    expect(figure(report, 'anliegen', 'solved').value).toBe(33.3);
    expect(figure(report, 'anliegen', 'notGranted').value).toBe(33.3);
    expect(figure(report, 'anliegen', 'open').value).toBe(33.3);
    expect(figure(report, 'anliegen', 'rounds').value).toBe(1);
    expect(table(report, 'runden-befunde').rows.map((r) => r.cells.map((c) => c.value))).toEqual([
      [1, 0],
      [0, 1],
      [0, 0],
      [0, 0],
    ]);
  });

  it('gives the directory and the share confirmed in the last 12 months', () => {
    const report = reportFor(march);
    expect(figure(report, 'angebote', 'actors').value).toBe(2);
    expect(figure(report, 'angebote', 'actorsConfirmed').value).toBe(50);
    expect(figure(report, 'angebote', 'offers').value).toBe(1);
    expect(figure(report, 'angebote', 'offersConfirmed').value).toBe(100);
  });

  it('adds up the whole city for admins', () => {
    const city = buildReport(db, users['admin@example.org'], { quartier: 'stadt', von: '2026-03-01', bis: '2026-03-31' }, now);
    expect(city.quartier).toBeNull();
    expect(figure(city, 'veranstaltungen', 'held').value).toBe(6);
    expect(figure(city, 'anliegen', 'received').value).toBe(5);
  });

  it('places a section from outside (goals and measures) after the figures', () => {
    const report = computeReport(db, quartierA, march, now, [() => ({ id: 'ziele', title: 'reports.goals.title', figures: [], tables: [] })]);
    expect(report.sections.at(-1)!.id).toBe('ziele');
  });

  it('shows counts of one to four people as "< 5", and nothing else', () => {
    expect(showCell({ value: 3, unit: 'people' }, 'de')).toBe('< 5');
    expect(showCell({ value: 0, unit: 'people' }, 'de')).toBe('0');
    expect(showCell({ value: 5, unit: 'people' }, 'de')).toBe('5');
    expect(showCell({ value: 3, unit: 'count' }, 'de')).toBe('3');
    expect(showCell({ value: 33.3, unit: 'percent' }, 'de')).toBe('33,3 %');
    expect(showCell({ value: null, unit: 'days' }, 'de')).toBe('–');
  });

  it('draws bars in proportion to their values on one baseline, none for zero', () => {
    const layout = layoutBars([
      { label: 'a', value: 10, shown: '10' },
      { label: 'b', value: 5, shown: '5' },
      { label: 'c', value: 0, shown: '0' },
    ]);
    const [a, b, c] = layout.bars;
    expect(b!.height).toBeCloseTo(a!.height / 2, 1);
    expect(c!.height).toBe(0);
    for (const bar of layout.bars) expect(bar.y + bar.height).toBeCloseTo(layout.baseline, 5);
    expect(a!.x).toBeLessThan(b!.x);
    expect(layoutBars([{ label: 'x', value: 0, shown: '0' }]).bars[0]!.height).toBe(0);
  });

  it('puts the first bar at the right for a right-to-left page, each bar keeping its own height and label', () => {
    const items = [
      { label: 'Jan', value: 10, shown: '10' },
      { label: 'Feb', value: 5, shown: '5' },
      { label: 'Mär', value: 2, shown: '2' },
    ];
    const ltr = layoutBars(items);
    const rtl = layoutBars(items, { direction: 'rtl' });
    expect(rtl.bars.map((b) => b.label)).toEqual(['Jan', 'Feb', 'Mär']);
    expect(rtl.bars[0]!.x).toBeGreaterThan(rtl.bars[1]!.x);
    expect(rtl.bars[1]!.x).toBeGreaterThan(rtl.bars[2]!.x);
    // Mirrored: the first bar stands as far from the right edge as it stood from the left.
    expect(rtl.bars[0]!.x + rtl.bars[0]!.width).toBeCloseTo(ltr.width - ltr.bars[0]!.x, 0);
    expect(rtl.bars.map((b) => b.height)).toEqual(ltr.bars.map((b) => b.height));
  });

  it('takes the middle of an even list as the mean of its two middle values', () => {
    expect(median([4, 1, 3])).toBe(3);
    expect(median([1, 3])).toBe(2);
    expect(median([])).toBeNull();
  });
});

describe('report periods and who may read a report', () => {
  let db: DbConnection;
  const user = (email: string) =>
    db
      .select()
      .from(s.users)
      .all()
      .find((u) => u.email === email)!;

  beforeAll(() => {
    ({ db } = freshDb());
    const q = db.insert(s.quartiere).values({ slug: 'altstadt', name: 'Altstadt' }).returning().get();
    const other = db.insert(s.quartiere).values({ slug: 'bruch', name: 'Bruch' }).returning().get();
    for (const [email, role] of [
      ['staff@example.org', 'staff'],
      ['admin@example.org', 'admin'],
      ['resident@example.org', 'member'],
    ] as const)
      db.insert(s.users).values({ email, role, passwordHash: 'x', displayName: email }).run();
    db.insert(s.staffScopes)
      .values({ userId: user('staff@example.org').id, quartierId: q.id })
      .run();
    void other;
  });
  afterAll(() => db.$client.close());

  it('defaults to the last full quarter and offers the last twelve full months', () => {
    expect(presetPeriod('quartal', now)).toMatchObject({ from: '2026-01-01', to: '2026-03-31' });
    expect(presetPeriod('jahr', now)).toMatchObject({ from: '2025-04-01', to: '2026-03-31' });
    expect(resolvePeriod({}, now)).toMatchObject({ from: '2026-01-01', to: '2026-03-31' });
    const period = resolvePeriod({ von: '2026-03-29', bis: '2026-03-29' }, now);
    expect(period.endsAt.getTime() - period.startsAt.getTime()).toBe(23 * 3_600_000);
  });

  it.each([
    [{ von: '2026-03-31', bis: '2026-03-01' }, 'bis', 'reports.period.error.endBeforeStart'],
    [{ von: '2020-01-01', bis: '2025-01-02' }, 'bis', 'reports.period.error.tooLong'],
    [{ von: '31.12.2026', bis: '2026-03-01' }, 'von', 'reports.period.error.from'],
    [{ von: '2026-03-01', bis: '' }, 'bis', 'reports.period.error.to'],
  ])('refuses the period %o, naming the field', (request, field, key) => {
    const error = refusal(() => resolvePeriod(request, now));
    expect(error.kind).toBe('invalid');
    expect(error.problems).toEqual([expect.objectContaining({ field, key })]);
  });

  it('accepts exactly five years', () => {
    expect(resolvePeriod({ von: '2020-01-01', bis: '2025-01-01' }, now).to).toBe('2025-01-01');
  });

  it('reports an unknown Quartier and a bad period together', () => {
    const error = refusal(() => buildReport(db, user('staff@example.org'), { quartier: 'atlantis', von: '2026-03-31', bis: '2026-03-01' }, now));
    expect(error.kind).toBe('invalid');
    expect(error.problems.map((p) => p.field)).toEqual(['bis', 'quartier']);
  });

  it('lets staff read their own Quartier only, and the city-wide report only admins', () => {
    expect(buildReport(db, user('staff@example.org'), {}, now).quartier?.slug).toBe('altstadt');
    expect(refusal(() => buildReport(db, user('staff@example.org'), { quartier: 'bruch' }, now)).kind).toBe('forbidden');
    expect(refusal(() => buildReport(db, user('staff@example.org'), { quartier: 'stadt' }, now)).kind).toBe('forbidden');
    expect(refusal(() => buildReport(db, user('resident@example.org'), {}, now)).kind).toBe('forbidden');
    expect(refusal(() => buildReport(db, null, {}, now)).kind).toBe('forbidden');
    expect(buildReport(db, user('admin@example.org'), {}, now).quartier).toBeNull();
    expect(buildReport(db, user('admin@example.org'), { quartier: 'bruch' }, now).quartier?.slug).toBe('bruch');
  });
});
