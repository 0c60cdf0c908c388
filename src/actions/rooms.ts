/**
 * Room booking Actions: zod input → who is asking → domain → German/English error message.
 * Field errors carry message keys of the `rooms` catalogue; the page translates them.
 */
import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from 'astro/zod';
import { getDb } from '../lib/server/db';
import { localeCookie, resolveLocale, translator, type MessageKey, type Translate } from '../i18n';
import {
  BookingForbiddenError,
  BookingRuleError,
  BookingStateError,
  RoomNotFoundError,
  RoomRuleError,
  SeriesConflictError,
  type BookingRuleCode,
} from '../lib/server/rooms/errors';
import { throwFieldErrors } from './form-errors';
import { cancelBooking, decideBooking, requestBooking } from '../lib/server/rooms/bookings';
import { addRoomClosure, createRoom, removeRoomClosure, updateRoom, type RoomSettings } from '../lib/server/rooms/rooms';
import { offerBookingAsEvent, renewOrganisationCalendarToken, renewPlaceCalendarToken } from '../lib/server/rooms/feeds';
import { localToInstant } from '../lib/time';
import { DateTime } from 'luxon';
import type { User } from '../../db/schema';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const HOURS = /^([01]\d|2[0-4]):[0-5]\d$/;

const emptyToUndefined = (value: unknown): unknown => (value === '' || value === null ? undefined : value);
/**
 * Validation messages are the German texts (German is the source language): JSON clients get German,
 * and pages translate them back to the reader's language through the catalogue (see components/rooms/form.ts).
 */
const de = translator('de');
const id = (key: MessageKey) => z.coerce.number({ error: de(key) }).int({ error: de(key) }).positive({ error: de(key) });
const date = (key: MessageKey) =>
  z
    .string({ error: de(key) })
    .regex(DATE, { error: de(key) })
    .refine((value) => DateTime.fromISO(value).isValid, { error: de(key) });
const checkbox = z.preprocess((v) => v === 'on' || v === 'ja' || v === 'true' || v === true, z.boolean());

function t(context: ActionAPIContext): Translate {
  return translator(resolveLocale(context.cookies.get(localeCookie)?.value, context.request.headers.get('accept-language')));
}

function requireUser(context: ActionAPIContext): User {
  const user = context.locals.user;
  if (!user) throw new ActionError({ code: 'UNAUTHORIZED', message: t(context)('rooms.error.login') });
  return user;
}

/** The field of the request form each broken rule is about, so the page can show the message next to it. */
const VIOLATION_FIELD: Partial<Record<BookingRuleCode, string>> = {
  in_past: 'date',
  lead_time: 'date',
  too_far_ahead: 'date',
  closure: 'date',
  outside_hours: 'from',
  too_short: 'to',
  too_long: 'to',
  end_before_start: 'to',
  over_capacity: 'expectedAttendees',
};

/** Maps the domain's typed errors to ActionErrors with a message in the user's language. */
function mapError(context: ActionAPIContext, error: unknown): never {
  const tr = t(context);
  if (error instanceof SeriesConflictError) {
    const message =
      error.free.length === 0
        ? tr('rooms.error.seriesNoneFree')
        : tr('rooms.error.seriesConflict', { conflicts: error.conflicts.length, total: error.conflicts.length + error.free.length });
    throw new ActionError({ code: 'CONFLICT', message });
  }
  if (error instanceof BookingRuleError) {
    // Rules about one field go next to that field (already translated, since they carry numbers); a
    // clash with another booking or a rule about the whole request stays a message for the form.
    if (!error.isConflict && error.violations.every((v) => VIOLATION_FIELD[v.code])) {
      const fields: Record<string, string> = {};
      for (const v of error.violations) {
        const field = VIOLATION_FIELD[v.code]!;
        fields[field] = [fields[field], tr(`rooms.error.${v.code}` as MessageKey, v.params)].filter(Boolean).join(' ');
      }
      throwFieldErrors(fields);
    }
    const message = error.violations.map((v) => tr(`rooms.error.${v.code}` as MessageKey, v.params)).join(' ');
    throw new ActionError({ code: error.isConflict ? 'CONFLICT' : 'BAD_REQUEST', message });
  }
  if (error instanceof BookingStateError) {
    throw new ActionError({ code: error.code === 'reason_required' ? 'BAD_REQUEST' : 'CONFLICT', message: tr(`rooms.error.${error.code}` as MessageKey, error.params) });
  }
  if (error instanceof RoomRuleError) {
    throw new ActionError({ code: 'BAD_REQUEST', message: tr(`rooms.settings.error.${error.code}` as MessageKey) });
  }
  if (error instanceof BookingForbiddenError) throw new ActionError({ code: 'FORBIDDEN', message: tr('rooms.error.forbidden') });
  if (error instanceof RoomNotFoundError) throw new ActionError({ code: 'NOT_FOUND', message: tr('rooms.error.notFound') });
  throw error;
}

