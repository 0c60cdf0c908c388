/**
 * Staff actions on events: zod input → who may do this to this event (its Quartiere) → domain → error mapping.
 * Every action is a public endpoint, so the permission check never relies on the page that shows the form.
 */
import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from 'astro/zod';
import { getDb } from '../lib/server/db';
import { canManageAnyQuartier, isStaff, staffQuartierIds } from '../lib/server/auth/permissions';
import {
  cancelEvent,
  cancelOccurrence,
  createEvent,
  deleteEvent,
  eventQuartierIds,
  EventStateError,
  EventValidationError,
  getEvent,
  moveOccurrence,
  restoreOccurrence,
  updateEvent,
} from '../lib/server/events/editing';
import type { Event, User } from '../../db/schema';
import { throwFieldErrors } from './form-errors';
import { publishWithNotice } from '../lib/server/events/proposals';
import { getConfig } from '../lib/server/config';

const text = (max = 5000) => z.string().max(max, { error: 'bo.err.tooLong' }).nullish();
const list = z.array(z.string().max(40)).max(60, { error: 'bo.err.invalid' });
const flag = z.boolean().default(false);
const id = z.number({ error: 'bo.err.invalid' }).int().positive();

/** The event form's fields; the domain parses and checks them (one place for the rules). */
export const eventFormFields = {
  title: text(300),
  description: text(10000),
  allDay: flag,
  startDate: text(20),
  startTime: text(10),
  endDate: text(20),
  endTime: text(10),
  placeId: text(20),
  locationName: text(400),
  locationAddress: text(400),
  quartierIds: list,
  categoryIds: list,
  targetGroupIds: list,
  isFree: flag,
  cost: text(400),
  stepFree: flag,
  accessibilityNotes: text(10000),
  languages: list,
  organisationId: text(20),
  organiserName: text(400),
  contactEmail: text(300),
  contactPhone: text(60),
  registrationRequired: flag,
  capacity: text(10),
  repeat: text(20),
  interval: text(5),
  weekdays: list,
  monthWeek: text(5),
  monthWeekday: text(5),
  ends: text(10),
  count: text(6),
  until: text(20),
};

export function mailContext(): { publicUrl: string; siteName: string } {
  const config = getConfig();
  return { publicUrl: config.publicUrl, siteName: config.siteName };
}

export function requireUser(context: ActionAPIContext): User {
  const user = context.locals.user;
  if (!user) throw new ActionError({ code: 'UNAUTHORIZED', message: 'Bitte melden Sie sich an.' });
  return user;
}

/** The event, if the user is staff of one of its Quartiere (or admin). */
export function requireManagedEvent(user: User, eventId: number): Event {
  const db = getDb();
  const event = getEvent(db, eventId);
  if (!event) throw new ActionError({ code: 'NOT_FOUND' });
  if (!canManageAnyQuartier(db, user, eventQuartierIds(db, eventId))) throw new ActionError({ code: 'FORBIDDEN' });
  return event;
}

/** Runs a domain call and turns its rule errors into answers the form can show. */
export function mapDomainErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof EventValidationError) throwFieldErrors(error.fields);
    if (error instanceof EventStateError) throw new ActionError({ code: 'CONFLICT', message: error.message });
    throw error;
  }
}

export const eventAdmin = {
  create: defineAction({
    accept: 'form',
    input: z.object({ ...eventFormFields, intent: z.enum(['draft', 'publish']).default('draft') }),
    handler: ({ intent, ...input }, context) => {
      const user = requireUser(context);
      const scope = staffQuartierIds(getDb(), user);
      if (!isStaff(user) || (scope !== 'all' && scope.length === 0)) throw new ActionError({ code: 'FORBIDDEN' });
      const event = mapDomainErrors(() => createEvent(getDb(), user, input, intent === 'publish'));
      return { id: event.id };
    },
  }),

  update: defineAction({
    accept: 'form',
    input: z.object({ ...eventFormFields, id }),
    handler: ({ id: eventId, ...input }, context) => {
      const user = requireUser(context);
      requireManagedEvent(user, eventId);
      mapDomainErrors(() => updateEvent(getDb(), user, eventId, input));
      return { id: eventId };
    },
  }),

  publish: defineAction({
    accept: 'form',
    input: z.object({ id }),
    handler: ({ id: eventId }, context) => {
      const user = requireUser(context);
      requireManagedEvent(user, eventId);
      mapDomainErrors(() => publishWithNotice(getDb(), user, eventId, mailContext()));
      return { id: eventId };
    },
  }),

  cancel: defineAction({
    accept: 'form',
    input: z.object({ id, reason: text(1000) }),
    handler: ({ id: eventId, reason }, context) => {
      const user = requireUser(context);
      requireManagedEvent(user, eventId);
      mapDomainErrors(() => cancelEvent(getDb(), user, eventId, reason ?? ''));
      return { id: eventId };
    },
  }),

  remove: defineAction({
    accept: 'form',
    input: z.object({ id, confirm: flag }),
    handler: ({ id: eventId, confirm }, context) => {
      const user = requireUser(context);
      requireManagedEvent(user, eventId);
      if (!confirm) throwFieldErrors({ confirm: 'bo.err.confirmDelete' });
      deleteEvent(getDb(), user, eventId);
      return { id: eventId };
    },
  }),

  cancelOccurrence: defineAction({
    accept: 'form',
    input: z.object({ id, occurrence: z.string().max(20), note: text(1000) }),
    handler: ({ id: eventId, occurrence, note }, context) => {
      const user = requireUser(context);
      requireManagedEvent(user, eventId);
      mapDomainErrors(() => cancelOccurrence(getDb(), user, eventId, occurrence, note ?? ''));
      return { id: eventId, occurrence };
    },
  }),

  moveOccurrence: defineAction({
    accept: 'form',
    input: z.object({
      id,
      occurrence: z.string().max(20),
      date: text(20),
      startTime: text(10),
      endTime: text(10),
      placeId: text(20),
      locationName: text(400),
      note: text(1000),
    }),
    handler: ({ id: eventId, occurrence, ...input }, context) => {
      const user = requireUser(context);
      requireManagedEvent(user, eventId);
      mapDomainErrors(() => moveOccurrence(getDb(), user, eventId, occurrence, input));
      return { id: eventId, occurrence };
    },
  }),

  restoreOccurrence: defineAction({
    accept: 'form',
    input: z.object({ id, occurrence: z.string().max(20) }),
    handler: ({ id: eventId, occurrence }, context) => {
      const user = requireUser(context);
      requireManagedEvent(user, eventId);
      restoreOccurrence(getDb(), user, eventId, occurrence);
      return { id: eventId, occurrence };
    },
  }),
};
