/**
 * Rate limits of reporting: per IP address, per network (a /24 or /48 shares one limit, so a script hopping
 * addresses in one network is slowed too), and per e-mail address. Refusals are domain errors, answered 429.
 */
import type { Db } from '../db';
import { consumeRateLimits, RateLimitedError, type RateLimitRule } from '../ratelimit';
import { DomainError, problem } from '../errors';

const TEN_MINUTES = 10 * 60 * 1000;

export const reportRules = {
  address: { limit: 20, windowMs: TEN_MINUTES },
  network: { limit: 60, windowMs: TEN_MINUTES },
  email: { limit: 10, windowMs: 60 * 60 * 1000 },
  apiClient: { limit: 300, windowMs: TEN_MINUTES },
} as const satisfies Record<string, RateLimitRule>;

/** The network an address belongs to: IPv4 /24, IPv6 /48. */
export function networkOf(address: string): string {
  const v4 = /(?:^|:)(\d{1,3}\.\d{1,3}\.\d{1,3})\.\d{1,3}$/.exec(address);
  if (v4) return `${v4[1]}.0/24`;
  const groups = address.toLowerCase().split(':');
  return `${groups.slice(0, 3).join(':')}::/48`;
}

export function limitReports(db: Db, who: { address: string; email?: string | undefined; apiClientId?: number | undefined }, now: Date = new Date()): void {
  const entries: [string, RateLimitRule][] = [
    [`concern:ip:${who.address}`, reportRules.address],
    [`concern:net:${networkOf(who.address)}`, reportRules.network],
  ];
  if (who.email) entries.push([`concern:email:${who.email.toLowerCase()}`, reportRules.email]);
  if (who.apiClientId !== undefined) entries.push([`concern:api:${who.apiClientId}`, reportRules.apiClient]);
  try {
    consumeRateLimits(db, entries, now);
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    throw new DomainError('rate_limited', problem('form.error.rateLimited', { params: { minutes: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) } }));
  }
}
