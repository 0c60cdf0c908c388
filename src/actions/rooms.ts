/**
 * Room booking Actions: zod input with message keys → who is asking → the domain. Whether this user may book,
 * decide, cancel or edit is decided in the domain, whose errors `formHandler` answers like every other area's.
 */
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getDb } from '../lib/server/db';
import { formHandler, rejectForm, requireConfirmed, requireUser } from './guard';
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
  timeField,
  wholeNumber,
  whenValid,
} from './schemas';
import { RoomNotFoundError } from '../lib/server/rooms/errors';
import { MAX_SERIES_DATES } from '../lib/server/rooms/booking-rules';
import { requestBooking } from '../lib/server/rooms/booking-requests';
import { cancelBooking, decideBooking } from '../lib/server/rooms/booking-decisions';
import { addRoomClosure, createRoom, MAX_BOOKING_MINUTES, removeRoomClosure, updateRoom } from '../lib/server/rooms/rooms';
import { offerBookingAsEvent, renewOrganisationCalendarToken, renewPlaceCalendarToken } from '../lib/server/rooms/feeds';
import { berlinDate, localToInstant } from '../lib/time';
import type { Problem } from '../lib/forms/messages';

const optionalId = z.preprocess(emptyToUndefined, idField('rooms.error.notFound').optional());
const minutes = wholeNumber(15, MAX_BOOKING_MINUTES, 'rooms.settings.field.minutes');
const hours = wholeNumber(0, 8760, 'rooms.settings.field.hoursNumber');

const bookingRequest = z
  .object({
    roomId: idField('rooms.error.notFound'),
    organisationId: idField('rooms.field.organisation.invalid'),
    date: dateField('rooms.field.date.invalid'),
    from: timeField('rooms.field.time.invalid'),
    to: timeField('rooms.field.time.invalid'),
    purpose: requiredText(200, 'rooms.field.purpose.invalid', 3),
    expectedAttendees: wholeNumber(1, 10_000, 'rooms.field.people.invalid'),
    repeat: choice(['none', 'weekly', 'fortnightly'], 'rooms.field.repeat.invalid').default('none'),
    repeatEnd: choice(['count', 'until'], 'rooms.field.repeat.invalid').default('count'),
    repeatCount: z.preprocess(emptyToUndefined, wholeNumber(2, MAX_SERIES_DATES, 'rooms.field.repeatCount.invalid').optional()),
    repeatUntil: optionalDateField('rooms.field.repeatUntil.invalid'),
    skipConflicts: checkbox,
  })
  .refine((input) => input.to > input.from, { error: 'rooms.error.end_before_start', path: ['to'], ...whenValid('from', 'to') })
  .refine((input) => input.repeat === 'none' || input.repeatEnd !== 'count' || input.repeatCount !== undefined, {
    error: 'rooms.field.repeatCount.invalid',
    path: ['repeatCount'],
    ...whenValid('repeat', 'repeatEnd', 'repeatCount'),
  })
  .refine((input) => input.repeat === 'none' || input.repeatEnd !== 'until' || (input.repeatUntil !== undefined && input.repeatUntil > input.date), {
    error: 'rooms.field.repeatUntil.invalid',
    path: ['repeatUntil'],
    ...whenValid('repeat', 'repeatEnd', 'repeatUntil', 'date'),
  });

const roomSettings = z
  .object({
    roomId: optionalId,
    placeId: optionalId,
    name: requiredText(100, 'rooms.settings.field.name', 2),
    description: optionalText(2000),
    capacity: wholeNumber(1, 10_000, 'rooms.settings.field.capacity'),
    equipment: optionalText(500),
    stepFree: checkbox,
    photoPath: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .trim()
        .regex(/^\/[A-Za-z0-9._\-/]{1,299}$/, { error: 'rooms.settings.field.photoPath' })
        .optional(),
    ),
    photoAlt: optionalText(300),
    requiresApproval: checkbox,
    hoursSource: choice(['place', 'own'], 'rooms.settings.field.hours'),
    bookableFrom: z.preprocess(emptyToUndefined, timeField('rooms.field.time.invalid').optional()),
    bookableUntil: z.preprocess(emptyToUndefined, timeField('rooms.field.time.invalid', { allowMidnightEnd: true }).optional()),
    minMinutes: minutes,
    maxMinutes: minutes,
    leadTimeHours: hours,
    maxAdvanceDays: wholeNumber(1, 1095, 'rooms.settings.field.days'),
    bufferMinutes: wholeNumber(0, 240, 'rooms.settings.field.buffer'),
    cancelDeadlineHours: hours,
    active: checkbox,
    // A plain array schema: Astro then reads every ticked box (FormData.getAll).
    allowedOrganisationIds: z.array(idField('rooms.settings.error.unknown_organisation')).default([]),
  })
  .refine((input) => input.maxMinutes >= input.minMinutes, {
    error: 'rooms.settings.error.max_below_min',
    path: ['maxMinutes'],
    ...whenValid('minMinutes', 'maxMinutes'),
  })
  .refine((input) => input.hoursSource !== 'own' || (input.bookableFrom !== undefined && input.bookableUntil !== undefined), {
    error: 'rooms.settings.error.hours_pair',
    path: ['bookableFrom'],
    ...whenValid('hoursSource', 'bookableFrom', 'bookableUntil'),
  })
  .refine((input) => !input.photoPath || !!input.photoAlt, {
    error: 'rooms.settings.error.alt_required',
    path: ['photoAlt'],
    ...whenValid('photoPath', 'photoAlt'),
  })
  .refine((input) => !!input.roomId || !!input.placeId, { error: 'rooms.error.notFound', ...whenValid('roomId', 'placeId') });

