/**
 * Dated needs of a programme (trainings, visiting rounds, help at a festival) and volunteers signing up
 * for them through the shared places-and-waiting-list mechanism.
 */
import { and, asc, eq, gt, gte, inArray, isNull, lt, ne, or } from 'drizzle-orm';
import type { Db } from '../db';
import type { Actor } from '../auth/permissions';
import { enqueueMail } from '../mail/outbox';
import { recordAudit } from '../audit';
import { attestations, places, signups, volunteerProgrammes, volunteerSlots, type Signup, type User, type VolunteerSlot } from '../../../../db/schema';
import { translate, type Locale } from '../../../i18n';
import { berlinDate, formatLongDate, formatTime, formatTimeRange } from '../../time';
import { DomainError, requireConfirmedWarnings, type DomainErrorKind, type Problem } from '../errors';
import { describeClosedTimes, findClosedTimes } from '../places/closed-times';
import { recordItemKeep } from '../places/closure-keeps';
import { cancelAndMoveUp, getOccupancies, joinQueue, signupLocale, waitingPosition, withPlacesLock, type Occupancy } from '../registrations';
import { canCoordinateProgramme, getProgrammeById } from './programmes';
import { VolunteeringError } from './errors';
import { volunteeringMail } from './mails';

export interface SlotView extends VolunteerSlot {
  programmeName: string;
  programmeSlug: string;
  placeName: string | null;
  occupancy: Occupancy;
}

export function listUpcomingSlots(db: Db, options: { programmeId?: number; kind?: VolunteerSlot['kind']; from?: Date; limit?: number }): SlotView[] {
  const conditions = [gt(volunteerSlots.endsAt, options.from ?? new Date()), eq(volunteerProgrammes.active, true)];
  if (options.programmeId !== undefined) conditions.push(eq(volunteerSlots.programmeId, options.programmeId));
  if (options.kind) conditions.push(eq(volunteerSlots.kind, options.kind));
  const rows = db
    .select({ slot: volunteerSlots, programmeName: volunteerProgrammes.name, programmeSlug: volunteerProgrammes.slug, placeName: places.name })
    .from(volunteerSlots)
    .innerJoin(volunteerProgrammes, eq(volunteerProgrammes.id, volunteerSlots.programmeId))
    .leftJoin(places, eq(places.id, volunteerSlots.placeId))
    .where(and(...conditions))
    .orderBy(asc(volunteerSlots.startsAt))
    .limit(options.limit ?? 50)
    .all();
  const occupancies = getOccupancies(
    db,
    'slot',
    rows.map((r) => r.slot.id),
  );
  return rows.map(({ slot, ...rest }) => ({ ...slot, ...rest, occupancy: occupancies.get(slot.id)! }));
}

export function getSlot(db: Db, id: number): VolunteerSlot | null {
  return db.select().from(volunteerSlots).where(eq(volunteerSlots.id, id)).get() ?? null;
}

/** Why someone cannot sign up; a full slot is not a reason — they are offered the waiting list. */
export type SignupBlocker =
  { reason: 'past' } | { reason: 'not_open'; opensAt: Date } | { reason: 'already' } | { reason: 'training' } | { reason: 'clash'; title: string };

/** A refused sign-up or sign-off; the message names the reason in the reader's language (dates need the locale). */
export class SlotSignupError extends DomainError {
  constructor(
    readonly blocker: SignupBlocker | { reason: 'not_found' },
    locale: Locale,
  ) {
    super(...refusalOf(blocker, locale));
  }
}

function refusalOf(blocker: SignupBlocker | { reason: 'not_found' }, locale: Locale): [DomainErrorKind, Problem] {
  switch (blocker.reason) {
    case 'not_found':
      return ['not_found', { key: 'volunteering.slot.reason.notFound' }];
    case 'past':
      return ['conflict', { key: 'volunteering.slot.reason.past' }];
    case 'already':
      return ['conflict', { key: 'volunteering.slot.reason.already' }];
    case 'training':
      return ['forbidden', { key: 'volunteering.slot.reason.training' }];
    case 'clash':
      return ['conflict', { key: 'volunteering.slot.reason.clash', params: { title: blocker.title } }];
    case 'not_open':
      return [
        'conflict',
        { key: 'volunteering.slot.reason.notOpen', params: { date: `${formatLongDate(blocker.opensAt, locale)}, ${formatTime(blocker.opensAt, locale)}` } },
      ];
  }
}

