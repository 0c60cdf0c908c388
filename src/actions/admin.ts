/** Admin Actions (Koordinationsstelle): users, roles, staff scopes, Quartiere, organisations, mail. */
import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from 'astro/zod';
import { fieldError } from '../components/accounts/form-state';
import { pageI18n } from '../i18n/astro';
import { getDb } from '../lib/server/db';
import { getConfig } from '../lib/server/config';
import { isAdmin } from '../lib/server/auth/permissions';
import { OwnAccountError, setStaffScopes, setUserDisabled, setUserRole, UnknownQuartierError } from '../lib/server/accounts/admin';
import { createQuartier, QuartierSlugTakenError, updateQuartier } from '../lib/server/quartiere/admin';
import { createOrganisation, updateOrganisation } from '../lib/server/organisations';
import { sendTestMail } from '../lib/server/mail/admin';
import { retryMail } from '../lib/server/mail/worker';
import { organisationKinds, userRoles } from '../../db/schema';

function requireAdmin(context: ActionAPIContext): NonNullable<App.Locals['user']> {
  const user = context.locals.user;
  if (!user) throw new ActionError({ code: 'UNAUTHORIZED', message: 'account.error.loginRequired' });
  if (!isAdmin(user)) throw new ActionError({ code: 'FORBIDDEN', message: 'admin.error.forbidden' });
  return user;
}

const id = z.coerce.number().int().positive();
// Astro hands empty form fields over as null.
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: 'admin.error.tooLong' })
    .nullish()
    .transform((v) => (v ? v : null));
const optionalEmail = z
  .string()
  .trim()
  .max(254)
  .nullish()
  .refine((v) => !v || z.email().safeParse(v).success, { error: 'account.error.emailInvalid' })
  .transform((v) => (v ? v.toLowerCase() : null));
const name = z.string({ error: 'admin.error.nameRequired' }).trim().min(1, { error: 'admin.error.nameRequired' }).max(120, { error: 'admin.error.tooLong' });

const quartierFields = {
  name,
  description: z
    .string()
    .trim()
    .max(2000, { error: 'admin.error.tooLong' })
    .nullish()
    .transform((v) => v ?? ''),
  contactName: optionalText(120),
  contactEmail: optionalEmail,
  contactPhone: optionalText(60),
  contactAddress: optionalText(300),
  sortOrder: z.coerce
    .number({ error: 'admin.error.number' }).int({ error: 'admin.error.number' }).min(0).max(9999).default(0),
};

const organisationFields = {
  name,
  kind: z.enum(organisationKinds, { error: 'admin.error.choose' }),
  quartier: z.coerce.number().int().nonnegative().default(0),
  email: optionalEmail,
  phone: optionalText(60),
  website: z
    .string()
    .trim()
    .max(300)
    .nullish()
    .refine((v) => !v || /^https?:\/\/\S+$/.test(v), { error: 'admin.error.url' })
    .transform((v) => (v ? v : null)),
};

export const admin = {
  setRole: defineAction({
    accept: 'form',
    input: z.object({ userId: id, role: z.enum(userRoles, { error: 'admin.error.choose' }) }),
    handler: (input, context) => {
      const actor = requireAdmin(context);
      try {
        setUserRole(getDb(), actor.id, input.userId, input.role);
      } catch (error) {
        if (error instanceof OwnAccountError) throw fieldError('role', 'admin.error.ownRole');
        throw error;
      }
      return { saved: true };
    },
  }),

  setScopes: defineAction({
    accept: 'form',
    input: z.object({
      userId: id,
      scope: z.array(z.coerce.number().int().positive()).default([]),
      titleFor: z.array(z.coerce.number().int().positive()).default([]),
      titles: z.array(z.string().trim().max(120, { error: 'admin.error.tooLong' })).default([]),
    }),
    handler: (input, context) => {
      const actor = requireAdmin(context);
      const titleOf = new Map(input.titleFor.map((q, i) => [q, input.titles[i] ?? '']));
      try {
        setStaffScopes(
          getDb(),
          actor.id,
          input.userId,
          [...new Set(input.scope)].map((quartierId) => ({ quartierId, title: titleOf.get(quartierId) ?? '' })),
        );
      } catch (error) {
        if (error instanceof UnknownQuartierError) throw fieldError('scope', 'account.error.quartierInvalid');
        throw error;
      }
      return { saved: true };
    },
  }),

  setDisabled: defineAction({
    accept: 'form',
    input: z.object({ userId: id, disabled: z.enum(['ja', 'nein']) }),
    handler: (input, context) => {
      const actor = requireAdmin(context);
      try {
        setUserDisabled(getDb(), actor.id, input.userId, input.disabled === 'ja');
      } catch (error) {
        if (error instanceof OwnAccountError) throw new ActionError({ code: 'BAD_REQUEST', message: 'admin.error.ownDisable' });
        throw error;
      }
      return { saved: true };
    },
  }),

  createQuartier: defineAction({
    accept: 'form',
    input: z.object({ ...quartierFields, slug: z.string().trim().max(60).regex(/^[a-z0-9-]*$/, { error: 'admin.error.slug' }).nullish() }),
    handler: (input, context) => {
      const actor = requireAdmin(context);
      const { slug, ...fields } = input;
      try {
        return { id: createQuartier(getDb(), actor.id, fields, slug ?? undefined).id };
      } catch (error) {
        if (error instanceof QuartierSlugTakenError) throw fieldError('slug', 'admin.error.slugTaken', 'CONFLICT');
        throw error;
      }
    },
  }),

  updateQuartier: defineAction({
    accept: 'form',
    input: z.object({ id, ...quartierFields }),
    handler: (input, context) => {
      const actor = requireAdmin(context);
      const { id: quartierId, ...fields } = input;
      if (!updateQuartier(getDb(), actor.id, quartierId, fields)) throw new ActionError({ code: 'NOT_FOUND', message: 'admin.error.notFound' });
      return { id: quartierId };
    },
  }),

  createOrganisation: defineAction({
    accept: 'form',
    input: z.object(organisationFields),
    handler: (input, context) => {
      const actor = requireAdmin(context);
      const { quartier, ...rest } = input;
      return { id: createOrganisation(getDb(), actor.id, { ...rest, quartierId: quartier || null }).id };
    },
  }),

  updateOrganisation: defineAction({
    accept: 'form',
    input: z.object({ id, ...organisationFields }),
    handler: (input, context) => {
      const actor = requireAdmin(context);
      const { id: organisationId, quartier, ...rest } = input;
      if (!updateOrganisation(getDb(), actor.id, organisationId, { ...rest, quartierId: quartier || null })) {
        throw new ActionError({ code: 'NOT_FOUND', message: 'admin.error.notFound' });
      }
      return { id: organisationId };
    },
  }),

  sendTestMail: defineAction({
    accept: 'form',
    input: z.object({ to: z.string().trim().min(1, { error: 'account.error.emailRequired' }).pipe(z.email({ error: 'account.error.emailInvalid' })) }),
    handler: async (input, context) => {
      requireAdmin(context);
      const result = await sendTestMail(getDb(), getConfig(), input.to.toLowerCase(), pageI18n(context).locale);
      return { sent: result.sent > 0, error: result.errors[0] ?? null, transport: result.transport };
    },
  }),

  retryMail: defineAction({
    accept: 'form',
    input: z.object({ id }),
    handler: (input, context) => {
      requireAdmin(context);
      if (!retryMail(getDb(), input.id)) throw new ActionError({ code: 'NOT_FOUND', message: 'admin.error.notFound' });
      return { queued: true };
    },
  }),
};
