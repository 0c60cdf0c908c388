/** Daily deletion of what the privacy statement says is kept only for a while. */
import type { Db } from '../db';
import { purgeSentMails } from '../mail/worker';
import { purgeUserTokens } from '../accounts/tokens';
import { purgeExpiredSessions } from '../auth/session';
import { purgeRateLimits } from '../ratelimit';
import { purgeExpiredInvitations } from '../organisations';
import { toBerlin } from '../../time';

export interface CleanupReport {
  sentMails: number;
  tokens: number;
  sessions: number;
  rateLimits: number;
  invitations: number;
}

export function runPrivacyCleanup(db: Db, now: Date = new Date()): CleanupReport {
  return {
    sentMails: purgeSentMails(db, now),
    tokens: purgeUserTokens(db, now),
    sessions: purgeExpiredSessions(db, now),
    rateLimits: purgeRateLimits(db, toBerlin(now).minus({ days: 1 }).toJSDate()),
    invitations: purgeExpiredInvitations(db, now),
  };
}
