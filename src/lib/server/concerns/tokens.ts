/**
 * The links of the concerns area that work without an account: confirming the reporter's address, an office's
 * answer, and the resident's "behoben?" reply. Only a SHA-256 hash is stored; each link works once, only for its
 * concern and purpose, and until it expires. A new link for the same step replaces the old one.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db';
import { createSecretToken, hashSecretToken } from '../registrations/tokens';
import { toBerlin } from '../../time';
import { DomainError, problem } from '../errors';
import { concernTokens, type ConcernToken } from '../../../../db/schema';
import { TOKEN_DAYS } from './settings';

export type TokenPurpose = ConcernToken['purpose'];

export function issueToken(db: Db, concernId: number, purpose: TokenPurpose, now: Date, officeId: number | null = null): string {
  supersedeTokens(db, concernId, purpose, now);
  const { token, hash } = createSecretToken();
  db.insert(concernTokens)
    .values({ concernId, purpose, officeId, tokenHash: hash, expiresAt: toBerlin(now).plus({ days: TOKEN_DAYS[purpose] }).toJSDate(), createdAt: now })
    .run();
  return token;
}

/** Links sent earlier for the same step stop working (a reminder carries a fresh one). */
export function supersedeTokens(db: Db, concernId: number, purpose: TokenPurpose, now: Date): void {
  db.update(concernTokens)
    .set({ usedAt: now })
    .where(and(eq(concernTokens.concernId, concernId), eq(concernTokens.purpose, purpose), isNull(concernTokens.usedAt)))
    .run();
}

const TOKEN_SHAPE = /^[a-z2-7]{16,64}$/;

export type TokenLookup = { state: 'valid'; token: ConcernToken } | { state: 'used' | 'expired'; token: ConcernToken } | { state: 'unknown' };

/** What a link is worth right now; a forged one is `unknown`. */
export function lookUpToken(db: Db, raw: string, purpose: TokenPurpose, now: Date): TokenLookup {
  if (!TOKEN_SHAPE.test(raw)) return { state: 'unknown' };
  const token = db
    .select()
    .from(concernTokens)
    .where(eq(concernTokens.tokenHash, hashSecretToken(raw)))
    .get();
  if (!token || token.purpose !== purpose) return { state: 'unknown' };
  if (token.usedAt) return { state: 'used', token };
  if (token.expiresAt.getTime() <= now.getTime()) return { state: 'expired', token };
  return { state: 'valid', token };
}

/**
 * Uses the link up inside the caller's transaction; a second use (also a concurrent one) is refused, because
 * only the first update finds it unused.
 */
export function consumeToken(db: Db, raw: string, purpose: TokenPurpose, now: Date): ConcernToken {
  const found = lookUpToken(db, raw, purpose, now);
  if (found.state === 'unknown') throw new DomainError('not_found', problem('concerns.error.linkUnknown'));
  if (found.state !== 'valid') throw new DomainError('conflict', problem(found.state === 'used' ? 'concerns.error.linkUsed' : 'concerns.error.linkExpired'));
  const claimed = db
    .update(concernTokens)
    .set({ usedAt: now })
    .where(and(eq(concernTokens.id, found.token.id), isNull(concernTokens.usedAt)))
    .run().changes;
  if (claimed !== 1) throw new DomainError('conflict', problem('concerns.error.linkUsed'));
  return found.token;
}
