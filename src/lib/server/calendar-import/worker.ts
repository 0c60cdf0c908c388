/**
 * One scheduled sync in a worker thread with its own database connection. Parsing, mapping and expanding a large
 * calendar costs seconds of CPU inside one write transaction; in the server's own thread that would stall every
 * page for as long. SQLite in WAL mode lets the server's connection keep reading meanwhile, and its page cache
 * notices the commit through `data_version`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createDb } from '../../../../db/client';
import { runSubscription } from './subscriptions';

interface Task {
  databasePath: string;
  subscriptionId: number;
  allowPrivateAddresses: boolean;
}

const task = workerData as Task;
const db = createDb(task.databasePath);
try {
  const run = await runSubscription(db, task.subscriptionId, { allowPrivateAddresses: task.allowPrivateAddresses });
  parentPort?.postMessage({ runId: run.id });
} finally {
  db.$client.close();
}
