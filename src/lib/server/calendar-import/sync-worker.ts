/**
 * The worker thread that runs the syncs of subscriptions (see background.ts, which claims a subscription's lock
 * before handing it over). It is started by the first sync and then waits for work: loading its modules (drizzle,
 * ical.js, the time-zone library — over a second of CPU) is paid once, not by every "Jetzt abgleichen". It loads no
 * message catalogue (the one German note comes from i18n/german.ts), as it holds only what a sync needs. One sync at a
 * time, on its own database connection: SQLite in WAL mode lets the server's connection keep reading meanwhile,
 * and its page cache notices the commit through `data_version`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createDb } from '../../../../db/client';
import { runSubscription } from './subscriptions';
import { releaseSync, type SyncReply, type SyncRequest, type WorkerTask } from './background';

const task = workerData as WorkerTask;
const db = createDb(task.databasePath);
let queue: Promise<void> = Promise.resolve();

async function sync({ subscriptionId, requestId }: SyncRequest): Promise<SyncReply> {
  try {
    const run = await runSubscription(db, subscriptionId, { allowPrivateAddresses: task.allowPrivateAddresses });
    return { requestId, runId: run.id };
  } catch (error) {
    return { requestId, error: (error as Error).message };
  } finally {
    releaseSync(db, subscriptionId);
  }
}

parentPort?.on('message', (request: SyncRequest) => {
  queue = queue.then(async () => parentPort?.postMessage(await sync(request)));
});
