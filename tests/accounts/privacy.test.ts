import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, isNull } from 'drizzle-orm';
import type { DbConnection } from '../../db/client';
import { bookings, events, organisationMembers, signups, users, volunteerApplications } from '../../db/schema';
import { demoDb } from '../helpers/db';
import { WrongPasswordError } from '../../src/lib/server/accounts';
import { deleteAccount, describeAccountDeletion, exportMemberData } from '../../src/lib/server/privacy';

let db: DbConnection;
const idOf = (email: string): number => db.select().from(users).where(eq(users.email, email)).get()!.id;

beforeAll(async () => {
  db = (await demoDb()).db;
});
afterAll(() => db.$client.close());

describe('data export', () => {
  it('contains the volunteer’s profile, sign-ups, application and attestations, and no password hash', () => {
    const data = exportMemberData(db, idOf('ehrenamt@example.org'))!;
    const json = JSON.stringify(data);
    expect(json).not.toContain('argon2');
    expect((data.profile as { email: string }).email).toBe('ehrenamt@example.org');
    expect(data.slotSignups).toEqual([expect.objectContaining({ slot: 'Aufbau Adventsmarkt', status: 'confirmed' })]);
    expect(data.volunteerApplications).toEqual([expect.objectContaining({ languages: 'de,pl', status: 'aktiv' })]);
    expect(data.attestations).toHaveLength(1);
  });

  it('lists the bookings an organisation member requested and the events a staff member created', () => {
    const verein = exportMemberData(db, idOf('verein@example.org'))!;
    expect((verein.bookingsRequested as unknown[]).length).toBeGreaterThan(0);
    expect(verein.organisationMemberships).toEqual([expect.objectContaining({ role: 'admin' })]);
    const staff = exportMemberData(db, idOf('kray@example.org'))!;
    expect((staff.eventsCreated as unknown[]).length).toBeGreaterThan(0);
    expect(staff.staffScopes).toEqual(expect.arrayContaining([expect.objectContaining({ quartier: 'Kray' })]));
  });
});

describe('account deletion', () => {
  it('states beforehand what happens to bookings, sign-ups, events and organisations', () => {
    const verein = describeAccountDeletion(db, idOf('verein@example.org'));
    expect(verein.futureBookings).toBeGreaterThan(0);
    expect(verein.organisations).toEqual([expect.objectContaining({ lastAdmin: true })]);
    const volunteer = describeAccountDeletion(db, idOf('ehrenamt@example.org'));
    expect(volunteer.activeSlotSignups).toBe(1);
    expect(volunteer.volunteerApplications).toBe(1);
  });

  it('refuses a wrong password and changes nothing', async () => {
    await expect(deleteAccount(db, idOf('ehrenamt@example.org'), 'nicht das passwort')).rejects.toBeInstanceOf(WrongPasswordError);
    expect(db.select().from(users).where(eq(users.email, 'ehrenamt@example.org')).get()).toBeDefined();
  });

  it('removes the volunteer, cancels and anonymises their sign-up and application, and keeps everyone else', async () => {
    const id = idOf('ehrenamt@example.org');
    const usersBefore = db.select().from(users).all().length;
    await deleteAccount(db, id, 'quartier-demo');
    expect(db.select().from(users).all()).toHaveLength(usersBefore - 1);
    const signup = db.select().from(signups).where(eq(signups.email, 'ehrenamt@example.org')).get();
    expect(signup).toBeUndefined();
    const cancelled = db.select().from(signups).where(isNull(signups.userId)).all();
    expect(cancelled.some((s) => s.status === 'cancelled' && s.name === '')).toBe(true);
    const application = db.select().from(volunteerApplications).where(isNull(volunteerApplications.userId)).all();
    expect(application).toEqual([expect.objectContaining({ name: '', email: '', status: 'beendet' })]);
    expect(JSON.stringify(db.select().from(volunteerApplications).all())).not.toContain('Günter');
  });

  it('keeps the organisation’s bookings and the staff member’s events, only unlinking the person', async () => {
    const verein = idOf('verein@example.org');
    const theirBookings = db
      .select()
      .from(bookings)
      .where(eq(bookings.requestedBy, verein))
      .all()
      .map((b) => b.id);
    const staff = idOf('kray@example.org');
    const theirEvents = db
      .select()
      .from(events)
      .where(eq(events.createdBy, staff))
      .all()
      .map((e) => e.id);
    await deleteAccount(db, verein, 'quartier-demo');
    await deleteAccount(db, staff, 'quartier-demo');
    for (const bookingId of theirBookings) {
      const row = db.select().from(bookings).where(eq(bookings.id, bookingId)).get();
      expect(row?.requestedBy).toBeNull();
    }
    for (const eventId of theirEvents) {
      const row = db.select().from(events).where(eq(events.id, eventId)).get();
      expect(row?.createdBy).toBeNull();
      expect(row?.status).toBeDefined();
    }
    expect(db.select().from(organisationMembers).where(eq(organisationMembers.userId, verein)).all()).toHaveLength(0);
    expect(db.select().from(users).where(eq(users.email, 'kirche@example.org')).get()).toBeDefined();
  });
});
