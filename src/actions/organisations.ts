/**
 * Organisation members: the organisation's own admins (and portal admins) invite, promote and remove members;
 * anyone holding a valid invitation link joins after logging in. Who may manage an organisation is decided in the
 * domain (canManageOrganisation).
 */
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getDb } from '../lib/server/db';
import {
  acceptInvitation,
  addOrganisationMember,
  inviteToOrganisation,
  removeOrganisationMember,
  revokeInvitation,
  setOrganisationMemberRole,
} from '../lib/server/organisations';
import { consumeRateLimit, rateLimitRules } from '../lib/server/ratelimit';
import { actionLocale, formHandler, requireConfirmed, requireUser } from './guard';
import { checkbox, choice, emailField, idField } from './schemas';

const role = choice(['member', 'admin'], 'org.error.roleRequired');
const email = emailField('account.error.emailInvalid', 'account.error.emailRequired');

export const organisations = {
  invite: defineAction({
    accept: 'form',
    input: z.object({ organisationId: idField(), email, role }),
    handler: formHandler((input, context) => {
      const user = requireUser(context);
      const db = getDb();
      consumeRateLimit(db, `invite:account:${user.id}`, rateLimitRules.inviteAccount);
      inviteToOrganisation(db, user, input.organisationId, { email: input.email, role: input.role, locale: actionLocale(context) });
      return { invited: input.email };
    }),
  }),

  revokeInvitation: defineAction({
    accept: 'form',
    input: z.object({ organisationId: idField(), invitationId: idField(), confirm: checkbox }),
    handler: formHandler((input, context) => {
      const user = requireUser(context);
      requireConfirmed(input.confirm);
      revokeInvitation(getDb(), user, input.organisationId, input.invitationId);
      return { revoked: true };
    }),
  }),

  setMemberRole: defineAction({
    accept: 'form',
    input: z.object({ organisationId: idField(), userId: idField(), role, confirm: checkbox }),
    handler: formHandler((input, context) => {
      const user = requireUser(context);
      // Making someone a plain member takes rights away: that goes through its confirmation step.
      if (input.role === 'member') requireConfirmed(input.confirm);
      setOrganisationMemberRole(getDb(), user, input.organisationId, input.userId, input.role);
      return { saved: true };
    }),
  }),

  removeMember: defineAction({
    accept: 'form',
    input: z.object({ organisationId: idField(), userId: idField(), confirm: checkbox }),
    handler: formHandler((input, context) => {
      const user = requireUser(context);
      requireConfirmed(input.confirm);
      removeOrganisationMember(getDb(), user, input.organisationId, input.userId);
      return { removed: true };
    }),
  }),

  /** Portal admins add an existing account directly (e.g. when setting up a new Verein). */
  addMember: defineAction({
    accept: 'form',
    input: z.object({ organisationId: idField(), email, role }),
    handler: formHandler((input, context) => {
      addOrganisationMember(getDb(), requireUser(context), input.organisationId, input.email, input.role);
      return { added: true };
    }),
  }),

  accept: defineAction({
    accept: 'form',
    input: z.object({ token: z.string().min(1).max(200) }),
    handler: formHandler((input, context) => {
      const invitation = acceptInvitation(getDb(), requireUser(context).id, input.token);
      return { organisationId: invitation.organisationId };
    }),
  }),
};
