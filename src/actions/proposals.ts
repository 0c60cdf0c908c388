/**
 * Proposals: organisation members propose and resubmit events; staff of the event's Quartier return them.
 * (Publishing goes through eventAdmin.publish, which tells the proposer.)
 */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getDb } from '../lib/server/db';
import { canEditProposal, proposeEvent, resubmitProposal, returnProposal } from '../lib/server/events/proposals';
import { getEvent } from '../lib/server/events/editing';
import { userOrganisationIds } from '../lib/server/auth/permissions';
import { eventFormFields, mailContext, mapDomainErrors, requireManagedEvent, requireUser } from './event-admin';

const id = z.number({ error: 'bo.err.invalid' }).int().positive();

export const proposals = {
  propose: defineAction({
    accept: 'form',
    input: z.object(eventFormFields),
    handler: (input, context) => {
      const user = requireUser(context);
      if (userOrganisationIds(getDb(), user.id).length === 0) throw new ActionError({ code: 'FORBIDDEN' });
      const event = mapDomainErrors(() => proposeEvent(getDb(), user, input));
      return { id: event.id };
    },
  }),

  resubmit: defineAction({
    accept: 'form',
    input: z.object({ ...eventFormFields, id }),
    handler: ({ id: eventId, ...input }, context) => {
      const user = requireUser(context);
      const db = getDb();
      const event = getEvent(db, eventId);
      if (!event) throw new ActionError({ code: 'NOT_FOUND' });
      if (!canEditProposal(db, user, event)) throw new ActionError({ code: 'FORBIDDEN' });
      mapDomainErrors(() => resubmitProposal(db, user, eventId, input));
      return { id: eventId };
    },
  }),

  returnProposal: defineAction({
    accept: 'form',
    input: z.object({ id, reason: z.string().max(2000, { error: 'bo.err.tooLong' }).nullish() }),
    handler: ({ id: eventId, reason }, context) => {
      const user = requireUser(context);
      requireManagedEvent(user, eventId);
      mapDomainErrors(() => returnProposal(getDb(), user, eventId, reason ?? '', mailContext()));
      return { id: eventId };
    },
  }),
};
