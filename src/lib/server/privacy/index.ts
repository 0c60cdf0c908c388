/**
 * Members' rights over their data: a full export as JSON and deleting the account. Deletion removes the
 * person, never other people's data: bookings stay with the organisation, events stay published, only the
 * link to the person is cut.
 */
import { and, eq, gt, inArray, isNotNull, ne } from 'drizzle-orm';
import type { Db } from '../db';
import {
  attestations,
  bookings,
  eventOccurrences,
  events,
  organisationMembers,
  organisations,
  outbox,
  quartiere,
  rooms,
  sessions,
  signups,
  staffScopes,
  users,
  volunteerApplications,
  volunteerProgrammes,
  volunteerSlots,
} from '../../../../db/schema';
import { verifyPassword } from '../auth/password';
import { WrongPasswordError } from '../accounts';
import { rotateFeedsKnownTo } from '../feeds/feed-tokens';

export interface AccountDeletionPreview {
  /** Future room bookings the person requested; they stay with the organisation. */
  futureBookings: number;
  /** Current volunteer sign-ups (confirmed or waiting) that will be cancelled. */
  activeSlotSignups: number;
  /** Registrations for upcoming events that will be cancelled. */
  activeEventRegistrations: number;
  /** Events the person created; they stay, without the link to the person. */
  createdEvents: number;
  /** Volunteer applications; they are anonymised. */
  volunteerApplications: number;
  /** Organisations the person leaves, and whether they are its last admin. */
  organisations: { name: string; lastAdmin: boolean }[];
}

export function describeAccountDeletion(db: Db, userId: number, now: Date = new Date()): AccountDeletionPreview {
  const count = (rows: unknown[]): number => rows.length;
  const memberships = db
    .select({ organisationId: organisationMembers.organisationId, role: organisationMembers.role, name: organisations.name })
    .from(organisationMembers)
    .innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
    .where(eq(organisationMembers.userId, userId))
    .all();
  return {
    futureBookings: count(
      db
        .select({ id: bookings.id })
        .from(bookings)
        .where(and(eq(bookings.requestedBy, userId), gt(bookings.endsAt, now), inArray(bookings.status, ['requested', 'confirmed'])))
        .all(),
    ),
    activeSlotSignups: count(
      db
        .select({ id: signups.id })
        .from(signups)
        .innerJoin(volunteerSlots, eq(volunteerSlots.id, signups.slotId))
        .where(and(eq(signups.userId, userId), ne(signups.status, 'cancelled'), gt(volunteerSlots.endsAt, now)))
        .all(),
    ),
    activeEventRegistrations: count(
      db
        .select({ id: signups.id })
        .from(signups)
        .innerJoin(eventOccurrences, eq(eventOccurrences.id, signups.occurrenceId))
        .where(and(eq(signups.userId, userId), ne(signups.status, 'cancelled'), gt(eventOccurrences.endsAt, now)))
        .all(),
    ),
    createdEvents: count(db.select({ id: events.id }).from(events).where(eq(events.createdBy, userId)).all()),
    volunteerApplications: count(db.select({ id: volunteerApplications.id }).from(volunteerApplications).where(eq(volunteerApplications.userId, userId)).all()),
    organisations: memberships.map((m) => ({
      name: m.name,
      lastAdmin:
        m.role === 'admin' &&
        db
          .select({ userId: organisationMembers.userId })
          .from(organisationMembers)
          .where(and(eq(organisationMembers.organisationId, m.organisationId), eq(organisationMembers.role, 'admin')))
          .all().length === 1,
    })),
  };
}

/**
 * Deletes the account after checking the password. Sign-ups are cancelled and stripped of personal data
 * (the places count stays correct for others), applications are anonymised, bookings and events lose the
 * link to the person, sessions, tokens, memberships and queued mails to the address go.
 */
export async function deleteAccount(db: Db, userId: number, password: string, now: Date = new Date()): Promise<void> {
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user) return;
  if (!(await verifyPassword(user.passwordHash, password))) throw new WrongPasswordError();
  deleteUserData(db, userId, now);
}

/** The deletion itself, also used by admins removing an account on request. */
export function deleteUserData(db: Db, userId: number, now: Date = new Date()): void {
  db.transaction((tx) => {
    const user = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!user) return;
    // Feeds the person could read get new addresses before their memberships and scopes go.
    rotateFeedsKnownTo(tx, userId);
    tx.update(signups)
      .set({ userId: null, name: '', email: null, phone: null, status: 'cancelled', cancelledAt: now, manageTokenHash: null })
      .where(eq(signups.userId, userId))
      .run();
    tx.update(volunteerApplications)
      .set({
        userId: null,
        name: '',
        email: '',
        phone: null,
        motivation: '',
        availability: '[]',
        coordinatorNotes: '',
        confirmTokenHash: null,
        status: 'beendet',
        endedAt: now,
        anonymisedAt: now,
      })
      .where(eq(volunteerApplications.userId, userId))
      .run();
    tx.delete(outbox)
      .where(and(eq(outbox.toAddress, user.email), ne(outbox.status, 'sent')))
      .run();
    tx.delete(users).where(eq(users.id, userId)).run();
  });
}

