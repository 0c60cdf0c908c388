/**
 * Account Actions: zod input → who is asking → rate limit → domain → error mapping. Messages are i18n keys;
 * the page translates them (see src/components/accounts/form-state.ts).
 */
import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from 'astro/zod';
import { fieldError } from '../components/accounts/form-state';
import { pageI18n } from '../i18n/astro';
import { isLocale, type MessageKey } from '../i18n';
import { safeReturnPath } from '../lib/redirect';
import { getDb } from '../lib/server/db';
import {
  authenticate,
  changePassword,
  confirmEmailChange,
  EmailNotVerifiedError,
  EmailTakenError,
  findUserByEmail,
  findUserById,
  InvalidCredentialsError,
  InvalidTokenError,
  normalizeEmail,
  registerAccount,
  requestEmailChange,
  requestPasswordReset,
  resetPassword,
  sendVerificationMail,
  updateProfile,
  verifyEmail,
  WeakPasswordError,
  WrongPasswordError,
} from '../lib/server/accounts';
import { deleteAccount } from '../lib/server/privacy';
import { checkNewPassword, MAX_PASSWORD_LENGTH, type PasswordProblem } from '../lib/server/auth/password';
import { createSession, invalidateSession, invalidateUserSessions } from '../lib/server/auth/session';
import { deleteSessionCookie, setSessionCookie } from '../lib/server/auth/cookie';
import { consumeRateLimits, loginAccountKey, RateLimitedError, rateLimitRules, resetRateLimit } from '../lib/server/ratelimit';
import { getQuartierBySlug } from '../lib/server/quartiere';

const passwordMessages: Record<PasswordProblem, MessageKey> = {
  too_short: 'account.error.passwordTooShort',
  too_long: 'account.error.passwordTooLong',
  common: 'account.error.passwordCommon',
  contains_email: 'account.error.passwordContainsEmail',
};

const email = z
  .string({ error: 'account.error.emailRequired' })
  .trim()
  .min(1, { error: 'account.error.emailRequired' })
  .max(254, { error: 'account.error.emailInvalid' })
  .pipe(z.email({ error: 'account.error.emailInvalid' }));
const passwordGiven = z
  .string({ error: 'account.error.passwordRequired' })
  .min(1, { error: 'account.error.passwordRequired' })
  .max(MAX_PASSWORD_LENGTH, { error: 'account.error.passwordTooLong' });
const newPassword = z
  .string({ error: 'account.error.passwordRequired' })
  .min(1, { error: 'account.error.passwordRequired' })
  .superRefine((value, ctx) => {
    const problem = checkNewPassword(value);
    if (problem) ctx.addIssue({ code: 'custom', message: passwordMessages[problem] });
  });
const displayName = z
  .string({ error: 'account.error.nameRequired' })
  .trim()
  .min(1, { error: 'account.error.nameRequired' })
  .max(100, { error: 'account.error.nameTooLong' });
const token = z.string().min(1).max(200);


/** The visitor's address as the middleware resolved it (behind a trusted proxy: the forwarded one). */
function clientKey(context: ActionAPIContext): string {
  return context.locals.clientAddress;
}

function limit(context: ActionAPIContext, entries: [key: string, rule: { limit: number; windowMs: number }][]): void {
  try {
    consumeRateLimits(getDb(), entries);
  } catch (error) {
    if (error instanceof RateLimitedError) {
      const minutes = Math.max(1, Math.ceil(error.retryAfterSeconds / 60));
      throw new ActionError({ code: 'TOO_MANY_REQUESTS', message: pageI18n(context).t('account.error.rateLimited', { minutes }) as MessageKey });
    }
    throw error;
  }
}

function requireUser(context: ActionAPIContext): { user: NonNullable<App.Locals['user']>; session: NonNullable<App.Locals['session']> } {
  const { user, session } = context.locals;
  if (!user || !session) throw new ActionError({ code: 'UNAUTHORIZED', message: 'account.error.loginRequired' });
  return { user, session };
}

