/**
 * Staff actions on events: zod input (the shape of the form) → who is asking (staff) → domain. The domain checks
 * that this staff member may change this event and every rule of the form, and throws DomainErrors that
 * `formHandler` answers; so no Action here can forget a permission check.
 */
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getDb } from '../lib/server/db';
import { getConfig } from '../lib/server/config';
import { createEvent, deleteEvent, updateEvent } from '../lib/server/events/commands';
import { cancelEventAndTellRegistered, cancelOccurrenceAndTellRegistered } from '../lib/server/events/cancellation';
import { moveOccurrence, restoreOccurrence } from '../lib/server/events/occurrence-exceptions';
import { publishWithNotice, type MailContext } from '../lib/server/events/proposals';
import { actionLocale, formHandler, requireConfirmed, requireStaff } from './guard';
import { mailContext as registrationMailContext } from './volunteering-common';
import { checkbox, checkboxList, choice, idField, optionalText, requiredText, warningsAccepted } from './schemas';

const text = optionalText;
const list = checkboxList(z.string().max(40));

/**
 * The event form's fields. Only the shape is checked here; the domain parses and checks the content
 * (event-form.ts), so every mistake in the form is reported at once.
 */
export const eventFormFields = {
  title: text(1000),
  description: text(20000),
  allDay: checkbox,
  startDate: text(20),
  startTime: text(10),
  endDate: text(20),
  endTime: text(10),
  placeId: text(20),
  locationName: text(1000),
  locationAddress: text(1000),
  quartierIds: list,
  categoryIds: list,
  targetGroupIds: list,
  isFree: checkbox,
  cost: text(1000),
  stepFree: checkbox,
  accessibilityNotes: text(20000),
  languages: list,
  organisationId: text(20),
  organiserName: text(1000),
  contactEmail: text(400),
  contactPhone: text(100),
  registrationRequired: checkbox,
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

/** Where links in the proposal mails point. */
export function mailContext(): MailContext {
  const config = getConfig();
  return { publicUrl: config.publicUrl, siteName: config.siteName };
}

/** Which occurrence of a series (its original local start); the domain checks that the series has it. */
const occurrence = requiredText(20, 'bo.err.occurrenceUnknown');

export const eventAdmin = {
  create: defineAction({
    accept: 'form',
    input: z.object({ ...eventFormFields, intent: choice(['draft', 'publish']).default('draft'), acceptWarnings: warningsAccepted }),
    handler: formHandler(
      ({ intent, acceptWarnings, ...input }, context) => {
        const user = requireStaff(context);
        const event = createEvent(getDb(), user, input, intent === 'publish', new Date(), { confirmation: acceptWarnings, locale: actionLocale(context) });
        return { id: event.id };
      },
      // "Trotzdem speichern" saves as the button first clicked would have: published or as a draft.
      { carry: ['intent'] },
    ),
  }),

  update: defineAction({
    accept: 'form',
    input: z.object({ ...eventFormFields, id: idField(), acceptWarnings: warningsAccepted }),
    handler: formHandler(({ id, acceptWarnings, ...input }, context) => {
      const user = requireStaff(context);
      updateEvent(getDb(), user, id, input, new Date(), { confirmation: acceptWarnings, locale: actionLocale(context) });
      return { id };
    }),
  }),

  publish: defineAction({
    accept: 'form',
    input: z.object({ id: idField() }),
    handler: formHandler(({ id }, context) => {
      publishWithNotice(getDb(), requireStaff(context), id, mailContext());
      return { id };
    }),
  }),

  cancel: defineAction({
    accept: 'form',
    input: z.object({ id: idField(), reason: text(2000), confirm: checkbox }),
    handler: formHandler(({ id, reason, confirm }, context) => {
      const user = requireStaff(context);
      requireConfirmed(confirm);
      const { mailed } = cancelEventAndTellRegistered(getDb(), user, id, reason ?? '', registrationMailContext(context));
      return { id, mailed };
    }),
  }),

  remove: defineAction({
    accept: 'form',
    input: z.object({ id: idField(), confirm: checkbox }),
    handler: formHandler(({ id, confirm }, context) => {
      const user = requireStaff(context);
      requireConfirmed(confirm, 'bo.err.confirmDelete');
      deleteEvent(getDb(), user, id);
      return { id };
    }),
  }),

  cancelOccurrence: defineAction({
    accept: 'form',
    input: z.object({ id: idField(), occurrence, note: text(2000), confirm: checkbox }),
    handler: formHandler(({ id, occurrence: recurrenceLocal, note, confirm }, context) => {
      const user = requireStaff(context);
      requireConfirmed(confirm);
      const { mailed } = cancelOccurrenceAndTellRegistered(getDb(), user, id, recurrenceLocal, note ?? '', registrationMailContext(context));
      return { id, occurrence: recurrenceLocal, mailed };
    }),
  }),

  moveOccurrence: defineAction({
    accept: 'form',
    input: z.object({
      id: idField(),
      occurrence,
      date: text(20),
      startTime: text(10),
      endTime: text(10),
      placeId: text(20),
      locationName: text(1000),
      note: text(2000),
      acceptWarnings: warningsAccepted,
    }),
    handler: formHandler(({ id, occurrence: recurrenceLocal, acceptWarnings, ...input }, context) => {
      const user = requireStaff(context);
      moveOccurrence(getDb(), user, id, recurrenceLocal, input, new Date(), { confirmation: acceptWarnings, locale: actionLocale(context) });
      return { id, occurrence: recurrenceLocal };
    }),
  }),

  restoreOccurrence: defineAction({
    accept: 'form',
    input: z.object({ id: idField(), occurrence }),
    handler: formHandler(({ id, occurrence: recurrenceLocal }, context) => {
      restoreOccurrence(getDb(), requireStaff(context), id, recurrenceLocal);
      return { id, occurrence: recurrenceLocal };
    }),
  }),
};
