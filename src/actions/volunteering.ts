/**
 * Volunteering Actions for residents: applying, asking for help, confirming the address, signing up for slots and
 * the personal calendar link. The coordinators' back office and event registration live in their own files and
 * are registered under the same `volunteering` name, so form URLs (`?_action=volunteering.…`) stay as they were.
 * Each handler: zod input → who is asking → domain; domain refusals are answered by `formHandler`.
 */
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getDb } from '../lib/server/db';
import { availabilityFromChoices } from '../lib/server/volunteering/availability';
import { confirmApplicationEmail, submitApplication } from '../lib/server/volunteering/applications';
import { VolunteeringError } from '../lib/server/volunteering/errors';
import { getProgrammeBySlug } from '../lib/server/volunteering/programmes';
import { submitHelpRequest } from '../lib/server/volunteering/help-requests';
import { issueCalendarToken, revokeCalendarToken } from '../lib/server/volunteering/calendar';
import { signOffSlot, signUpForSlot } from '../lib/server/volunteering/slots';
import type { VolunteerProgramme } from '../../db/schema';
import { limitSecretLinkUse, limitStranger } from '../lib/server/ratelimit';
import { formHandler, refuse, requireUser } from './guard';
import { idField, optionalText } from './schemas';
import {
  availabilityChoices,
  consentGiven,
  languageChoices,
  mailContext,
  optionalEmail,
  optionalPhone,
  optionalQuartierId,
  personName,
  volunteerEmail,
} from './volunteering-common';
import { coordination } from './volunteering-coordination';
import { registrations } from './registrations';

function programmeOf(slug: string): VolunteerProgramme {
  const programme = getProgrammeBySlug(getDb(), slug);
  if (!programme) throw new VolunteeringError('programme_not_found');
  return programme;
}

const programmeSlug = z.string().max(100);
const slotIdInput = z.object({ slotId: idField('volunteering.slot.reason.notFound') });

const residents = {
  signUpSlot: defineAction({
    accept: 'form',
    input: slotIdInput,
    handler: formHandler((input, context) => {
      const result = signUpForSlot(getDb(), requireUser(context), input.slotId, mailContext(context));
      return { slotId: input.slotId, status: result.status, position: result.position };
    }),
  }),

  signOffSlot: defineAction({
    accept: 'form',
    input: slotIdInput,
    handler: formHandler((input, context) => {
      const result = signOffSlot(getDb(), requireUser(context).id, input.slotId, mailContext(context));
      return { slotId: input.slotId, title: result.slot.title };
    }),
  }),

  apply: defineAction({
    accept: 'form',
    input: z.object({
      programme: programmeSlug,
      name: personName,
      email: volunteerEmail,
      phone: optionalPhone,
      quartierId: optionalQuartierId,
      availability: availabilityChoices.min(1, { error: 'volunteering.error.availability' }),
      languages: languageChoices,
      motivation: optionalText(2000),
      consent: consentGiven,
    }),
    handler: formHandler((input, context) => {
      const db = getDb();
      limitStranger(db, 'apply', { address: context.locals.clientAddress, email: input.email });
      return submitApplication(
        db,
        {
          programmeId: programmeOf(input.programme).id,
          name: input.name,
          email: input.email,
          phone: input.phone ?? null,
          quartierId: input.quartierId ?? null,
          availability: availabilityFromChoices(input.availability),
          languages: input.languages,
          motivation: input.motivation ?? '',
        },
        { user: context.locals.user, ...mailContext(context) },
      );
    }),
  }),

  confirmApplication: defineAction({
    accept: 'form',
    input: z.object({ token: z.string().min(10).max(100) }),
    handler: formHandler((input, context) => {
      const db = getDb();
      limitSecretLinkUse(db, 'application-link', context.locals.clientAddress);
      const result = confirmApplicationEmail(db, input.token, mailContext(context));
      if (!result) refuse('NOT_FOUND', 'volunteering.confirm.invalid');
      return { status: result.status, programmeSlug: result.programme.slug, programmeActive: result.programme.active };
    }),
  }),

  askForHelp: defineAction({
    accept: 'form',
    input: z
      .object({
        programme: programmeSlug,
        requesterName: personName,
        requesterPhone: optionalPhone,
        requesterEmail: optionalEmail,
        onBehalf: z.boolean(),
        onBehalfOf: optionalText(120),
        relationship: optionalText(120),
        quartierId: optionalQuartierId,
        availability: availabilityChoices,
        languages: languageChoices,
        message: optionalText(2000),
        consent: consentGiven,
      })
      .refine((v) => v.requesterPhone !== undefined || v.requesterEmail !== undefined, {
        error: 'volunteering.error.contact',
        path: ['requesterPhone'],
      })
      .refine((v) => !v.onBehalf || v.onBehalfOf !== undefined, { error: 'volunteering.error.onBehalfOf', path: ['onBehalfOf'] }),
    handler: formHandler((input, context) => {
      const db = getDb();
      limitStranger(db, 'help-request', { address: context.locals.clientAddress, email: input.requesterEmail });
      const id = submitHelpRequest(
        db,
        {
          programmeId: programmeOf(input.programme).id,
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
        mailContext(context),
      );
      return { id };
    }),
  }),

  issueCalendarToken: defineAction({
    accept: 'form',
    handler: formHandler((_input, context) => {
      issueCalendarToken(getDb(), requireUser(context).id);
      return { issued: true };
    }),
  }),

  revokeCalendarToken: defineAction({
    accept: 'form',
    handler: formHandler((_input, context) => {
      revokeCalendarToken(getDb(), requireUser(context).id);
      return { revoked: true };
    }),
  }),
};

export const volunteering = { ...residents, ...coordination, ...registrations };
