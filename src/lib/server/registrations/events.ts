/**
 * Registration for an occurrence of an event with limited places (an Ausflug, a Kochaktion): with an account
 * or with name and e-mail plus a secret manage link; the waiting list moves up when someone cancels.
 */
import { and, eq, inArray, isNotNull, isNull, lt, ne, or } from 'drizzle-orm';
import type { Db } from '../db';
import { canManageAnyQuartier, type Actor } from '../auth/permissions';
import { enqueueMail } from '../mail/outbox';
import { eventOccurrences, eventQuartiere, events, signups, type Signup, type User } from '../../../../db/schema';
import type { Locale } from '../../../i18n';
import { DomainError, type DomainErrorKind, type Problem } from '../errors';
import { occurrencePath } from '../../paths';
import { formatLongDate, formatTimeRange, toBerlin } from '../../time';
import { volunteeringMail } from '../volunteering/mails';
import { cancelAndMoveUp, getOccupancy, joinQueue, listQueue, signupLocale, waitingPosition, withPlacesLock, type Occupancy } from './index';
import { recipientLocale } from '../mail/recipient-locale';
import { createSecretToken, hashSecretToken } from './tokens';

/** A party registering together may take at most this many places (a family, a small group). */
export const MAX_PLACES_PER_REGISTRATION = 6;

export interface OccurrenceRegistration {
  occurrenceId: number;
  eventId: number;
  slug: string;
  title: string;
  recurrenceLocal: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  /** Registration is possible now (published, not cancelled, not started). */
  open: boolean;
  occupancy: Occupancy;
  placesLeft: number;
  quartierIds: number[];
}

export type RegistrationErrorCode = 'closed' | 'already' | 'too_many' | 'not_found';

function refusalOf(code: RegistrationErrorCode, details: { asMember: boolean; maxPlaces: number }): [DomainErrorKind, Problem] {
  switch (code) {
    case 'closed':
    case 'not_found':
      return [code === 'closed' ? 'conflict' : 'not_found', { key: 'registration.error.closed' }];
    case 'already':
      // A visitor fixes this with another address; a member has no address field (the box shows their registration).
      return ['conflict', details.asMember ? { key: 'registration.error.already' } : { key: 'registration.error.already', field: 'email' }];
    case 'too_many':
      return ['invalid', { key: 'registration.error.tooMany', params: { max: details.maxPlaces }, field: 'places' }];
  }
}

export class RegistrationError extends DomainError {
  constructor(
    readonly code: RegistrationErrorCode,
    details: { asMember?: boolean; maxPlaces?: number } = {},
  ) {
    super(...refusalOf(code, { asMember: details.asMember ?? false, maxPlaces: details.maxPlaces ?? MAX_PLACES_PER_REGISTRATION }));
  }
}

/** Registration facts of an occurrence; null when it has no registration (or does not exist). */
export function getOccurrenceRegistration(db: Db, occurrenceId: number, now: Date = new Date()): OccurrenceRegistration | null {
  const row = db
    .select({ occurrence: eventOccurrences, event: events })
    .from(eventOccurrences)
    .innerJoin(events, eq(events.id, eventOccurrences.eventId))
    .where(eq(eventOccurrences.id, occurrenceId))
    .get();
  if (!row || !row.event.registrationRequired || row.event.capacity === null) return null;
  const { occurrence, event } = row;
  const capacity = row.event.capacity;
  const occupancy = getOccupancy(db, { occurrenceId });
  const quartierIds = db
    .select({ id: eventQuartiere.quartierId })
    .from(eventQuartiere)
    .where(eq(eventQuartiere.eventId, event.id))
    .all()
    .map((r) => r.id);
  return {
    occurrenceId,
    eventId: event.id,
    slug: event.slug,
    title: event.title,
    recurrenceLocal: occurrence.recurrenceLocal,
    startsAt: occurrence.startsAt,
    endsAt: occurrence.endsAt,
    capacity,
    open: event.status === 'published' && occurrence.status === 'scheduled' && occurrence.startsAt > now,
    occupancy,
    placesLeft: Math.max(0, capacity - occupancy.confirmedPlaces),
    quartierIds,
  };
}

