/**
 * Accounts: registration with a verified address, login, password reset, address and password changes.
 * Answers never reveal whether an address has an account: registration and reset requests look the same
 * to the person asking; the mail goes to the address's owner, who alone learns the difference.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { users, type User } from '../../../../db/schema';
import { translate, type Locale, type MessageKey } from '../../../i18n';
import { checkNewPassword, hashPassword, verifyPassword, type PasswordProblem } from '../auth/password';
import { invalidateOtherUserSessions, invalidateUserSessions } from '../auth/session';
import { enqueueComposedMail } from '../mail/compose';
import { recipientLocale } from '../mail/recipient-locale';
import { issueUserToken, revokeUnusedUserTokens, takeUserToken } from './tokens';
import { DomainError } from '../errors';

const passwordProblemKeys: Record<PasswordProblem, MessageKey> = {
  too_short: 'account.error.passwordTooShort',
  too_long: 'account.error.passwordTooLong',
  common: 'account.error.passwordCommon',
  contains_email: 'account.error.passwordContainsEmail',
};

/** The message for a reason a new password is refused (the Actions' schemas use it too), or null for none. */
export function passwordProblemKey(problem: PasswordProblem | null): MessageKey | null {
  return problem ? passwordProblemKeys[problem] : null;
}

/** A new password the rules refuse; `field` names the form field it was typed into. */
export class WeakPasswordError extends DomainError {
  constructor(
    readonly problem: PasswordProblem,
    field = 'password',
  ) {
    super('invalid', { key: passwordProblemKeys[problem], field });
  }
}
/** Unknown address, wrong password or disabled account: one answer for all, so it reveals nothing. */
export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('unauthorized', { key: 'account.error.invalidCredentials' });
  }
}
export class EmailNotVerifiedError extends DomainError {
  constructor(readonly userId: number) {
    super('forbidden', { key: 'account.error.notVerified' });
  }
}
/** The current password, asked for before a change to the account, is wrong. */
export class WrongPasswordError extends DomainError {
  constructor() {
    super('invalid', { key: 'account.error.currentPasswordWrong', field: 'currentPassword' });
  }
}
export class InvalidTokenError extends DomainError {
  constructor() {
    super('invalid', { key: 'account.error.tokenInvalid' });
  }
}
export class EmailTakenError extends DomainError {
  constructor() {
    super('conflict', { key: 'account.error.emailTaken' });
  }
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function findUserByEmail(db: Db, email: string): User | null {
  return (
    db
      .select()
      .from(users)
      .where(eq(users.email, normalizeEmail(email)))
      .get() ?? null
  );
}

export function findUserById(db: Db, id: number): User | null {
  return db.select().from(users).where(eq(users.id, id)).get() ?? null;
}

/** The language the member chose last (the language switch): their mails go out in it. */
export function setPreferredLocale(db: Db, userId: number, locale: Locale): void {
  db.update(users).set({ locale }).where(eq(users.id, userId)).run();
}

function userLocale(db: Db, user: Pick<User, 'id' | 'email'>): Locale {
  return recipientLocale(db, { email: user.email, userId: user.id });
}

/**
 * `addressConfirmed`: whether the address belongs to whoever chose the display name. Only then is the mail greeted by
 * name: a mail to an address nobody has confirmed never carries text a stranger typed.
 */
function mailTo(
  db: Db,
  user: { email: string; displayName: string | null; locale: Locale; addressConfirmed: boolean },
  kind: string,
  keys: { subject: MessageKey; body: MessageKey[]; action?: MessageKey; reason: MessageKey },
  url: string | null,
  now: Date,
  params: Record<string, string> = {},
): void {
  const t = (key: MessageKey): string => translate(user.locale, key, params);
  enqueueComposedMail(
    db,
    {
      to: user.email,
      locale: user.locale,
      kind,
      subject: t(keys.subject),
      recipientName: user.addressConfirmed ? user.displayName : null,
      paragraphs: keys.body.map(t),
      ...(keys.action && url ? { action: { label: t(keys.action), url } } : {}),
      reason: t(keys.reason),
    },
    now,
  );
}

export function assertAcceptablePassword(password: string, email?: string, field = 'password'): void {
  const problem = checkNewPassword(password, email);
  if (problem) throw new WeakPasswordError(problem, field);
}

export interface RegistrationInput {
  email: string;
  password: string;
  displayName: string;
  locale: Locale;
  homeQuartierId?: number | null;
}

/**
 * Creates an unverified account and mails the verification link. For a known address nothing is created;
 * its owner gets a note instead, and the caller sees the same outcome either way.
 */
export async function registerAccount(db: Db, input: RegistrationInput, now: Date = new Date()): Promise<void> {
  const email = normalizeEmail(input.email);
  assertAcceptablePassword(input.password, email);
  // Hash before looking the address up, so both paths take the same time.
  const passwordHash = await hashPassword(input.password);
  db.transaction((tx) => {
    const existing = findUserByEmail(tx, email);
    if (existing) {
      mailTo(
        tx,
        { email, displayName: existing.displayName, locale: userLocale(tx, existing), addressConfirmed: existing.emailVerifiedAt !== null },
        'account-exists',
        { subject: 'mail.exists.subject', body: ['mail.exists.body', 'mail.exists.body2'], action: 'mail.exists.action', reason: 'mail.exists.reason' },
        '/passwort-vergessen',
        now,
      );
      return;
    }
    const user = tx
      .insert(users)
      .values({
        email,
        passwordHash,
        displayName: input.displayName.trim(),
        locale: input.locale,
        homeQuartierId: input.homeQuartierId ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    sendVerificationMail(tx, user, now);
  });
}

/** Tells the owner that the password changed, so that a change they did not make does not go unnoticed. */
function mailPasswordChanged(db: Db, user: User, now: Date): void {
  mailTo(
    db,
    { email: user.email, displayName: user.displayName, locale: userLocale(db, user), addressConfirmed: user.emailVerifiedAt !== null },
    'password-changed',
    { subject: 'mail.passwordChanged.subject', body: ['mail.passwordChanged.body'], reason: 'mail.passwordChanged.reason' },
    null,
    now,
  );
}

/** Mails a fresh verification link (the previous one stops working). */
export function sendVerificationMail(db: Db, user: User, now: Date = new Date()): void {
  const token = issueUserToken(db, user.id, 'verify_email', now);
  mailTo(
    db,
    { email: user.email, displayName: user.displayName, locale: userLocale(db, user), addressConfirmed: false },
    'account-verify',
    { subject: 'mail.verify.subject', body: ['mail.verify.body', 'mail.verify.expiry'], action: 'mail.verify.action', reason: 'mail.verify.reason' },
    `/konto/bestaetigen?token=${token}`,
    now,
  );
}

/** Marks the address verified; returns the user, or throws InvalidTokenError. */
export function verifyEmail(db: Db, token: string, now: Date = new Date()): User {
  return db.transaction((tx) => {
    const row = takeUserToken(tx, token, 'verify_email', now);
    if (!row) throw new InvalidTokenError();
    return tx.update(users).set({ emailVerifiedAt: now, updatedAt: now }).where(eq(users.id, row.userId)).returning().get();
  });
}

let dummyHash: Promise<string> | undefined;

/**
 * The user for these credentials. Unknown addresses are checked against a dummy hash so that the answer
 * takes as long as for a known one.
 */
export async function authenticate(db: Db, email: string, password: string): Promise<User> {
  const user = findUserByEmail(db, email);
  dummyHash ??= hashPassword('dummy-password-for-timing');
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash), password);
  if (!user || !ok || user.disabledAt) throw new InvalidCredentialsError();
  if (!user.emailVerifiedAt) throw new EmailNotVerifiedError(user.id);
  return user;
}

/** Mails a reset link when the address has an active account; otherwise does nothing visible. */
export function requestPasswordReset(db: Db, email: string, now: Date = new Date()): void {
  db.transaction((tx) => {
    const user = findUserByEmail(tx, email);
    if (!user || user.disabledAt) return;
    const token = issueUserToken(tx, user.id, 'reset_password', now);
    mailTo(
      tx,
      { email: user.email, displayName: user.displayName, locale: userLocale(tx, user), addressConfirmed: user.emailVerifiedAt !== null },
      'password-reset',
      { subject: 'mail.reset.subject', body: ['mail.reset.body', 'mail.reset.expiry'], action: 'mail.reset.action', reason: 'mail.reset.reason' },
      `/passwort-neu?token=${token}`,
      now,
    );
  });
}

/** Sets a new password from a reset link; every session of the account ends. */
export async function resetPassword(db: Db, token: string, newPassword: string, now: Date = new Date()): Promise<User> {
  const passwordHash = await hashPassword(newPassword);
  return db.transaction((tx) => {
    const row = takeUserToken(tx, token, 'reset_password', now);
    if (!row) throw new InvalidTokenError();
    const user = findUserById(tx, row.userId);
    if (!user) throw new InvalidTokenError();
    assertAcceptablePassword(newPassword, user.email);
    invalidateUserSessions(tx, user.id);
    // The link proves control of the address, so an unverified address counts as verified now.
    const updated = tx
      .update(users)
      .set({ passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? now, updatedAt: now })
      .where(eq(users.id, user.id))
      .returning()
      .get();
    mailPasswordChanged(tx, user, now);
    return updated;
  });
}

/** Changes the password after checking the current one; other sessions end, this one stays. */
export async function changePassword(
  db: Db,
  userId: number,
  keepSessionId: string,
  currentPassword: string,
  newPassword: string,
  now: Date = new Date(),
): Promise<void> {
  const user = findUserById(db, userId);
  if (!user) throw new InvalidCredentialsError();
  if (!(await verifyPassword(user.passwordHash, currentPassword))) throw new WrongPasswordError();
  assertAcceptablePassword(newPassword, user.email, 'newPassword');
  const passwordHash = await hashPassword(newPassword);
  db.transaction((tx) => {
    tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, userId)).run();
    invalidateOtherUserSessions(tx, userId, keepSessionId);
    mailPasswordChanged(tx, user, now);
  });
}

