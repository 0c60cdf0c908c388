/**
 * Staff actions on places: zod input (the shape of the form) → who is asking (staff) → domain, which checks that
 * this staff member may edit this place and every rule of the form (places/editing.ts).
 */
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getDb } from '../lib/server/db';
import { addOpeningException, addOpeningPeriod, removeOpeningException, removeOpeningPeriod, updatePlace } from '../lib/server/places/editing';
import { cancelForClosure, keepDespiteClosure } from '../lib/server/places/closure-choices';
import { formHandler, refuse, requireConfirmed, requireStaff } from './guard';
import { mailContext } from './volunteering-common';
import { checkbox, idField, optionalText } from './schemas';

const text = optionalText;

/** One item of the place's conflict list: the place, which kind of item and its id (the domain checks it is listed). */
const closureItem = z.object({ id: idField(), kind: z.enum(['occurrence', 'booking', 'slot']), itemId: idField() });

export const placeAdmin = {
  update: defineAction({
    accept: 'form',
    input: z.object({
      id: idField(),
      name: text(1000),
      description: text(20000),
      street: text(1000),
      postalCode: text(20),
      city: text(1000),
      latitude: text(30),
      longitude: text(30),
      stepFree: checkbox,
      accessibleWc: checkbox,
      hearingLoop: checkbox,
      accessibilityNotes: text(20000),
      contactName: text(300),
      contactEmail: text(400),
      contactPhone: text(100),
      hasOpeningHours: checkbox,
    }),
    handler: formHandler(({ id, ...input }, context) => {
      updatePlace(getDb(), requireStaff(context), id, input);
      return { id };
    }),
  }),

  addPeriod: defineAction({
    accept: 'form',
    input: z.object({ id: idField(), weekday: text(2), opens: text(10), closes: text(10), note: text(1000) }),
    handler: formHandler(({ id, ...input }, context) => {
      addOpeningPeriod(getDb(), requireStaff(context), id, input);
      return { id };
    }),
  }),

  removePeriod: defineAction({
    accept: 'form',
    input: z.object({ id: idField(), periodId: idField(), confirm: checkbox }),
    handler: formHandler(({ id, periodId, confirm }, context) => {
      const user = requireStaff(context);
      requireConfirmed(confirm);
      if (!removeOpeningPeriod(getDb(), user, id, periodId)) refuse('NOT_FOUND', 'form.error.notFound');
      return { id };
    }),
  }),

  addException: defineAction({
    accept: 'form',
    input: z.object({ id: idField(), dateFrom: text(20), dateTo: text(20), kind: text(20), opens: text(10), closes: text(10), reason: text(1000) }),
    handler: formHandler(({ id, ...input }, context) => {
      addOpeningException(getDb(), requireStaff(context), id, input);
      return { id };
    }),
  }),

  removeException: defineAction({
    accept: 'form',
    input: z.object({ id: idField(), exceptionId: idField(), confirm: checkbox }),
    handler: formHandler(({ id, exceptionId, confirm }, context) => {
      const user = requireStaff(context);
      requireConfirmed(confirm);
      if (!removeOpeningException(getDb(), user, id, exceptionId)) refuse('NOT_FOUND', 'form.error.notFound');
      return { id };
    }),
  }),

  keepDespiteClosure: defineAction({
    accept: 'form',
    input: closureItem,
    handler: formHandler(({ id, kind, itemId }, context) => {
      keepDespiteClosure(getDb(), requireStaff(context), { placeId: id, kind, id: itemId });
      return { id };
    }),
  }),

  cancelForClosure: defineAction({
    accept: 'form',
    input: closureItem.extend({ confirm: checkbox }),
    handler: formHandler(({ id, kind, itemId, confirm }, context) => {
      const user = requireStaff(context);
      requireConfirmed(confirm);
      const { notified } = cancelForClosure(getDb(), user, { placeId: id, kind, id: itemId }, mailContext(context));
      return { id, notified };
    }),
  }),
};