export const rooms = {
  requestBooking: defineAction({
    accept: 'form',
    input: z
      .object({
        roomId: id('rooms.error.notFound'),
        organisationId: id('rooms.field.organisation.invalid'),
        date: date('rooms.field.date.invalid'),
        from: z.string({ error: de('rooms.field.time.invalid') }).regex(TIME, { error: de('rooms.field.time.invalid') }),
        to: z.string({ error: de('rooms.field.time.invalid') }).regex(TIME, { error: de('rooms.field.time.invalid') }),
        purpose: z.string({ error: de('rooms.field.purpose.invalid') }).trim().min(3, { error: de('rooms.field.purpose.invalid') }).max(200, { error: de('rooms.field.purpose.tooLong') }),
        expectedAttendees: z.coerce
          .number({ error: de('rooms.field.people.invalid') })
          .int({ error: de('rooms.field.people.invalid') })
          .min(1, { error: de('rooms.field.people.invalid') })
          .max(10_000, { error: de('rooms.field.people.invalid') }),
        repeat: z.enum(['none', 'weekly', 'fortnightly'], { error: de('rooms.field.repeat.invalid') }).default('none'),
        repeatEnd: z.enum(['count', 'until'], { error: de('rooms.field.repeat.invalid') }).default('count'),
        repeatCount: z.preprocess(emptyToUndefined, z.coerce.number({ error: de('rooms.field.repeatCount.invalid') }).int({ error: de('rooms.field.repeatCount.invalid') }).min(2, { error: de('rooms.field.repeatCount.invalid') }).max(52, { error: de('rooms.field.repeatCount.invalid') }).optional()),
        repeatUntil: z.preprocess(emptyToUndefined, date('rooms.field.repeatUntil.invalid').optional()),
        skipConflicts: checkbox,
      })
      .superRefine((input, ctx) => {
        if (input.to <= input.from) ctx.addIssue({ code: 'custom', path: ['to'], message: de('rooms.error.end_before_start') });
        if (input.repeat !== 'none' && input.repeatEnd === 'count' && input.repeatCount === undefined) {
          ctx.addIssue({ code: 'custom', path: ['repeatCount'], message: de('rooms.field.repeatCount.invalid') });
        }
        if (input.repeat !== 'none' && input.repeatEnd === 'until' && (input.repeatUntil === undefined || input.repeatUntil <= input.date)) {
          ctx.addIssue({ code: 'custom', path: ['repeatUntil'], message: de('rooms.field.repeatUntil.invalid') });
        }
      }),
    handler: (input, context) => {
      const user = requireUser(context);
      try {
        const series =
          input.repeat === 'none'
            ? null
            : { rule: input.repeat, ...(input.repeatEnd === 'count' ? { count: input.repeatCount } : { until: input.repeatUntil }) };
        const result = requestBooking(getDb(), user, {
          roomId: input.roomId,
          organisationId: input.organisationId,
          date: input.date,
          from: input.from,
          to: input.to,
          purpose: input.purpose,
          expectedAttendees: input.expectedAttendees,
          series,
          skipConflicts: input.skipConflicts,
        });
        return { status: result.status, bookingIds: result.bookingIds, skipped: result.skipped.length };
      } catch (error) {
        return mapError(context, error);
      }
    },
  }),

  cancelBooking: defineAction({
    accept: 'form',
    input: z.object({
      bookingId: id('rooms.error.notFound'),
      reason: z.string().trim().max(500, { error: de('rooms.field.reason.tooLong') }).default(''),
      wholeSeries: checkbox,
    }),
    handler: (input, context) => {
      const user = requireUser(context);
      try {
        return { bookingIds: cancelBooking(getDb(), user, input.bookingId, { reason: input.reason, wholeSeries: input.wholeSeries }) };
      } catch (error) {
        return mapError(context, error);
      }
    },
  }),

  decideBooking: defineAction({
    accept: 'form',
    input: z
      .object({
        bookingId: id('rooms.error.notFound'),
        decision: z.enum(['confirm', 'decline'], { error: de('rooms.field.decision.invalid') }),
        reason: z.string().trim().max(500, { error: de('rooms.field.reason.tooLong') }).default(''),
        wholeSeries: checkbox,
      })
      .superRefine((input, ctx) => {
        if (input.decision === 'decline' && !input.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: de('rooms.error.reason_required') });
      }),
    handler: (input, context) => {
      const user = requireUser(context);
      try {
        const decision = input.decision === 'confirm' ? { kind: 'confirm' as const } : { kind: 'decline' as const, reason: input.reason };
        return { decision: input.decision, bookingIds: decideBooking(getDb(), user, input.bookingId, decision, { wholeSeries: input.wholeSeries }) };
      } catch (error) {
        return mapError(context, error);
      }
    },
  }),

  saveRoom: defineAction({
    accept: 'form',
    input: z
      .object({
        roomId: z.preprocess(emptyToUndefined, id('rooms.error.notFound').optional()),
        placeId: z.preprocess(emptyToUndefined, id('rooms.error.notFound').optional()),
        name: z.string({ error: de('rooms.settings.field.name') }).trim().min(2, { error: de('rooms.settings.field.name') }).max(100, { error: de('rooms.settings.field.name') }),
        description: z.string().trim().max(2000, { error: de('rooms.settings.field.description') }).default(''),
        capacity: z.coerce.number({ error: de('rooms.settings.field.capacity') }).int({ error: de('rooms.settings.field.capacity') }).min(1, { error: de('rooms.settings.field.capacity') }).max(10_000, { error: de('rooms.settings.field.capacity') }),
        equipment: z.string().trim().max(500, { error: de('rooms.settings.field.equipment') }).default(''),
        stepFree: checkbox,
        photoPath: z
          .string()
          .trim()
          .max(300)
          .regex(/^(\/[A-Za-z0-9._\-/]+)?$/, { error: de('rooms.settings.field.photoPath') })
          .default(''),
        photoAlt: z.string().trim().max(300, { error: de('rooms.settings.field.photoAlt') }).default(''),
        requiresApproval: checkbox,
        hoursSource: z.enum(['place', 'own'], { error: de('rooms.settings.field.hours') }),
        bookableFrom: z.preprocess(emptyToUndefined, z.string().regex(TIME, { error: de('rooms.field.time.invalid') }).optional()),
        bookableUntil: z.preprocess(emptyToUndefined, z.string().regex(HOURS, { error: de('rooms.field.time.invalid') }).optional()),
        minMinutes: z.coerce.number({ error: de('rooms.settings.field.minutes') }).int({ error: de('rooms.settings.field.minutes') }).min(15, { error: de('rooms.settings.field.minutes') }).max(1440, { error: de('rooms.settings.field.minutes') }),
        maxMinutes: z.coerce.number({ error: de('rooms.settings.field.minutes') }).int({ error: de('rooms.settings.field.minutes') }).min(15, { error: de('rooms.settings.field.minutes') }).max(1440, { error: de('rooms.settings.field.minutes') }),
        leadTimeHours: z.coerce.number({ error: de('rooms.settings.field.hoursNumber') }).int({ error: de('rooms.settings.field.hoursNumber') }).min(0, { error: de('rooms.settings.field.hoursNumber') }).max(8760, { error: de('rooms.settings.field.hoursNumber') }),
        maxAdvanceDays: z.coerce.number({ error: de('rooms.settings.field.days') }).int({ error: de('rooms.settings.field.days') }).min(1, { error: de('rooms.settings.field.days') }).max(1095, { error: de('rooms.settings.field.days') }),
        bufferMinutes: z.coerce.number({ error: de('rooms.settings.field.buffer') }).int({ error: de('rooms.settings.field.buffer') }).min(0, { error: de('rooms.settings.field.buffer') }).max(240, { error: de('rooms.settings.field.buffer') }),
        cancelDeadlineHours: z.coerce.number({ error: de('rooms.settings.field.hoursNumber') }).int({ error: de('rooms.settings.field.hoursNumber') }).min(0, { error: de('rooms.settings.field.hoursNumber') }).max(8760, { error: de('rooms.settings.field.hoursNumber') }),
        active: checkbox,
        // A plain array schema: Astro then reads every checked box (FormData.getAll).
        allowedOrganisationIds: z.array(z.coerce.number().int().positive({ error: de('rooms.settings.error.unknown_organisation') })).default([]),
      })
      .superRefine((input, ctx) => {
        if (input.maxMinutes < input.minMinutes) ctx.addIssue({ code: 'custom', path: ['maxMinutes'], message: de('rooms.settings.error.max_below_min') });
        if (input.hoursSource === 'own' && (!input.bookableFrom || !input.bookableUntil)) {
          ctx.addIssue({ code: 'custom', path: ['bookableFrom'], message: de('rooms.settings.error.hours_pair') });
        }
        if (input.photoPath && !input.photoAlt) ctx.addIssue({ code: 'custom', path: ['photoAlt'], message: de('rooms.settings.error.alt_required') });
        if (!input.roomId && !input.placeId) ctx.addIssue({ code: 'custom', path: ['placeId'], message: de('rooms.error.notFound') });
      }),
    handler: (input, context) => {
      const user = requireUser(context);
      const settings: RoomSettings = {
        name: input.name,
        description: input.description,
        capacity: input.capacity,
        equipment: input.equipment.split(/[,\n]/),
        stepFree: input.stepFree,
        photoPath: input.photoPath || null,
        photoAlt: input.photoAlt || null,
        requiresApproval: input.requiresApproval,
        bookableFrom: input.hoursSource === 'own' ? (input.bookableFrom ?? null) : null,
        bookableUntil: input.hoursSource === 'own' ? (input.bookableUntil ?? null) : null,
        minMinutes: input.minMinutes,
        maxMinutes: input.maxMinutes,
        leadTimeHours: input.leadTimeHours,
        maxAdvanceDays: input.maxAdvanceDays,
        bufferMinutes: input.bufferMinutes,
        cancelDeadlineHours: input.cancelDeadlineHours,
        active: input.active,
        allowedOrganisationIds: input.allowedOrganisationIds,
      };
      try {
        const room = input.roomId ? updateRoom(getDb(), user, input.roomId, settings) : createRoom(getDb(), user, input.placeId!, settings);
        return { roomId: room.id };
      } catch (error) {
        return mapError(context, error);
      }
    },
  }),

  addClosure: defineAction({
    accept: 'form',
    input: z
      .object({
        roomId: id('rooms.error.notFound'),
        closureFrom: z.string({ error: de('rooms.settings.field.closureTime') }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: de('rooms.settings.field.closureTime') }),
        closureUntil: z.string({ error: de('rooms.settings.field.closureTime') }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: de('rooms.settings.field.closureTime') }),
        closureReason: z.string({ error: de('rooms.settings.field.closureReason') }).trim().min(3, { error: de('rooms.settings.field.closureReason') }).max(200, { error: de('rooms.settings.field.closureReason') }),
      })
      .superRefine((input, ctx) => {
        if (input.closureUntil <= input.closureFrom) ctx.addIssue({ code: 'custom', path: ['closureUntil'], message: de('rooms.error.end_before_start') });
      }),
    handler: (input, context) => {
      const user = requireUser(context);
      const startsAt = localToInstant(input.closureFrom);
      const endsAt = localToInstant(input.closureUntil);
      if (!startsAt || !endsAt) throw new ActionError({ code: 'BAD_REQUEST', message: t(context)('rooms.settings.field.closureTime') });
      try {
        return { closureId: addRoomClosure(getDb(), user, input.roomId, { startsAt, endsAt, reason: input.closureReason }).id };
      } catch (error) {
        return mapError(context, error);
      }
    },
  }),

  removeClosure: defineAction({
    accept: 'form',
    input: z.object({ closureId: id('rooms.error.notFound') }),
    handler: (input, context) => {
      const user = requireUser(context);
      try {
        if (!removeRoomClosure(getDb(), user, input.closureId)) throw new RoomNotFoundError();
        return { removed: true };
      } catch (error) {
        return mapError(context, error);
      }
    },
  }),

  offerAsEvent: defineAction({
    accept: 'form',
    input: z.object({
      bookingId: id('rooms.error.notFound'),
      title: z.string({ error: de('rooms.offer.field.title') }).trim().min(3, { error: de('rooms.offer.field.title') }).max(150, { error: de('rooms.offer.field.title') }),
      description: z.string().trim().max(4000, { error: de('rooms.offer.field.description') }).default(''),
    }),
    handler: (input, context) => {
      const user = requireUser(context);
      try {
        return { eventId: offerBookingAsEvent(getDb(), user, input.bookingId, { title: input.title, description: input.description }) };
      } catch (error) {
        return mapError(context, error);
      }
    },
  }),

  renewCalendarToken: defineAction({
    accept: 'form',
    input: z.object({ organisationId: z.preprocess(emptyToUndefined, id('rooms.error.notFound').optional()), placeId: z.preprocess(emptyToUndefined, id('rooms.error.notFound').optional()) }),
    handler: (input, context) => {
      const user = requireUser(context);
      try {
        if (input.organisationId) renewOrganisationCalendarToken(getDb(), user, input.organisationId);
        else if (input.placeId) renewPlaceCalendarToken(getDb(), user, input.placeId);
        else throw new RoomNotFoundError();
        return { renewed: true };
      } catch (error) {
        return mapError(context, error);
      }
    },
  }),
};
