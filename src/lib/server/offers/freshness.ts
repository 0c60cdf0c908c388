/**
 * "Stimmt das noch?": once a year (OFFERS_CONFIRM_MONTHS, default 12) the maintainers of an actor get a mail with
 * a link to confirm every entry unchanged and one to edit them. Unanswered, a second reminder follows after
 * OFFERS_REMINDER_DAYS (default 21); when that one is unanswered too, the actor and its offers show "möglicherweise
 * veraltet" and staff see them in their list. Actors without an account run through the same timeline without
 * mails, so staff see which of the entries they keep need a look. Every function takes `now`, so tests fix the clock.
 */
import { and, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../db';
import { actorConfirmations, actors, offers, organisationMembers, users, type ActorRecord } from '../../../../db/schema';
import { hashToken } from '../accounts/tokens';
import { generateSecureRandomString } from '../auth/session';
import { absoluteUrl, enqueueComposedMail } from '../mail/compose';
import { recordAudit } from '../audit';
import { DomainError } from '../errors';
import { translator } from '../../../i18n';
import { recipientLocale } from '../mail/recipient-locale';
import { berlinDate, berlinZone } from '../../time';
import { requireActorAccess, type User } from './access';
import { formatDay } from './describe';

export interface FreshnessSettings {
  confirmMonths: number;
  reminderDays: number;
}

/** Read per call, so tests and operators can change them without a restart of the code that asks. */
export function freshnessSettings(env: Record<string, string | undefined> = process.env): FreshnessSettings {
  const whole = (value: string | undefined, fallback: number, max: number): number => {
    const n = Number(value);
    return value && Number.isInteger(n) && n >= 1 && n <= max ? n : fallback;
  };
  return { confirmMonths: whole(env.OFFERS_CONFIRM_MONTHS, 12, 60), reminderDays: whole(env.OFFERS_REMINDER_DAYS, 21, 365) };
}

/** How long a confirmation link works: until well after the second reminder. */
const TOKEN_LIFETIME_DAYS = 90;

function minus(now: Date, settings: { months?: number; days?: number }): Date {
  return DateTime.fromJSDate(now, { zone: berlinZone }).minus(settings).toJSDate();
}

/** The last time anything of the actor was looked at: the profile or the least recently checked public offer. */
const oldestCheck = sql<number>`min(${actors.checkedAt}, coalesce((select min(${offers.checkedAt}) from ${offers} where ${offers.actorId} = ${actors.id} and ${offers.status} = 'published'), ${actors.checkedAt}))`;

/** Whether the actor's entries count as possibly outdated: the second reminder went unanswered. */
export function isPossiblyOutdated(actor: Pick<ActorRecord, 'reminderStage' | 'reminderSentAt'>, now: Date, settings = freshnessSettings()): boolean {
  return actor.reminderStage >= 2 && actor.reminderSentAt !== null && actor.reminderSentAt <= minus(now, { days: settings.reminderDays });
}

/** SQL condition for the same, for lists and counts. */
export function outdatedCondition(now: Date, settings = freshnessSettings()) {
  return and(eq(actors.reminderStage, 2), lte(actors.reminderSentAt, minus(now, { days: settings.reminderDays })));
}

function recipientsOf(db: Db, actor: ActorRecord): { id: number; email: string; name: string }[] {
  if (actor.organisationId === null) return [];
  const members = db
    .select({ id: users.id, email: users.email, name: users.displayName, role: organisationMembers.role })
    .from(organisationMembers)
    .innerJoin(users, eq(users.id, organisationMembers.userId))
    .where(and(eq(organisationMembers.organisationId, actor.organisationId), isNull(users.disabledAt)))
    .all();
  const admins = members.filter((m) => m.role === 'admin');
  return admins.length > 0 ? admins : members;
}

/** Sends the reminders that are due; returns how many actors moved on a stage. Run by a background job. */
export function sendFreshnessReminders(db: Db, now: Date = new Date(), settings = freshnessSettings()): number {
  const yearAgo = minus(now, { months: settings.confirmMonths });
  const gapAgo = minus(now, { days: settings.reminderDays });
  return db.transaction((tx) => {
    const due = tx
      .select()
      .from(actors)
      .where(or(and(eq(actors.reminderStage, 0), lte(oldestCheck, yearAgo.getTime())), and(eq(actors.reminderStage, 1), lte(actors.reminderSentAt, gapAgo))))
      .all();
    for (const actor of due) remind(tx, actor, actor.reminderStage + 1, now);
    return due.length;
  });
}

function remind(db: Db, actor: ActorRecord, stage: number, now: Date): void {
  db.update(actors).set({ reminderStage: stage, reminderSentAt: now, updatedAt: actor.updatedAt }).where(eq(actors.id, actor.id)).run();
  const recipients = recipientsOf(db, actor);
  if (recipients.length === 0) return;
  const token = generateSecureRandomString() + generateSecureRandomString();
  db.insert(actorConfirmations)
    .values({
      actorId: actor.id,
      tokenHash: hashToken(token),
      stage,
      expiresAt: DateTime.fromJSDate(now).plus({ days: TOKEN_LIFETIME_DAYS }).toJSDate(),
      createdAt: now,
    })
    .run();
  const offerCount = db
    .select({ id: offers.id })
    .from(offers)
    .where(and(eq(offers.actorId, actor.id), eq(offers.status, 'published')))
    .all().length;
  for (const person of recipients) {
    const locale = recipientLocale(db, { email: person.email, userId: person.id });
    const t = translator(locale);
    enqueueComposedMail(
      db,
      {
        to: person.email,
        locale,
        kind: 'offers-confirm',
        subject: t(stage === 1 ? 'offers.mail.subject' : 'offers.mail.subjectSecond', { actor: actor.name }),
        recipientName: person.name,
        paragraphs: [
          t('offers.mail.intro', { actor: actor.name, count: offerCount, date: formatDay(berlinDate(actor.checkedAt), locale) }),
          t('offers.mail.oneClick'),
          t('offers.mail.edit', { url: absoluteUrl(`/konto/angebote/${actor.id}`) }),
          ...(stage === 2 ? [t('offers.mail.secondWarning')] : []),
        ],
        action: { label: t('offers.mail.action'), url: `/angebote/pruefen/${token}` },
        reason: t('offers.mail.reason', { actor: actor.name }),
        dedupeKey: `offers-confirm:${actor.id}:${stage}:${actor.checkedAt.getTime()}:${person.email}`,
      },
      now,
    );
  }
}

/** Marks the actor and all its public offers as checked now and ends the reminder timeline. */
function markChecked(db: Db, actorId: number, now: Date): void {
  db.update(actors).set({ checkedAt: now, reminderStage: 0, reminderSentAt: null, updatedAt: now }).where(eq(actors.id, actorId)).run();
  db.update(offers)
    .set({ checkedAt: now, updatedAt: now })
    .where(and(eq(offers.actorId, actorId), eq(offers.status, 'published')))
    .run();
}

export interface ConfirmationLink {
  actor: ActorRecord;
  usedAt: Date | null;
}

/** The actor a confirmation link belongs to, while the link is valid; null otherwise. */
export function findConfirmation(db: Db, token: string, now: Date = new Date()): ConfirmationLink | null {
  if (!/^[a-z2-7]{20,64}$/.test(token)) return null;
  const row = db
    .select({ actor: actors, usedAt: actorConfirmations.usedAt })
    .from(actorConfirmations)
    .innerJoin(actors, eq(actors.id, actorConfirmations.actorId))
    .where(and(eq(actorConfirmations.tokenHash, hashToken(token)), gt(actorConfirmations.expiresAt, now)))
    .get();
  return row ?? null;
}

/** "Ja, unverändert" from the mail: no login needed, the link is the proof. */
export function confirmByToken(db: Db, token: string, now: Date = new Date()): ActorRecord {
  return db.transaction((tx) => {
    const link = findConfirmation(tx, token, now);
    if (!link) throw new DomainError('not_found', { key: 'offers.error.tokenInvalid' });
    markChecked(tx, link.actor.id, now);
    tx.update(actorConfirmations)
      .set({ usedAt: now })
      .where(eq(actorConfirmations.tokenHash, hashToken(token)))
      .run();
    recordAudit(tx, { actorUserId: null, action: 'actor.confirm', entityType: 'actor', entityId: link.actor.id, details: { via: 'mail' } });
    return link.actor;
  });
}

/** The same from the account or staff pages, for whoever keeps the actor. */
export function confirmAsMaintainer(db: Db, user: User, actorId: number, now: Date = new Date()): void {
  db.transaction((tx) => {
    requireActorAccess(tx, user, actorId);
    markChecked(tx, actorId, now);
    recordAudit(tx, { actorUserId: user.id, action: 'actor.confirm', entityType: 'actor', entityId: actorId, details: { via: 'portal' } });
  });
}

/** Actors among `ids` whose entries are possibly outdated. */
export function outdatedActorIds(db: Db, ids: number[] | 'all', now: Date = new Date()): number[] {
  if (ids !== 'all' && ids.length === 0) return [];
  return db
    .select({ id: actors.id })
    .from(actors)
    .where(and(outdatedCondition(now), ids === 'all' ? undefined : inArray(actors.id, ids)))
    .all()
    .map((r) => r.id);
}
