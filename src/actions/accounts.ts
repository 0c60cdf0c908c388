/**
 * Account Actions: zod input → who is asking → rate limit → domain. Every refusal is a message key (zod issues,
 * or a DomainError that `formHandler` maps); the page translates it.
 */
import { defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from 'astro/zod';
import { isLocale } from '../i18n';
import { safeReturnPath } from '../lib/redirect';
import { startPathAfterLogin } from '../lib/server/backoffice/open-work';
import { getDb } from '../lib/server/db';
import {
  authenticate,
  changePassword,
  confirmEmailChange,
  EmailNotVerifiedError,
  findUserByEmail,
  findUserById,
  normalizeEmail,
  passwordProblemKey,
  registerAccount,
  requestEmailChange,
  requestPasswordReset,
  resetPassword,
  sendVerificationMail,
  updateProfile,
  verifyEmail,
} from '../lib/server/accounts';
import { deleteAccount } from '../lib/server/privacy';
import { checkNewPassword, MAX_PASSWORD_LENGTH } from '../lib/server/auth/password';
import { createSession, invalidateSession, invalidateUserSessions } from '../lib/server/auth/session';
import { deleteSessionCookie, setSessionCookie } from '../lib/server/auth/cookie';
import { consumeRateLimits, loginAccountKey, RateLimitedError, rateLimitRules, resetRateLimit } from '../lib/server/ratelimit';
import { getQuartierBySlug } from '../lib/server/quartiere';
import { actionLocale, formHandler, refuse, requireConfirmed, requireSession, requireUser } from './guard';
import { checkbox, emailField, requiredText } from './schemas';

const email = emailField('account.error.emailInvalid', 'account.error.emailRequired');
const passwordGiven = z
  .string({ error: 'account.error.passwordRequired' })
  .min(1, { error: 'account.error.passwordRequired' })
  .max(MAX_PASSWORD_LENGTH, { error: 'account.error.passwordTooLong' });
const newPassword = z.string({ error: 'account.error.passwordRequired' }).superRefine((value, ctx) => {
  // One message per password: "required" for an empty one, otherwise the first rule it breaks.
  const problem = value === '' ? 'account.error.passwordRequired' : passwordProblemKey(checkNewPassword(value));
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const displayName = requiredText(100, 'account.error.nameRequired');
const token = z.string().min(1).max(200);
const quartierSlug = z.string().max(100).nullish();

/** The visitor's address as the middleware resolved it (behind a trusted proxy: the forwarded one). */
function clientKey(context: ActionAPIContext): string {
  return context.locals.clientAddress;
}

export const accounts = {
  register: defineAction({
    accept: 'form',
    input: z.object({ displayName, email, password: newPassword, quartier: quartierSlug }),
    handler: formHandler(async (input, context) => {
      const db = getDb();
      consumeRateLimits(db, [[`register:ip:${clientKey(context)}`, rateLimitRules.registerIp]]);
      const quartier = input.quartier ? getQuartierBySlug(db, input.quartier) : null;
      await registerAccount(db, {
        email: input.email,
        password: input.password,
        displayName: input.displayName,
        locale: actionLocale(context),
        homeQuartierId: quartier?.id ?? null,
      });
      return { sent: true };
    }),
  }),

  login: defineAction({
    accept: 'form',
    input: z.object({ email, password: passwordGiven, zurueck: z.string().max(500).nullish() }),
    handler: formHandler(async (input, context) => {
      const address = normalizeEmail(input.email);
      const db = getDb();
      consumeRateLimits(db, [
        [`login:ip:${clientKey(context)}`, rateLimitRules.loginIp],
        [loginAccountKey(address, clientKey(context)), rateLimitRules.loginAccount],
      ]);
      try {
        const user = await authenticate(db, address, input.password);
        const session = createSession(db, user.id);
        setSessionCookie(context.cookies, session.token, new Date());
        resetRateLimit(db, loginAccountKey(address, clientKey(context)));
        // Without a page to return to, staff start on the back office with their open work.
        return { redirect: safeReturnPath(input.zurueck, startPathAfterLogin(db, user)) };
      } catch (error) {
        // The right password for an unconfirmed address: send the link again (rarely), then refuse as before.
        if (error instanceof EmailNotVerifiedError) resendVerificationOnLogin(address, error.userId);
        throw error;
      }
    }),
  }),

  logout: defineAction({
    accept: 'form',
    handler: (_input, context) => {
      if (context.locals.session) invalidateSession(getDb(), context.locals.session.id);
      deleteSessionCookie(context.cookies);
      return { loggedOut: true };
    },
  }),

  logoutEverywhere: defineAction({
    accept: 'form',
    handler: formHandler((_input, context) => {
      invalidateUserSessions(getDb(), requireUser(context).id);
      deleteSessionCookie(context.cookies);
      return { loggedOut: true };
    }),
  }),

  requestPasswordReset: defineAction({
    accept: 'form',
    input: z.object({ email }),
    handler: formHandler((input, context) => {
      const address = normalizeEmail(input.email);
      const db = getDb();
      consumeRateLimits(db, [
        [`reset:ip:${clientKey(context)}`, rateLimitRules.resetIp],
        [`reset:account:${address}`, rateLimitRules.resetAccount],
      ]);
      requestPasswordReset(db, address);
      return { sent: true };
    }),
  }),

  resetPassword: defineAction({
    accept: 'form',
    input: z.object({ token, password: newPassword }),
    handler: formHandler(async (input, context) => {
      const db = getDb();
      consumeRateLimits(db, [[`verify:ip:${clientKey(context)}`, rateLimitRules.verifyIp]]);
      await resetPassword(db, input.token, input.password);
      return { reset: true };
    }),
  }),

  resendVerification: defineAction({
    accept: 'form',
    input: z.object({ email }),
    handler: formHandler((input, context) => {
      const address = normalizeEmail(input.email);
      const db = getDb();
      consumeRateLimits(db, [
        [`verify:ip:${clientKey(context)}`, rateLimitRules.verifyIp],
        [`verify:account:${address}`, rateLimitRules.verifyAccount],
      ]);
      const user = findUserByEmail(db, address);
      if (user && !user.emailVerifiedAt && !user.disabledAt) sendVerificationMail(db, user);
      return { sent: true };
    }),
  }),

  verifyEmail: defineAction({
    accept: 'form',
    input: z.object({ token }),
    handler: formHandler((input, context) => {
      const db = getDb();
      consumeRateLimits(db, [[`verify:ip:${clientKey(context)}`, rateLimitRules.verifyIp]]);
      verifyEmail(db, input.token);
      return { verified: true };
    }),
  }),

  confirmEmailChange: defineAction({
    accept: 'form',
    input: z.object({ token }),
    handler: formHandler((input, context) => {
      const db = getDb();
      consumeRateLimits(db, [[`verify:ip:${clientKey(context)}`, rateLimitRules.verifyIp]]);
      confirmEmailChange(db, input.token, new Date(), context.locals.session?.id);
      return { changed: true };
    }),
  }),

  changePassword: defineAction({
    accept: 'form',
    input: z.object({ currentPassword: passwordGiven, newPassword }),
    handler: formHandler(async (input, context) => {
      const { user, session } = requireSession(context);
      const db = getDb();
      consumeRateLimits(db, [[`login:account:${user.email}`, rateLimitRules.loginAccount]]);
      await changePassword(db, user.id, session.id, input.currentPassword, input.newPassword);
      return { changed: true };
    }),
  }),

  changeEmail: defineAction({
    accept: 'form',
    input: z.object({ newEmail: email, currentPassword: passwordGiven }),
    handler: formHandler(async (input, context) => {
      const user = requireUser(context);
      const db = getDb();
      consumeRateLimits(db, [[`login:account:${user.email}`, rateLimitRules.loginAccount]]);
      await requestEmailChange(db, user.id, input.currentPassword, input.newEmail);
      return { sent: true };
    }),
  }),

  updateProfile: defineAction({
    accept: 'form',
    input: z.object({
      displayName,
      quartier: quartierSlug,
      locale: z.string({ error: 'account.error.localeInvalid' }).refine(isLocale, { error: 'account.error.localeInvalid' }),
    }),
    handler: formHandler((input, context) => {
      const user = requireUser(context);
      const db = getDb();
      const quartier = input.quartier ? getQuartierBySlug(db, input.quartier) : null;
      if (input.quartier && !quartier) refuse('BAD_REQUEST', 'account.error.quartierInvalid', { field: 'quartier' });
      updateProfile(db, user.id, { displayName: input.displayName, homeQuartierId: quartier?.id ?? null, locale: input.locale });
      return { saved: true };
    }),
  }),

  deleteAccount: defineAction({
    accept: 'form',
    input: z.object({
      currentPassword: passwordGiven,
      confirm: checkbox,
    }),
    handler: formHandler(async (input, context) => {
      const user = requireUser(context);
      requireConfirmed(input.confirm, 'account.error.deleteConfirm');
      const db = getDb();
      consumeRateLimits(db, [[`login:account:${user.email}`, rateLimitRules.loginAccount]]);
      await deleteAccount(db, user.id, input.currentPassword);
      deleteSessionCookie(context.cookies);
      return { deleted: true };
    }),
  }),
};

/** A fresh verification link for someone who tries to log in before confirming, limited like the resend form. */
function resendVerificationOnLogin(address: string, userId: number): void {
  const db = getDb();
  try {
    consumeRateLimits(db, [[`verify:account:${address}`, rateLimitRules.verifyAccount]]);
  } catch (error) {
    // A link was sent recently enough; the refusal of the login still explains what to do.
    if (error instanceof RateLimitedError) return;
    throw error;
  }
  const user = findUserById(db, userId);
  if (user) sendVerificationMail(db, user);
}
