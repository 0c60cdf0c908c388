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
  const running = new Set<Promise<void>>();
  let stopped = false;
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
    schedule();
    return setInterval(schedule, job.intervalMs);
  });
  return {
    async stop() {
      stopped = true;
      timers.forEach(clearInterval);
      await Promise.all([...running]);
    },
  };
}
