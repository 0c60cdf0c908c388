/** Quartiersbericht: the event close-out (how many people came) that the report's attendance figures read, and the
 * figures staff choose for the public page "Was wir erreicht haben". */
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getDb } from '../lib/server/db';
import { formHandler, requireConfirmed, requireStaff, requireUser } from './guard';
import { checkbox, dateField, emptyToUndefined, idField, optionalText, requiredText } from './schemas';
import { message } from '../lib/forms/messages';
import { MAX_ATTENDEES } from '../../db/schema';
import { MAX_ATTENDANCE_NOTE, recordAttendance } from '../lib/server/reports/attendance';
import { chooseHighlight, MAX_HIGHLIGHT_COMMENT, removeHighlight } from '../lib/server/reports/highlights';

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

  chooseHighlight: defineAction({
    accept: 'form',
    input: z.object({
      quartierId: idField(),
      // The domain says which keys the report has (an unknown one is refused with the key in the message).
      figur: requiredText(120, 'form.error.notFound'),
      von: dateField(),
      bis: dateField(),
      kommentar: optionalText(MAX_HIGHLIGHT_COMMENT),
    }),
    handler: formHandler((input, context) => {
      const saved = chooseHighlight(getDb(), requireStaff(context), {
        quartierId: input.quartierId,
        figureKey: input.figur,
        from: input.von,
        to: input.bis,
        comment: input.kommentar ?? '',
      });
      return { id: saved.id, figureKey: saved.figureKey };
    }),
  }),

  removeHighlight: defineAction({
    accept: 'form',
    input: z.object({ highlightId: idField(), confirm: checkbox }),
    handler: formHandler((input, context) => {
      const staff = requireStaff(context);
      requireConfirmed(input.confirm);
      const removed = removeHighlight(getDb(), staff, input.highlightId);
      return { figureKey: removed.figureKey };
    }),
  }),
};
