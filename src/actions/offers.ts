/**
 * The Angebotslandschaft's forms: actor profiles and offers (organisation members and staff), the yearly
 * confirmation (from the mail link or the account page) and staff review. Who may change which entry is decided
 * in the domain (src/lib/server/offers/access.ts); these handlers only read the form and name who is asking.
 */
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { actorKinds, offerTypes } from '../../db/schema';
import { getDb } from '../lib/server/db';
import { isWeekdayCode, monthWeeks, type MonthWeek } from '../lib/server/events/series';
import { createActor, updateActor, type ActorInput, type ActorSettings } from '../lib/server/offers/actors';
import { createOffer, updateOffer, withdrawOffer, type OfferInput } from '../lib/server/offers/offers';
import { confirmAsMaintainer, confirmByToken } from '../lib/server/offers/freshness';
import { approveChange, declineChange } from '../lib/server/offers/review';
import type { ScheduleSpec } from '../lib/server/offers/schedules';
import { actorAccess } from '../lib/server/offers/access';
import { offerLanguages } from '../lib/server/offers/validation';
import { getActor } from '../lib/server/offers/actors';
import type { Problem } from '../lib/forms/messages';
import {
  checkbox,
  checkboxList,
  choice,
  emailField,
  emptyToUndefined,
  idField,
  optionalDateField,
  optionalText,
  requiredText,
  timeField,
  websiteField,
} from './schemas';
import { formHandler, rejectForm, requireConfirmed, requireStaff, requireUser } from './guard';

const optionalId = (key: Parameters<typeof idField>[0]) => z.preprocess(emptyToUndefined, idField(key).optional());
const optionalTime = z.preprocess(emptyToUndefined, timeField().optional());
const optionalEmail = z.preprocess(emptyToUndefined, emailField().optional());

/** The fields of one schedule slot of the offer form (s0_…, s1_…). */
function slot(i: number) {
  return {
    [`s${i}_freq`]: z.preprocess(emptyToUndefined, z.enum(['weekly', 'monthly'], { error: 'offers.error.freq' }).optional()),
    [`s${i}_days`]: checkboxList(z.string().max(2)),
    [`s${i}_interval`]: z.preprocess(emptyToUndefined, z.enum(['1', '2'], { error: 'offers.error.interval' }).optional()),
    [`s${i}_week`]: z.preprocess(emptyToUndefined, z.enum(['1', '2', '3', '4', '-1'], { error: 'offers.error.monthWeek' }).optional()),
    [`s${i}_weekday`]: z.preprocess(emptyToUndefined, z.string().max(2).optional()),
    [`s${i}_opensAt`]: optionalTime,
    [`s${i}_closesAt`]: optionalTime,
  } as const;
}

export const SCHEDULE_SLOTS = 2;

const offerFields = z.object({
  title: requiredText(150, 'offers.error.titleRequired'),
  description: optionalText(5000),
  type: choice(offerTypes, 'offers.error.type'),
  quartierId: optionalId('offers.error.quartierUnknown'),
  targetGroupIds: checkboxList(z.string().regex(/^\d{1,9}$/, { error: 'offers.error.targetGroupUnknown' })),
  languages: checkboxList(choice(offerLanguages, 'offers.error.languageChoose')),
  isFree: checkbox,
  cost: optionalText(200),
  registrationRequired: checkbox,
  stepFree: checkbox,
  accessibilityNotes: optionalText(500),
  placeId: optionalId('offers.error.placeUnknown'),
  locationName: optionalText(150),
  street: optionalText(150),
  postalCode: optionalText(10),
  city: optionalText(80),
  byAppointment: checkbox,
  scheduleNote: optionalText(300),
  validFrom: optionalDateField(),
  validUntil: optionalDateField(),
  contactName: optionalText(100),
  contactEmail: optionalEmail,
  contactPhone: optionalText(40),
  inCalendar: checkbox,
  ...slot(0),
  ...slot(1),
});
type OfferFields = z.infer<typeof offerFields>;

/**
 * "Gültig bis" before "gültig ab", reported together with the other fields' problems: an object check would
 * otherwise be skipped as soon as any other field is wrong.
 */
