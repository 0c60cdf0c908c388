/** Daily deletion of what the privacy statement says is kept only for a while. */
import type { Db } from '../db';
import { purgeMailFiles, purgeSentMails } from '../mail/worker';
import { expireManageLinks } from '../registrations/events';
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
  mailFiles: number;
  manageLinks: number;
}

/** `mailDir`: the folder of the file transport (without SMTP), whose .eml files are kept as long as sent mails. */
export function runPrivacyCleanup(db: Db, now: Date = new Date(), mailDir: string | null = null): CleanupReport {
  return {
    sentMails: purgeSentMails(db, now),
    tokens: purgeUserTokens(db, now),
    sessions: purgeExpiredSessions(db, now),
    rateLimits: purgeRateLimits(db, toBerlin(now).minus({ days: 1 }).toJSDate()),
    invitations: purgeExpiredInvitations(db, now),
    mailFiles: mailDir ? purgeMailFiles(mailDir, now) : 0,
    manageLinks: expireManageLinks(db, now),
  };
}
