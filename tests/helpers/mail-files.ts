/**
 * Mails of a test server without SMTP_URL: the outbox worker writes each one as an .eml file into the server's
 * mail folder (every few seconds). These helpers wait for the one addressed to a person and parse it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';

export interface MailFile {
  file: string;
  to: string[];
  subject: string;
  text: string;
  /** Attached files, their content as text (calendar files). */
  attachments: { filename: string; contentType: string; content: string }[];
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return list.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
}

const parsedFiles = new Map<string, MailFile>();

/** Every .eml file in the folder, parsed (quoted-printable and encoded headers decoded). */
export async function readMailFiles(mailDir: string): Promise<MailFile[]> {
  if (!existsSync(mailDir)) return [];
  const mails: MailFile[] = [];
  for (const name of readdirSync(mailDir)
    .filter((f) => f.endsWith('.eml'))
    .sort()) {
    const file = join(mailDir, name);
    let mail = parsedFiles.get(file);
    if (!mail) {
      const parsed: ParsedMail = await simpleParser(readFileSync(file));
      mail = {
        file,
        to: addresses(parsed.to),
        subject: parsed.subject ?? '',
        text: parsed.text ?? '',
        attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? '', contentType: a.contentType, content: a.content.toString('utf8') })),
      };
      parsedFiles.set(file, mail);
    }
    mails.push(mail);
  }
  return mails;
}

/** Waits until a mail to `to` whose subject matches arrives in the folder; fails with what did arrive. */
export async function waitForMailFile(mailDir: string, to: string, subject: RegExp, timeoutMs = 20_000): Promise<MailFile> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const mails = await readMailFiles(mailDir);
    const found = mails.find((m) => m.to.includes(to.toLowerCase()) && subject.test(m.subject));
    if (found) return found;
    if (Date.now() > until) {
      const seen = mails.map((m) => `${m.to.join(',')}: ${m.subject}`).join('\n');
      throw new Error(`no mail to ${to} with subject ${subject} in ${mailDir}; there are:\n${seen}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The absolute link to `path` (e.g. `/konto/bestaetigen`) in the first mail to `to` that contains one. */
export async function waitForMailLink(mailDir: string, to: string, path: string, timeoutMs = 45_000): Promise<string> {
  const pattern = new RegExp(`https?://[^\\s"<>]+${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:\\?[^\\s"<>]*)?`);
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = (await readMailFiles(mailDir)).find((m) => m.to.includes(to.toLowerCase()) && pattern.test(m.text));
    if (found) return pattern.exec(found.text)![0];
    if (Date.now() > until) throw new Error(`no mail to ${to} with a link to ${path} in ${mailDir}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The text of an outbox mail as the person received it. Once sent, the outbox keeps the mail without the secrets
 * of its links, so tests that follow a link read it from the received mail: the .eml file named after the
 * outbox row (its Message-ID `<outbox-<id>-…>`).
 */
export async function receivedText(mailDir: string, mail: { id: number }, timeoutMs = 20_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const name = existsSync(mailDir) ? readdirSync(mailDir).find((f) => f.includes(`_outbox_${mail.id}_`) && f.endsWith('.eml')) : undefined;
    if (name) return (await readMailFiles(mailDir)).find((m) => m.file === join(mailDir, name))!.text;
    if (Date.now() > until) throw new Error(`no .eml file for outbox mail ${mail.id} in ${mailDir}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
