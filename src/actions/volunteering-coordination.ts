/**
 * The coordinators' back office: applications, attestations, help requests, matching, slots and programmes.
 * `requireStaff` only says "staff"; whether this coordinator may touch this programme's records is decided by
 * the domain, which refuses with a `VolunteeringError` (a missing and a foreign record look the same).
 */
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getDb, type Db } from '../lib/server/db';
import { updateApplication } from '../lib/server/volunteering/applications';
import { recordAttestation } from '../lib/server/volunteering/attestations';
import { recordMatch, updateHelpRequest } from '../lib/server/volunteering/help-requests';
import { createProgramme, updateProgramme } from '../lib/server/volunteering/programmes';
import { createSlot } from '../lib/server/volunteering/slots';
import { berlinDate, localToInstant } from '../lib/time';
import { message } from '../lib/forms/messages';
import { applicationStatuses, attestationKinds, helpRequestStatuses, slotKinds, type User } from '../../db/schema';
import { actionLocale, formHandler, requireStaff } from './guard';
import {
  checkbox,
  choice,
  dateField,
  emptyToUndefined,
  idField,
  localDateTimeField,
  optionalDateField,
  optionalText,
  requiredText,
  warningsAccepted,
} from './schemas';
import { optionalEmail, optionalPhone, optionalQuartierId } from './volunteering-common';

const slotTime = localDateTimeField('volunteering.error.date');
const optionalId = z.preprocess(emptyToUndefined, idField().optional());
const neededError = message('volunteering.error.number', { min: 1, max: 500 });

/** Status and private notes of an application or a help request: one form (StatusNotesForm), one Action shape. */
function statusAndNotesAction<const S extends readonly [string, ...string[]]>(
  statuses: S,
  save: (db: Db, actor: User, id: number, change: { status: S[number]; coordinatorNotes: string }) => unknown,
) {
  return defineAction({
    accept: 'form',
    input: z.object({ id: idField(), status: choice(statuses, 'volunteering.error.status'), coordinatorNotes: optionalText(5000) }),
    handler: formHandler((input, context) => {
      save(getDb(), requireStaff(context), input.id, { status: input.status, coordinatorNotes: input.coordinatorNotes ?? '' });
      return { id: input.id };
    }),
  });
}

export const coordination = {
  updateApplication: statusAndNotesAction(applicationStatuses, updateApplication),

  recordAttestation: defineAction({
    accept: 'form',
    input: z
      .object({
        applicationId: idField(),
        kind: choice(attestationKinds),
        attestedOn: dateField().refine((day) => day <= berlinDate(new Date()), { error: 'volunteering.error.attestedInFuture' }),
        validUntil: optionalDateField(),
        note: optionalText(500),
      })
      .refine((v) => !v.validUntil || v.validUntil >= v.attestedOn, { error: 'volunteering.error.endBeforeStart', path: ['validUntil'] }),
    handler: formHandler((input, context) => {
      recordAttestation(getDb(), requireStaff(context), input.applicationId, {
        kind: input.kind,
        attestedOn: input.attestedOn,
        validUntil: input.validUntil ?? null,
        note: input.note ?? '',
      });
      return { id: input.applicationId };
    }),
  }),

  updateHelpRequest: statusAndNotesAction(helpRequestStatuses, updateHelpRequest),

  matchVolunteer: defineAction({
    accept: 'form',
    input: z.object({ requestId: idField(), applicationId: idField(), note: optionalText(1000) }),
    handler: formHandler((input, context) => {
      const result = recordMatch(getDb(), requireStaff(context), input.requestId, input.applicationId, { note: input.note ?? '' });
      return { id: input.requestId, volunteerName: result.volunteerName, requesterMailed: result.requesterEmail !== null };
    }),
  }),

  createSlot: defineAction({
    accept: 'form',
    input: z
      .object({
        programmeId: idField(),
        kind: choice(slotKinds),
        title: requiredText(200, 'volunteering.error.slotTitle'),
        description: optionalText(2000),
        start: slotTime,
        end: slotTime,
        needed: z.coerce.number({ error: neededError }).int({ error: neededError }).min(1, { error: neededError }).max(500, { error: neededError }),
        placeId: optionalId,
        locationName: optionalText(200),
        signupOpens: z.preprocess(emptyToUndefined, slotTime.optional()),
        requiresTraining: checkbox,
        acceptWarnings: warningsAccepted,
      })
      .refine((v) => v.end > v.start, { error: 'volunteering.error.endBeforeStart', path: ['end'] }),
    handler: formHandler((input, context) => {
      const slot = createSlot(
        getDb(),
        requireStaff(context),
        input.programmeId,
        {
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
        },
        { confirmation: input.acceptWarnings, locale: actionLocale(context) },
      );
      return { id: slot.id, programmeId: input.programmeId };
    }),
  }),

  saveProgramme: defineAction({
    accept: 'form',
    input: z.object({
      id: optionalId,
      name: requiredText(120, 'volunteering.error.programmeName'),
      slug: z
        .string({ error: 'volunteering.error.slug' })
        .trim()
        .max(60, { error: 'volunteering.error.slug' })
        .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'volunteering.error.slug' }),
      quartierId: optionalQuartierId,
      summary: requiredText(300, 'volunteering.error.programmeSummary'),
      description: optionalText(5000),
      forWhom: optionalText(1000),
      timeCommitment: optionalText(500),
      requirements: optionalText(1000),
      requiresTraining: checkbox,
      requiresCertificate: checkbox,
      acceptsHelpRequests: checkbox,
      coordinatorUserId: optionalId,
      contactEmail: optionalEmail,
      contactPhone: optionalPhone,
      active: checkbox,
    }),
    handler: formHandler(({ id: programmeId, ...input }, context) => {
      const user = requireStaff(context);
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
      return { id: saved.id, created: !programmeId };
    }),
  }),
};
