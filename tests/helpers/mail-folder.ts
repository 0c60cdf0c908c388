/**
 * The mails a test server wrote as .eml files (no SMTP_URL in tests): wait for the one to an address, or for the
 * link in it, the way a person would find it in their inbox. The files are parsed (quoted-printable bodies wrap
 * long links), so the link comes out whole.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';

const parsed = new Map<string, ParsedMail>();

async function mailsIn(dir: string): Promise<{ file: string; mail: ParsedMail }[]> {
  // File names start with the ISO time of writing, so sorting by name sorts by time.
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.eml')).sort() : [];
  const result: { file: string; mail: ParsedMail }[] = [];
  for (const file of files) {
    const path = join(dir, file);
    let mail = parsed.get(path);
    if (!mail) {
      mail = await simpleParser(readFileSync(path));
      parsed.set(path, mail);
    }
    result.push({ file, mail });
  }
  return result;
}

function isTo(mail: ParsedMail, address: string): boolean {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.some((field) => field.value.some((entry) => entry.address?.toLowerCase() === address.toLowerCase()));
}

/** The newest mail to `address` that `matches` accepts; waits until the outbox worker has written it. */
export async function waitForMailFile(dir: string, address: string, matches: (mail: ParsedMail) => boolean = () => true, timeoutMs = 30_000): Promise<ParsedMail> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = (await mailsIn(dir)).filter(({ mail }) => isTo(mail, address) && matches(mail)).at(-1);
    if (found) return found.mail;
    if (Date.now() > until) throw new Error(`no mail to ${address} in ${dir} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The absolute link to `path` (e.g. `/konto/bestaetigen`) in the newest mail to `address` that contains one. */
export async function waitForMailLink(dir: string, address: string, path: string, timeoutMs?: number): Promise<string> {
  const pattern = new RegExp(`https?://[^\\s"<>]+${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:\\?[^\\s"<>]*)?`);
  const mail = await waitForMailFile(dir, address, (m) => pattern.test(m.text ?? ''), timeoutMs);
  return pattern.exec(mail.text ?? '')![0];
}
