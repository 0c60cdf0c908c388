/**
 * Members' rights over their data: a full export as JSON and deleting the account. Deletion removes the
 * person, never other people's data: bookings stay with the organisation, events stay published, only the
 * link to the person is cut.
 */
import { and, desc, eq, gt, inArray, isNotNull, isNull, like, ne, or, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db';
import {
  attestations,
  auditLog,
  bookings,
  helpRequests,
  organisationInvitations,
  rateLimits,
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
import { getConfig } from '../config';
import { deleteMailFilesMentioning } from '../mail/worker';
import { anonymisedApplication, anonymisedHelpRequest } from '../volunteering/retention';

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
 * Deletes the account after checking the password. Everything that names the person goes with it (see
 * `deleteUserData`); bookings and events stay with their organisation without the link to the person.
 */
export async function deleteAccount(db: Db, userId: number, password: string, now: Date = new Date()): Promise<void> {
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user) return;
  if (!(await verifyPassword(user.passwordHash, password))) throw new WrongPasswordError();
  deleteUserData(db, userId, now);
}

/** Stands where a deleted person's name or address was, in records that stay (mails to others, the audit log). */
export const ERASED = '[gelöscht]';

/** Replaces every occurrence of the needles (case-insensitive) in a text. */
function erase(text: string, needles: readonly string[]): string {
  let result = text;
  for (const needle of needles) {
    if (needle.length < 3) continue;
    result = result.replace(new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), ERASED);
  }
  return result;
}

function mentions(text: string | null, needles: readonly string[]): boolean {
  if (!text) return false;
  const lower = text.toLowerCase();
  return needles.some((needle) => needle.length >= 3 && lower.includes(needle.toLowerCase()));
}

/** Replaces the needles in every string of a JSON value (audit details), keeping it valid JSON. */
function eraseInJson(json: string, needles: readonly string[]): string {
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return erase(value, needles);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  try {
    return JSON.stringify(walk(JSON.parse(json)));
  } catch {
    return erase(json, needles);
  }
}

export interface DeletionOptions {
  /** The folder of the file transport (.eml files); default: the configured MAIL_DIR. */
  mailDir?: string;
}

/**
 * The deletion itself, also used by admins removing an account on request. Removed or anonymised: the account,
 * its sessions, tokens, memberships and roles; sign-ups and registrations (also those made with the same address
 * without logging in), volunteer applications and requests for help with the address; invitations to it; rate
 * limit counters naming it; every mail to the address (queued or sent) and its .eml files; and the address and
 * name wherever else they appear (mails to others, the audit log, an event's contact address). Sign-ups are
 * cancelled (the places count stays correct for others); bookings and events lose the link to the person.
 */