/**
 * Starts an address change: the new address gets a confirmation link, the old one a notice. When the new
 * address belongs to another account, that account's owner is told instead and nothing changes.
 */
export async function requestEmailChange(db: Db, userId: number, password: string, newEmail: string, now: Date = new Date()): Promise<void> {
  const user = findUserById(db, userId);
  if (!user) throw new InvalidCredentialsError();
  if (!(await verifyPassword(user.passwordHash, password))) throw new WrongPasswordError();
  const email = normalizeEmail(newEmail);
  if (email === user.email) return;
  db.transaction((tx) => {
    const other = findUserByEmail(tx, email);
    const locale = userLocale(tx, user);
    if (other) {
      mailTo(
        tx,
        { email, displayName: other.displayName, locale: userLocale(tx, other), addressConfirmed: other.emailVerifiedAt !== null },
        'email-change-taken',
        { subject: 'mail.changeTaken.subject', body: ['mail.changeTaken.body'], reason: 'mail.changeTaken.reason' },
        null,
        now,
      );
      return;
    }
    const token = issueUserToken(tx, user.id, 'change_email', now, email);
    mailTo(
      tx,
      { email, displayName: user.displayName, locale, addressConfirmed: false },
      'email-change-confirm',
      { subject: 'mail.change.subject', body: ['mail.change.body', 'mail.change.expiry'], action: 'mail.change.action', reason: 'mail.change.reason' },
      `/konto/adresse-bestaetigen?token=${token}`,
      now,
    );
    mailTo(
      tx,
      { email: user.email, displayName: user.displayName, locale, addressConfirmed: user.emailVerifiedAt !== null },
      'email-change-notice',
      { subject: 'mail.changeNotice.subject', body: ['mail.changeNotice.body'], reason: 'mail.changeNotice.reason' },
      null,
      now,
      { email },
    );
  });
}