/** Everything stored about the member, as the JSON download on /konto. */
export function exportMemberData(db: Db, userId: number): Record<string, unknown> | null {
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user) return null;
  const home = user.homeQuartierId ? db.select({ name: quartiere.name }).from(quartiere).where(eq(quartiere.id, user.homeQuartierId)).get() : undefined;
  return {
    exportedAt: new Date().toISOString(),
    profile: {
      email: user.email,
      emailVerifiedAt: user.emailVerifiedAt?.toISOString() ?? null,
      displayName: user.displayName,
      role: user.role,
      homeQuartier: home?.name ?? null,
      locale: user.locale,
      personalCalendarFeed: user.calendarTokenHash !== null,
      disabledAt: user.disabledAt?.toISOString() ?? null,
      createdAt: user.createdAt.toISOString(),
      updatedAt: user.updatedAt.toISOString(),
    },
    sessions: db.select({ createdAt: sessions.createdAt, lastUsedAt: sessions.lastVerifiedAt }).from(sessions).where(eq(sessions.userId, userId)).all(),
    staffScopes: db
      .select({ quartier: quartiere.name, title: staffScopes.title })
      .from(staffScopes)
      .innerJoin(quartiere, eq(quartiere.id, staffScopes.quartierId))
      .where(eq(staffScopes.userId, userId))
      .all(),
    organisationMemberships: db
      .select({ organisation: organisations.name, role: organisationMembers.role, since: organisationMembers.createdAt })
      .from(organisationMembers)
      .innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
      .where(eq(organisationMembers.userId, userId))
      .all(),
    bookingsRequested: db
      .select({
        organisation: organisations.name,
        room: rooms.name,
        startsAt: bookings.startsAt,
        endsAt: bookings.endsAt,
        purpose: bookings.purpose,
        expectedAttendees: bookings.expectedAttendees,
        status: bookings.status,
        statusReason: bookings.statusReason,
        createdAt: bookings.createdAt,
      })
      .from(bookings)
      .innerJoin(organisations, eq(organisations.id, bookings.organisationId))
      .innerJoin(rooms, eq(rooms.id, bookings.roomId))
      .where(eq(bookings.requestedBy, userId))
      .all(),
    volunteerApplications: db
      .select({
        programme: volunteerProgrammes.name,
        name: volunteerApplications.name,
        email: volunteerApplications.email,
        phone: volunteerApplications.phone,
        availability: volunteerApplications.availability,
        languages: volunteerApplications.languages,
        motivation: volunteerApplications.motivation,
        status: volunteerApplications.status,
        consentAt: volunteerApplications.consentAt,
        consentVersion: volunteerApplications.consentVersion,
        createdAt: volunteerApplications.createdAt,
      })
      .from(volunteerApplications)
      .innerJoin(volunteerProgrammes, eq(volunteerProgrammes.id, volunteerApplications.programmeId))
      .where(eq(volunteerApplications.userId, userId))
      .all(),
    attestations: db
      .select({ kind: attestations.kind, attestedOn: attestations.attestedOn, validUntil: attestations.validUntil })
      .from(attestations)
      .where(eq(attestations.userId, userId))
      .all(),
    slotSignups: db
      .select({
        programme: volunteerProgrammes.name,
        slot: volunteerSlots.title,
        startsAt: volunteerSlots.startsAt,
        endsAt: volunteerSlots.endsAt,
        status: signups.status,
        signedUpAt: signups.createdAt,
      })
      .from(signups)
      .innerJoin(volunteerSlots, eq(volunteerSlots.id, signups.slotId))
      .innerJoin(volunteerProgrammes, eq(volunteerProgrammes.id, volunteerSlots.programmeId))
      .where(and(eq(signups.userId, userId), isNotNull(signups.slotId)))
      .all(),
    eventRegistrations: db
      .select({
        event: events.title,
        startsAt: eventOccurrences.startsAt,
        places: signups.places,
        name: signups.name,
        email: signups.email,
        phone: signups.phone,
        status: signups.status,
        registeredAt: signups.createdAt,
      })
      .from(signups)
      .innerJoin(eventOccurrences, eq(eventOccurrences.id, signups.occurrenceId))
      .innerJoin(events, eq(events.id, eventOccurrences.eventId))
      .where(and(eq(signups.userId, userId), isNotNull(signups.occurrenceId)))
      .all(),
    eventsCreated: db
      .select({ title: events.title, startLocal: events.startLocal, status: events.status, createdAt: events.createdAt })
      .from(events)
      .where(eq(events.createdBy, userId))
      .all(),
  };
}
