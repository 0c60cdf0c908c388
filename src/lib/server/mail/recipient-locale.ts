/**
 * The language a mail to a person is written in, the same rule for every mail the portal sends:
 * 1. the person's own setting (`users.locale`, the last language they chose) when the address belongs to an
 *    account — the account given, or else the account with that address;
 * 2. else the language stored on the record the mail is about (the language of the form a guest sent);
 * 3. else German, the portal's source language.
 * The language of whoever causes the mail (staff cancelling an event, a coordinator deciding) never counts.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { users } from '../../../../db/schema';
import { defaultLocale, isLocale, type Locale } from '../../../i18n';

export interface MailRecipient {
  email: string;
  /** The account the record belongs to, when it has one. */
  userId?: number | null;
  /** The language stored on the record (e.g. `signups.locale`), for a recipient without an account. */
  recordLocale?: string | null;
}

export function recipientLocale(db: Db, recipient: MailRecipient): Locale {
  const { userId } = recipient;
  const byId = userId === undefined || userId === null ? undefined : db.select({ locale: users.locale }).from(users).where(eq(users.id, userId)).get();
  const account = byId ?? db.select({ locale: users.locale }).from(users).where(eq(users.email, recipient.email.trim().toLowerCase())).get();
  if (account && isLocale(account.locale)) return account.locale;
  return isLocale(recipient.recordLocale) ? recipient.recordLocale : defaultLocale;
}