interface MailContext {
  baseUrl: string;
  /** The language of whoever acts: stored with a new registration; each mail goes out in its recipient's language. */
  locale: Locale;
}

function occurrenceDate(reg: OccurrenceRegistration, locale: Locale): string {
  return `${formatLongDate(reg.startsAt, locale)}, ${formatTimeRange(reg.startsAt, reg.endsAt, locale)}`;
}

function manageLink(baseUrl: string, signup: Signup, token: string | null, reg: OccurrenceRegistration): string {
  if (token) return `${baseUrl}/anmeldung/${token}`;
  return signup.userId !== null ? `${baseUrl}/mitmachen/meine-einsaetze` : `${baseUrl}${occurrencePath(reg)}`;
}

export interface RegisterInput {
  occurrenceId: number;
  user: Pick<User, 'id' | 'displayName' | 'email'> | null;
  name: string;
  email: string;
  places: number;
}

export type RegisterResult = { status: 'pending' | 'confirmed' | 'waiting'; position: number | null; manageToken: string | null };

/** How long a visitor has to confirm the address before the registration is forgotten. */
export const PENDING_REGISTRATION_HOURS = 24;

function refuseUnlessOpen(reg: OccurrenceRegistration | null): asserts reg is OccurrenceRegistration {
  if (!reg) throw new RegistrationError('not_found');
  if (!reg.open) throw new RegistrationError('closed');
}

/** The confirmation mail, or the waiting-list mail, once the address belongs to the person who registered. */
function mailQueued(
  db: Db,
  reg: OccurrenceRegistration,
  queued: { signup: Signup; status: 'confirmed' | 'waiting'; position: number | null; token: string | null },
  ctx: MailContext,
  now: Date,
): void {
  const confirmed = queued.status === 'confirmed';
  const email = queued.signup.email!;
  const locale = signupLocale(db, { ...queued.signup, email });
  enqueueMail(
    db,
    volunteeringMail(
      locale,
      confirmed ? 'registration-confirmed' : 'registration-waiting',
      email,
      confirmed
        ? { subject: 'registration.mail.confirmed.subject', body: 'registration.mail.confirmed.body' }
        : { subject: 'registration.mail.waiting.subject', body: 'registration.mail.waiting.body' },
      {
        name: queued.signup.name,
        title: reg.title,
        date: occurrenceDate(reg, locale),
        places: queued.signup.places,
        position: queued.position ?? 1,
        link: manageLink(ctx.baseUrl, queued.signup, queued.token, reg),
      },
    ),
    now,
  );
}

/**
 * A member takes a place (or joins the waiting list) at once. A visitor's registration waits for the address to be
 * confirmed through the mailed link and takes no place before: otherwise anybody could fill an event with made-up
 * addresses, and the mail to an address nobody has confirmed carries no text the visitor typed (not even the name).
 */
export function registerForOccurrence(db: Db, input: RegisterInput, ctx: MailContext & { now?: Date }): RegisterResult {
  const now = ctx.now ?? new Date();
  const email = (input.user?.email ?? input.email).trim().toLowerCase();
  const name = input.user?.displayName ?? input.name;
  return withPlacesLock(db, (tx) => {
    const reg = getOccurrenceRegistration(tx, input.occurrenceId, now);
    refuseUnlessOpen(reg);
    const maxPlaces = Math.min(MAX_PLACES_PER_REGISTRATION, reg.capacity);
    if (input.places < 1 || input.places > maxPlaces) throw new RegistrationError('too_many', { maxPlaces });
    const existing = tx
      .select({ id: signups.id })
      .from(signups)
      .where(
        and(
          eq(signups.occurrenceId, input.occurrenceId),
          inArray(signups.status, ['confirmed', 'waiting']),
          input.user ? eq(signups.userId, input.user.id) : eq(signups.email, email),
        ),
      )
      .get();
    if (existing) throw new RegistrationError('already', { asMember: !!input.user });
    if (!input.user) {
      // A second try with the same address replaces an unconfirmed one (a lost mail, a typo in the name), so
      // nobody can block an address by registering it first.
      tx.delete(signups)
        .where(and(eq(signups.occurrenceId, input.occurrenceId), eq(signups.status, 'pending'), eq(signups.email, email)))
        .run();
      const token = createSecretToken();
      tx.insert(signups)
        .values({
          occurrenceId: input.occurrenceId,
          userId: null,
          name,
          email,
          places: input.places,
          locale: ctx.locale,
          status: 'pending',
          manageTokenHash: token.hash,
          queuedAt: now,
          createdAt: now,
        })
        .run();
      const locale = recipientLocale(tx, { email, recordLocale: ctx.locale });
      enqueueMail(
        tx,
        volunteeringMail(
          locale,
          'registration-confirm-address',
          email,
          { subject: 'registration.mail.confirmAddress.subject', body: 'registration.mail.confirmAddress.body' },
          {
            title: reg.title,
            date: occurrenceDate(reg, locale),
            places: input.places,
            hours: PENDING_REGISTRATION_HOURS,
            link: `${ctx.baseUrl}/anmeldung/${token.token}`,
          },
        ),
        now,
      );
      return { status: 'pending', position: null, manageToken: token.token };
    }
    const result = joinQueue(
      tx,
      { occurrenceId: input.occurrenceId },
      reg.capacity,
      { userId: input.user.id, name, email, places: input.places, withManageToken: false, locale: ctx.locale },
      now,
    );
    mailQueued(tx, reg, { signup: result.signup, status: result.status, position: result.position, token: null }, ctx, now);
    return { status: result.status, position: result.position, manageToken: null };
  });
}

