/**
 * Mail texts of the volunteering area, written through the i18n catalogue so a person gets mails in the
 * language they used on the site.
 */
import { translate, type Locale, type MessageKey, type Params } from '../../../i18n';
import type { MailToSend } from '../mail/outbox';

export function volunteeringMail(
  locale: Locale,
  kind: string,
  to: string,
  keys: { subject: MessageKey; body: MessageKey },
  params: Params,
  dedupeKey?: string,
): MailToSend {
  const mail: MailToSend = {
    to,
    kind,
    subject: translate(locale, keys.subject, params),
    text: `${translate(locale, keys.body, params)}\n\n${translate(locale, 'volunteering.mail.signature', params)}\n`,
  };
  if (dedupeKey) mail.dedupeKey = dedupeKey;
  return mail;
}
