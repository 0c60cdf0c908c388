/**
 * Translations of content (title and short description) into the enabled languages: zod input (the shape of the
 * form) → someone logged in → the domain, which checks that this user may edit the subject and every rule of the form.
 */
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getDb } from '../lib/server/db';
import { removeTranslation, saveTranslation, translationSubjectKinds } from '../lib/server/translations';
import { formHandler, requireConfirmed, requireUser } from './guard';
import { checkbox, choice, idField, optionalText } from './schemas';

const subject = { kind: choice(translationSubjectKinds, 'form.error.notFound'), subjectId: idField(), locale: optionalText(10) };

export const translations = {
  save: defineAction({
    accept: 'form',
    // Generous limits: the domain checks the real ones and reports them next to the field.
    input: z.object({ ...subject, title: optionalText(1000), summary: optionalText(5000) }),
    handler: formHandler((input, context) => {
      saveTranslation(getDb(), requireUser(context), { ...input, locale: input.locale ?? '' });
      return { locale: input.locale };
    }),
  }),

  remove: defineAction({
    accept: 'form',
    input: z.object({ ...subject, confirm: checkbox }),
    handler: formHandler((input, context) => {
      const user = requireUser(context);
      requireConfirmed(input.confirm);
      removeTranslation(getDb(), user, { ...input, locale: input.locale ?? '' });
      return { locale: input.locale };
    }),
  }),
};
