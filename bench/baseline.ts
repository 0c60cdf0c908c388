/**
 * The portal against the smallest Node server there is, on the same machine in the same run: a `node:http`
 * hello-world. Each cached route's requests/s is given as a share of the hello-world's, measured right before
 * it, so that the share says how close the page cache comes to what Node itself can do (the load of other
 * processes on the machine hits both alike). Also the portal's memory: RSS right after start, after one
 * request to every route (warm), and the peak while the load runs.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { round } from './stats';

export interface BaselineRoute {
  key: string;
  label: string;
  path: string;
}

export interface BaselineProbe {
  helloRssIdleMb: number;
  portal: { rssAfterStartMb: number; rssAfterWarmupMb: number; rssPeakUnderLoadMb: number };
  /** Both answer clients that accept gzip, as browsers and calendar apps do. */
  routes: { key: string; label: string; requestsPerSecond: number; helloRequestsPerSecond: number; sharePercent: number; non2xx: number }[];
  loadAverage: number[];
}

export function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? round(Number(match[1]) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

const HELLO_SERVER = `
const server = require('node:http').createServer((req, res) => res.end('Hello World'));
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

/** Starts the hello-world server; resolves with its port and a stop function. */
async function startHello(): Promise<{ base: string; pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['-e', HELLO_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', (code) => reject(new Error(`hello-world server exited (${code})`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function probeBaseline(options: {
  base: string;
  pid: number;
  routes: BaselineRoute[];
  seconds: number;
  connections: number;
  /** The portal's RSS right after it started, before any page was asked for. */
  rssAfterStartMb: number;
  get: (url: string, headers?: Record<string, string>) => Promise<{ status: number }>;
}): Promise<BaselineProbe> {
  const headers = { 'accept-encoding': 'gzip' };
  for (const route of options.routes) await options.get(`${options.base}${route.path}`, headers);
  for (const route of options.routes) await options.get(`${options.base}${route.path}`);
  await new Promise((r) => setTimeout(r, 1000));
  const rssAfterWarmupMb = rssMb(options.pid);
  let rssPeakUnderLoadMb = rssAfterWarmupMb;
  const timer = setInterval(() => {
    rssPeakUnderLoadMb = Math.max(rssPeakUnderLoadMb, rssMb(options.pid));
  }, 100);
  const hello = await startHello();
  const helloRssIdleMb = rssMb(hello.pid);
  const routes: BaselineProbe['routes'] = [];
  try {
    for (const route of options.routes) {
      const run = (url: string) => autocannon({ url, connections: options.connections, duration: options.seconds, headers });
      const helloResult = await run(`${hello.base}/`);
      const portalResult = await run(`${options.base}${route.path}`);
      const requestsPerSecond = round(portalResult.requests.average);
      const helloRequestsPerSecond = round(helloResult.requests.average);
      routes.push({
        key: route.key,
        label: route.label,
        requestsPerSecond,
        helloRequestsPerSecond,
        sharePercent: round((100 * requestsPerSecond) / helloRequestsPerSecond),
        non2xx: portalResult.non2xx,
      });
    }
  } finally {
    clearInterval(timer);
    await hello.stop();
  }
  return {
    helloRssIdleMb,
    portal: { rssAfterStartMb: options.rssAfterStartMb, rssAfterWarmupMb, rssPeakUnderLoadMb },
    routes,
    loadAverage: loadavg().map((n) => round(n, 2)),
  };
}

export function describeBaseline(p: BaselineProbe): string {
  const lines = [
    `Memory (RSS): portal after start ${p.portal.rssAfterStartMb} MB, after warm-up ${p.portal.rssAfterWarmupMb} MB, ` +
      `peak under load ${p.portal.rssPeakUnderLoadMb} MB; Node hello-world idle ${p.helloRssIdleMb} MB`,
    `Cached routes against a Node http hello-world in the same run (gzip accepted; load average ${p.loadAverage.join(' ')}):`,
  ];
  for (const r of p.routes) {
    lines.push(`  ${r.label}: ${r.requestsPerSecond} req/s = ${r.sharePercent} % of ${r.helloRequestsPerSecond}${r.non2xx ? ` (${r.non2xx} non-2xx)` : ''}`);
  }
  return lines.join('\n');
}