/** A training attestation counts if it was made by then and has not expired. */
export function hasValidTraining(db: Db, userId: number, onDate: string): boolean {
  return !!db
    .select({ id: attestations.id })
    .from(attestations)
    .where(and(eq(attestations.userId, userId), eq(attestations.kind, 'training'), or(isNull(attestations.validUntil), gte(attestations.validUntil, onDate))))
    .get();
}

export function findSignupBlocker(db: Db, slot: VolunteerSlot, userId: number, now: Date): SignupBlocker | null {
  if (slot.startsAt <= now) return { reason: 'past' };
  if (slot.signupOpensAt && slot.signupOpensAt > now) return { reason: 'not_open', opensAt: slot.signupOpensAt };
  const own = db
    .select({ id: signups.id })
    .from(signups)
    .where(and(eq(signups.slotId, slot.id), eq(signups.userId, userId), ne(signups.status, 'cancelled')))
    .get();
  if (own) return { reason: 'already' };
  if (slot.requiresTraining && !hasValidTraining(db, userId, berlinDate(slot.startsAt))) return { reason: 'training' };
  const clash = db
    .select({ title: volunteerSlots.title })
    .from(signups)
    .innerJoin(volunteerSlots, eq(volunteerSlots.id, signups.slotId))
    .where(
      and(
        eq(signups.userId, userId),
        eq(signups.status, 'confirmed'),
        ne(volunteerSlots.id, slot.id),
        lt(volunteerSlots.startsAt, slot.endsAt),
        gt(volunteerSlots.endsAt, slot.startsAt),
      ),
    )
    .get();
  if (clash) return { reason: 'clash', title: clash.title };
  return null;
}

interface MailContext {
  baseUrl: string;
  locale: Locale;
}

function slotDate(slot: VolunteerSlot, locale: Locale): string {
  return `${formatLongDate(slot.startsAt, locale)}, ${formatTimeRange(slot.startsAt, slot.endsAt, locale)}`;
}

function mySignupsLink(baseUrl: string): string {
  return `${baseUrl}/mitmachen/meine-einsaetze`;
}

function mailMovedUp(db: Db, slot: VolunteerSlot, moved: Signup[], ctx: MailContext): void {
  for (const signup of moved) {
    if (!signup.email) continue;
    const locale = signupLocale(db, { ...signup, email: signup.email });
    enqueueMail(
      db,
      volunteeringMail(
        locale,
        'slot-moved-up',
        signup.email,
        {
          subject: 'volunteering.mail.movedUp.subject',
          body: 'volunteering.mail.movedUp.body',
        },
        { name: signup.name, title: slot.title, date: slotDate(slot, locale), link: mySignupsLink(ctx.baseUrl) },
      ),
    );
  }
}

export type SlotSignupResult = { status: 'confirmed' | 'waiting'; position: number | null; slot: VolunteerSlot };

/** Signs a member up, or onto the waiting list when the slot is full; refuses with the reason otherwise. */
export function signUpForSlot(db: Db, user: Pick<User, 'id' | 'displayName' | 'email'>, slotId: number, ctx: MailContext & { now?: Date }): SlotSignupResult {
  const now = ctx.now ?? new Date();
  return withPlacesLock(db, (tx) => {
    const slot = getSlot(tx, slotId);
    if (!slot) throw new SlotSignupError({ reason: 'not_found' }, ctx.locale);
    const programme = getProgrammeById(tx, slot.programmeId);
    if (!programme?.active) throw new SlotSignupError({ reason: 'not_found' }, ctx.locale);
    const blocker = findSignupBlocker(tx, slot, user.id, now);
    if (blocker) throw new SlotSignupError(blocker, ctx.locale);
    const result = joinQueue(
      tx,
      { slotId },
      slot.needed,
      { userId: user.id, name: user.displayName, email: user.email, places: 1, withManageToken: false, locale: ctx.locale },
      now,
    );
    const locale = signupLocale(tx, { ...result.signup, email: user.email });
    const params = { name: user.displayName, title: slot.title, date: slotDate(slot, locale), link: mySignupsLink(ctx.baseUrl) };
    enqueueMail(
      tx,
      result.status === 'confirmed'
        ? volunteeringMail(
            locale,
            'slot-signed-up',
            user.email,
            { subject: 'volunteering.mail.signedUp.subject', body: 'volunteering.mail.signedUp.body' },
            params,
          )
        : volunteeringMail(
            locale,
            'slot-waiting',
            user.email,
            { subject: 'volunteering.mail.waiting.subject', body: 'volunteering.mail.waiting.body' },
            params,
          ),
      now,
    );
    return { status: result.status, position: result.position, slot };
  });
}

