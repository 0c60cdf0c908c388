/**
 * Registration for events with limited places: members under their account, visitors with name and e-mail (and a
 * secret manage link by mail to cancel). Registered under `volunteering` (see ./volunteering.ts) because the
 * forms on event pages and in mails already post there.
 */
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getDb } from '../lib/server/db';
import {
  cancelOwnRegistration,
  cancelRegistrationByToken,
  confirmRegistrationByToken,
  MAX_PLACES_PER_REGISTRATION,
  registerForOccurrence,
} from '../lib/server/registrations/events';
import { limitSecretLinkUse, limitStranger } from '../lib/server/ratelimit';
import { message } from '../lib/forms/messages';
import { formHandler, refuse, requireUser } from './guard';
import { emptyToUndefined, idField } from './schemas';
import { mailContext, personName, volunteerEmail } from './volunteering-common';

const placesError = message('registration.error.tooMany', { max: MAX_PLACES_PER_REGISTRATION });

export const registrations = {
  registerForEvent: defineAction({
    accept: 'form',
    input: z
      .object({
        occurrenceId: idField(),
        // Members register under their account; name and e-mail are only asked from visitors.
        name: z.preprocess(emptyToUndefined, personName.optional()),
        email: z.preprocess(emptyToUndefined, volunteerEmail.optional()),
        places: z
          .number({ error: placesError })
          .int({ error: placesError })
          .min(1, { error: placesError })
          .max(MAX_PLACES_PER_REGISTRATION, { error: placesError })
          .default(1),
        asMember: z.boolean(),
      })
      .superRefine((v, ctx) => {
        if (v.asMember) return;
        if (v.name === undefined) ctx.addIssue({ code: 'custom', path: ['name'], message: 'volunteering.error.name' });
        if (v.email === undefined) ctx.addIssue({ code: 'custom', path: ['email'], message: 'volunteering.error.email' });
      }),
    handler: formHandler((input, context) => {
      const user = input.asMember ? requireUser(context) : null;
      const db = getDb();
      if (!user) limitStranger(db, 'register-event', { address: context.locals.clientAddress, email: input.email });
      const result = registerForOccurrence(
        db,
        { occurrenceId: input.occurrenceId, user, name: input.name ?? '', email: input.email ?? '', places: input.places },
        mailContext(context),
      );
      // The manage link goes only into the mail, never into the answer.
      return { status: result.status, position: result.position };
    }),
  }),

  cancelRegistration: defineAction({
    accept: 'form',
    input: z.object({ token: z.string().min(10).max(100).optional(), occurrenceId: z.preprocess(emptyToUndefined, idField().optional()) }),
    handler: formHandler((input, context) => {
      const db = getDb();
      let cancelled = null;
      if (input.token) {
        limitSecretLinkUse(db, 'registration-link', context.locals.clientAddress);
        cancelled = cancelRegistrationByToken(db, input.token, mailContext(context));
      } else if (input.occurrenceId) cancelled = cancelOwnRegistration(db, requireUser(context).id, input.occurrenceId, mailContext(context));
      if (!cancelled) refuse('NOT_FOUND', 'registration.manage.invalid');
      return { movedUp: cancelled.length };
    }),
  }),

  /** The link mailed to a visitor: confirming the address makes the registration take its places. */
  confirmRegistration: defineAction({
    accept: 'form',
    input: z.object({ token: z.string().min(10).max(100) }),
    handler: formHandler((input, context) => {
      const db = getDb();
      limitSecretLinkUse(db, 'registration-link', context.locals.clientAddress);
      const result = confirmRegistrationByToken(db, input.token, mailContext(context));
      if (!result) refuse('NOT_FOUND', 'registration.manage.invalid');
      return { status: result.status, position: result.position };
    }),
  }),
};
