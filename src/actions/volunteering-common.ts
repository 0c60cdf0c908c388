/**
 * What the volunteering and registration Actions share: input blocks for a volunteer's, a requester's and a
 * programme's contact details (built on the portal-wide blocks of ./schemas; messages are catalogue keys) and
 * the context the mails they queue need.
 */
import type { ActionAPIContext } from 'astro:actions';
import { z } from 'astro/zod';
import { getDb } from '../lib/server/db';
import { getConfig } from '../lib/server/config';
import type { Locale } from '../i18n';
import { actionLocale } from './guard';
import { listQuartiere } from '../lib/server/quartiere';
import { isAvailabilityChoice } from '../lib/server/volunteering/availability';
import { languageCodes } from '../lib/server/volunteering/languages';
import { checkbox, checkboxList, emailField, emptyToUndefined, requiredText } from './schemas';

export const personName = requiredText(120, 'volunteering.error.name');

export const volunteerEmail = emailField('volunteering.error.email');

export const optionalEmail = z.preprocess(emptyToUndefined, volunteerEmail.optional());

export const optionalPhone = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()/-]{4,30}$/, { error: 'volunteering.error.phone' })
    .optional(),
);

/** A Quartier from the list, or none ("Keine Angabe" / city-wide). */
export const optionalQuartierId = z
  .number({ error: 'volunteering.error.quartier' })
  .refine((id) => listQuartiere(getDb()).some((q) => q.id === id), { error: 'volunteering.error.quartier' })
  .optional();

export const availabilityChoices = checkboxList(z.string().refine(isAvailabilityChoice, { error: 'volunteering.error.availability' }));

export const languageChoices = checkboxList(z.enum(languageCodes, { error: 'volunteering.error.languages' }));

export const consentGiven = checkbox.refine((given) => given, { error: 'volunteering.error.consent' });

/** Links in mails point to the public address; texts are in the reader's language. */
export function mailContext(context: ActionAPIContext): { baseUrl: string; locale: Locale } {
  return { baseUrl: getConfig().publicUrl, locale: actionLocale(context) };
}
