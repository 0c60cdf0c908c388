/** Admin Actions (Koordinationsstelle): users, roles, staff scopes, Quartiere, organisations, mail. */
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getDb } from '../lib/server/db';
import { getConfig } from '../lib/server/config';
import { setStaffScopes, setUserDisabled, setUserRole } from '../lib/server/accounts/admin';
import { createQuartier, updateQuartier } from '../lib/server/quartiere/admin';
import { createOrganisation, updateOrganisation } from '../lib/server/organisations';
import { sendTestMail } from '../lib/server/mail/admin';
import { retryMail } from '../lib/server/mail/worker';
import { organisationKinds, userRoles } from '../../db/schema';
import { message } from '../lib/forms/messages';
import { actionLocale, formHandler, refuse, requireAdmin, requireConfirmed } from './guard';
import { checkbox, choice, emailField, emptyToUndefined, idField, optionalText, requiredText, websiteField, wholeNumber } from './schemas';

/** Optional texts are stored as null when left empty. */
const nullableText = (max: number) => optionalText(max).transform((v) => v ?? null);
const optionalEmail = z.preprocess(emptyToUndefined, emailField('account.error.emailInvalid').optional()).transform((v) => v ?? null);
const name = requiredText(120, 'admin.error.nameRequired');

const slug = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .trim()
    .max(60, { error: 'admin.error.slug' })
    .regex(/^[a-z0-9-]*$/, { error: 'admin.error.slug' })
    .optional(),
);
/** Everything of a Quartier but its name (first in the form) and its slug (given once, when it is created). */
const quartierDetails = {
  description: optionalText(2000).transform((v) => v ?? ''),
  contactName: nullableText(120),
  contactEmail: optionalEmail,
  contactPhone: nullableText(60),
  contactAddress: nullableText(300),
  sortOrder: z.preprocess(emptyToUndefined, wholeNumber(0, 9999, 'admin.error.sortOrder').default(0)),
};

const organisationFields = {
  name,
  kind: choice(organisationKinds, 'admin.error.choose'),
  // The empty choice is "city-wide" (no Quartier).
  quartier: z.preprocess(emptyToUndefined, z.coerce.number({ error: 'admin.error.choose' }).int().nonnegative().default(0)),
  email: optionalEmail,
  phone: nullableText(60),
  website: websiteField(),
};

export const admin = {
  setRole: defineAction({
    accept: 'form',
    input: z.object({ userId: idField(), role: choice(userRoles, 'admin.error.choose'), confirm: checkbox }),
    handler: formHandler((input, context) => {
      const actor = requireAdmin(context);
      requireConfirmed(input.confirm);
      setUserRole(getDb(), actor.id, input.userId, input.role);
      return { saved: true };
    }),
  }),

  setScopes: defineAction({
    accept: 'form',
    input: z.object({
      userId: idField(),
      // Plain arrays with a default: Astro reads every value of a repeated field only for an array schema.
      scope: z.array(idField('account.error.quartierInvalid')).default([]),
      titleFor: z.array(idField()).default([]),
      titles: z
        .array(
          z
            .string()
            .trim()
            .max(120, { error: message('form.field.tooLong', { max: 120 }) }),
        )
        .default([]),
      confirm: checkbox,
    }),
    handler: formHandler((input, context) => {
      const actor = requireAdmin(context);
      requireConfirmed(input.confirm);
      const titleOf = new Map(input.titleFor.map((q, i) => [q, input.titles[i] ?? '']));
      const scopes = [...new Set(input.scope)].map((quartierId) => ({ quartierId, title: titleOf.get(quartierId) ?? '' }));
      setStaffScopes(getDb(), actor.id, input.userId, scopes);
      return { saved: true };
    }),
  }),

  setDisabled: defineAction({
    accept: 'form',
    input: z.object({ userId: idField(), disabled: z.enum(['ja', 'nein']), confirm: checkbox }),
    handler: formHandler((input, context) => {
      const actor = requireAdmin(context);
      const disabled = input.disabled === 'ja';
      // Disabling ends the person's sessions: it goes through its confirmation step; enabling gives back.
      if (disabled) requireConfirmed(input.confirm);
      setUserDisabled(getDb(), actor.id, input.userId, disabled);
      return { disabled };
    }),
  }),

  createQuartier: defineAction({
    accept: 'form',
    // In the order of the form, so the error summary lists the problems in that order too.
    input: z.object({ name, slug, ...quartierDetails }),
    handler: formHandler((input, context) => {
      const { slug, ...fields } = input;
      return { id: createQuartier(getDb(), requireAdmin(context).id, fields, slug).id };
    }),
  }),

  updateQuartier: defineAction({
    accept: 'form',
    input: z.object({ id: idField(), name, ...quartierDetails }),
    handler: formHandler((input, context) => {
      const { id: quartierId, ...fields } = input;
      if (!updateQuartier(getDb(), requireAdmin(context).id, quartierId, fields)) refuse('NOT_FOUND', 'form.error.notFound');
      return { id: quartierId };
    }),
  }),

  createOrganisation: defineAction({
    accept: 'form',
    input: z.object(organisationFields),
    handler: formHandler((input, context) => {
      const { quartier, ...rest } = input;
      return { id: createOrganisation(getDb(), requireAdmin(context).id, { ...rest, quartierId: quartier || null }).id };
    }),
  }),

  updateOrganisation: defineAction({
    accept: 'form',
    input: z.object({ id: idField(), ...organisationFields }),
    handler: formHandler((input, context) => {
      const { id: organisationId, quartier, ...rest } = input;
      if (!updateOrganisation(getDb(), requireAdmin(context).id, organisationId, { ...rest, quartierId: quartier || null }))
        refuse('NOT_FOUND', 'form.error.notFound');
      return { id: organisationId };
    }),
  }),

  sendTestMail: defineAction({
    accept: 'form',
    input: z.object({ to: emailField('account.error.emailInvalid', 'account.error.emailRequired') }),
    handler: formHandler(async (input, context) => {
      requireAdmin(context);
      const result = await sendTestMail(getDb(), getConfig(), input.to, actionLocale(context));
      return { sent: result.sent > 0, error: result.errors[0] ?? null, transport: result.transport };
    }),
  }),

  retryMail: defineAction({
    accept: 'form',
    input: z.object({ id: idField() }),
    handler: formHandler((input, context) => {
      requireAdmin(context);
      if (!retryMail(getDb(), input.id)) refuse('NOT_FOUND', 'form.error.notFound');
      return { queued: true };
    }),
  }),
};