/**
 * The visitor confirmed the address: the registration takes its places now if they are free and nobody is waiting,
 * else it joins the end of the waiting list (its turn counts from now). Null when the link is unknown or expired.
 */
export function confirmRegistrationByToken(db: Db, token: string, ctx: MailContext & { now?: Date }): RegisterResult | null {
  const now = ctx.now ?? new Date();
  return withPlacesLock(db, (tx) => {
    const signup = signupByManageToken(tx, token, now);
    if (!signup || signup.status !== 'pending' || signup.occurrenceId === null) return null;
    const reg = getOccurrenceRegistration(tx, signup.occurrenceId, now);
    refuseUnlessOpen(reg);
    const occupancy = getOccupancy(tx, { occurrenceId: signup.occurrenceId });
    const fits = occupancy.waitingPeople === 0 && occupancy.confirmedPlaces + signup.places <= reg.capacity;
    const confirmed = tx
      .update(signups)
      .set({ status: fits ? 'confirmed' : 'waiting', queuedAt: now })
      .where(eq(signups.id, signup.id))
      .returning()
      .get()!;
    const position = fits ? null : waitingPosition(tx, confirmed);
    mailQueued(tx, reg, { signup: confirmed, status: fits ? 'confirmed' : 'waiting', position, token }, ctx, now);
    return { status: fits ? 'confirmed' : 'waiting', position, manageToken: null };
  });
}

/** Forgets visitors' registrations nobody confirmed in time (they never took a place). */
export function purgeUnconfirmedRegistrations(db: Db, now: Date = new Date()): number {
  const cutoff = new Date(now.getTime() - PENDING_REGISTRATION_HOURS * 60 * 60 * 1000);
  return db
    .delete(signups)
    .where(and(eq(signups.status, 'pending'), lt(signups.createdAt, cutoff)))
    .run().changes;
}

function cancelRegistration(db: Db, signup: Signup, ctx: MailContext & { now?: Date }): Signup[] {
  const now = ctx.now ?? new Date();
  const reg = getOccurrenceRegistration(db, signup.occurrenceId!, now);
  // Without registration settings any more (event changed) there is no list to move up.
  const moved = cancelAndMoveUp(db, signup, reg?.capacity ?? 0, now);
  if (!reg) return moved;
  for (const m of moved) {
    if (!m.email) continue;
    // Members cancel on their page. A visitor needs a manage link, but only the hash of their first one is
    // stored: they get a new link, which replaces the old one (the event page cannot cancel for them).
    let link = `${ctx.baseUrl}/mitmachen/meine-einsaetze`;
    if (m.userId === null) {
      const fresh = createSecretToken();
      db.update(signups).set({ manageTokenHash: fresh.hash }).where(eq(signups.id, m.id)).run();
      link = `${ctx.baseUrl}/anmeldung/${fresh.token}`;
    }
    const body = m.userId === null ? 'registration.mail.movedUp.guestBody' : 'registration.mail.movedUp.body';
    const locale = signupLocale(db, { ...m, email: m.email });
    enqueueMail(
      db,
      volunteeringMail(
        locale,
        'registration-moved-up',
        m.email,
        { subject: 'registration.mail.movedUp.subject', body },
        {
          name: m.name,
          title: reg.title,
          date: occurrenceDate(reg, locale),
          link,
        },
      ),
      now,
    );
  }
  return moved;
}

