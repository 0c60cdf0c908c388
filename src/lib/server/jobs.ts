/**
 * Background work of the server process: keeping series expanded ahead, and (added by the mail and
 * booking features) the outbox worker and reminders. Each job runs on an interval and stops cleanly.
 */
import type { DbConnection } from './db';
import type { Config } from './config';
import { extendSeriesHorizon } from './events/horizon';

export interface BackgroundJobs {
  stop(): Promise<void>;
}

interface Job {
  name: string;
  intervalMs: number;
  run(): Promise<void> | void;
}

export function startBackgroundJobs(db: DbConnection, _config: Config): BackgroundJobs {
  const jobs: Job[] = [{ name: 'series-horizon', intervalMs: 6 * 60 * 60 * 1000, run: () => void extendSeriesHorizon(db) }];
  const timers = jobs.map((job) => {
    const tick = async (): Promise<void> => {
      try {
        await job.run();
      } catch (error) {
        console.error(`quartiersportal: job ${job.name} failed: ${(error as Error).message}`);
      }
    };
    void tick();
    return setInterval(tick, job.intervalMs);
  });
  return {
    async stop() {
      timers.forEach(clearInterval);
    },
  };
}
