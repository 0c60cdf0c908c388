/**
 * The one way to write a portal mail: every mail has the portal's name, plain text and HTML parts, an
 * optional button link, and a line saying why the person gets it. Other features call
 * `enqueueComposedMail(db, …)` inside the transaction of their change; the worker sends it later.
 */
import type { Db } from '../db';
import { getConfig } from '../config';
import { translate, type Locale } from '../../../i18n';
import { enqueueMail } from './outbox';
import { escapeHtml } from '../../html';

export interface ComposedMail {
  to: string;
  locale: Locale;
  /** Template name shown in the admin outbox, e.g. `account-verify`. */
  kind: string;
  subject: string;
  /** Name for the greeting; without one the mail starts with a neutral salutation. */
  recipientName?: string | null;
  /** Already translated paragraphs (plain text; escaped for HTML here). */
  paragraphs: string[];
  /** A link the person should follow; a path is made absolute with PUBLIC_URL. */
  action?: { label: string; url: string };
  /** Why the person gets this mail, e.g. "Sie erhalten diese E-Mail, weil Sie ein Konto beantragt haben." */
  reason: string;
  dedupeKey?: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export function absoluteUrl(pathOrUrl: string): string {
  return /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${getConfig().publicUrl}${pathOrUrl}`;
}

export function renderMail(mail: ComposedMail): RenderedMail {
  const { siteName, publicUrl } = getConfig();
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string>): string => translate(mail.locale, key, params);
  const greeting = mail.recipientName ? t('mail.greeting', { name: mail.recipientName }) : t('mail.greetingNeutral');
  const actionUrl = mail.action ? absoluteUrl(mail.action.url) : null;
  const footer = t('mail.footer', { site: siteName, url: publicUrl });
  const text = [
    greeting,
    ...mail.paragraphs,
    ...(mail.action && actionUrl ? [`${mail.action.label}:\n${actionUrl}`] : []),
    t('mail.signature', { site: siteName }),
    `-- \n${footer}\n${mail.reason}`,
  ].join('\n\n');
  const p = (s: string): string => `<p style="margin:0 0 1em">${escapeHtml(s).replace(/\n/g, '<br>')}</p>`;
  const button =
    mail.action && actionUrl
      ? `<p style="margin:1.5em 0"><a href="${escapeHtml(actionUrl)}" style="display:inline-block;padding:12px 20px;background:#0b4f8a;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold">${escapeHtml(mail.action.label)}</a></p>` +
        p(`${t('mail.linkFallback')}\n${actionUrl}`)
      : '';
  const html = `<!doctype html>
<html lang="${mail.locale}"><head><meta charset="utf-8"><title>${escapeHtml(mail.subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:17px;line-height:1.5;color:#1a1a1a;background:#ffffff;margin:0;padding:24px">
<div style="max-width:38em">
<p style="font-size:15px;color:#444;margin:0 0 1.5em"><strong>${escapeHtml(siteName)}</strong></p>
${p(greeting)}
${mail.paragraphs.map(p).join('\n')}
${button}
${p(t('mail.signature', { site: siteName }))}
<hr style="border:0;border-top:1px solid #ccc;margin:2em 0 1em">
<p style="font-size:14px;color:#444;margin:0">${escapeHtml(footer)}<br>${escapeHtml(mail.reason)}</p>
</div></body></html>`;
  return { subject: mail.subject, text, html };
}

/** Renders the mail and puts it into the outbox; call inside the transaction of the change that causes it. */
export function enqueueComposedMail(db: Db, mail: ComposedMail, now: Date = new Date()): number | null {
  const rendered = renderMail(mail);
  return enqueueMail(
    db,
    {
      to: mail.to,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      kind: mail.kind,
      ...(mail.dedupeKey ? { dedupeKey: mail.dedupeKey } : {}),
    },
    now,
  );
}
