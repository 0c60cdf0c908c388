/** A real SMTP server on loopback for the mail tests; it can be stopped and started on the same port. */
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface LoopbackSmtp {
  port: number;
  received: ParsedMail[];
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Waits until at least n mails arrived (or fails after the timeout). */
  waitFor(n: number, timeoutMs?: number): Promise<ParsedMail[]>;
  /** Waits for a matching mail; other mails (e.g. reminders the demo data triggers) may arrive first. */
  waitForMail(matches: (mail: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  waitForMailTo(address: string, timeoutMs?: number): Promise<ParsedMail>;
}

function isAddressedTo(mail: ParsedMail, address: string): boolean {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.some((field) => field.value.some((entry) => entry.address === address));
}

export function loopbackSmtp(port: number): LoopbackSmtp {
  const received: ParsedMail[] = [];
  let server: SMTPServer | null = null;
  return {
    port,
    received,
    start() {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        logger: false,
        onData(stream, _session, callback) {
          simpleParser(stream)
            .then((mail) => {
              received.push(mail);
              callback();
            })
            .catch((error: Error) => callback(error));
        },
      });
      return new Promise((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, '127.0.0.1', () => resolve());
      });
    },
    stop() {
      const current = server;
      server = null;
      return new Promise((resolve) => (current ? current.close(() => resolve()) : resolve()));
    },
    async waitFor(n, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > until) throw new Error(`expected ${n} mails, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return received;
    },
    async waitForMail(matches, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const mail = received.find(matches);
        if (mail) return mail;
        if (Date.now() > until) throw new Error(`no matching mail among ${received.length} received`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    waitForMailTo(address, timeoutMs) {
      return this.waitForMail((mail) => isAddressedTo(mail, address), timeoutMs);
    },
  };
}