export function deleteUserData(db: Db, userId: number, now: Date = new Date(), options: DeletionOptions = {}): void {
  const needles = db.transaction((tx) => {
    const user = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!user) return null;
    const email = user.email;
    const names = [email, user.displayName.trim()];
    // Feeds the person could read get new addresses before their memberships and scopes go.
    rotateFeedsKnownTo(tx, userId);
    tx.update(signups)
      .set({ userId: null, name: '', email: null, phone: null, status: 'cancelled', cancelledAt: now, manageTokenHash: null })
      .where(or(eq(signups.userId, userId), eq(signups.email, email)))
      .run();
    tx.update(volunteerApplications)
      .set({ ...anonymisedApplication(now), name: '', email: '', status: 'beendet', endedAt: now })
      .where(or(eq(volunteerApplications.userId, userId), eq(volunteerApplications.email, email)))
      .run();
    tx.update(helpRequests)
      .set({ ...anonymisedHelpRequest(now), status: 'beendet', endedAt: now })
      .where(eq(helpRequests.requesterEmail, email))
      .run();
    tx.delete(organisationInvitations).where(eq(organisationInvitations.email, email)).run();
    tx.delete(rateLimits)
      .where(like(rateLimits.key, `%${email.replace(/[%_]/g, '')}%`))
      .run();
    tx.delete(outbox).where(eq(outbox.toAddress, email)).run();
    // Mails to others that name the person (a coordinator's notice, a booking to decide) keep their use without it.
    const containsName = (column: SQLiteColumn) => or(...names.map((needle) => like(column, `%${needle.replace(/[%_]/g, '')}%`)));
    const namingMails = tx
      .select()
      .from(outbox)
      .where(or(containsName(outbox.subject), containsName(outbox.textBody), containsName(outbox.htmlBody)))
      .all();
    for (const mail of namingMails) {
      if (![mail.subject, mail.textBody, mail.htmlBody].some((text) => mentions(text, names))) continue;
      tx.update(outbox)
        .set({
          subject: erase(mail.subject, names),
          textBody: erase(mail.textBody, names),
          htmlBody: mail.htmlBody === null ? null : erase(mail.htmlBody, names),
        })
        .where(eq(outbox.id, mail.id))
        .run();
    }
    for (const entry of tx.select({ id: auditLog.id, details: auditLog.details }).from(auditLog).where(containsName(auditLog.details)).all()) {
      if (mentions(entry.details, names))
        tx.update(auditLog)
          .set({ details: eraseInJson(entry.details, names) })
          .where(eq(auditLog.id, entry.id))
          .run();
    }
    tx.update(events).set({ contactEmail: null }).where(eq(events.contactEmail, email)).run();
    tx.delete(users).where(eq(users.id, userId)).run();
    return names;
  });
  if (needles) deleteMailFilesMentioning(options.mailDir ?? getConfig().mailDir, needles);
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
        locale: volunteerApplications.locale,
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
        locale: signups.locale,
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
        locale: signups.locale,
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
    /** Registrations made with the address without logging in. */
    registrationsWithoutAccount: db
      .select({
        event: events.title,
        startsAt: eventOccurrences.startsAt,
        places: signups.places,
        name: signups.name,
        phone: signups.phone,
        status: signups.status,
        locale: signups.locale,
        registeredAt: signups.createdAt,
      })
      .from(signups)
      .innerJoin(eventOccurrences, eq(eventOccurrences.id, signups.occurrenceId))
      .innerJoin(events, eq(events.id, eventOccurrences.eventId))
      .where(and(isNull(signups.userId), eq(signups.email, user.email)))
      .all(),
    helpRequests: db
      .select({
        programme: volunteerProgrammes.name,
        requesterName: helpRequests.requesterName,
        requesterPhone: helpRequests.requesterPhone,
        requesterEmail: helpRequests.requesterEmail,
        onBehalfOf: helpRequests.onBehalfOf,
        relationship: helpRequests.relationship,
        availability: helpRequests.availability,
        languages: helpRequests.languages,
        message: helpRequests.message,
        status: helpRequests.status,
        consentAt: helpRequests.consentAt,
        consentVersion: helpRequests.consentVersion,
        locale: helpRequests.locale,
        createdAt: helpRequests.createdAt,
      })
      .from(helpRequests)
      .innerJoin(volunteerProgrammes, eq(volunteerProgrammes.id, helpRequests.programmeId))
      .where(eq(helpRequests.requesterEmail, user.email))
      .all(),
    coordinatorOf: db
      .select({ programme: volunteerProgrammes.name, slug: volunteerProgrammes.slug })
      .from(volunteerProgrammes)
      .where(eq(volunteerProgrammes.coordinatorUserId, userId))
      .all(),
    invitations: db
      .select({
        organisation: organisations.name,
        role: organisationInvitations.role,
        expiresAt: organisationInvitations.expiresAt,
        acceptedAt: organisationInvitations.acceptedAt,
        locale: organisationInvitations.locale,
        createdAt: organisationInvitations.createdAt,
      })
      .from(organisationInvitations)
      .innerJoin(organisations, eq(organisations.id, organisationInvitations.organisationId))
      .where(eq(organisationInvitations.email, user.email))
      .all(),
    /** Mails to the address still kept in the outbox (sent ones without the secrets of their links). */
    mails: db
      .select({ subject: outbox.subject, kind: outbox.kind, status: outbox.status, text: outbox.textBody, createdAt: outbox.createdAt, sentAt: outbox.sentAt })
      .from(outbox)
      .where(eq(outbox.toAddress, user.email))
      .orderBy(desc(outbox.createdAt))
      .all(),
    /** What the person did as staff, admin or organisation admin, and what was done to the account. */
    auditEntries: db
      .select({
        at: auditLog.at,
        action: auditLog.action,
        entityType: auditLog.entityType,
        entityId: auditLog.entityId,
        details: auditLog.details,
        byThisAccount: sql<boolean>`${auditLog.actorUserId} = ${userId}`,
      })
      .from(auditLog)
      .where(
        or(
          eq(auditLog.actorUserId, userId),
          and(eq(auditLog.entityType, 'user'), eq(auditLog.entityId, String(userId))),
          like(auditLog.details, `%${user.email.replace(/[%_]/g, '')}%`),
        ),
      )
      .orderBy(desc(auditLog.at))
      .all()
      .map((entry) => ({ ...entry, byThisAccount: Boolean(entry.byThisAccount) })),
  };
}