/**
 * Switches to the new address from the confirmation link. Whoever might have used the old address to get in
 * is shut out: every other session of the account ends (the one confirming here stays, when it is this account's)
 * and links sent to the old address (password reset, verification) stop working.
 */
export function confirmEmailChange(db: Db, token: string, now: Date = new Date(), keepSessionId?: string): User {
  return db.transaction((tx) => {
    const row = takeUserToken(tx, token, 'change_email', now);
    if (!row?.newEmail) throw new InvalidTokenError();
    if (findUserByEmail(tx, row.newEmail)) throw new EmailTakenError();
    if (keepSessionId) invalidateOtherUserSessions(tx, row.userId, keepSessionId);
    else invalidateUserSessions(tx, row.userId);
    revokeUnusedUserTokens(tx, row.userId);
    return tx.update(users).set({ email: row.newEmail, emailVerifiedAt: now, updatedAt: now }).where(eq(users.id, row.userId)).returning().get();
  });
}

export interface ProfileInput {
  displayName: string;
  homeQuartierId: number | null;
  locale: Locale;
}

export function updateProfile(db: Db, userId: number, input: ProfileInput, now: Date = new Date()): void {
  db.update(users)
    .set({ displayName: input.displayName.trim(), homeQuartierId: input.homeQuartierId, locale: input.locale, updatedAt: now })
    .where(eq(users.id, userId))
    .run();
}

/** Ends every session of the account (log out everywhere). */
export function logOutEverywhere(db: Db, userId: number): void {
  invalidateUserSessions(db, userId);
}
