/**
 * Settings of the concerns area: offices and who is responsible for what (staff), categories and Open311 keys
 * (admins). Merged into the `concerns` Actions.
 */
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getDb } from '../lib/server/db';
import { formHandler, requireAdmin, requireConfirmed, requireStaff } from './guard';
import { checkbox, emailField, emptyToUndefined, idField, optionalText, requiredText, wholeNumber } from './schemas';
import { saveCategory, saveOffice, setRouting } from '../lib/server/concerns/routing';
import { issueApiKey, revokeApiKey } from '../lib/server/concerns/api-clients';

const optionalId = z.preprocess(emptyToUndefined, idField().optional());

export const concernSettings = {
  saveOffice: defineAction({
    accept: 'form',
    input: z.object({
      id: optionalId,
      name: requiredText(150, 'concerns.error.officeNameRequired'),
      email: emailField('concerns.error.emailInvalid'),
      phone: optionalText(40),
    }),
    handler: formHandler((input, context) => {
      const office = saveOffice(getDb(), requireStaff(context), input.id ?? null, { name: input.name, email: input.email, phone: input.phone ?? null });
      return { id: office.id };
    }),
  }),

  setRouting: defineAction({
    accept: 'form',
    input: z.object({ category: idField(), quartier: idField(), office: optionalId }),
    handler: formHandler((input, context) => {
      setRouting(getDb(), requireStaff(context), input.category, input.quartier, input.office ?? null);
      return { ok: true };
    }),
  }),

  saveCategory: defineAction({
    accept: 'form',
    input: z.object({
      id: optionalId,
      slug: z
        .string({ error: 'concerns.error.slugInvalid' })
        .trim()
        .regex(/^[a-z0-9][a-z0-9-]{0,58}$/, { error: 'concerns.error.slugInvalid' }),
      name: requiredText(80, 'concerns.error.categoryNameRequired'),
      description: optionalText(500),
      groupName: optionalText(80),
      keywords: optionalText(300),
      reminderDays: wholeNumber(1, 180, 'concerns.error.reminderDays'),
      active: checkbox,
    }),
    handler: formHandler((input, context) => {
      const { id, ...rest } = input;
      const category = saveCategory(getDb(), requireAdmin(context), id ?? null, {
        ...rest,
        description: rest.description ?? '',
        groupName: rest.groupName ?? '',
        keywords: rest.keywords ?? '',
      });
      return { id: category.id };
    }),
  }),

  issueApiKey: defineAction({
    accept: 'form',
    input: z.object({ name: requiredText(120, 'concerns.error.clientNameRequired') }),
    handler: formHandler((input, context) => {
      const { client, key } = issueApiKey(getDb(), requireAdmin(context), input.name);
      return { id: client.id, name: client.name, key };
    }),
  }),

  revokeApiKey: defineAction({
    accept: 'form',
    input: z.object({ id: idField(), confirm: checkbox }),
    handler: formHandler((input, context) => {
      const admin = requireAdmin(context);
      requireConfirmed(input.confirm);
      revokeApiKey(getDb(), admin, input.id);
      return { ok: true };
    }),
  }),
};
