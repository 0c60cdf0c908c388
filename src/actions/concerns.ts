/**
 * Concerns (Anliegen): reporting (residents, staff on behalf of someone), confirming the address, the staff
 * workflow (review, forward, answer, merge), the office's answer through its link and the resident's
 * "behoben?" reply. Each Action: zod input with message keys → who is asking → domain (which checks the
 * permission for the concern at hand) → one error mapping (formHandler).
 */
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getDb } from '../lib/server/db';
import { actionLocale, formHandler, rejectForm, requireConfirmed, requireStaff } from './guard';
import { decodeMessage, type Problem } from '../lib/forms/messages';
import { checkbox, choice, emailField, emptyToUndefined, idField, optionalDateField, optionalText, requiredText } from './schemas';
import { answerKinds, staffAnswerKinds } from '../lib/server/concerns/states';
import { DESCRIPTION_MAX } from '../lib/server/concerns/settings';
import { givenFiles } from '../lib/server/concerns/photos';
import { limitReports } from '../lib/server/concerns/limits';
import { locales } from '../i18n';
import { checkReport, confirmReporterEmail, photoProblems, reportConcern, type ReportInput } from '../lib/server/concerns/reporting';
import { answerAsOffice, answerAsStaff, deletePhoto, forwardConcern, mergeDuplicate, reviewConcern } from '../lib/server/concerns/workflow';
import { answerFeedback } from '../lib/server/concerns/followups';
import { concernSettings } from './concern-settings';

const coordinate = z.preprocess(
  (value) => (typeof value === 'string' ? (value.trim() === '' ? undefined : Number(value.trim().replace(',', '.'))) : value),
  z.number({ error: 'concerns.error.coordinatesInvalid' }).optional(),
);

const phone = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()/-]{5,30}$/, { error: 'concerns.error.phoneInvalid' })
    .optional(),
);

/** The fields of a concern in the order the form shows them (the error summary lists problems in this order). */
const concernFields = {
  description: requiredText(DESCRIPTION_MAX, 'concerns.error.descriptionRequired'),
  category: requiredText(60, 'concerns.error.categoryRequired'),
  quartier: requiredText(80, 'concerns.error.quartierRequired'),
  locationText: requiredText(300, 'concerns.error.locationRequired'),
  latitude: coordinate,
  longitude: coordinate,
  photos: z.array(z.instanceof(File)).optional(),
  isPublic: choice(['ja', 'nein'], 'concerns.error.publicRequired'),
  reporterName: optionalText(120),
  reporterEmail: z.preprocess(emptyToUndefined, emailField('concerns.error.emailInvalid').optional()),
  reporterPhone: phone,
};

function reportInput(input: Omit<ReportInput, 'isPublic'> & { isPublic: 'ja' | 'nein' }): ReportInput {
  return { ...input, isPublic: input.isPublic === 'ja' };
}

/**
 * The concern forms accept any text at first, so that every problem is reported at once: the format checks
 * (zod) and the rules that need the database or the photos (category, Quartier, the city's area, contact,
 * photo size and content). A field's format problem hides its rule problem, not the other fields' problems.
 */
const loose = z.string().max(100_000).optional();
const looseConcern = {
  ...(Object.fromEntries(Object.keys(concernFields).map((name) => [name, loose])) as Record<Exclude<keyof typeof concernFields, 'photos'>, typeof loose>),
  photos: concernFields.photos,
};

async function parseConcern<S extends z.ZodObject>(strict: S, raw: Record<string, unknown>, source: 'web' | 'staff'): Promise<z.infer<S>> {
  const parsed = strict.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems: Problem[] = parsed.error.issues.map((issue) => ({
    ...decodeMessage(issue.message),
    ...(issue.path[0] !== undefined ? { field: String(issue.path[0]) } : {}),
  }));
  const failed = new Set(problems.map((p) => p.field));
  const valid: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(strict.shape)) {
    const one = (schema as z.ZodType).safeParse(raw[name]);
    if (one.success) valid[name] = one.data;
  }
  const rules = checkReport(getDb(), valid as Partial<ReportInput>, { source }).problems;
  const photos = (await photoProblems(givenFiles(raw.photos as File[] | undefined))).problems;
  const order = Object.keys(strict.shape);
  const all = [...problems, ...[...rules, ...photos].filter((p) => !failed.has(p.field))];
  rejectForm(all.sort((a, b) => order.indexOf(a.field ?? '') - order.indexOf(b.field ?? '')));
}

