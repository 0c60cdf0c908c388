/**
 * Background work of the server process: keeping series expanded ahead, and (added by the mail and
 * booking features) the outbox worker and reminders. Each job runs on an interval and stops cleanly.
 */
import type { DbConnection } from './db';
import type { Config } from './config';
import { extendSeriesHorizonInSteps } from './events/horizon';
import { createMailJob } from './mail/job';
import { runPrivacyCleanup } from './privacy/cleanup';
import { sendSlotReminders } from './volunteering/slots';
import { anonymiseEndedRecords, volunteerRetentionMonths } from './volunteering/retention';
import { sendBookingReminders } from './rooms/reminders';
import { runConcernFollowUps } from './concerns/followups';
import { sendFreshnessReminders } from './offers/freshness';
import { resyncAllOfferCalendars } from './offers/calendar';
import { runDueSubscriptions, stopSyncWorkers } from './calendar-import/background';

export interface BackgroundJobs {
  stop(): Promise<void>;
}

interface Job {
  name: string;
  intervalMs: number;
  /** Wait this long after start before the first run (default: run at once). */
  firstRunAfterMs?: number;
  run(): Promise<void> | void;
}

export function startBackgroundJobs(db: DbConnection, config: Config): BackgroundJobs {
  const mail = createMailJob(db, config);
  const calendarSync = { ...config.calendarImport, databasePath: config.databasePath };
  // The sync worker starts with the first sync that needs it (runInWorker), not here.
  const running = new Set<Promise<void>>();
  const firstRuns: NodeJS.Timeout[] = [];
  let stopped = false;
  const jobs: Job[] = [
    // Catching up after downtime can wait a minute; the first visitors after a restart should not.
    {
      name: 'series-horizon',
      intervalMs: 6 * 60 * 60 * 1000,
      firstRunAfterMs: 60_000,
      run: async () => void (await extendSeriesHorizonInSteps(db, () => stopped)),
    },
    // Every few seconds: the query hits an index and finds nothing most of the time.
    { name: 'mail-outbox', intervalMs: 3_000, run: () => mail.run() },
    { name: 'privacy-cleanup', intervalMs: 6 * 60 * 60 * 1000, run: () => void runPrivacyCleanup(db, new Date(), config.mailDir) },
    { name: 'volunteer-slot-reminders', intervalMs: 15 * 60 * 1000, run: () => void sendSlotReminders(db, { baseUrl: config.publicUrl }) },
    {
      name: 'volunteer-retention',
      intervalMs: 24 * 60 * 60 * 1000,
      run: () => void anonymiseEndedRecords(db, { months: volunteerRetentionMonths() }),
    },
    { name: 'booking-reminders', intervalMs: 10 * 60 * 1000, run: () => void sendBookingReminders(db) },
    // Wiedervorlage, "behoben?" and the removal of old contact data of concerns.
    { name: 'concern-follow-ups', intervalMs: 15 * 60 * 1000, firstRunAfterMs: 30_000, run: () => void runConcernFollowUps(db) },
    // "Stimmt das noch?" mails of the Angebotslandschaft, and the offers' calendar series moving on with the horizon.
    { name: 'offers-freshness', intervalMs: 60 * 60 * 1000, firstRunAfterMs: 5_000, run: () => void sendFreshnessReminders(db) },
    { name: 'offers-calendar', intervalMs: 24 * 60 * 60 * 1000, firstRunAfterMs: 90_000, run: () => void resyncAllOfferCalendars(db) },
    // Organisations' subscribed calendars: the job looks every few minutes, each subscription is fetched once per interval.
    {
      name: 'calendar-subscriptions',
      intervalMs: Math.min(config.calendarImport.intervalMs, 5 * 60 * 1000),
      firstRunAfterMs: Math.min(config.calendarImport.intervalMs, 15_000),
      run: async () => void (await runDueSubscriptions(db, calendarSync, () => stopped)),
    },
  ];
  const timers = jobs.map((job) => {
    const tick = async (): Promise<void> => {
      try {
        await job.run();
      } catch (error) {
        console.error(`quartiersportal: job ${job.name} failed: ${(error as Error).message}`);
      }
    };
    // A job never overlaps itself, and none starts after stop(); stop() waits for the ones under way.
    let current: Promise<void> | null = null;
    const schedule = (): void => {
      if (stopped || current) return;
      current = tick().finally(() => {
        running.delete(current!);
        current = null;
      });
      running.add(current);
    };
    if (job.firstRunAfterMs) firstRuns.push(setTimeout(schedule, job.firstRunAfterMs));
    else schedule();
    return setInterval(schedule, job.intervalMs);
  });
  return {
    async stop() {
      stopped = true;
      timers.forEach(clearInterval);
      firstRuns.forEach(clearTimeout);
      await Promise.all([...running]);
      await stopSyncWorkers();
      // Mails queued by the last requests go out before the process ends.
      await mail.flush().catch((error: unknown) => console.error(`quartiersportal: mail flush failed: ${(error as Error).message}`));
      mail.close();
    },
  };
}
