/**
 * Fixed-window rate limits stored in SQLite (table rate_limits), so they hold across restarts and for every
 * process that shares the database. Keys name the action and the subject: `login:ip:203.0.113.5`,
 * `login:account:anna@example.org`.
 */
import { eq, lt } from 'drizzle-orm';
import type { Db } from '../db';
import { rateLimits } from '../../../../db/schema';
import { DomainError } from '../errors';

export interface RateLimitRule {
  /** Attempts allowed per window. */
  limit: number;
  windowMs: number;
}

/** Limits of the account forms; per IP generous enough for a shared Treff computer, per account tight. */
export const rateLimitRules = {
  loginIp: { limit: 30, windowMs: 15 * 60 * 1000 },
  loginAccount: { limit: 10, windowMs: 15 * 60 * 1000 },
  registerIp: { limit: 10, windowMs: 60 * 60 * 1000 },
  resetIp: { limit: 10, windowMs: 60 * 60 * 1000 },
  resetAccount: { limit: 3, windowMs: 60 * 60 * 1000 },
  verifyIp: { limit: 30, windowMs: 15 * 60 * 1000 },
  verifyAccount: { limit: 3, windowMs: 60 * 60 * 1000 },
  inviteAccount: { limit: 30, windowMs: 60 * 60 * 1000 },
} as const satisfies Record<string, RateLimitRule>;

/**
 * The key of the per-account login limit. It is counted per account *and* address: counted for the account alone,
 * anyone could lock its owner out by guessing ten times (and behind a proxy, from everywhere at once). Guessing
 * from many addresses is held back by the per-address limit, the password rules and Argon2id.
 */
export function loginAccountKey(email: string, clientAddress: string): string {
  return `login:account:${email}:${clientAddress}`;
}

const HOUR = 60 * 60 * 1000;

/** The network an address belongs to: IPv4 /24, IPv6 /48 (a script hopping addresses in one network shares a limit). */
export function networkOf(address: string): string {
  const v4 = /(?:^|:)(\d{1,3}\.\d{1,3}\.\d{1,3})\.\d{1,3}$/.exec(address);
  if (v4) return `${v4[1]}.0/24`;
  const groups = address.toLowerCase().split(':');
  return `${groups.slice(0, 3).join(':')}::/48`;
}

export interface StrangerRules {
  address: RateLimitRule;
  network: RateLimitRule;
  /** Per e-mail address given in the form: how often one address can be written to. */
  email: RateLimitRule;
}

/**
 * Forms anyone can send without an account (registering for an event, applying, asking for help): enough for a
 * family or a Treff computer used by several people, too little to fill an event or to send mail to an address
 * over and over.
 */
export const strangerRules: StrangerRules = {
  address: { limit: 10, windowMs: HOUR },
  network: { limit: 30, windowMs: HOUR },
  email: { limit: 3, windowMs: HOUR },
};

/** Secret-link forms (confirm, cancel, answer): the link is unguessable, the limit only stops a flood. */
export const secretLinkRule: RateLimitRule = { limit: 30, windowMs: 10 * 60 * 1000 };

/** The keys one submission of a stranger's form counts against: its address, its network, the e-mail address given. */
export function strangerLimitEntries(
  form: string,
  who: { address: string; email?: string | null | undefined },
  rules: StrangerRules = strangerRules,
): [key: string, rule: RateLimitRule][] {
  const entries: [string, RateLimitRule][] = [
    [`${form}:ip:${who.address}`, rules.address],
    [`${form}:net:${networkOf(who.address)}`, rules.network],
  ];
  if (who.email) entries.push([`${form}:email:${who.email.trim().toLowerCase()}`, rules.email]);
  return entries;
}

/** Counts one submission of a form anyone can send; throws RateLimitedError (answered 429) when a limit is used up. */
export function limitStranger(db: Db, form: string, who: { address: string; email?: string | null | undefined }, now: Date = new Date()): void {
  consumeRateLimits(db, strangerLimitEntries(form, who), now);
}

/** Counts one use of a secret link's form from this address. */
export function limitSecretLinkUse(db: Db, form: string, address: string, now: Date = new Date()): void {
  consumeRateLimit(db, `${form}:ip:${address}`, secretLinkRule, now);
}

/** The window's attempts are used up; the message says how many minutes to wait (at least one). */
export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('rate_limited', { key: 'form.error.rateLimited', params: { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) } });
  }
}

/**
 * Counts one attempt against the key. Throws RateLimitedError when the window's limit is used up.
 * The read and write happen in one statement sequence on a synchronous connection, so two requests cannot
 * both take the last attempt.
 */
export function consumeRateLimit(db: Db, key: string, rule: RateLimitRule, now: Date = new Date()): void {
  const row = db.select().from(rateLimits).where(eq(rateLimits.key, key)).get();
  if (!row || now.getTime() - row.windowStart.getTime() >= rule.windowMs) {
    db.insert(rateLimits)
      .values({ key, windowStart: now, hits: 1 })
      .onConflictDoUpdate({ target: rateLimits.key, set: { windowStart: now, hits: 1 } })
      .run();
    return;
  }
  if (row.hits >= rule.limit) {
    const retryAfterMs = row.windowStart.getTime() + rule.windowMs - now.getTime();
    throw new RateLimitedError(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  }
  db.update(rateLimits)
    .set({ hits: row.hits + 1 })
    .where(eq(rateLimits.key, key))
    .run();
}

/** Checks several limits; all are counted, the first exhausted one throws. */
export function consumeRateLimits(db: Db, entries: [key: string, rule: RateLimitRule][], now: Date = new Date()): void {
  let blocked: RateLimitedError | null = null;
  for (const [key, rule] of entries) {
    try {
      consumeRateLimit(db, key, rule, now);
    } catch (error) {
      if (!(error instanceof RateLimitedError)) throw error;
      if (!blocked || error.retryAfterSeconds > blocked.retryAfterSeconds) blocked = error;
    }
  }
  if (blocked) throw blocked;
}

/** Forgets the counter, e.g. the per-account login counter after a successful login. */
export function resetRateLimit(db: Db, key: string): void {
  db.delete(rateLimits).where(eq(rateLimits.key, key)).run();
}

/** Removes windows that ended long ago (privacy: the keys contain IP addresses and e-mail addresses). */
export function purgeRateLimits(db: Db, olderThan: Date): number {
  return db.delete(rateLimits).where(lt(rateLimits.windowStart, olderThan)).run().changes;
}
