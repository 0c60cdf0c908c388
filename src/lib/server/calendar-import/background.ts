/**
 * Every sync of a subscription — the schedule, "Jetzt abgleichen" — runs in a worker thread with its own database
 * connection (sync-worker.ts): parsing, mapping and writing a large calendar costs seconds of CPU, which in the server's
 * own thread would stall every page for as long. The worker starts with the first sync (a city where no organisation
 * subscribes a calendar never pays its memory) and then stays up, taking one sync after the other: the schedule
 * looks every few minutes, and a worker that exited when idle would load its modules again each time. A lock on the subscription (`sync_started_at`) keeps two syncs of it from running
 * at once; a crashed run's lock runs out after LOCK_MS.
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../db';
import { calendarSubscriptions } from '../../../../db/schema';
import { ForbiddenError, NotFoundError } from '../errors';
import { canManageSubscriptionsOf, dueSubscriptionIds, getSubscription } from './subscriptions';
import type { Actor } from '../auth/permissions';

/** Longer than the slowest sync plus the fetch's timeout; a run that takes longer has crashed. */
export const LOCK_MS = 10 * 60 * 1000;

export interface WorkerSettings {
  databasePath: string;
  allowPrivateAddresses: boolean;
}

/** What the worker is started with. */
export type WorkerTask = WorkerSettings;

/** Takes the subscription's lock; false when a sync of it is running (and its lock has not run out). */
export function claimSync(db: Db, subscriptionId: number, now: Date = new Date()): boolean {
  const claimed = db
    .update(calendarSubscriptions)
    .set({ syncStartedAt: now })
    .where(
      and(
        eq(calendarSubscriptions.id, subscriptionId),
        or(isNull(calendarSubscriptions.syncStartedAt), lt(calendarSubscriptions.syncStartedAt, new Date(now.getTime() - LOCK_MS))),
      ),
    )
    .run();
  return claimed.changes === 1;
}

export function releaseSync(db: Db, subscriptionId: number): void {
  db.update(calendarSubscriptions).set({ syncStartedAt: null }).where(eq(calendarSubscriptions.id, subscriptionId)).run();
}

/** Whether a sync of the subscription is running now, for its page. */
export function isSyncRunning(subscription: { syncStartedAt: Date | null }, now: Date = new Date()): boolean {
  return subscription.syncStartedAt !== null && now.getTime() - subscription.syncStartedAt.getTime() < LOCK_MS;
}

/**
 * The worker's code. In the built server (dist/) this URL points at the bundled worker (the build rewrites it, see
 * scripts/server-workers-plugin.ts); from the sources (dev server, tests, scripts) it is sync-worker.ts itself.
 */
const workerUrl = (): URL => new URL('./sync-worker.ts', import.meta.url);

/**
 * A TypeScript worker is started through tsx's loader, registered inside the worker: a worker does not reliably
 * inherit the loader of a process started by the tsx command, and the dev server and vitest have none to inherit.
 */
function startWorker(url: URL, task: WorkerTask): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData: task });
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: task });
}

/** A sync handed to the worker; `requestId` matches the reply to it. */
export interface SyncRequest {
  requestId: number;
  subscriptionId: number;
}

export type SyncReply = { requestId: number; runId: number } | { requestId: number; error: string };

interface SyncWorker {
  worker: Worker;
  pending: Map<number, { resolve: () => void; reject: (error: Error) => void }>;
  running: Set<Promise<void>>;
}

/** The running sync workers by code, database and fetch settings (one in practice). */
const workers = new Map<string, SyncWorker>();

let lastRequestId = 0;

