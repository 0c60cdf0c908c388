/** Quartiersbericht: the event close-out (how many people came) that the report's attendance figures read. */
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getDb } from '../lib/server/db';
import { formHandler, requireUser } from './guard';
import { emptyToUndefined, idField, optionalText, requiredText } from './schemas';
import { message } from '../lib/forms/messages';
import { MAX_ATTENDEES } from '../../db/schema';
import { MAX_ATTENDANCE_NOTE, recordAttendance } from '../lib/server/reports/attendance';

const attendeesError = message('reports.attendance.error.attendees', { max: MAX_ATTENDEES });

export const reports = {
  recordAttendance: defineAction({
    accept: 'form',
    input: z.object({
      event: idField(),
      occurrence: requiredText(16, 'form.error.notFound'),
      attendees: z.preprocess(
        emptyToUndefined,
        z.coerce
          .number({ error: attendeesError })
          .int({ error: attendeesError })
          .min(0, { error: attendeesError })
          .max(MAX_ATTENDEES, { error: attendeesError }),
      ),
      note: optionalText(MAX_ATTENDANCE_NOTE),
    }),
    handler: formHandler((input, context) => {
      const saved = recordAttendance(getDb(), requireUser(context), input.event, input.occurrence, { attendees: input.attendees, note: input.note ?? '' });
      return { eventId: saved.eventId, occurrence: saved.recurrenceLocal };
    }),
  }),
};