function validityInOrder(fields: { validFrom?: unknown; validUntil?: unknown }): boolean {
  const { validFrom, validUntil } = fields;
  return !(typeof validFrom === 'string' && typeof validUntil === 'string' && validUntil < validFrom);
}
const validityCheck = {
  path: ['validUntil'],
  error: 'offers.error.untilBeforeFrom',
  when: (payload: { issues: readonly { path?: readonly PropertyKey[] }[] }) =>
    !payload.issues.some((i) => i.path?.[0] === 'validFrom' || i.path?.[0] === 'validUntil'),
};

/** The schedule slots of the form as specs; an incomplete slot is refused next to its fields. */
function schedulesOf(fields: Record<string, unknown>): ScheduleSpec[] {
  const problems: Problem[] = [];
  const specs: ScheduleSpec[] = [];
  for (let i = 0; i < SCHEDULE_SLOTS; i++) {
    const freq = fields[`s${i}_freq`] as 'weekly' | 'monthly' | undefined;
    if (!freq) continue;
    const opensAt = fields[`s${i}_opensAt`] as string | undefined;
    const closesAt = fields[`s${i}_closesAt`] as string | undefined;
    if (!opensAt) problems.push({ key: 'form.field.time', field: `s${i}_opensAt` });
    if (!closesAt) problems.push({ key: 'form.field.time', field: `s${i}_closesAt` });
    if (freq === 'weekly') {
      const days = (fields[`s${i}_days`] as string[]).filter(isWeekdayCode);
      if (days.length !== (fields[`s${i}_days`] as string[]).length) problems.push({ key: 'offers.error.weekdaysMissing', field: `s${i}_days` });
      if (opensAt && closesAt) specs.push({ freq, interval: Number(fields[`s${i}_interval`] ?? '1'), weekdays: days, opensAt, closesAt });
    } else {
      const week = Number(fields[`s${i}_week`]) as MonthWeek;
      const weekday = String(fields[`s${i}_weekday`] ?? '');
      if (!monthWeeks.includes(week)) problems.push({ key: 'offers.error.monthWeek', field: `s${i}_week` });
      if (!isWeekdayCode(weekday)) problems.push({ key: 'offers.error.monthWeekday', field: `s${i}_weekday` });
      else if (opensAt && closesAt && monthWeeks.includes(week)) specs.push({ freq, interval: 1, monthWeek: week, weekday, opensAt, closesAt });
    }
  }
  if (problems.length > 0) rejectForm(problems);
  return specs;
}

function offerInputOf(fields: OfferFields): OfferInput {
  return {
    title: fields.title,
    description: fields.description ?? '',
    type: fields.type,
    quartierId: fields.quartierId ?? null,
    targetGroupIds: fields.targetGroupIds.map(Number),
    languages: fields.languages,
    isFree: fields.isFree,
    cost: fields.cost ?? '',
    registrationRequired: fields.registrationRequired,
    stepFree: fields.stepFree,
    accessibilityNotes: fields.accessibilityNotes ?? '',
    placeId: fields.placeId ?? null,
    locationName: fields.locationName ?? null,
    street: fields.street ?? null,
    postalCode: fields.postalCode ?? null,
    city: fields.city ?? null,
    byAppointment: fields.byAppointment,
    scheduleNote: fields.scheduleNote ?? '',
    schedules: schedulesOf(fields),
    validFrom: fields.validFrom ?? null,
    validUntil: fields.validUntil ?? null,
    contactName: fields.contactName ?? null,
    contactEmail: fields.contactEmail ?? null,
    contactPhone: fields.contactPhone ?? null,
    inCalendar: fields.inCalendar,
  };
}

const actorFields = z.object({
  name: requiredText(150, 'offers.error.nameRequired'),
  kind: choice(actorKinds, 'offers.error.actorKind'),
  description: optionalText(3000),
  email: optionalEmail,
  phone: optionalText(40),
  website: websiteField(),
  placeId: optionalId('offers.error.placeUnknown'),
  street: optionalText(150),
  postalCode: optionalText(10),
  city: optionalText(80),
  languages: checkboxList(choice(offerLanguages, 'offers.error.languageChoose')),
  stepFree: checkbox,
  accessibilityNotes: optionalText(500),
  quartierIds: checkboxList(z.string().regex(/^\d{1,9}$/, { error: 'offers.error.quartierUnknown' })),
  organisationId: optionalId('offers.error.organisationUnknown'),
  reviewMemberChanges: checkbox,
});
type ActorFields = z.infer<typeof actorFields>;

