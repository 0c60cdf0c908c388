/** Goals and measures of a Quartier (staff of the Quartier and admins; the domain checks which Quartier). */
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getDb } from '../lib/server/db';
import { formHandler, requireStaff } from './guard';
import { checkbox, checkboxList, choice, dateField, emptyToUndefined, idField, optionalDateField, optionalText, requiredText } from './schemas';
import { addNote, saveGoal, saveMeasure, setNotePublic } from '../lib/server/goals/goals';
import { setMeasureLinks } from '../lib/server/goals/links';
import { setMeasurePhoto } from '../lib/server/goals/photo';
import { givenFiles } from '../lib/server/concerns/photos';
import { measureStatuses } from '../../db/schema';

const optionalId = z.preprocess(emptyToUndefined, idField().optional());
// Ticked ids stay text here: one that is no number is as unknown as one of another Quartier, and the domain reports
// every kind at its field at once (a zod refusal would hide the other kinds' problems).
const linkIds = checkboxList(z.string().max(12), 500);
const asIds = (values: readonly string[]): number[] => values.map(Number);

export const goals = {
  saveGoal: defineAction({
    accept: 'form',
    input: z.object({
      id: optionalId,
      quartierId: idField('goals.error.quartierRequired'),
      title: requiredText(150, 'goals.error.titleRequired'),
      description: optionalText(2000),
    }),
    handler: formHandler((input, context) => {
      const goal = saveGoal(getDb(), requireStaff(context), input.id ?? null, {
        quartierId: input.quartierId,
        title: input.title,
        description: input.description ?? '',
      });
      return { id: goal.id };
    }),
  }),

  saveMeasure: defineAction({
    accept: 'form',
    input: z.object({
      id: optionalId,
      goalId: idField(),
      title: requiredText(150, 'goals.error.titleRequired'),
      description: optionalText(2000),
      actorId: optionalId,
      responsibleText: optionalText(150),
      startsOn: optionalDateField(),
      endsOn: optionalDateField(),
      status: choice(measureStatuses, 'goals.error.statusRequired'),
      outcome: optionalText(2000),
      showPublicly: checkbox,
    }),
    handler: formHandler((input, context) => {
      const measure = saveMeasure(getDb(), requireStaff(context), input.goalId, input.id ?? null, {
        title: input.title,
        description: input.description ?? '',
        actorId: input.actorId ?? null,
        responsibleText: input.responsibleText ?? '',
        startsOn: input.startsOn ?? null,
        endsOn: input.endsOn ?? null,
        status: input.status,
        outcome: input.outcome ?? '',
        showPublicly: input.showPublicly,
      });
      return { id: measure.id, goalId: measure.goalId };
    }),
  }),

  addNote: defineAction({
    accept: 'form',
    input: z.object({
      measureId: idField(),
      notedOn: dateField('goals.error.noteDate'),
      text: requiredText(2000, 'goals.error.noteText'),
      showPublicly: checkbox,
    }),
    handler: formHandler((input, context) => {
      const note = addNote(getDb(), requireStaff(context), input.measureId, { notedOn: input.notedOn, text: input.text, showPublicly: input.showPublicly });
      return { id: note.id, measureId: note.measureId };
    }),
  }),

  setNotePublic: defineAction({
    accept: 'form',
    input: z.object({ noteId: idField(), shown: checkbox }),
    handler: formHandler((input, context) => {
      const note = setNotePublic(getDb(), requireStaff(context), input.noteId, input.shown);
      return { measureId: note.measureId, shown: note.publicSince !== null };
    }),
  }),

  setLinks: defineAction({
    accept: 'form',
    input: z.object({
      measureId: idField(),
      events: linkIds,
      offers: linkIds,
      programmes: linkIds,
      concerns: linkIds,
    }),
    handler: formHandler((input, context) => {
      setMeasureLinks(getDb(), requireStaff(context), input.measureId, {
        event: asIds(input.events),
        offer: asIds(input.offers),
        programme: asIds(input.programmes),
        concern: asIds(input.concerns),
      });
      return { measureId: input.measureId };
    }),
  }),

  setPhoto: defineAction({
    accept: 'form',
    input: z.object({ measureId: idField(), photo: z.array(z.instanceof(File)).optional(), photoAlt: optionalText(300), remove: checkbox }),
    handler: formHandler(async (input, context) => {
      const [upload] = givenFiles(input.photo);
      const measure = await setMeasurePhoto(getDb(), requireStaff(context), input.measureId, {
        upload: upload ?? null,
        alt: input.photoAlt ?? '',
        remove: input.remove,
      });
      return { measureId: measure.id, removed: input.remove };
    }),
  }),
};