/** Signs a member off; the first on the waiting list moves up and is told by mail. */
export function signOffSlot(db: Db, userId: number, slotId: number, ctx: MailContext & { now?: Date }): { slot: VolunteerSlot; movedUp: Signup[] } {
  const now = ctx.now ?? new Date();
  return withPlacesLock(db, (tx) => {
    const slot = getSlot(tx, slotId);
    if (!slot) throw new SlotSignupError({ reason: 'not_found' }, ctx.locale);
    const signup = tx
      .select()
      .from(signups)
      .where(and(eq(signups.slotId, slotId), eq(signups.userId, userId), inArray(signups.status, ['confirmed', 'waiting'])))
      .get();
    if (!signup) throw new SlotSignupError({ reason: 'not_found' }, ctx.locale);
    const movedUp = cancelAndMoveUp(tx, signup, slot.needed, now);
    mailMovedUp(tx, slot, movedUp, ctx);
    return { slot, movedUp };
  });
}

export interface OwnSlotSignup {
  signupId: number;
  slotId: number;
  title: string;
  programmeName: string;
  programmeSlug: string;
  startsAt: Date;
  endsAt: Date;
  placeName: string | null;
  locationName: string | null;
  status: 'confirmed' | 'waiting';
  position: number | null;
}

/** The member's own upcoming slot sign-ups (only their own: the query is keyed by their id). */
export function listOwnSlotSignups(db: Db, userId: number, from: Date = new Date()): OwnSlotSignup[] {
  return db
    .select({
      signup: signups,
      title: volunteerSlots.title,
      programmeName: volunteerProgrammes.name,
      programmeSlug: volunteerProgrammes.slug,
      startsAt: volunteerSlots.startsAt,
      endsAt: volunteerSlots.endsAt,
      placeName: places.name,
      locationName: volunteerSlots.locationName,
    })
    .from(signups)
    .innerJoin(volunteerSlots, eq(volunteerSlots.id, signups.slotId))
    .innerJoin(volunteerProgrammes, eq(volunteerProgrammes.id, volunteerSlots.programmeId))
    .leftJoin(places, eq(places.id, volunteerSlots.placeId))
    .where(and(eq(signups.userId, userId), inArray(signups.status, ['confirmed', 'waiting']), gt(volunteerSlots.endsAt, from)))
    .orderBy(asc(volunteerSlots.startsAt))
    .all()
    .map(({ signup, ...rest }) => ({
      ...rest,
      signupId: signup.id,
      slotId: signup.slotId!,
      status: signup.status === 'confirmed' ? 'confirmed' : 'waiting',
      position: waitingPosition(db, signup),
    }));
}

/** The member's status on each of the given slots (for sign-up buttons). */
export function ownSlotStatuses(db: Db, userId: number, slotIds: number[]): Map<number, { status: 'confirmed' | 'waiting'; position: number | null }> {
  const result = new Map<number, { status: 'confirmed' | 'waiting'; position: number | null }>();
  if (slotIds.length === 0) return result;
  const rows = db
    .select()
    .from(signups)
    .where(and(eq(signups.userId, userId), inArray(signups.slotId, slotIds), inArray(signups.status, ['confirmed', 'waiting'])))
    .all();
  for (const row of rows) {
    result.set(row.slotId!, { status: row.status === 'confirmed' ? 'confirmed' : 'waiting', position: waitingPosition(db, row) });
  }
  return result;
}

