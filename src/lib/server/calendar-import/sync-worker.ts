/**
 * One sync of a subscription in a worker thread with its own database connection (see background.ts, which
 * claimed the subscription's lock before starting it). SQLite in WAL mode lets the server's connection keep
 * reading meanwhile, and its page cache notices the commit through `data_version`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createDb } from '../../../../db/client';
import { runSubscription } from './subscriptions';
import { releaseSync, type WorkerTask } from './background';

const task = workerData as WorkerTask;
const db = createDb(task.databasePath);
try {
  const run = await runSubscription(db, task.subscriptionId, { allowPrivateAddresses: task.allowPrivateAddresses });
  parentPort?.postMessage({ runId: run.id });
} finally {
  releaseSync(db, task.subscriptionId);
  db.$client.close();
}
