/**
 * Proposals: organisation members propose and resubmit events; staff of the event's Quartier return them.
 * (Publishing goes through eventAdmin.publish, which tells the proposer.) The domain decides who may do this to
 * which event (proposals.ts); the Actions only say who is asking.
 */
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getDb } from '../lib/server/db';
import { proposeEvent, resubmitProposal, returnProposal } from '../lib/server/events/proposals';
import { eventFormFields, mailContext } from './event-admin';
import { formHandler, requireStaff, requireUser } from './guard';
import { idField, optionalText } from './schemas';

export const proposals = {
  propose: defineAction({
    accept: 'form',
    input: z.object(eventFormFields),
    handler: formHandler((input, context) => {
      const event = proposeEvent(getDb(), requireUser(context), input);
      return { id: event.id };
    }),
  }),

  resubmit: defineAction({
    accept: 'form',
    input: z.object({ ...eventFormFields, id: idField() }),
    handler: formHandler(({ id, ...input }, context) => {
      resubmitProposal(getDb(), requireUser(context), id, input);
      return { id };
    }),
  }),

  returnProposal: defineAction({
    accept: 'form',
    input: z.object({ id: idField(), reason: optionalText(2000) }),
    handler: formHandler(({ id, reason }, context) => {
      returnProposal(getDb(), requireStaff(context), id, reason ?? '', mailContext());
      return { id };
    }),
  }),
};