/**
 * Tells everyone registered for an occurrence (with a place or on the waiting list) that it is cancelled and why.
 * Unconfirmed visitor registrations get nothing: their address may not be theirs.
 */
export function mailOccurrenceCancelled(db: Db, occurrenceId: number, note: string, ctx: MailContext & { now?: Date }): number {
  const now = ctx.now ?? new Date();
  const reg = getOccurrenceRegistration(db, occurrenceId, now);
  if (!reg) return 0;
  const people = db
    .select()
    .from(signups)
    .where(and(eq(signups.occurrenceId, occurrenceId), inArray(signups.status, ['confirmed', 'waiting']), isNotNull(signups.email)))
    .all();
  for (const person of people) {
    const email = person.email!;
    const locale = signupLocale(db, { ...person, email });
    enqueueMail(
      db,
      volunteeringMail(
        locale,
        'registration-occurrence-cancelled',
        email,
        { subject: 'registration.mail.occurrenceCancelled.subject', body: 'registration.mail.occurrenceCancelled.body' },
        { name: person.name, title: reg.title, date: occurrenceDate(reg, locale), reason: note },
      ),
      now,
    );
  }
  return people.length;
}

/**
 * The registration a manage link belongs to, while it is of use: the link stops working when the occurrence
 * has ended (it would otherwise stay a key to a stranger's name, address and phone for ever).
 */
function signupByManageToken(db: Db, token: string, now: Date): Signup | null {
  if (!token || token.length > 200) return null;
  const row = db
    .select({ signup: signups, endsAt: eventOccurrences.endsAt })
    .from(signups)
    .innerJoin(eventOccurrences, eq(eventOccurrences.id, signups.occurrenceId))
    .where(eq(signups.manageTokenHash, hashSecretToken(token)))
    .get();
  if (!row || row.endsAt <= now) return null;
  const unconfirmedTooLong = row.signup.status === 'pending' && now.getTime() - row.signup.createdAt.getTime() > PENDING_REGISTRATION_HOURS * 60 * 60 * 1000;
  return unconfirmedTooLong ? null : row.signup;
}

export function getRegistrationByToken(
  db: Db,
  token: string,
  now: Date = new Date(),
): { signup: Signup; registration: OccurrenceRegistration | null; position: number | null } | null {
  const signup = signupByManageToken(db, token, now);
  if (!signup || signup.occurrenceId === null) return null;
  return { signup, registration: getOccurrenceRegistration(db, signup.occurrenceId), position: waitingPosition(db, signup) };
}

export function cancelRegistrationByToken(db: Db, token: string, ctx: MailContext & { now?: Date }): Signup[] | null {
  return withPlacesLock(db, (tx) => {
    const signup = signupByManageToken(tx, token, ctx.now ?? new Date());
    if (!signup || signup.occurrenceId === null) return null;
    // An unconfirmed registration took no place: it is simply forgotten.
    if (signup.status === 'pending') {
      tx.delete(signups).where(eq(signups.id, signup.id)).run();
      return [];
    }
    return cancelRegistration(tx, signup, ctx);
  });
}

/** How long after an event the names and contacts of guests (registered without an account) are kept. */
export const GUEST_RETENTION_DAYS = 30;

/**
 * Guests' registrations lose name, address and phone 30 days after the event (questions afterwards, a lost
 * item); the number of places stays for the statistics. Members' registrations belong to their account.
 */