export interface SlotInput {
  kind: VolunteerSlot['kind'];
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  placeId: number | null;
  locationName: string | null;
  needed: number;
  signupOpensAt: Date | null;
  requiresTraining: boolean;
}

/**
 * Creates a dated need of a programme. With `closedTimes`, a date at which its place is closed holds the save back
 * until the form confirms the warning ("Trotzdem speichern"); the date is then kept, so the place's conflict list
 * does not ask about it again.
 */
export function createSlot(
  db: Db,
  actor: Actor,
  programmeId: number,
  input: SlotInput,
  closedTimes?: { confirmation: string | null | undefined; locale: Locale },
  now: Date = new Date(),
): VolunteerSlot {
  return db.transaction((tx) => {
    const programme = getProgrammeById(tx, programmeId);
    if (!programme) throw new VolunteeringError('programme_not_found');
    if (!canCoordinateProgramme(tx, actor, programme)) throw new VolunteeringError('not_allowed');
    const planned = input.placeId === null ? [] : [{ placeId: input.placeId, startsAt: input.startsAt, endsAt: input.endsAt, allDay: false, key: 'slot' }];
    const closed = closedTimes ? findClosedTimes(tx, planned, now) : [];
    if (closedTimes) requireConfirmedWarnings(describeClosedTimes(tx, closed, closedTimes.locale), closedTimes.confirmation);
    const slot = tx
      .insert(volunteerSlots)
      .values({ ...input, programmeId })
      .returning()
      .get();
    if (closed.length > 0) recordItemKeep(tx, actor.id, { kind: 'slot', id: slot.id }, now);
    recordAudit(tx, {
      actorUserId: actor.id,
      action: 'volunteer_slot.create',
      entityType: 'volunteer_slot',
      entityId: slot.id,
      quartierId: programme.quartierId,
      details: { title: slot.title, needed: slot.needed },
    });
    return slot;
  });
}

/** Who is on a slot, for its coordinator. */
export function listSlotPeople(db: Db, slotId: number): (Signup & { position: number | null })[] {
  return db
    .select()
    .from(signups)
    .where(and(eq(signups.slotId, slotId), inArray(signups.status, ['confirmed', 'waiting'])))
    .orderBy(asc(signups.queuedAt), asc(signups.id))
    .all()
    .map((s) => ({ ...s, position: waitingPosition(db, s) }));
}

/**
 * Reminder mails for confirmed sign-ups of slots starting within `withinHours`; the dedupe key makes a
 * second run (or a second server) send nothing twice.
 */
export function sendSlotReminders(db: Db, options: { now?: Date; withinHours?: number; baseUrl: string }): number {
  const now = options.now ?? new Date();
  const until = new Date(now.getTime() + (options.withinHours ?? 48) * 60 * 60 * 1000);
  const due = db
    .select({ signup: signups, slot: volunteerSlots })
    .from(signups)
    .innerJoin(volunteerSlots, eq(volunteerSlots.id, signups.slotId))
    .where(and(eq(signups.status, 'confirmed'), gt(volunteerSlots.startsAt, now), lt(volunteerSlots.startsAt, until), isNull(signups.reminderSentAt)))
    .all();
  let sent = 0;
  for (const { signup, slot } of due) {
    if (!signup.email) continue;
    const lang = signupLocale(db, { ...signup, email: signup.email });
    db.transaction((tx) => {
      const id = enqueueMail(
        tx,
        volunteeringMail(
          lang,
          'slot-reminder',
          signup.email!,
          {
            subject: 'volunteering.mail.reminder.subject',
            body: 'volunteering.mail.reminder.body',
          },
          { name: signup.name, title: slot.title, date: slotDate(slot, lang), link: mySignupsLink(options.baseUrl) },
          `slot-reminder:${signup.id}`,
        ),
        now,
      );
      tx.update(signups).set({ reminderSentAt: now }).where(eq(signups.id, signup.id)).run();
      if (id !== null) sent++;
    });
  }
  return sent;
}

export function slotKindLabel(locale: Locale, kind: VolunteerSlot['kind']): string {
  return translate(locale, `volunteering.slot.kind.${kind}`);
}
