/**
 * Organisation members: the organisation's own admins (and portal admins) invite, promote and remove
 * members; anyone holding a valid invitation link joins after logging in.
 */
import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from 'astro/zod';
import { fieldError } from '../components/accounts/form-state';
import { getDb } from '../lib/server/db';
import { isAdmin, organisationRole } from '../lib/server/auth/permissions';
import {
  acceptInvitation,
  addOrganisationMember,
  AlreadyMemberError,
  getOrganisation,
  InvitationInvalidError,
  inviteToOrganisation,
  LastAdminError,
  removeOrganisationMember,
  revokeInvitation,
  setOrganisationMemberRole,
} from '../lib/server/organisations';
import { findUserByEmail } from '../lib/server/accounts';
import { consumeRateLimit, RateLimitedError, rateLimitRules } from '../lib/server/ratelimit';
import { pageI18n } from '../i18n/astro';
import type { MessageKey } from '../i18n';

const id = z.coerce.number().int().positive();
const role = z.enum(['member', 'admin'], { error: 'admin.error.choose' });
const email = z
  .string({ error: 'account.error.emailRequired' })
  .trim()
  .min(1, { error: 'account.error.emailRequired' })
  .max(254, { error: 'account.error.emailInvalid' })
  .pipe(z.email({ error: 'account.error.emailInvalid' }));

/** The acting user, when they may manage this organisation's members (its admins, or a portal admin). */
function requireOrganisationManager(context: ActionAPIContext, organisationId: number): NonNullable<App.Locals['user']> {
  const user = context.locals.user;
  if (!user) throw new ActionError({ code: 'UNAUTHORIZED', message: 'account.error.loginRequired' });
  const db = getDb();
  if (!getOrganisation(db, organisationId)) throw new ActionError({ code: 'NOT_FOUND', message: 'admin.error.notFound' });
  if (!isAdmin(user) && organisationRole(db, user.id, organisationId) !== 'admin') {
    throw new ActionError({ code: 'FORBIDDEN', message: 'admin.error.forbidden' });
  }
  return user;
}

function mapMemberError(error: unknown): never {
  if (error instanceof LastAdminError) throw new ActionError({ code: 'CONFLICT', message: 'org.error.lastAdmin' });
  throw error;
}

export const organisations = {
  invite: defineAction({
    accept: 'form',
    input: z.object({ organisationId: id, email, role }),
    handler: (input, context) => {
      const user = requireOrganisationManager(context, input.organisationId);
      try {
        consumeRateLimit(getDb(), `invite:account:${user.id}`, rateLimitRules.inviteAccount);
      } catch (error) {
        if (error instanceof RateLimitedError) {
          const minutes = Math.max(1, Math.ceil(error.retryAfterSeconds / 60));
          throw new ActionError({ code: 'TOO_MANY_REQUESTS', message: pageI18n(context).t('account.error.rateLimited', { minutes }) as MessageKey });
        }
        throw error;
      }
      try {
        inviteToOrganisation(getDb(), user, input.organisationId, input.email, input.role);
      } catch (error) {
        if (error instanceof AlreadyMemberError) throw fieldError('email', 'org.error.alreadyMember', 'CONFLICT');
        throw error;
      }
      return { invited: input.email.toLowerCase() };
    },
  }),

  revokeInvitation: defineAction({
    accept: 'form',
    input: z.object({ organisationId: id, invitationId: id }),
    handler: (input, context) => {
      const user = requireOrganisationManager(context, input.organisationId);
      revokeInvitation(getDb(), user.id, input.organisationId, input.invitationId);
      return { revoked: true };
    },
  }),

  setMemberRole: defineAction({
    accept: 'form',
    input: z.object({ organisationId: id, userId: id, role }),
    handler: (input, context) => {
      const user = requireOrganisationManager(context, input.organisationId);
      try {
        setOrganisationMemberRole(getDb(), user.id, input.organisationId, input.userId, input.role);
      } catch (error) {
        mapMemberError(error);
      }
      return { saved: true };
    },
  }),

  removeMember: defineAction({
    accept: 'form',
    input: z.object({ organisationId: id, userId: id }),
    handler: (input, context) => {
      const user = requireOrganisationManager(context, input.organisationId);
      try {
        removeOrganisationMember(getDb(), user.id, input.organisationId, input.userId);
      } catch (error) {
        mapMemberError(error);
      }
      return { removed: true };
    },
  }),

  /** Portal admins add an existing account directly (e.g. when setting up a new Verein). */
  addMember: defineAction({
    accept: 'form',
    input: z.object({ organisationId: id, email, role }),
    handler: (input, context) => {
      const user = context.locals.user;
      if (!user) throw new ActionError({ code: 'UNAUTHORIZED', message: 'account.error.loginRequired' });
      if (!isAdmin(user)) throw new ActionError({ code: 'FORBIDDEN', message: 'admin.error.forbidden' });
      const db = getDb();
      if (!getOrganisation(db, input.organisationId)) throw new ActionError({ code: 'NOT_FOUND', message: 'admin.error.notFound' });
      const member = findUserByEmail(db, input.email);
      if (!member) throw fieldError('email', 'org.error.noAccount');
      addOrganisationMember(db, user.id, input.organisationId, member.id, input.role);
      return { added: true };
    },
  }),

  accept: defineAction({
    accept: 'form',
    input: z.object({ token: z.string().min(1).max(200) }),
    handler: (input, context) => {
      const user = context.locals.user;
      if (!user) throw new ActionError({ code: 'UNAUTHORIZED', message: 'account.error.loginRequired' });
      try {
        const invitation = acceptInvitation(getDb(), user.id, input.token);
        return { organisationId: invitation.organisationId };
      } catch (error) {
        if (error instanceof InvitationInvalidError) throw new ActionError({ code: 'BAD_REQUEST', message: 'org.error.invitationInvalid' });
        throw error;
      }
    },
  }),
};
