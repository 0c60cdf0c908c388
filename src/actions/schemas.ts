/**
 * The zod building blocks every Action's input uses, so a date, a time, an e-mail address, an id or a checkbox is
 * checked — and explained — the same way everywhere. Messages are catalogue keys (see src/lib/forms/messages.ts);
 * each block takes the key to use when an area wants a more specific text.
 */
import { z } from 'astro/zod';
import type { MessageKey } from '../i18n';
import { message } from '../lib/forms/messages';
import { isClockTime, isIsoDate, isLocalDateTime } from '../lib/time';

/** An empty field counts as not given. */
export const emptyToUndefined = (value: unknown): unknown => (value === '' || value === null ? undefined : value);

/** A required text, trimmed, with a length limit. */
export function requiredText(max: number, key: MessageKey = 'form.field.required', min = 1) {
  return z
    .string({ error: key })
    .trim()
    .min(min, { error: key })
    .max(max, { error: message('form.field.tooLong', { max }) });
}

/** An optional text: empty becomes undefined. */
export function optionalText(max: number) {
  return z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .max(max, { error: message('form.field.tooLong', { max }) })
      .optional(),
  );
}

export function dateField(key: MessageKey = 'form.field.date') {
  return z.string({ error: key }).refine(isIsoDate, { error: key });
}

export function optionalDateField(key: MessageKey = 'form.field.date') {
  return z.preprocess(emptyToUndefined, dateField(key).optional());
}

export function timeField(key: MessageKey = 'form.field.time', options: { allowMidnightEnd?: boolean } = {}) {
  return z.string({ error: key }).refine((value) => isClockTime(value, options.allowMidnightEnd), { error: key });
}

export function localDateTimeField(key: MessageKey = 'form.field.date') {
  return z.string({ error: key }).refine(isLocalDateTime, { error: key });
}

/** An e-mail address, lower-cased; `requiredKey` gives an empty field its own message. */
export function emailField(key: MessageKey = 'form.field.email', requiredKey: MessageKey = key) {
  return z
    .string({ error: requiredKey })
    .trim()
    .min(1, { error: requiredKey })
    .max(254, { error: key })
    .pipe(z.email({ error: key }))
    .transform((value) => value.toLowerCase());
}

/**
 * An optional web address as people write it: "kray-sued.example" or "www.verein.de/termine" is stored with
 * https:// in front; only what is no web address (no dot in the host, spaces, another scheme such as
 * `javascript:`) is refused. Empty becomes null.
 */
export function websiteField(key: MessageKey = 'form.field.website') {
  return z
    .preprocess(
      emptyToUndefined,
      z
        .string()
        .trim()
        .max(300, { error: key })
        .transform((value) => (/^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value.replace(/^\/+/, '')}`))
        .refine(isWebAddress, { error: key })
        .optional(),
    )
    .transform((value) => value ?? null);
}

function isWebAddress(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && /^[^.]+(\.[^.]+)+$/.test(url.hostname);
  } catch {
    return false;
  }
}

/** A positive whole number identifying a record (hidden fields, select values). */
export function idField(key: MessageKey = 'form.error.notFound') {
  return z.coerce.number({ error: key }).int({ error: key }).positive({ error: key });
}

/** A whole number in a range. */
export function wholeNumber(min: number, max: number, key: MessageKey = 'form.field.number') {
  return z.coerce.number({ error: key }).int({ error: key }).min(min, { error: key }).max(max, { error: key });
}

/** A checkbox: ticked sends a value, unticked sends nothing. */
export const checkbox = z.preprocess((v) => v === 'on' || v === 'ja' || v === 'true' || v === true, z.boolean());

/**
 * Several ticked checkboxes of one name (none ticked sends nothing). A plain array schema, because Astro's form
 * reader only collects every value of a name (`getAll`) for an array; behind a preprocess it passes the first only.
 */
export function checkboxList<T extends z.ZodType<string>>(item: T, max = 100) {
  return z.array(item).max(max, { error: 'form.field.invalid' });
}

/** One of a fixed list of values. */
export function choice<const T extends readonly [string, ...string[]]>(values: T, key: MessageKey = 'form.field.choose') {
  return z.enum(values, { error: key });
}

/**
 * For an object-level check (`.refine(…, { …whenValid('from', 'to') })`): run it as soon as the fields it reads
 * are fine, even when other fields have problems, so one submit reports every problem. Zod's default skips
 * object checks after any field failed, which hid e.g. "end before start" until the purpose was filled in.
 */
export function whenValid(...fields: readonly string[]) {
  return {
    when: (payload: { issues: readonly { path?: readonly PropertyKey[] | undefined }[] }): boolean =>
      !payload.issues.some((issue) => fields.includes(String(issue.path?.[0]))),
  };
}

/** The confirmation "Trotzdem speichern" sends (see `requireConfirmedWarnings`); absent on the first post. */
export const warningsAccepted = z.preprocess(emptyToUndefined, z.string().max(100).optional());