function mapPasswordError(field: string, error: unknown): never {
  if (error instanceof WeakPasswordError) throw fieldError(field, passwordMessages[error.problem]);
  if (error instanceof WrongPasswordError) throw fieldError('currentPassword', 'account.error.currentPasswordWrong', 'BAD_REQUEST');
  throw error;
}

export const accounts = {
  register: defineAction({
    accept: 'form',
    input: z.object({
      displayName,
      email,
      password: newPassword,
      quartier: z.string().max(100).nullish(),
    }),
    handler: async (input, context) => {
      limit(context, [[`register:ip:${clientKey(context)}`, rateLimitRules.registerIp]]);
      const db = getDb();
      const quartier = input.quartier ? getQuartierBySlug(db, input.quartier) : null;
      try {
        await registerAccount(db, {
          email: input.email,
          password: input.password,
          displayName: input.displayName,
          locale: pageI18n(context).locale,
          homeQuartierId: quartier?.id ?? null,
        });
      } catch (error) {
        mapPasswordError('password', error);
      }
      return { sent: true };
    },
  }),

  login: defineAction({
    accept: 'form',
    input: z.object({ email, password: passwordGiven, zurueck: z.string().max(500).nullish() }),
    handler: async (input, context) => {
      const address = normalizeEmail(input.email);
      limit(context, [
        [`login:ip:${clientKey(context)}`, rateLimitRules.loginIp],
        [loginAccountKey(address, clientKey(context)), rateLimitRules.loginAccount],
      ]);
      const db = getDb();
      try {
        const user = await authenticate(db, address, input.password);
        const session = createSession(db, user.id);
        setSessionCookie(context.cookies, session.token, new Date());
        resetRateLimit(db, loginAccountKey(address, clientKey(context)));
        return { redirect: safeReturnPath(input.zurueck, '/konto') };
      } catch (error) {
        if (error instanceof InvalidCredentialsError) {
          throw new ActionError({ code: 'UNAUTHORIZED', message: 'account.error.invalidCredentials' });
        }
        if (error instanceof EmailNotVerifiedError) {
          const user = findUserById(db, error.userId);
          try {
            limit(context, [[`verify:account:${address}`, rateLimitRules.verifyAccount]]);
            if (user) sendVerificationMail(db, user);
          } catch {
            // The link was sent recently enough; the message below still applies.
          }
          throw new ActionError({ code: 'FORBIDDEN', message: 'account.error.notVerified' });
        }
        throw error;
      }
    },
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
    handler: (_input, context) => {
      const { user } = requireUser(context);
      invalidateUserSessions(getDb(), user.id);
      deleteSessionCookie(context.cookies);
      return { loggedOut: true };
    },
  }),

  requestPasswordReset: defineAction({
    accept: 'form',
    input: z.object({ email }),
    handler: (input, context) => {
      const address = normalizeEmail(input.email);
      limit(context, [
        [`reset:ip:${clientKey(context)}`, rateLimitRules.resetIp],
        [`reset:account:${address}`, rateLimitRules.resetAccount],
      ]);
      requestPasswordReset(getDb(), address);
      return { sent: true };
    },
  }),

  resetPassword: defineAction({
    accept: 'form',
    input: z.object({ token, password: newPassword }),
    handler: async (input, context) => {
      limit(context, [[`verify:ip:${clientKey(context)}`, rateLimitRules.verifyIp]]);
      try {
        await resetPassword(getDb(), input.token, input.password);
      } catch (error) {
        if (error instanceof InvalidTokenError) throw new ActionError({ code: 'BAD_REQUEST', message: 'account.error.tokenInvalid' });
        mapPasswordError('password', error);
      }
      return { reset: true };
    },
  }),

  resendVerification: defineAction({
    accept: 'form',
    input: z.object({ email }),
    handler: (input, context) => {
      const address = normalizeEmail(input.email);
      limit(context, [
        [`verify:ip:${clientKey(context)}`, rateLimitRules.verifyIp],
        [`verify:account:${address}`, rateLimitRules.verifyAccount],
      ]);
      const db = getDb();
      const user = findUserByEmail(db, address);
      if (user && !user.emailVerifiedAt && !user.disabledAt) sendVerificationMail(db, user);
      return { sent: true };
    },
  }),

  verifyEmail: defineAction({
    accept: 'form',
    input: z.object({ token }),
    handler: (input, context) => {
      limit(context, [[`verify:ip:${clientKey(context)}`, rateLimitRules.verifyIp]]);
      try {
        verifyEmail(getDb(), input.token);
      } catch (error) {
        if (error instanceof InvalidTokenError) throw new ActionError({ code: 'BAD_REQUEST', message: 'account.error.tokenInvalid' });
        throw error;
      }
      return { verified: true };
    },
  }),

  confirmEmailChange: defineAction({
    accept: 'form',
    input: z.object({ token }),
    handler: (input, context) => {
      limit(context, [[`verify:ip:${clientKey(context)}`, rateLimitRules.verifyIp]]);
      try {
        confirmEmailChange(getDb(), input.token, new Date(), context.locals.session?.id);
      } catch (error) {
        if (error instanceof InvalidTokenError) throw new ActionError({ code: 'BAD_REQUEST', message: 'account.error.tokenInvalid' });
        if (error instanceof EmailTakenError) throw new ActionError({ code: 'CONFLICT', message: 'account.error.emailTaken' });
        throw error;
      }
      return { changed: true };
    },
  }),

  changePassword: defineAction({
    accept: 'form',
    input: z.object({ currentPassword: passwordGiven, newPassword }),
    handler: async (input, context) => {
      const { user, session } = requireUser(context);
      limit(context, [[`login:account:${user.email}`, rateLimitRules.loginAccount]]);
      try {
        await changePassword(getDb(), user.id, session.id, input.currentPassword, input.newPassword);
      } catch (error) {
        mapPasswordError('newPassword', error);
      }
      return { changed: true };
    },
  }),

  changeEmail: defineAction({
    accept: 'form',
    input: z.object({ newEmail: email, currentPassword: passwordGiven }),
    handler: async (input, context) => {
      const { user } = requireUser(context);
      limit(context, [[`login:account:${user.email}`, rateLimitRules.loginAccount]]);
      try {
        await requestEmailChange(getDb(), user.id, input.currentPassword, input.newEmail);
      } catch (error) {
        mapPasswordError('currentPassword', error);
      }
      return { sent: true };
    },
  }),

  updateProfile: defineAction({
    accept: 'form',
    input: z.object({
      displayName,
      quartier: z.string().max(100).nullish(),
      locale: z.string().refine(isLocale, { error: 'account.error.localeInvalid' }),
    }),
    handler: (input, context) => {
      const { user } = requireUser(context);
      const db = getDb();
      const quartier = input.quartier ? getQuartierBySlug(db, input.quartier) : null;
      if (input.quartier && !quartier) throw fieldError('quartier', 'account.error.quartierInvalid');
      updateProfile(db, user.id, {
        displayName: input.displayName,
        homeQuartierId: quartier?.id ?? null,
        locale: isLocale(input.locale) ? input.locale : 'de',
      });
      return { saved: true };
    },
  }),

  deleteAccount: defineAction({
    accept: 'form',
    input: z.object({
      currentPassword: passwordGiven,
      confirm: z.literal('ja', { error: 'account.error.deleteConfirm' }),
    }),
    handler: async (input, context) => {
      const { user } = requireUser(context);
      limit(context, [[`login:account:${user.email}`, rateLimitRules.loginAccount]]);
      try {
        await deleteAccount(getDb(), user.id, input.currentPassword);
      } catch (error) {
        mapPasswordError('currentPassword', error);
      }
      deleteSessionCookie(context.cookies);
      return { deleted: true };
    },
  }),
};
