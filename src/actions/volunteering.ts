/**
 * Volunteering and registration forms. Validation messages are catalogue keys; pages translate them next to
 * the field. Each handler: zod input → who is asking → domain → domain errors mapped to ActionError.
 */
import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from 'astro/zod';
import { getDb } from '../lib/server/db';
import { getConfig } from '../lib/server/config';
import { localeCookie, resolveLocale, type Locale } from '../i18n';
import { availabilityFromChoices, isAvailabilityChoice } from '../lib/server/volunteering/availability';
import { confirmApplicationEmail, submitApplication } from '../lib/server/volunteering/applications';
import { VolunteeringError } from '../lib/server/volunteering/errors';
import { getProgrammeBySlug } from '../lib/server/volunteering/programmes';
import { languageCodes } from '../lib/server/volunteering/languages';
import { signOffSlot, signUpForSlot, SlotSignupError } from '../lib/server/volunteering/slots';
import { formatLongDate, formatTime } from '../lib/time';
import { listQuartiere } from '../lib/server/quartiere';

function localeOf(context: ActionAPIContext): Locale {
  return resolveLocale(context.cookies.get(localeCookie)?.value, context.request.headers.get('accept-language'));
}

const tooLong = (max: number) => ({ error: `volunteering.error.tooLong#max=${max}` });

const name = z.string({ error: 'volunteering.error.name' }).trim().min(1, { error: 'volunteering.error.name' }).max(120, tooLong(120));
const email = z
  .string({ error: 'volunteering.error.email' })
  .trim()
  .pipe(z.email({ error: 'volunteering.error.email' }).max(200, { error: 'volunteering.error.email' }));
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()/-]{4,30}$/, { error: 'volunteering.error.phone' })
  .optional();
const quartierId = z
  .number({ error: 'volunteering.error.quartier' })
  .refine((id) => listQuartiere(getDb()).some((q) => q.id === id), { error: 'volunteering.error.quartier' })
  .optional();
const availability = z.array(z.string().refine(isAvailabilityChoice, { error: 'volunteering.error.availability' }));
const languages = z.array(z.enum(languageCodes, { error: 'volunteering.error.languages' }));
const consent = z.boolean().refine((v) => v, { error: 'volunteering.error.consent' });

function mapDomainError(error: unknown): never {
  if (error instanceof VolunteeringError) {
    switch (error.code) {
      case 'programme_not_found':
        throw new ActionError({ code: 'NOT_FOUND', message: 'volunteering.error.programme' });
      case 'programme_inactive':
      case 'no_help_requests':
        throw new ActionError({ code: 'CONFLICT', message: 'volunteering.error.inactive' });
      case 'not_allowed':
        throw new ActionError({ code: 'FORBIDDEN', message: 'volunteering.error.forbidden' });
      case 'slug_taken':
        throw new ActionError({ code: 'CONFLICT', message: 'volunteering.error.slug' });
      default:
        throw new ActionError({ code: 'NOT_FOUND', message: 'volunteering.error.notFound' });
    }
  }
  throw error;
}

function requireUser(context: ActionAPIContext): NonNullable<App.Locals['user']> {
  const user = context.locals.user;
  if (!user) throw new ActionError({ code: 'UNAUTHORIZED', message: 'volunteering.error.login' });
  return user;
}

function mapSlotError(error: unknown, locale: Locale): never {
  if (!(error instanceof SlotSignupError)) throw error;
  const b = error.blocker;
  switch (b.reason) {
    case 'not_found':
      throw new ActionError({ code: 'NOT_FOUND', message: 'volunteering.slot.reason.notFound' });
    case 'past':
      throw new ActionError({ code: 'CONFLICT', message: 'volunteering.slot.reason.past' });
    case 'already':
      throw new ActionError({ code: 'CONFLICT', message: 'volunteering.slot.reason.already' });
    case 'training':
      throw new ActionError({ code: 'FORBIDDEN', message: 'volunteering.slot.reason.training' });
    case 'clash':
      throw new ActionError({ code: 'CONFLICT', message: `volunteering.slot.reason.clash#title=${b.title}` });
    case 'not_open':
      throw new ActionError({
        code: 'CONFLICT',
        message: `volunteering.slot.reason.notOpen#date=${formatLongDate(b.opensAt, locale)}, ${formatTime(b.opensAt, locale)}`,
      });
  }
}

/** Runs a member's slot operation with the mail context, turning refusals into messages. */
function withSlotErrors<T>(
  context: ActionAPIContext,
  fn: (user: NonNullable<App.Locals['user']>, ctx: { baseUrl: string; locale: Locale }) => T,
): T {
  const user = requireUser(context);
  const locale = localeOf(context);
  try {
    return fn(user, { baseUrl: getConfig().publicUrl, locale });
  } catch (error) {
    mapSlotError(error, locale);
  }
}

const slotIdInput = z.object({ slotId: z.number({ error: 'volunteering.slot.reason.notFound' }).int().positive() });

export const volunteering = {
  signUpSlot: defineAction({
    accept: 'form',
    input: slotIdInput,
    handler: (input, context) =>
      withSlotErrors(context, (user, ctx) => {
        const result = signUpForSlot(getDb(), user, input.slotId, ctx);
        return { slotId: input.slotId, status: result.status, position: result.position };
      }),
  }),

  signOffSlot: defineAction({
    accept: 'form',
    input: slotIdInput,
    handler: (input, context) =>
      withSlotErrors(context, (user, ctx) => {
        const result = signOffSlot(getDb(), user.id, input.slotId, ctx);
        return { slotId: input.slotId, title: result.slot.title };
      }),
  }),

  apply: defineAction({
    accept: 'form',
    input: z.object({
      programme: z.string().max(100),
      name,
      email,
      phone,
      quartierId,
      availability: availability.min(1, { error: 'volunteering.error.availability' }),
      languages,
      motivation: z.string().trim().max(2000, tooLong(2000)).optional(),
      consent,
    }),
    handler: (input, context) => {
      const db = getDb();
      const programme = getProgrammeBySlug(db, input.programme);
      if (!programme) throw new ActionError({ code: 'NOT_FOUND', message: 'volunteering.error.programme' });
      try {
        return submitApplication(
          db,
          {
            programmeId: programme.id,
            name: input.name,
            email: input.email,
            phone: input.phone ?? null,
            quartierId: input.quartierId ?? null,
            availability: availabilityFromChoices(input.availability),
            languages: input.languages,
            motivation: input.motivation ?? '',
          },
          { user: context.locals.user, baseUrl: getConfig().publicUrl, locale: localeOf(context) },
        );
      } catch (error) {
        mapDomainError(error);
      }
    },
  }),

  confirmApplication: defineAction({
    accept: 'form',
    input: z.object({ token: z.string().min(10).max(100) }),
    handler: (input, context) => {
      const result = confirmApplicationEmail(getDb(), input.token, { baseUrl: getConfig().publicUrl, locale: localeOf(context) });
      if (!result) throw new ActionError({ code: 'NOT_FOUND', message: 'volunteering.confirm.invalid' });
      return { status: result.status, programmeSlug: result.programme.slug };
    },
  }),
};
