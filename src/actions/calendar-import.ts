/**
 * Calendar subscriptions of organisations: adding one and asking for a sync now. Who may do it for which
 * organisation (its admins, staff of its Quartier, portal admins) is decided in the domain.
 */
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getConfig } from '../lib/server/config';
import { getDb } from '../lib/server/db';
import { requestSyncFor } from '../lib/server/calendar-import/background';
import { createSubscription, detachImportedEvent, lockImportedFields } from '../lib/server/calendar-import/subscriptions';
import { formHandler, requireConfirmed, requireUser } from './guard';
import { checkbox, checkboxList, choice, idField, optionalText, requiredText } from './schemas';

const optionalId = optionalText(12).pipe(z.string().regex(/^\d+$/, { error: 'calendarImport.form.unknownChoice' }).optional());
const ids = checkboxList(z.string().regex(/^\d{1,9}$/, { error: 'calendarImport.form.unknownChoice' }));

export const calendarImport = {
  addSubscription: defineAction({
    accept: 'form',
    input: z.object({
      organisationId: idField(),
      url: requiredText(500, 'calendarImport.form.urlRequired'),
      quartierId: optionalId,
      placeId: optionalId,
      locationAddress: optionalText(300),
      categoryIds: ids,
      targetGroupIds: ids,
      publishMode: choice(['review', 'publish'], 'calendarImport.form.publishModeRequired'),
    }),
    handler: formHandler((input, context) => {
      const subscription = createSubscription(
        getDb(),
        requireUser(context),
        input.organisationId,
        {
          url: input.url,
          quartierId: input.quartierId ? Number(input.quartierId) : null,
          placeId: input.placeId ? Number(input.placeId) : null,
          locationAddress: input.locationAddress ?? null,
          categoryIds: input.categoryIds.map(Number),
          targetGroupIds: input.targetGroupIds.map(Number),
          publishMode: input.publishMode,
        },
        { allowPlainHttp: getConfig().calendarImport.allowPrivateAddresses },
      );
      return { subscriptionId: subscription.id };
    }),
  }),

  /** Staff keep the chosen fields of an imported event against its source (the list replaces the earlier one). */
  lockFields: defineAction({
    accept: 'form',
    input: z.object({ eventId: idField(), fields: checkboxList(z.string().max(20)) }),
    handler: formHandler((input, context) => ({ locked: lockImportedFields(getDb(), requireUser(context), input.eventId, input.fields) })),
  }),

  detach: defineAction({
    accept: 'form',
    input: z.object({ eventId: idField(), confirm: checkbox }),
    handler: formHandler((input, context) => {
      const user = requireUser(context);
      requireConfirmed(input.confirm);
      detachImportedEvent(getDb(), user, input.eventId);
      return { detached: true };
    }),
  }),

  /** Starts the sync in the background (a worker thread) and answers at once; the log shows the result. */
  syncNow: defineAction({
    accept: 'form',
    input: z.object({ subscriptionId: idField() }),
    handler: formHandler((input, context) => {
      const config = getConfig();
      const sync = requestSyncFor(getDb(), requireUser(context), input.subscriptionId, {
        databasePath: config.databasePath,
        allowPrivateAddresses: config.calendarImport.allowPrivateAddresses,
      });
      return { sync };
    }),
  }),
};
