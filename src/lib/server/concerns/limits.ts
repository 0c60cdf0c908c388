/**
 * Rate limits of reporting: per IP address, per network (a /24 or /48 shares one limit, so a script hopping
 * addresses in one network is slowed too), and per e-mail address. Refusals are domain errors, answered 429.
 */
import type { Db } from '../db';
import { consumeRateLimits, strangerLimitEntries, type RateLimitRule, type StrangerRules } from '../ratelimit';

const TEN_MINUTES = 10 * 60 * 1000;

export const reportRules = {
  address: { limit: 20, windowMs: TEN_MINUTES },
  network: { limit: 60, windowMs: TEN_MINUTES },
  email: { limit: 10, windowMs: 60 * 60 * 1000 },
  apiClient: { limit: 300, windowMs: TEN_MINUTES },
} as const satisfies StrangerRules & Record<string, RateLimitRule>;

export function limitReports(db: Db, who: { address: string; email?: string | undefined; apiClientId?: number | undefined }, now: Date = new Date()): void {
  const entries = strangerLimitEntries('concern', who, reportRules);
  if (who.apiClientId !== undefined) entries.push([`concern:api:${who.apiClientId}`, reportRules.apiClient]);
  consumeRateLimits(db, entries, now);
}
