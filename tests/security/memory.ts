/**
 * Memory of a test server, measured from outside: RSS from /proc, and the JavaScript heap that stays after a full
 * garbage collection, read through the Node inspector (the server is started with `--inspect` on a free loopback
 * port). RSS alone cannot tell kept data from heap the collector has not given back yet.
 */
import { readFileSync } from 'node:fs';
import { startServer, type RunningServer, type StartOptions } from '../helpers/server';

export interface MeasuredServer extends RunningServer {
  rssMb(): number;
  /** MB of JavaScript heap in use right after a full collection. */
  retainedHeapMb(): Promise<number>;
}

export async function startMeasuredServer(options: StartOptions = {}): Promise<MeasuredServer> {
  // "Debugger listening on …" comes first; wait for the portal's own line.
  const server = await startServer({ waitFor: /quartiersportal: listening on/, ...options, env: { ...options.env, NODE_OPTIONS: '--inspect=127.0.0.1:0' } });
  const match = /Debugger listening on (ws:\/\/\S+)/.exec(server.output());
  if (!match) throw new Error(`no inspector address in the server output:\n${server.output()}`);
  const address = match[1]!;
  return {
    ...server,
    rssMb: () => {
      const line = readFileSync(`/proc/${server.process.pid}/status`, 'utf8')
        .split('\n')
        .find((l) => l.startsWith('VmRSS:'))!;
      return Number(/(\d+)/.exec(line)![1]) / 1024;
    },
    retainedHeapMb: async () => {
      const socket = new WebSocket(address);
      await new Promise((resolve, reject) => {
        socket.addEventListener('open', resolve, { once: true });
        socket.addEventListener('error', reject, { once: true });
      });
      let id = 0;
      const call = (method: string): Promise<Record<string, unknown>> =>
        new Promise((resolve) => {
          const mine = ++id;
          const onMessage = (event: MessageEvent): void => {
            const message = JSON.parse(String(event.data)) as { id?: number; result?: Record<string, unknown> };
            if (message.id !== mine) return;
            socket.removeEventListener('message', onMessage);
            resolve(message.result ?? {});
          };
          socket.addEventListener('message', onMessage);
          socket.send(JSON.stringify({ id: mine, method }));
        });
      try {
        await call('HeapProfiler.collectGarbage');
        await call('HeapProfiler.collectGarbage');
        const usage = await call('Runtime.getHeapUsage');
        return Number(usage.usedSize) / 1024 / 1024;
      } finally {
        socket.close();
      }
    },
  };
}
