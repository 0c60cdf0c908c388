import type { TokenLookup } from './tokens';

/** The HTTP status of a page reached through a mailed link: forged 404, used or expired 410. */
export function linkStatus(lookup: TokenLookup): number {
  return lookup.state === 'valid' ? 200 : lookup.state === 'unknown' ? 404 : 410;
}
