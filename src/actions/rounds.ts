/**
 * Quartiershelfer rounds: a helper starts today's round, records findings (with a photo; "weitergeben" makes a
 * concern in the same step) and finishes it; staff define routes and who helps in which Quartier.
 */
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getDb } from '../lib/server/db';
import { actionLocale, formHandler, requireStaff, requireUser } from './guard';
import { checkbox, checkboxList, choice, emailField, emptyToUndefined, idField, optionalText, requiredText } from './schemas';
import { findingCategories, findingOutcomes } from '../../db/schema';
import { givenFiles } from '../lib/server/concerns/photos';
import { finishRound, recordFinding, saveRoute, setHelperScope, startRound } from '../lib/server/concerns/rounds';

export const rounds = {
  start: defineAction({
    accept: 'form',
    input: z.object({ route: idField() }),
    handler: formHandler((input, context) => ({ id: startRound(getDb(), requireUser(context), input.route).id })),
  }),

  addFinding: defineAction({
    accept: 'form',
    input: z.object({
      round: idField(),
      category: choice(findingCategories, 'rounds.error.categoryRequired'),
      locationText: requiredText(300, 'concerns.error.locationRequired'),
      note: optionalText(2000),
      outcome: choice(findingOutcomes, 'rounds.error.outcomeRequired'),
      photo: z.array(z.instanceof(File)).optional(),
    }),
    handler: formHandler(async (input, context) => {
      const user = requireUser(context);
      const finding = await recordFinding(getDb(), user, input.round, input, { uploads: givenFiles(input.photo), locale: actionLocale(context) });
      return { round: input.round, concernId: finding.concernId };
    }),
  }),

  finish: defineAction({
    accept: 'form',
    input: z.object({ round: idField(), note: optionalText(2000) }),
    handler: formHandler((input, context) => ({ id: finishRound(getDb(), requireUser(context), input.round, input.note ?? '').id })),
  }),

  saveRoute: defineAction({
    accept: 'form',
    input: z.object({
      id: z.preprocess(emptyToUndefined, idField().optional()),
      quartier: idField('concerns.error.quartierRequired'),
      name: requiredText(120, 'rounds.error.nameRequired'),
      stops: requiredText(4000, 'rounds.error.stopsRequired'),
      weekdays: checkboxList(z.enum(['1', '2', '3', '4', '5', '6', '7'], { error: 'rounds.error.weekdaysRequired' })),
      active: checkbox,
    }),
    handler: formHandler((input, context) => {
      const stops = input.stops
        .split(/\r?\n/)
        .map((s) => s.trim())
        .filter(Boolean);
      const route = saveRoute(getDb(), requireStaff(context), input.id ?? null, {
        quartierId: input.quartier,
        name: input.name,
        stops,
        weekdays: input.weekdays.map(Number),
        active: input.active,
      });
      return { id: route.id };
    }),
  }),

  setHelper: defineAction({
    accept: 'form',
    input: z.object({ email: emailField(), quartier: idField('concerns.error.quartierRequired'), remove: checkbox }),
    handler: formHandler((input, context) => {
      setHelperScope(getDb(), requireStaff(context), { email: input.email, quartierId: input.quartier, active: !input.remove });
      return { ok: true };
    }),
  }),
};
