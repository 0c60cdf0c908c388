/**
 * The outbox worker as a background job: one run at a time (a slow SMTP server must not start a second
 * run), and a flush on shutdown so that mails queued by the last requests still go out.
 */
import type { DbConnection } from '../db';
import type { Config } from '../config';
import { createTransportFromConfig, purgeSentMails, sendDueMails, type SendReport } from './worker';

export interface MailJob {
  run(): Promise<void>;
  /** Waits for a running send, then sends whatever is due now. */
  flush(): Promise<SendReport>;
  close(): void;
}

export function createMailJob(db: DbConnection, config: Config): MailJob {
  const transport = createTransportFromConfig(config);
  let running: Promise<SendReport> | null = null;
  const once = (): Promise<SendReport> => {
    running ??= sendDueMails(db, transport, config).finally(() => {
      running = null;
    });
    return running;
  };
  return {
    async run() {
      const report = await once();
      if (report.failed > 0) console.error(`quartiersportal: ${report.failed} mail(s) not sent, will retry: ${report.errors[0]}`);
    },
    async flush() {
      if (running) await running;
      return once();
    },
    close: () => transport.close(),
  };
}

export { purgeSentMails };