export function anonymiseGuestRegistrations(db: Db, now: Date = new Date()): number {
  const cutoff = toBerlin(now).minus({ days: GUEST_RETENTION_DAYS }).toJSDate();
  const ended = db.select({ id: eventOccurrences.id }).from(eventOccurrences).where(lt(eventOccurrences.endsAt, cutoff));
  return db
    .update(signups)
    .set({ name: '', email: null, phone: null, manageTokenHash: null })
    .where(and(isNull(signups.userId), inArray(signups.occurrenceId, ended), or(ne(signups.name, ''), isNotNull(signups.email), isNotNull(signups.phone))))
    .run().changes;
}

/** Forgets the manage links of occurrences that have ended (they no longer open anything; see above). */
export function expireManageLinks(db: Db, now: Date = new Date()): number {
  const ended = db.select({ id: eventOccurrences.id }).from(eventOccurrences).where(lt(eventOccurrences.endsAt, now));
  return db
    .update(signups)
    .set({ manageTokenHash: null })
    .where(and(isNotNull(signups.manageTokenHash), inArray(signups.occurrenceId, ended)))
    .run().changes;
}

export function cancelOwnRegistration(db: Db, userId: number, occurrenceId: number, ctx: MailContext & { now?: Date }): Signup[] | null {
  return withPlacesLock(db, (tx) => {
    const signup = tx
      .select()
      .from(signups)
      .where(and(eq(signups.occurrenceId, occurrenceId), eq(signups.userId, userId), inArray(signups.status, ['confirmed', 'waiting'])))
      .get();
    if (!signup) return null;
    return cancelRegistration(tx, signup, ctx);
  });
}

export function ownRegistration(db: Db, userId: number, occurrenceId: number): { signup: Signup; position: number | null } | null {
  const signup = db
    .select()
    .from(signups)
    .where(and(eq(signups.occurrenceId, occurrenceId), eq(signups.userId, userId), inArray(signups.status, ['confirmed', 'waiting'])))
    .get();
  return signup ? { signup, position: waitingPosition(db, signup) } : null;
}

/** Staff of one of the event's Quartiere (or admins) see who registered. */
export function canSeeParticipants(db: Db, user: Actor | null | undefined, reg: OccurrenceRegistration): boolean {
  return canManageAnyQuartier(db, user, reg.quartierIds);
}

export function listParticipants(db: Db, occurrenceId: number): (Signup & { position: number | null })[] {
  return listQueue(db, { occurrenceId }).map((s) => ({ ...s, position: waitingPosition(db, s) }));
}

function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  // Cells starting with = + - @ would run as formulas in spreadsheet programs.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",;\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Semicolon-separated with BOM, as German spreadsheet programs open it directly. */
export function participantsCsv(rows: (Signup & { position: number | null })[], headers: string[], statusLabel: (s: Signup['status']) => string): string {
  const lines = [headers.map(csvCell).join(';')];
  for (const r of rows) {
    lines.push([r.position ?? '', r.name, r.email, r.phone, r.places, r.queuedAt.toISOString(), statusLabel(r.status)].map(csvCell).join(';'));
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

export interface OwnRegistration {
  occurrenceId: number;
  title: string;
  slug: string;
  eventId: number;
  recurrenceLocal: string;
  startsAt: Date;
  endsAt: Date;
  places: number;
  status: 'confirmed' | 'waiting';
  position: number | null;
}

export function listOwnRegistrations(db: Db, userId: number, from: Date = new Date()): OwnRegistration[] {
  return db
    .select({ signup: signups, occurrence: eventOccurrences, event: events })
    .from(signups)
    .innerJoin(eventOccurrences, eq(eventOccurrences.id, signups.occurrenceId))
    .innerJoin(events, eq(events.id, eventOccurrences.eventId))
    .where(and(eq(signups.userId, userId), inArray(signups.status, ['confirmed', 'waiting'])))
    .all()
    .filter((r) => r.occurrence.endsAt > from)
    .sort((a, b) => a.occurrence.startsAt.getTime() - b.occurrence.startsAt.getTime())
    .map(({ signup, occurrence, event }) => ({
      occurrenceId: occurrence.id,
      title: event.title,
      slug: event.slug,
      eventId: event.id,
      recurrenceLocal: occurrence.recurrenceLocal,
      startsAt: occurrence.startsAt,
      endsAt: occurrence.endsAt,
      places: signup.places,
      status: signup.status === 'confirmed' ? 'confirmed' : 'waiting',
      position: waitingPosition(db, signup),
    }));
}
