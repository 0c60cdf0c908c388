/** Staff actions on places: zod input → staff of the place's Quartier (or admin) → domain → error mapping. */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getDb } from '../lib/server/db';
import { canManageQuartier } from '../lib/server/auth/permissions';
import {
  addOpeningException,
  addOpeningPeriod,
  getPlace,
  PlaceValidationError,
  removeOpeningException,
  removeOpeningPeriod,
  updatePlace,
} from '../lib/server/places/editing';
import type { Place, User } from '../../db/schema';
import { requireUser } from './event-admin';
import { throwFieldErrors } from './form-errors';

const text = (max: number) => z.string().max(max, { error: 'bo.err.tooLong' }).nullish();
const flag = z.boolean().default(false);
const id = z.number({ error: 'bo.err.invalid' }).int().positive();

function requireManagedPlace(user: User, placeId: number): Place {
  const db = getDb();
  const place = getPlace(db, placeId);
  if (!place) throw new ActionError({ code: 'NOT_FOUND' });
  if (!canManageQuartier(db, user, place.quartierId)) throw new ActionError({ code: 'FORBIDDEN' });
  return place;
}

function withFieldErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof PlaceValidationError) throwFieldErrors(error.fields);
    throw error;
  }
}

export const placeAdmin = {
  update: defineAction({
    accept: 'form',
    input: z.object({
      id,
      name: text(300),
      description: text(10000),
      street: text(300),
      postalCode: text(20),
      city: text(200),
      latitude: text(30),
      longitude: text(30),
      stepFree: flag,
      accessibleWc: flag,
      hearingLoop: flag,
      accessibilityNotes: text(10000),
      contactName: text(300),
      contactEmail: text(300),
      contactPhone: text(60),
      hasOpeningHours: flag,
    }),
    handler: ({ id: placeId, ...input }, context) => {
      const user = requireUser(context);
      requireManagedPlace(user, placeId);
      withFieldErrors(() => updatePlace(getDb(), user, placeId, input));
      return { id: placeId };
    },
  }),

  addPeriod: defineAction({
    accept: 'form',
    input: z.object({ id, weekday: text(2), opens: text(10), closes: text(10), note: text(400) }),
    handler: ({ id: placeId, ...input }, context) => {
      const user = requireUser(context);
      const place = requireManagedPlace(user, placeId);
      withFieldErrors(() => addOpeningPeriod(getDb(), user, place, input));
      return { id: placeId };
    },
  }),

  removePeriod: defineAction({
    accept: 'form',
    input: z.object({ id, periodId: id }),
    handler: ({ id: placeId, periodId }, context) => {
      const user = requireUser(context);
      const place = requireManagedPlace(user, placeId);
      removeOpeningPeriod(getDb(), user, place, periodId);
      return { id: placeId };
    },
  }),

  addException: defineAction({
    accept: 'form',
    input: z.object({ id, dateFrom: text(20), dateTo: text(20), kind: text(20), opens: text(10), closes: text(10), reason: text(600) }),
    handler: ({ id: placeId, ...input }, context) => {
      const user = requireUser(context);
      const place = requireManagedPlace(user, placeId);
      withFieldErrors(() => addOpeningException(getDb(), user, place, input));
      return { id: placeId };
    },
  }),

  removeException: defineAction({
    accept: 'form',
    input: z.object({ id, exceptionId: id }),
    handler: ({ id: placeId, exceptionId }, context) => {
      const user = requireUser(context);
      const place = requireManagedPlace(user, placeId);
      removeOpeningException(getDb(), user, place, exceptionId);
      return { id: placeId };
    },
  }),
};
