import { describe, expect, it } from 'vitest';
import { and, eq, isNotNull } from 'drizzle-orm';
import { demoDb } from '../helpers/db';
import * as s from '../../db/schema';
import { verifyPassword } from '../../src/lib/server/auth/password';
import { DEMO_PASSWORD, demoAccounts } from '../../db/seed/demo';
import { demoHelperAccount } from '../../db/seed/demo/concerns';
import { listClosureConflicts } from '../../src/lib/server/places/closure-conflicts';
import { berlinDate } from '../../src/lib/time';

const now = new Date('2026-11-23T10:00:00Z');

describe('demo city', () => {
  it('has the Essen Quartiere with Stadtteilbüros, opening hours and a holiday closure', async () => {
    const { db } = await demoDb(now);
    expect(
      db
        .select()
        .from(s.quartiere)
        .all()
        .map((q) => q.name),
    ).toEqual(['Kray', 'Bergmannsfeld/Hörsterfeld', 'Karnap', 'Frohnhausen']);
    expect(db.select().from(s.places).where(eq(s.places.kind, 'stadtteilbuero')).all().length).toBeGreaterThanOrEqual(3);
    expect(db.select().from(s.openingHours).all().length).toBeGreaterThan(10);
    const christmas = db.select().from(s.openingExceptions).where(eq(s.openingExceptions.dateFrom, '2026-12-24')).all();
    expect(christmas.length).toBeGreaterThan(0);
  });

  it('contradicts its opening hours nowhere: nothing is planned at a place on a day it is shut, whenever it is seeded', async () => {
    // Seeded on 1 December the Christmas break and the winter holidays lie ahead; on 20 March, Easter and May.
    for (const seededAt of [new Date('2026-12-01T09:00:00Z'), new Date('2027-03-20T09:00:00Z')]) {
      const { db } = await demoDb(seededAt);
      const from = berlinDate(seededAt);
      const to = berlinDate(new Date(seededAt.getTime() + 400 * 86_400_000));
      const found = db
        .select({ id: s.places.id, name: s.places.name })
        .from(s.places)
        .all()
        .flatMap((place) => listClosureConflicts(db, place.id, from, to).map((c) => `${place.name}: ${c.kind} ${c.title} ${berlinDate(c.startsAt)}`));
      expect({ seededAt, found }).toEqual({ seededAt, found: [] });
      // The series that met a closed day say so to residents instead of disappearing.
      const christmas = db
        .select({ note: s.eventExceptions.note })
        .from(s.eventExceptions)
        .where(eq(s.eventExceptions.kind, 'cancelled'))
        .all()
        .map((e) => e.note);
      expect(christmas.some((note) => note.startsWith('Fällt aus: '))).toBe(true);
      db.$client.close();
    }
  });

  it('has rooms that need approval and rooms that confirm automatically', async () => {
    const { db } = await demoDb(now);
    const rooms = db.select().from(s.rooms).all();
    expect(rooms.some((r) => r.requiresApproval)).toBe(true);
    expect(rooms.some((r) => !r.requiresApproval)).toBe(true);
  });

  it('has six months of events with weekly and monthly series across the March DST change and a cancelled occurrence', async () => {
    const { db } = await demoDb(now);
    const occurrences = db.select().from(s.eventOccurrences).all();
    const last = Math.max(...occurrences.map((o) => o.startsAt.getTime()));
    expect(last).toBeGreaterThan(new Date('2027-05-23T00:00:00Z').getTime());
    const series = db.select().from(s.events).where(isNotNull(s.events.rrule)).all();
    expect(series.some((e) => e.rrule!.includes('FREQ=WEEKLY'))).toBe(true);
    expect(series.some((e) => e.rrule!.includes('FREQ=MONTHLY'))).toBe(true);
    const wandercafe = series.find((e) => e.title === 'Wandercafé')!;
    const its = occurrences.filter((o) => o.eventId === wandercafe.id);
    // 15:00 Berlin is 14:00 UTC in winter and 13:00 UTC in summer: the series crosses the change.
    expect(its.some((o) => o.startsAt.toISOString().endsWith('T14:00:00.000Z'))).toBe(true);
    expect(its.some((o) => o.startsAt.toISOString().endsWith('T13:00:00.000Z'))).toBe(true);
    // One is cancelled because of illness; the others fell on a day the Treff is closed (seeded on 23 November: the
    // Tuesday of the Christmas break).
    const cancelledNotes = db
      .select({ note: s.eventExceptions.note })
      .from(s.eventExceptions)
      .where(and(eq(s.eventExceptions.eventId, wandercafe.id), eq(s.eventExceptions.kind, 'cancelled')))
      .all()
      .map((e) => e.note)
      .sort();
    expect(cancelledNotes).toEqual(['Fällt aus: Weihnachtspause – ab dem 2. Januar sind wir wieder für Sie da.', 'Fällt wegen Krankheit aus.']);
    expect(its.filter((o) => o.status === 'cancelled')).toHaveLength(2);
    for (const kind of [
      'Wandercafé',
      'Fahrradwerkstatt',
      'Kochen',
      'Filmabend',
      'Bepflanzungsaktion',
      'Stadtteilfest',
      'Sprechstunde',
      'Quartiersversammlung',
      'Ehrenamtsschulung',
    ]) {
      const all = db
        .select({ title: s.events.title })
        .from(s.events)
        .all()
        .map((e) => e.title.toLowerCase());
      expect(
        all.some((title) => title.includes(kind.toLowerCase().slice(0, 8))),
        kind,
      ).toBe(true);
    }
  });

  it('has volunteer programmes, organisations and one account per role with the documented password', async () => {
    const { db } = await demoDb(now);
    const names = db
      .select()
      .from(s.volunteerProgrammes)
      .all()
      .map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['Seniorenbegleitung', 'Besuchsdienst für junge Eltern', 'Schulung für Ehrenamtliche']));
    expect(
      db
        .select()
        .from(s.organisations)
        .all()
        .map((o) => o.kind)
        .sort(),
    ).toEqual(['buergerverein', 'kirchengemeinde', 'wohlfahrtsverband']);
    const users = db.select().from(s.users).all();
    expect(new Set(users.map((u) => u.role))).toEqual(new Set(['admin', 'staff', 'member']));
    expect(users).toHaveLength(demoAccounts.length + [demoHelperAccount].length);
    expect(await verifyPassword(users[0]!.passwordHash, DEMO_PASSWORD)).toBe(true);
    const orgAdmins = db
      .select()
      .from(s.organisationMembers)
      .where(and(eq(s.organisationMembers.role, 'admin')))
      .all();
    expect(orgAdmins.length).toBeGreaterThan(0);
  });
});
