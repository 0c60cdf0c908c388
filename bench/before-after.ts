/**
 * `BENCH_BEFORE=<checkout> npm run bench`: the render time of this build against an earlier one, on the same
 * data at the same time. `<checkout>` is another working tree of this repository, built (`npm run build`) and
 * with its dependencies installed, e.g. `git worktree add ../before 3dec1dc`.
 *
 * Both servers start on copies of the same generated database with the page cache off, so every request is
 * rendered from the database. After both have worked off their start-up jobs and each page has been rendered
 * often enough for V8 to have optimised it, the two are measured in alternating blocks of requests (the order
 * flips every round), so that whatever else the machine does falls on both alike. Reported per page: the
 * server's own CPU time per request (from /proc, all threads, garbage collection included) and the median wall
 * time, before and after, and the ratio after/before.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpuTicks, percentile, round } from './stats';

export interface RenderServer {
  pid: number;
  base: string;
}

export interface RenderComparison {
  path: string;
  label: string;
  after: { cpuMs: number; wallMedianMs: number };
  before: { cpuMs: number; wallMedianMs: number };
  cpuRatio: number;
  wallRatio: number;
}

/**
 * How the checkout's own `npm start` runs its start script: earlier versions ran it through tsx, later ones
 * with plain Node. Environment settings in front of the command (glibc's allocator settings) and Node options of
 * the start line (such as the young-generation cap) are kept.
 */
export function startCommandOf(checkout: string): { env: Record<string, string>; args: string[] } {
  const start = (JSON.parse(readFileSync(join(checkout, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const words = start.split(/\s+/).filter(Boolean);
  const env: Record<string, string> = {};
  while (words[0] && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
    const [name, ...value] = words.shift()!.split('=');
    env[name!] = value.join('=');
  }
  const script = words.findIndex((word) => word.endsWith('scripts/start.ts'));
  if (script < 0) throw new Error(`${checkout}: its start script does not run scripts/start.ts ("${start}")`);
  const nodeOptions = words.slice(1, script);
  return { env, args: words[0] === 'tsx' ? ['--import', 'tsx', ...nodeOptions, 'scripts/start.ts'] : [...nodeOptions, 'scripts/start.ts'] };
}

export async function compareRender(options: {
  after: RenderServer;
  before: RenderServer;
  pages: { label: string; path: string }[];
  get: (url: string, headers?: Record<string, string>) => Promise<{ status: number; ttfbMs: number; totalMs: number }>;
  /** Requests per page and server before measuring: enough for V8 to optimise the page's code. */
  warmup?: number;
  block?: number;
  rounds?: number;
}): Promise<RenderComparison[]> {
  const { after, before, pages, get, warmup = 150, block = 30, rounds = 20 } = options;
  // Both answer uncompressed, so the figures are the rendering and not gzip.
  const headers = { 'accept-encoding': 'identity' };
  const servers = [
    { name: 'after' as const, ...after },
    { name: 'before' as const, ...before },
  ];
  for (const page of pages) {
    for (const server of servers) {
      for (let n = 0; n < warmup; n++) {
        const response = await get(`${server.base}${page.path}`, headers);
        if (response.status !== 200) throw new Error(`${server.name} answered ${page.path} with HTTP ${response.status}`);
      }
    }
  }
  const results: RenderComparison[] = [];
  for (const page of pages) {
    const ticks = { after: 0, before: 0 };
    const walls: Record<'after' | 'before', number[]> = { after: [], before: [] };
    for (let round = 0; round < rounds; round++) {
      for (const server of round % 2 === 0 ? servers : [...servers].reverse()) {
        const started = cpuTicks(server.pid);
        for (let n = 0; n < block; n++) walls[server.name].push((await get(`${server.base}${page.path}`, headers)).totalMs);
        ticks[server.name] += cpuTicks(server.pid) - started;
      }
    }
    // A clock tick is 10 ms.
    const cpuMs = (name: 'after' | 'before'): number => (ticks[name] * 10) / (block * rounds);
    const figures = (name: 'after' | 'before') => ({ cpuMs: round(cpuMs(name), 2), wallMedianMs: round(percentile(walls[name], 50), 2) });
    results.push({
      path: page.path,
      label: page.label,
      after: figures('after'),
      before: figures('before'),
      cpuRatio: round(cpuMs('after') / cpuMs('before'), 2),
      wallRatio: round(percentile(walls.after, 50) / percentile(walls.before, 50), 2),
    });
  }
  return results;
}

export function describeComparison(results: RenderComparison[], beforeLabel: string): string {
  const lines = [`Render time without the page cache, this build (after) against ${beforeLabel} (before), alternating blocks:`];
  for (const r of results) {
    lines.push(
      `  ${r.label.padEnd(14)} CPU ${r.after.cpuMs} / ${r.before.cpuMs} ms per request (×${r.cpuRatio}), ` +
        `wall median ${r.after.wallMedianMs} / ${r.before.wallMedianMs} ms (×${r.wallRatio})`,
    );
  }
  return lines.join('\n');
}
