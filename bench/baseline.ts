/**
 * The portal against the smallest Node server there is, on the same machine in the same run: a `node:http`
 * hello-world. Each cached route's requests/s is given as a share of the hello-world's, measured right before
 * it, so that the share says how close the page cache comes to what Node itself can do (the load of other
 * processes on the machine hits both alike). A third server, as small, answers each route's exact cached answer
 * (the portal's headers and gzip bytes, recorded first): what Node itself costs for sending that answer, and so the
 * most the page cache could reach. Also the portal's memory: RSS right after start, after one
 * request to every route (warm), and the peak while the load runs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
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
  routes: {
    key: string;
    label: string;
    requestsPerSecond: number;
    helloRequestsPerSecond: number;
    sharePercent: number;
    /** Plain Node sending the portal's recorded answer (same headers, same bytes), as a share of the hello-world. */
    replaySharePercent: number;
    non2xx: number;
  }[];
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

/** `/<n>`: the n-th recorded answer, with a fresh request id as the portal sends one. */
const REPLAY_SERVER = `
const { randomUUID } = require('node:crypto');
const answers = JSON.parse(require('node:fs').readFileSync(process.env.REPLAY_ANSWERS, 'utf8'))
  .map((answer) => ({ headers: answer.headers, body: Buffer.from(answer.body, 'base64') }));
const server = require('node:http').createServer((req, res) => {
  const answer = answers[Number(req.url.slice(1))];
  res.writeHead(200, { ...answer.headers, 'x-request-id': randomUUID() });
  res.end(answer.body);
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

interface RecordedAnswer {
  headers: Record<string, string | string[]>;
  /** base64 of the bytes as sent (gzip-compressed where the portal compresses). */
  body: string;
}

/** Headers that belong to one answer or one connection, not to the page. */
const PER_ANSWER = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'x-request-id']);

/** A route's answer from the portal's page cache as it goes on the wire, to be sent again by the replay server. */
function recordAnswer(url: string): Promise<RecordedAnswer> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const headers: RecordedAnswer['headers'] = {};
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined && !PER_ANSWER.has(name)) headers[name] = value;
        resolve({ headers, body: Buffer.concat(chunks).toString('base64') });
      });
    })
      .on('error', reject)
      .end();
  });
}

/** Starts the hello-world server (or, with `env`, the replay server); resolves with its port and a stop function. */
async function startHello(code = HELLO_SERVER, env: Record<string, string> = {}): Promise<{ base: string; pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
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
  const recordDir = mkdtempSync(join(tmpdir(), 'bench-replay-'));
  const answersFile = join(recordDir, 'answers.json');
  writeFileSync(answersFile, JSON.stringify(await Promise.all(options.routes.map((route) => recordAnswer(`${options.base}${route.path}`)))));
  const hello = await startHello();
  const replay = await startHello(REPLAY_SERVER, { REPLAY_ANSWERS: answersFile });
  const helloRssIdleMb = rssMb(hello.pid);
  const routes: BaselineProbe['routes'] = [];
  try {
    for (const [index, route] of options.routes.entries()) {
      const run = (url: string) => autocannon({ url, connections: options.connections, duration: options.seconds, headers });
      const helloResult = await run(`${hello.base}/`);
      const portalResult = await run(`${options.base}${route.path}`);
      const replayResult = await run(`${replay.base}/${index}`);
      const requestsPerSecond = round(portalResult.requests.average);
      const helloRequestsPerSecond = round(helloResult.requests.average);
      routes.push({
        key: route.key,
        label: route.label,
        requestsPerSecond,
        helloRequestsPerSecond,
        sharePercent: round((100 * requestsPerSecond) / helloRequestsPerSecond),
        replaySharePercent: round((100 * replayResult.requests.average) / helloRequestsPerSecond),
        non2xx: portalResult.non2xx,
      });
    }
  } finally {
    clearInterval(timer);
    await Promise.all([hello.stop(), replay.stop()]);
    rmSync(recordDir, { recursive: true, force: true });
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
    `Cached routes against a Node http hello-world in the same run (gzip accepted; load average ${p.loadAverage.join(' ')});`,
    `"plain Node": a node:http server sending the portal's recorded answer (same headers and bytes), the most a cache in Node reaches:`,
  ];
  for (const r of p.routes) {
    lines.push(
      `  ${r.label}: ${r.requestsPerSecond} req/s = ${r.sharePercent} % of ${r.helloRequestsPerSecond}; plain Node ${r.replaySharePercent} %` +
        (r.non2xx ? ` (${r.non2xx} non-2xx)` : ''),
    );
  }
  return lines.join('\n');
}
