/**
 * Limited places with a waiting list, shared by volunteer slots and event occurrences (one `signups` table).
 * Callers run these inside one IMMEDIATE transaction (see `withPlacesLock`), so two people can never take
 * the same last place: SQLite lets one writer in at a time and each sees the count the previous one left.
 * The waiting list is strictly first come, first served: nobody jumps the queue, even with a smaller party.
 */
import { and, asc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { signups, type Signup } from '../../../../db/schema';
import type { Locale } from '../../../i18n';
import { recipientLocale } from '../mail/recipient-locale';
import { createSecretToken } from './tokens';

export type RegistrationTarget = { slotId: number } | { occurrenceId: number };

function targetCondition(target: RegistrationTarget) {
  return 'slotId' in target ? eq(signups.slotId, target.slotId) : eq(signups.occurrenceId, target.occurrenceId);
}

/** Runs `fn` in one transaction, which holds SQLite's write lock from the start (db/client.ts), so reading the free places and taking one is atomic. */
export function withPlacesLock<T>(db: Db, fn: (tx: Db) => T): T {
  return db.transaction((tx) => fn(tx));
}

export interface Occupancy {
  /** Places taken by confirmed sign-ups (a registration may take several). */
  confirmedPlaces: number;
  confirmedPeople: number;
  waitingPeople: number;
}

export function getOccupancy(db: Db, target: RegistrationTarget): Occupancy {
  const rows = db
    .select({ status: signups.status, places: sql<number>`coalesce(sum(${signups.places}), 0)`, people: sql<number>`count(*)` })
    .from(signups)
    .where(and(targetCondition(target), inArray(signups.status, ['confirmed', 'waiting'])))
    .groupBy(signups.status)
    .all();
  const confirmed = rows.find((r) => r.status === 'confirmed');
  const waiting = rows.find((r) => r.status === 'waiting');
  return { confirmedPlaces: confirmed?.places ?? 0, confirmedPeople: confirmed?.people ?? 0, waitingPeople: waiting?.people ?? 0 };
}

/** Occupancy of many targets at once (lists of slots or occurrences), keyed by id. */
export function getOccupancies(db: Db, kind: 'slot' | 'occurrence', ids: number[]): Map<number, Occupancy> {
  const result = new Map<number, Occupancy>();
  if (ids.length === 0) return result;
  const column = kind === 'slot' ? signups.slotId : signups.occurrenceId;
  const rows = db
    .select({ id: column, status: signups.status, places: sql<number>`coalesce(sum(${signups.places}), 0)`, people: sql<number>`count(*)` })
    .from(signups)
    .where(and(inArray(column, ids), inArray(signups.status, ['confirmed', 'waiting'])))
    .groupBy(column, signups.status)
    .all();
  for (const id of ids) result.set(id, { confirmedPlaces: 0, confirmedPeople: 0, waitingPeople: 0 });
  for (const row of rows) {
    const entry = result.get(row.id!)!;
    if (row.status === 'confirmed') {
      entry.confirmedPlaces = row.places;
      entry.confirmedPeople = row.people;
    } else entry.waitingPeople = row.people;
  }
  return result;
}

export interface QueueInput {
  userId: number | null;
  name: string;
  email: string | null;
  phone?: string | null;
  places: number;
  /** People without an account manage their place through a secret link. */
  withManageToken: boolean;
  /** The language of the form; later mails to a guest go out in it. */
  locale: Locale;
}

export interface QueueResult {
  signup: Signup;
  status: 'confirmed' | 'waiting';
  /** 1-based place on the waiting list, null when confirmed. */
  position: number | null;
  manageToken: string | null;
}

/** Takes places if they are free and nobody is waiting; otherwise joins the end of the waiting list. Call under `withPlacesLock`. */
export function joinQueue(db: Db, target: RegistrationTarget, capacity: number, input: QueueInput, now: Date): QueueResult {
  const occupancy = getOccupancy(db, target);
  const fits = occupancy.waitingPeople === 0 && occupancy.confirmedPlaces + input.places <= capacity;
  const token = input.withManageToken ? createSecretToken() : null;
  const signup = db
    .insert(signups)
    .values({
      ...('slotId' in target ? { slotId: target.slotId } : { occurrenceId: target.occurrenceId }),
      userId: input.userId,
      name: input.name,
      email: input.email,
      phone: input.phone ?? null,
      places: input.places,
      locale: input.locale,
      status: fits ? 'confirmed' : 'waiting',
      manageTokenHash: token?.hash ?? null,
      queuedAt: now,
      createdAt: now,
    })
    .returning()
    .get();
  return {
    signup,
    status: signup.status === 'confirmed' ? 'confirmed' : 'waiting',
    position: fits ? null : waitingPosition(db, signup),
    manageToken: token?.token ?? null,
  };
}

/** 1-based place on the waiting list (null when not waiting). */
export function waitingPosition(db: Db, signup: Pick<Signup, 'id' | 'slotId' | 'occurrenceId' | 'queuedAt' | 'status'>): number | null {
  if (signup.status !== 'waiting') return null;
  const target: RegistrationTarget = signup.slotId !== null ? { slotId: signup.slotId } : { occurrenceId: signup.occurrenceId! };
  const ahead = db
    .select({ n: sql<number>`count(*)` })
    .from(signups)
    .where(
      and(
        targetCondition(target),
        eq(signups.status, 'waiting'),
        or(lt(signups.queuedAt, signup.queuedAt), and(eq(signups.queuedAt, signup.queuedAt), lt(signups.id, signup.id))),
      ),
    )
    .get();
  return (ahead?.n ?? 0) + 1;
}

/** Confirms waiting people in queue order while their party still fits. Call under `withPlacesLock`. */
export function moveUpWaiting(db: Db, target: RegistrationTarget, capacity: number): Signup[] {
  const moved: Signup[] = [];
  let { confirmedPlaces } = getOccupancy(db, target);
  const waiting = db
    .select()
    .from(signups)
    .where(and(targetCondition(target), eq(signups.status, 'waiting')))
    .orderBy(asc(signups.queuedAt), asc(signups.id))
    .all();
  for (const next of waiting) {
    if (confirmedPlaces + next.places > capacity) break;
    confirmedPlaces += next.places;
    moved.push(db.update(signups).set({ status: 'confirmed' }).where(eq(signups.id, next.id)).returning().get()!);
  }
  return moved;
}

/** Cancels one sign-up and moves the waiting list up; returns who moved up. Call under `withPlacesLock`. */
export function cancelAndMoveUp(db: Db, signup: Signup, capacity: number, now: Date): Signup[] {
  if (signup.status === 'cancelled') return [];
  db.update(signups).set({ status: 'cancelled', cancelledAt: now }).where(eq(signups.id, signup.id)).run();
  const target: RegistrationTarget = signup.slotId !== null ? { slotId: signup.slotId } : { occurrenceId: signup.occurrenceId! };
  return moveUpWaiting(db, target, capacity);
}

/** Active sign-ups in queue order: confirmed first, then the waiting list. */
export function listQueue(db: Db, target: RegistrationTarget): Signup[] {
  return db
    .select()
    .from(signups)
    .where(and(targetCondition(target), inArray(signups.status, ['confirmed', 'waiting'])))
    .orderBy(sql`case ${signups.status} when 'confirmed' then 0 else 1 end`, asc(signups.queuedAt), asc(signups.id))
    .all();
}

/** Changes whenever anyone registers or cancels; event pages showing places left put it into their ETag. */
export function registrationsFingerprint(db: Db): string {
  const row = db
    .select({
      n: sql<number>`count(*)`,
      maxId: sql<number>`coalesce(max(${signups.id}), 0)`,
      cancelled: sql<number>`coalesce(max(${signups.cancelledAt}), 0)`,
      confirmed: sql<number>`total(${signups.status} = 'confirmed')`,
    })
    .from(signups)
    .get();
  return `${row?.n}-${row?.maxId}-${row?.cancelled}-${row?.confirmed}`;
}

/** The language of a mail to the person of a sign-up (their account's, else the one of their form). */
export function signupLocale(db: Db, signup: Pick<Signup, 'email' | 'userId' | 'locale'> & { email: string }): Locale {
  return recipientLocale(db, { email: signup.email, userId: signup.userId, recordLocale: signup.locale });
}
