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
import { recordMatch, submitHelpRequest, updateHelpRequest } from '../lib/server/volunteering/help-requests';
import { updateApplication } from '../lib/server/volunteering/applications';
import { recordAttestation } from '../lib/server/volunteering/attestations';
import { createProgramme, updateProgramme } from '../lib/server/volunteering/programmes';
import { createSlot } from '../lib/server/volunteering/slots';
import { isStaff } from '../lib/server/auth/permissions';
import { issueCalendarToken, revokeCalendarToken } from '../lib/server/volunteering/calendar';
import {
  cancelOwnRegistration,
  cancelRegistrationByToken,
  MAX_PLACES_PER_REGISTRATION,
  registerForOccurrence,
  RegistrationError,
} from '../lib/server/registrations/events';
import { localToInstant, berlinDate } from '../lib/time';
import { applicationStatuses, attestationKinds, helpRequestStatuses, slotKinds } from '../../db/schema';
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

function requireStaff(context: ActionAPIContext): NonNullable<App.Locals['user']> {
  const user = requireUser(context);
  if (!isStaff(user)) throw new ActionError({ code: 'FORBIDDEN', message: 'volunteering.error.forbidden' });
  return user;
}

/** Staff operations: domain refusals become messages, the rest propagates. */
function asStaff<T>(context: ActionAPIContext, fn: (user: NonNullable<App.Locals['user']>) => T): T {
  const user = requireStaff(context);
  try {
    return fn(user);
  } catch (error) {
    mapDomainError(error);
  }
}

const id = z.number({ error: 'volunteering.error.notFound' }).int().positive();
const notes = z.string().trim().max(5000, tooLong(5000)).optional();
const localDateTime = z
  .string({ error: 'volunteering.error.date' })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: 'volunteering.error.date' })
  .refine((v) => localToInstant(v) !== null, { error: 'volunteering.error.date' });
const isoDate = z
  .string({ error: 'volunteering.error.date' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'volunteering.error.date' })
  .refine((v) => localToInstant(v) !== null, { error: 'volunteering.error.date' });