const closure = z
  .object({
    roomId: idField('rooms.error.notFound'),
    closureFrom: localDateTimeField('rooms.settings.field.closureTime'),
    closureUntil: localDateTimeField('rooms.settings.field.closureTime'),
    closureReason: requiredText(200, 'rooms.settings.field.closureReason', 3),
  })
  .refine((input) => input.closureUntil > input.closureFrom, {
    error: 'rooms.settings.error.end_before_start',
    path: ['closureUntil'],
    ...whenValid('closureFrom', 'closureUntil'),
  });

export const rooms = {
  requestBooking: defineAction({
    accept: 'form',
    input: bookingRequest,
    handler: formHandler((input, context) => {
      const user = requireUser(context);
      const series =
        input.repeat === 'none' ? null : { rule: input.repeat, ...(input.repeatEnd === 'count' ? { count: input.repeatCount } : { until: input.repeatUntil }) };
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
      return { status: result.status, bookingIds: result.bookingIds, skippedDates: result.skipped.map((c) => berlinDate(c.startsAt)) };
    }),
  }),

  cancelBooking: defineAction({
    accept: 'form',
    input: z.object({ bookingId: idField('rooms.error.notFound'), reason: optionalText(500), wholeSeries: checkbox, confirm: checkbox }),
    handler: formHandler((input, context) => {
      const user = requireUser(context);
      requireConfirmed(input.confirm);
      return { bookingIds: cancelBooking(getDb(), user, input.bookingId, { reason: input.reason ?? '', wholeSeries: input.wholeSeries }) };
    }),
  }),

  decideBooking: defineAction({
    accept: 'form',
    input: z
      .object({
        bookingId: idField('rooms.error.notFound'),
        decision: choice(['confirm', 'decline'], 'rooms.field.decision.invalid'),
        reason: optionalText(500),
        wholeSeries: checkbox,
      })
      .refine((input) => input.decision !== 'decline' || !!input.reason, {
        error: 'rooms.error.reason_required',
        path: ['reason'],
        ...whenValid('decision', 'reason'),
      }),
    handler: formHandler((input, context) => {
      const user = requireUser(context);
      const decision = input.decision === 'confirm' ? { kind: 'confirm' as const } : { kind: 'decline' as const, reason: input.reason ?? '' };
      return { decision: input.decision, bookingIds: decideBooking(getDb(), user, input.bookingId, decision, { wholeSeries: input.wholeSeries }) };
    }),
  }),

  saveRoom: defineAction({
    accept: 'form',
    input: roomSettings,
    handler: formHandler((input, context) => {
      const user = requireUser(context);
      const { roomId, placeId, hoursSource, ...rest } = input;
      const settings = {
        ...rest,
        description: input.description ?? '',
        equipment: (input.equipment ?? '').split(/[,\n]/),
        photoPath: input.photoPath ?? null,
        photoAlt: input.photoAlt ?? null,
        bookableFrom: hoursSource === 'own' ? (input.bookableFrom ?? null) : null,
        bookableUntil: hoursSource === 'own' ? (input.bookableUntil ?? null) : null,
      };
      const room = roomId ? updateRoom(getDb(), user, roomId, settings) : createRoom(getDb(), user, placeId!, settings);
      return { roomId: room.id };
    }),
  }),

  addClosure: defineAction({
    accept: 'form',
    input: closure,
    handler: formHandler((input, context) => {
      const user = requireUser(context);
      const startsAt = localToInstant(input.closureFrom);
      const endsAt = localToInstant(input.closureUntil);
      // A wall-clock time that does not exist (the hour skipped when the clocks go forward).
      const missing: Problem[] = [];
      if (!startsAt) missing.push({ key: 'rooms.settings.field.closureTime', field: 'closureFrom' });
      if (!endsAt) missing.push({ key: 'rooms.settings.field.closureTime', field: 'closureUntil' });
      if (!startsAt || !endsAt) rejectForm(missing);
      return { closureId: addRoomClosure(getDb(), user, input.roomId, { startsAt, endsAt, reason: input.closureReason }).id };
    }),
  }),

  removeClosure: defineAction({
    accept: 'form',
    input: z.object({ closureId: idField('rooms.error.notFound'), confirm: checkbox }),
    handler: formHandler((input, context) => {
      const user = requireUser(context);
      requireConfirmed(input.confirm);
      if (!removeRoomClosure(getDb(), user, input.closureId)) throw new RoomNotFoundError();
      return { removed: true };
    }),
  }),

  offerAsEvent: defineAction({
    accept: 'form',
    input: z.object({ bookingId: idField('rooms.error.notFound'), title: requiredText(150, 'rooms.offer.field.title', 3), description: optionalText(4000) }),
    handler: formHandler((input, context) => {
      const user = requireUser(context);
      return { eventId: offerBookingAsEvent(getDb(), user, input.bookingId, { title: input.title, description: input.description ?? '' }) };
    }),
  }),

  renewCalendarToken: defineAction({
    accept: 'form',
    input: z.object({ organisationId: optionalId, placeId: optionalId }),
    handler: formHandler((input, context) => {
      const user = requireUser(context);
      if (input.organisationId) renewOrganisationCalendarToken(getDb(), user, input.organisationId);
      else if (input.placeId) renewPlaceCalendarToken(getDb(), user, input.placeId);
      else throw new RoomNotFoundError();
      return { renewed: true };
    }),
  }),
};