export const concerns = {
  report: defineAction({
    accept: 'form',
    input: z.object(looseConcern),
    handler: formHandler(async (raw, context) => {
      const input = await parseConcern(z.object(concernFields), raw, 'web');
      const db = getDb();
      // The visitor's address as the middleware resolved it (behind a trusted proxy: from its headers).
      limitReports(db, { address: context.locals.clientAddress, email: input.reporterEmail });
      const concern = await reportConcern(db, reportInput(input), { locale: actionLocale(context), source: 'web', uploads: givenFiles(input.photos) });
      return { id: concern.id, quartier: input.quartier };
    }),
  }),

  /** Staff take a concern at the consultation hour or on the phone, also from people without e-mail. */
  enter: defineAction({
    accept: 'form',
    input: z.object({ ...looseConcern, callBack: checkbox, reporterLocale: loose }),
    handler: formHandler(async (raw, context) => {
      const actor = requireStaff(context);
      const input = await parseConcern(
        z.object({ ...concernFields, callBack: checkbox, reporterLocale: z.preprocess(emptyToUndefined, choice(locales).optional()) }),
        raw,
        'staff',
      );
      const concern = await reportConcern(
        getDb(),
        { ...reportInput(input), callBack: input.callBack },
        {
          locale: input.reporterLocale ?? 'de',
          source: 'staff',
          actor,
          uploads: givenFiles(input.photos),
        },
      );
      return { id: concern.id };
    }),
  }),

  confirmEmail: defineAction({
    accept: 'form',
    input: z.object({ token: z.string().max(100) }),
    handler: formHandler((input) => ({ id: confirmReporterEmail(getDb(), input.token).id })),
  }),

  review: defineAction({
    accept: 'form',
    input: z.object({ id: idField() }),
    handler: formHandler((input, context) => ({ id: reviewConcern(getDb(), requireStaff(context), input.id).id })),
  }),

  forward: defineAction({
    accept: 'form',
    input: z.object({ id: idField(), office: idField('concerns.error.officeRequired'), note: optionalText(2000) }),
    handler: formHandler((input, context) => ({
      id: forwardConcern(getDb(), requireStaff(context), input.id, { officeId: input.office, note: input.note }).id,
    })),
  }),

  answer: defineAction({
    accept: 'form',
    input: z.object({
      id: idField(),
      kind: choice(staffAnswerKinds, 'concerns.error.answerKind'),
      text: optionalText(DESCRIPTION_MAX),
      expectedOn: optionalDateField(),
    }),
    handler: formHandler((input, context) => ({ id: answerAsStaff(getDb(), requireStaff(context), input.id, input).id })),
  }),

  merge: defineAction({
    accept: 'form',
    input: z.object({ id: idField(), target: idField('concerns.error.mergeTarget'), confirm: checkbox }),
    handler: formHandler((input, context) => {
      const staff = requireStaff(context);
      requireConfirmed(input.confirm);
      return { id: mergeDuplicate(getDb(), staff, input.id, input.target).id };
    }),
  }),

  deletePhoto: defineAction({
    accept: 'form',
    input: z.object({ id: idField(), photo: idField(), confirm: checkbox }),
    handler: formHandler((input, context) => {
      const staff = requireStaff(context);
      requireConfirmed(input.confirm);
      deletePhoto(getDb(), staff, input.id, input.photo);
      return { id: input.id };
    }),
  }),

  /** The office's answer through its personal link: no account, the link is the permission. */
  officeAnswer: defineAction({
    accept: 'form',
    input: z.object({
      token: z.string().max(100),
      kind: choice(answerKinds, 'concerns.error.answerKind'),
      text: optionalText(DESCRIPTION_MAX),
      expectedOn: optionalDateField(),
    }),
    handler: formHandler((input) => ({ id: answerAsOffice(getDb(), input.token, input).id })),
  }),

  feedback: defineAction({
    accept: 'form',
    input: z.object({ token: z.string().max(100), fixed: choice(['ja', 'nein'], 'concerns.error.fixedRequired'), words: optionalText(DESCRIPTION_MAX) }),
    handler: formHandler((input) => ({
      id: answerFeedback(getDb(), input.token, { fixed: input.fixed === 'ja', words: input.words }).id,
      fixed: input.fixed === 'ja',
    })),
  }),

  ...concernSettings,
};