const optionalText = (max: number) => z.string().trim().max(max, tooLong(max)).optional();

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

  askForHelp: defineAction({
    accept: 'form',
    input: z
      .object({
        programme: z.string().max(100),
        requesterName: name,
        requesterPhone: phone,
        requesterEmail: z
          .string()
          .trim()
          .pipe(z.email({ error: 'volunteering.error.email' }).max(200, { error: 'volunteering.error.email' }))
          .optional(),
        onBehalf: z.boolean(),
        onBehalfOf: z.string().trim().max(120, tooLong(120)).optional(),
        relationship: z.string().trim().max(120, tooLong(120)).optional(),
        quartierId,
        availability,
        languages,
        message: z.string().trim().max(2000, tooLong(2000)).optional(),
        consent,
      })
      .refine((v) => v.requesterPhone !== undefined || v.requesterEmail !== undefined, {
        error: 'volunteering.error.contact',
        path: ['requesterPhone'],
      })
      .refine((v) => !v.onBehalf || v.onBehalfOf !== undefined, { error: 'volunteering.error.required', path: ['onBehalfOf'] }),
    handler: (input, context) => {
      const db = getDb();
      const programme = getProgrammeBySlug(db, input.programme);
      if (!programme) throw new ActionError({ code: 'NOT_FOUND', message: 'volunteering.error.programme' });
      try {
        const id = submitHelpRequest(
          db,
          {
            programmeId: programme.id,
            requesterName: input.requesterName,
            requesterPhone: input.requesterPhone ?? null,
            requesterEmail: input.requesterEmail ?? null,
            onBehalfOf: input.onBehalf ? (input.onBehalfOf ?? null) : null,
            relationship: input.onBehalf ? (input.relationship ?? null) : null,
            quartierId: input.quartierId ?? null,
            languages: input.languages,
            availability: availabilityFromChoices(input.availability),
            message: input.message ?? '',
          },
          { baseUrl: getConfig().publicUrl, locale: localeOf(context) },
        );
        return { id };
      } catch (error) {
        mapDomainError(error);
      }
    },
  }),

  updateApplication: defineAction({
    accept: 'form',
    input: z.object({ id, status: z.enum(applicationStatuses, { error: 'volunteering.error.status' }), coordinatorNotes: notes }),
    handler: (input, context) =>
      asStaff(context, (user) => {
        updateApplication(getDb(), user, input.id, { status: input.status, coordinatorNotes: input.coordinatorNotes ?? '' });
        return { id: input.id };
      }),
  }),

  recordAttestation: defineAction({
    accept: 'form',
    input: z
      .object({
        applicationId: id,
        kind: z.enum(attestationKinds, { error: 'volunteering.error.required' }),
        attestedOn: isoDate.refine((v) => v <= berlinDate(new Date()), { error: 'volunteering.error.date' }),
        validUntil: isoDate.optional(),
        note: optionalText(500),
      })
      .refine((v) => !v.validUntil || v.validUntil >= v.attestedOn, { error: 'volunteering.error.endBeforeStart', path: ['validUntil'] }),
    handler: (input, context) =>
      asStaff(context, (user) => {
        recordAttestation(getDb(), user, input.applicationId, {
          kind: input.kind,
          attestedOn: input.attestedOn,
          validUntil: input.validUntil ?? null,
          note: input.note ?? '',
        });
        return { id: input.applicationId };
      }),
  }),

  updateHelpRequest: defineAction({
    accept: 'form',
    input: z.object({ id, status: z.enum(helpRequestStatuses, { error: 'volunteering.error.status' }), coordinatorNotes: notes }),
    handler: (input, context) =>
      asStaff(context, (user) => {
        updateHelpRequest(getDb(), user, input.id, { status: input.status, coordinatorNotes: input.coordinatorNotes ?? '' });
        return { id: input.id };
      }),
  }),

  matchVolunteer: defineAction({
    accept: 'form',
    input: z.object({ requestId: id, applicationId: id, note: optionalText(1000) }),
    handler: (input, context) =>
      asStaff(context, (user) => {
        const result = recordMatch(getDb(), user, input.requestId, input.applicationId, { note: input.note ?? '' });
        return { id: input.requestId, volunteerName: result.volunteerName };
      }),
  }),

  createSlot: defineAction({
    accept: 'form',
    input: z
      .object({
        programmeId: id,
        kind: z.enum(slotKinds, { error: 'volunteering.error.required' }),
        title: z.string({ error: 'volunteering.error.required' }).trim().min(1, { error: 'volunteering.error.required' }).max(200, tooLong(200)),
        description: optionalText(2000),
        start: localDateTime,
        end: localDateTime,
        needed: z
          .number({ error: 'volunteering.error.number#min=1|max=500' })
          .int({ error: 'volunteering.error.number#min=1|max=500' })
          .min(1, { error: 'volunteering.error.number#min=1|max=500' })
          .max(500, { error: 'volunteering.error.number#min=1|max=500' }),
        placeId: z.number().int().positive().optional(),
        locationName: optionalText(200),
        signupOpens: localDateTime.optional(),
        requiresTraining: z.boolean(),
      })
      .refine((v) => v.end > v.start, { error: 'volunteering.error.endBeforeStart', path: ['end'] }),
    handler: (input, context) =>
      asStaff(context, (user) => {
        const slot = createSlot(getDb(), user, input.programmeId, {
          kind: input.kind,
          title: input.title,
          description: input.description ?? '',
          startsAt: localToInstant(input.start)!,
          endsAt: localToInstant(input.end)!,
          placeId: input.placeId ?? null,
          locationName: input.locationName ?? null,
          needed: input.needed,
          signupOpensAt: input.signupOpens ? localToInstant(input.signupOpens) : null,
          requiresTraining: input.requiresTraining,
        });
        return { id: slot.id, programmeId: input.programmeId };
      }),
  }),

  saveProgramme: defineAction({
    accept: 'form',
    input: z.object({
      id: id.optional(),
      name: z.string({ error: 'volunteering.error.required' }).trim().min(1, { error: 'volunteering.error.required' }).max(120, tooLong(120)),
      slug: z
        .string({ error: 'volunteering.error.slug' })
        .trim()
        .max(60, { error: 'volunteering.error.slug' })
        .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'volunteering.error.slug' }),
      quartierId,
      summary: z.string({ error: 'volunteering.error.required' }).trim().min(1, { error: 'volunteering.error.required' }).max(300, tooLong(300)),
      description: optionalText(5000),
      forWhom: optionalText(1000),
      timeCommitment: optionalText(500),
      requirements: optionalText(1000),
      requiresTraining: z.boolean(),
      requiresCertificate: z.boolean(),
      acceptsHelpRequests: z.boolean(),
      coordinatorUserId: z.number().int().positive().optional(),
      contactEmail: z.string().trim().pipe(z.email({ error: 'volunteering.error.email' })).optional(),
      contactPhone: phone,
      active: z.boolean(),
    }),
    handler: ({ id: programmeId, ...input }, context) =>
      asStaff(context, (user) => {
        const values = {
          ...input,
          quartierId: input.quartierId ?? null,
          description: input.description ?? '',
          forWhom: input.forWhom ?? '',
          timeCommitment: input.timeCommitment ?? '',
          requirements: input.requirements ?? '',
          // A new programme without a named coordinator is coordinated by whoever creates it.
          coordinatorUserId: input.coordinatorUserId ?? (programmeId ? null : user.id),
          contactEmail: input.contactEmail ?? null,
          contactPhone: input.contactPhone ?? null,
        };
        const db = getDb();
        const saved = programmeId ? updateProgramme(db, user, programmeId, values) : createProgramme(db, user, values);
        return { id: saved.id };
      }),
  }),

  issueCalendarToken: defineAction({
    accept: 'form',
    handler: (_input, context) => {
      issueCalendarToken(getDb(), requireUser(context).id);
      return { ok: true };
    },
  }),

  revokeCalendarToken: defineAction({
    accept: 'form',
    handler: (_input, context) => {
      revokeCalendarToken(getDb(), requireUser(context).id);
      return { ok: true };
    },
  }),

  registerForEvent: defineAction({
    accept: 'form',
    input: z.object({
      occurrenceId: id,
      // Members register under their account; name and e-mail are only asked from visitors.
      name: name.optional(),
      email: email.optional(),
      places: z
        .number({ error: `registration.error.tooMany#max=${MAX_PLACES_PER_REGISTRATION}` })
        .int({ error: `registration.error.tooMany#max=${MAX_PLACES_PER_REGISTRATION}` })
        .min(1, { error: `registration.error.tooMany#max=${MAX_PLACES_PER_REGISTRATION}` })
        .max(MAX_PLACES_PER_REGISTRATION, { error: `registration.error.tooMany#max=${MAX_PLACES_PER_REGISTRATION}` })
        .default(1),
      asMember: z.boolean(),
    }).superRefine((v, ctx) => {
      if (v.asMember) return;
      if (v.name === undefined) ctx.addIssue({ code: 'custom', path: ['name'], message: 'volunteering.error.name' });
      if (v.email === undefined) ctx.addIssue({ code: 'custom', path: ['email'], message: 'volunteering.error.email' });
    }),
    handler: (input, context) => {
      const user = input.asMember ? requireUser(context) : null;
      try {
        return registerForOccurrence(
          getDb(),
          { occurrenceId: input.occurrenceId, user, name: input.name ?? '', email: input.email ?? '', places: input.places },
          { baseUrl: getConfig().publicUrl, locale: localeOf(context) },
        );
      } catch (error) {
        if (!(error instanceof RegistrationError)) throw error;
        switch (error.code) {
          case 'already':
            throw new ActionError({ code: 'CONFLICT', message: 'registration.error.already' });
          case 'too_many':
            throw new ActionError({ code: 'BAD_REQUEST', message: `registration.error.tooMany#max=${MAX_PLACES_PER_REGISTRATION}` });
          case 'closed':
            throw new ActionError({ code: 'CONFLICT', message: 'registration.error.closed' });
          default:
            throw new ActionError({ code: 'NOT_FOUND', message: 'registration.error.closed' });
        }
      }
    },
  }),

  cancelRegistration: defineAction({
    accept: 'form',
    input: z.object({ token: z.string().min(10).max(100).optional(), occurrenceId: id.optional() }),
    handler: (input, context) => {
      const ctx = { baseUrl: getConfig().publicUrl, locale: localeOf(context) };
      const db = getDb();
      let result;
      if (input.token) result = cancelRegistrationByToken(db, input.token, ctx);
      else if (input.occurrenceId) result = cancelOwnRegistration(db, requireUser(context).id, input.occurrenceId, ctx);
      if (!result) throw new ActionError({ code: 'NOT_FOUND', message: 'registration.manage.invalid' });
      return { movedUp: result.length };
    },
  }),
};