function actorInputOf(fields: ActorFields): ActorInput {
  return {
    name: fields.name,
    kind: fields.kind,
    description: fields.description ?? '',
    email: fields.email ?? null,
    phone: fields.phone ?? null,
    website: fields.website,
    placeId: fields.placeId ?? null,
    street: fields.street ?? null,
    postalCode: fields.postalCode ?? null,
    city: fields.city ?? null,
    languages: fields.languages,
    stepFree: fields.stepFree,
    accessibilityNotes: fields.accessibilityNotes ?? '',
    quartierIds: fields.quartierIds.map(Number),
  };
}

function settingsOf(fields: ActorFields): ActorSettings {
  return { organisationId: fields.organisationId ?? null, reviewMemberChanges: fields.reviewMemberChanges };
}

export const offers = {
  createActor: defineAction({
    accept: 'form',
    input: actorFields,
    handler: formHandler((input, context) => {
      const user = requireStaff(context);
      return { actorId: createActor(getDb(), user, actorInputOf(input), settingsOf(input)).id };
    }),
  }),
  saveActor: defineAction({
    accept: 'form',
    input: actorFields.extend({ actorId: idField('offers.error.actorNotFound') }),
    handler: formHandler((input, context) => {
      const user = requireUser(context);
      const db = getDb();
      const actor = getActor(db, input.actorId);
      // Settings are only read from staff; a member's form has none and could not change them anyway.
      const settings = actor && actorAccess(db, user, actor) === 'staff' ? settingsOf(input) : null;
      return { outcome: updateActor(db, user, input.actorId, actorInputOf(input), settings), actorId: input.actorId };
    }),
  }),
  createOffer: defineAction({
    accept: 'form',
    input: offerFields.extend({ actorId: idField('offers.error.actorNotFound') }).refine(validityInOrder, validityCheck),
    handler: formHandler((input, context) => {
      const user = requireUser(context);
      const { offer, outcome } = createOffer(getDb(), user, input.actorId, offerInputOf(input));
      return { outcome, offerId: offer.id, actorId: input.actorId };
    }),
  }),
  saveOffer: defineAction({
    accept: 'form',
    input: offerFields.extend({ offerId: idField('offers.error.offerNotFound') }).refine(validityInOrder, validityCheck),
    handler: formHandler((input, context) => {
      const user = requireUser(context);
      return { outcome: updateOffer(getDb(), user, input.offerId, offerInputOf(input)), offerId: input.offerId };
    }),
  }),
  withdrawOffer: defineAction({
    accept: 'form',
    input: z.object({ offerId: idField('offers.error.offerNotFound'), confirm: checkbox }),
    handler: formHandler((input, context) => {
      const user = requireUser(context);
      requireConfirmed(input.confirm);
      withdrawOffer(getDb(), user, input.offerId);
      return { offerId: input.offerId };
    }),
  }),
  confirmLink: defineAction({
    accept: 'form',
    input: z.object({ token: z.string({ error: 'offers.error.tokenInvalid' }).max(100, { error: 'offers.error.tokenInvalid' }) }),
    handler: formHandler((input) => ({ actorSlug: confirmByToken(getDb(), input.token).slug })),
  }),
  confirmEntries: defineAction({
    accept: 'form',
    input: z.object({ actorId: idField('offers.error.actorNotFound') }),
    handler: formHandler((input, context) => {
      confirmAsMaintainer(getDb(), requireUser(context), input.actorId);
      return { actorId: input.actorId };
    }),
  }),
  review: defineAction({
    accept: 'form',
    input: z.object({ kind: choice(['actor', 'offer'] as const), id: idField(), decision: choice(['approve', 'decline'] as const) }),
    handler: formHandler((input, context) => {
      const user = requireStaff(context);
      (input.decision === 'approve' ? approveChange : declineChange)(getDb(), user, { kind: input.kind, id: input.id });
      return { decision: input.decision };
    }),
  }),
};