function syncWorker(url: URL, task: WorkerTask): SyncWorker {
  const key = `${url.href}|${resolve(task.databasePath)}|${task.allowPrivateAddresses}`;
  const known = workers.get(key);
  if (known) return known;
  const entry: SyncWorker = { worker: startWorker(url, task), pending: new Map(), running: new Set() };
  // An idle worker does not keep the process alive; one with a sync under way does (see runInWorker).
  entry.worker.unref();
  const fail = (error: Error): void => {
    if (workers.get(key) === entry) workers.delete(key);
    for (const { reject } of entry.pending.values()) reject(error);
    entry.pending.clear();
  };
  entry.worker.on('message', (reply: SyncReply) => {
    const waiting = entry.pending.get(reply.requestId);
    entry.pending.delete(reply.requestId);
    if (entry.pending.size === 0) entry.worker.unref();
    if ('error' in reply) waiting?.reject(new Error(reply.error));
    else waiting?.resolve();
  });
  entry.worker.once('error', fail);
  entry.worker.once('exit', (code) => fail(new Error(`calendar sync worker exited with ${code}`)));
  workers.set(key, entry);
  return entry;
}

/** Ends the sync workers once the syncs under way are done (shutdown). */
export async function stopSyncWorkers(): Promise<void> {
  for (const [key, entry] of workers) {
    await Promise.allSettled(entry.running);
    workers.delete(key);
    await entry.worker.terminate();
  }
}

/** Runs one claimed subscription in the sync worker; resolves when its sync has ended, whatever the outcome. */
export function runInWorker({ subscriptionId, ...task }: WorkerSettings & { subscriptionId: number }): Promise<void> {
  const entry = syncWorker(workerUrl(), task);
  const requestId = (lastRequestId += 1);
  const done = new Promise<void>((resolve, reject) => {
    entry.pending.set(requestId, { resolve, reject });
    entry.worker.ref();
    entry.worker.postMessage({ requestId, subscriptionId } satisfies SyncRequest);
  });
  const settled = done.then(
    () => undefined,
    () => undefined,
  );
  entry.running.add(settled);
  void settled.then(() => entry.running.delete(settled));
  return done;
}

/** Claims and starts a sync in the background; false when one of that subscription is running already. */
export function startSync(db: Db, subscriptionId: number, settings: WorkerSettings): boolean {
  if (!claimSync(db, subscriptionId)) return false;
  runInWorker({ ...settings, subscriptionId }).catch((error: unknown) => {
    // The worker logs its own failures in the sync log; this is a worker that could not even start.
    console.error(`quartiersportal: calendar sync of subscription ${subscriptionId} failed: ${(error as Error).message}`);
    releaseSync(db, subscriptionId);
  });
  return true;
}

/**
 * A staff member or the organisation asks for a sync now: it starts in the background and the page answers at once.
 * 'running' when a sync of the subscription is under way already (a second click starts no second one).
 */
export function requestSyncFor(db: Db, actor: Actor, subscriptionId: number, settings: WorkerSettings): 'started' | 'running' {
  const subscription = getSubscription(db, subscriptionId);
  if (!subscription) throw new NotFoundError();
  if (!canManageSubscriptionsOf(db, actor, subscription.organisationId)) throw new ForbiddenError();
  return startSync(db, subscriptionId, settings) ? 'started' : 'running';
}

/**
 * The scheduled job: every due subscription in turn, each in a worker thread so the server keeps answering pages
 * while a large calendar is synced; one that is being synced already (a click on "Jetzt abgleichen") is skipped.
 * Stops early when `shouldStop` says so (shutdown).
 */
export async function runDueSubscriptions(db: Db, settings: WorkerSettings & { intervalMs: number }, shouldStop: () => boolean = () => false): Promise<number> {
  let done = 0;
  for (const id of dueSubscriptionIds(db, settings.intervalMs)) {
    if (shouldStop()) break;
    if (!claimSync(db, id)) continue;
    try {
      const { databasePath, allowPrivateAddresses } = settings;
      await runInWorker({ databasePath, allowPrivateAddresses, subscriptionId: id });
    } catch (error) {
      releaseSync(db, id);
      throw error;
    }
    done += 1;
  }
  return done;
}
