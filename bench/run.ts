/**
 * `npm run bench`: the figures the README's Performance section quotes, measured on this machine.
 *
 * 1. Generates the large dataset (db/seed/generate-large.ts, default sizes) into a temp folder.
 * 2. Builds the site (timed) and starts it as in production: scripts/start.ts with NODE_ENV=production,
 *    PUBLIC_URL and the OPERATOR_* variables, on the generated database.
 * 3. For every route (public pages, feeds, open data, and an organisation's room pages): time to first byte
 *    (median, p95) and requests/s at 10 connections (autocannon) – anonymous pages are then mostly answered
 *    by the page cache – and, separately, the render time without that cache (one request at a time);
 *    first-request time and size, a 304 answer to If-None-Match, and the client JavaScript a page type loads.
 * 4. The full feed rebuilt after one event changed; a booking request end to end (bench/booking.ts); a sync of a
 *    subscribed calendar with 2,000 events, first and second run (bench/calendar-import.ts);
 *    server memory (RSS) idle and peak under load.
 * 5. The yearly city-wide Quartiersbericht page and PDF as an admin (bench/report.ts).
 * 6. "Jetzt abgleichen" of that calendar through a running server, with the time to first byte of a rendered
 *    public page every 50 ms during the sync against idle (bench/calendar-import.ts).
 * Prints a table and writes bench/results.json. Options: BENCH_SECONDS (load per route, default 5),
 * BENCH_CONNECTIONS (default 10), BENCH_SKIP_BUILD=1, BENCH_SCALE (dataset factor, default 1),
 * BENCH_ONLY=report (only step 5, after 1 and 2), BENCH_ONLY=calendar-import (only 4.'s calendar sync and 6.,
 * printed; results.json stays as it is), BENCH_ONLY=baseline (only 7., printed).
 * 7. The cached anonymous routes against a Node http hello-world server started next to the portal: each
 *    route's requests/s as a share of the hello-world's, and the portal's RSS after start, after warm-up and
 *    at its peak under that load (bench/baseline.ts).
 * 8. BENCH_BEFORE=<an earlier checkout, built>: instead of 3.–7., the render times of five pages of this build
 *    and of that one side by side on copies of the same dataset (bench/before-after.ts), printed.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, Agent } from 'node:http';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { DateTime } from 'luxon';
import { createDb, migrateDb } from '../db/client';
import { defaultSize, generateLargeDataset, type GeneratedSummary } from '../db/seed/generate-large';
import { build } from '../scripts/build-if-needed';
import { createSession, SESSION_COOKIE } from '../src/lib/server/auth/session';
import { describeBaseline, probeBaseline, rssMb, type BaselineProbe } from './baseline';
import { compareRender, describeComparison, startCommandOf } from './before-after';
import { benchRoom, probeBooking, type BookingProbe } from './booking';
import { probeCalendarImport, probeSyncNow, type CalendarImportProbe, type SyncNowProbe } from './calendar-import';
import { describeReport, probeReport, type ReportProbe } from './report';
import { cpuTicks, percentile, round } from './stats';

const root = resolve(import.meta.dirname, '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const scale = Number(process.env.BENCH_SCALE ?? 1);
/** BENCH_ONLY=report, calendar-import or baseline: only those figures. */
const only = process.env.BENCH_ONLY;
const onlyReport = only === 'report';
const onlyBaseline = only === 'baseline';

interface Sample {
  status: number;
  ttfbMs: number;
  totalMs: number;
  bytes: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** One GET; a keep-alive socket the server closed just then (ECONNRESET) is retried once on a new one. */
async function get(url: string, headers: Record<string, string> = {}): Promise<Sample> {
  try {
    return await getOnce(url, headers);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') throw error;
    return getOnce(url, headers);
  }
}

/** One GET with time to first byte (headers received) and total time. */
function getOnce(url: string, headers: Record<string, string> = {}): Promise<Sample> {
  return new Promise((resolveSample, reject) => {
    const started = performance.now();
    const req = httpRequest(url, { agent, headers }, (res) => {
      const ttfbMs = performance.now() - started;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolveSample({
          status: res.statusCode ?? 0,
          ttfbMs,
          totalMs: performance.now() - started,
          bytes: body.length,
          headers: res.headers,
          body: body.toString('utf8'),
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Time to first byte with `connections` parallel keep-alive clients for `ms`. */
async function ttfbUnderLoad(url: string, ms: number, headers: Record<string, string> = {}): Promise<{ median: number; p95: number; samples: number }> {
  const samples: number[] = [];
  const until = performance.now() + ms;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) samples.push((await get(url, headers)).ttfbMs);
    }),
  );
  return { median: round(percentile(samples, 50)), p95: round(percentile(samples, 95)), samples: samples.length };
}

/**
 * Waits until the server has worked off its start-up jobs (outbox, follow-ups, series horizon): under 3 % CPU for
 * two seconds in a row, at most two minutes. Measured during those jobs, every render time would be theirs too.
 */
async function waitUntilQuiet(pid: number): Promise<number> {
  const started = performance.now();
  let quietSeconds = 0;
  while (quietSeconds < 2 && performance.now() - started < 120_000) {
    const before = cpuTicks(pid);
    await new Promise((r) => setTimeout(r, 1000));
    quietSeconds = cpuTicks(pid) - before <= 3 ? quietSeconds + 1 : 0;
  }
  return round((performance.now() - started) / 1000);
}

/**
 * The render time of a page without the page cache: sequential requests, each with a query parameter the
 * page ignores (`_bench=n`), so each one is a new cache key and is rendered by Astro from the database.
 */
async function renderTimes(url: string, headers: Record<string, string>, samples = 25): Promise<{ median: number; p95: number }> {
  const times: number[] = [];
  for (let n = 0; n < samples; n++) {
    const busted = `${url}${url.includes('?') ? '&' : '?'}_bench=${n}-${Date.now()}`;
    times.push((await get(busted, headers)).ttfbMs);
  }
  return { median: round(percentile(times, 50)), p95: round(percentile(times, 95)) };
}

/**
 * How long the full feed takes to build after a member of staff changed one event (the next calendar app
 * polling gets a new feed): touch one event from another connection, then time the request.
 */
async function feedRegeneration(base: string, dbPath: string, samples = 7): Promise<{ median: number; p95: number; samples: number }> {
  const writer = createDb(dbPath);
  const times: number[] = [];
  try {
    const event = writer.$client.prepare("SELECT id FROM events WHERE status = 'published' ORDER BY id LIMIT 1").get() as { id: number };
    for (let n = 0; n < samples; n++) {
      writer.$client.prepare('UPDATE events SET updated_at = ?, sequence = sequence + 1 WHERE id = ?').run(Date.now() + n, event.id);
      times.push((await get(`${base}/kalender.ics`)).totalMs);
    }
  } finally {
    writer.$client.close();
  }
  return { median: round(percentile(times, 50)), p95: round(percentile(times, 95)), samples };
}

/** Client JavaScript a page loads: external scripts, island components and renderers, and their imports. */
async function clientJsBytes(base: string, html: string): Promise<{ bytes: number; files: number; inlineBytes: number }> {
  const pending = new Set<string>();
  const add = (src: string, from: string): void => {
    const url = new URL(src, from);
    if (url.origin === new URL(base).origin && url.pathname.endsWith('.js')) pending.add(url.href);
  };
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) add(m[1]!, base);
  for (const m of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) add(m[1]!, base);
  for (const m of html.matchAll(/\b(?:component|renderer)-url="([^"]+)"/g)) add(m[1]!, base);
  let inlineBytes = 0;
  for (const m of html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
    if (!/type="application\/(ld\+)?json"/.test(m[0])) inlineBytes += Buffer.byteLength(m[1]!);
  }
  const seen = new Set<string>();
  let bytes = 0;
  while (pending.size > 0) {
    const [next] = pending;
    pending.delete(next!);
    if (seen.has(next!)) continue;
    seen.add(next!);
    const response = await get(next!);
    if (response.status !== 200) continue;
    bytes += response.bytes;
    for (const m of response.body.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+\.js)["']/g)) add(m[1]!, next!);
  }
  return { bytes: bytes + inlineBytes, files: seen.size, inlineBytes };
}

interface RouteResult {
  key: string;
  label: string;
  path: string;
  status: 'measured' | 'not yet built' | 'error';
  httpStatus?: number;
  firstRequestMs?: number;
  bytes?: number;
  ttfbMedianMs?: number;
  ttfbP95Ms?: number;
  /** One request at a time, each with a query the page ignores, so every answer is rendered, never kept. */
  renderMedianMs?: number;
  renderP95Ms?: number;
  requestsPerSecond?: number;
  latencyMedianMs?: number;
  latencyP97_5Ms?: number;
  non2xx?: number;
  errors?: number;
  clientJsBytes?: number;
  clientJsFiles?: number;
  notModified?: { status: number; ttfbMs: number } | 'no ETag';
  /** The server's highest RSS while this route was measured, to see which answers make the memory grow. */
  rssPeakMb?: number;
}

async function waitForHealth(url: string, child: ChildProcess, logPath: string): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${readFileSync(logPath, 'utf8')}`);
    try {
      if ((await get(`${url}/healthz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not become healthy:\n${readFileSync(logPath, 'utf8')}`);
}

/**
 * The start script on the dataset, with `--no-build`; `mode` is NODE_ENV. `checkout` is this working tree or,
 * for BENCH_BEFORE, the earlier one, started the way its own `npm start` does.
 */
function startPortal(
  dir: string,
  dbPath: string,
  mode: 'production' | 'test',
  env: Record<string, string> = {},
  checkout = root,
): { child: ChildProcess; base: string; logPath: string } {
  const port = 4700 + Math.floor(Math.random() * 200);
  const base = `http://127.0.0.1:${port}`;
  const logPath = join(dir, `server-${mode}-${port}.log`);
  const logFd = openSync(logPath, 'a');
  // The allocator and V8 settings of `npm start` and deploy/quartiersportal.service (see there).
  const start = startCommandOf(checkout);
  const child = spawn(process.execPath, [...start.args, '--no-build'], {
    cwd: checkout,
    env: {
      ...process.env,
      ...start.env,
      NODE_ENV: mode,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_PATH: dbPath,
      MAIL_DIR: join(dir, 'outbox'),
      PUBLIC_URL: base,
      OPERATOR_NAME: 'Stadt Essen – Koordinationsstelle Quartiersmanagement (Benchmark)',
      OPERATOR_ADDRESS: 'Porscheplatz 1, 45127 Essen',
      OPERATOR_EMAIL: 'quartiere@essen.example',
      ...env,
    },
    stdio: ['ignore', logFd, logFd],
  });
  return { child, base, logPath };
}

/**
 * "Jetzt abgleichen" of a 2,000-event calendar while `/orte` is rendered every 50 ms (bench/calendar-import.ts).
 * On a server of its own in test mode: production refuses to fetch a calendar from a loopback address, and the
 * calendar comes from one here.
 */
async function measureSyncNow(dir: string, dbPath: string, cookie: string, organisationId: number): Promise<SyncNowProbe> {
  const { child, base, logPath } = startPortal(dir, dbPath, 'test', { CALENDAR_IMPORT_ALLOW_PRIVATE: '1' });
  try {
    await waitForHealth(base, child, logPath);
    await get(`${base}/orte`);
    return await probeSyncNow({ base, dbPath, cookie, organisationId, pagePath: '/orte', ttfb: async (url) => (await get(url)).ttfbMs });
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

/** 8. BENCH_BEFORE: the render times of this build and an earlier one side by side (bench/before-after.ts). */
async function measureBeforeAfter(dir: string, dbPath: string, summary: GeneratedSummary, checkout: string): Promise<void> {
  const beforeDb = join(dir, 'before.db');
  copyFileSync(dbPath, beforeDb);
  const noCache = { PAGE_CACHE: 'false' };
  const after = startPortal(dir, dbPath, 'production', noCache);
  const before = startPortal(dir, beforeDb, 'production', noCache, checkout);
  try {
    await waitForHealth(after.base, after.child, after.logPath);
    await waitForHealth(before.base, before.child, before.logPath);
    await Promise.all([waitUntilQuiet(after.child.pid!), waitUntilQuiet(before.child.pid!)]);
    const commit = execFileSync('git', ['-C', checkout, 'log', '-1', '--format=%h %cs'], { encoding: 'utf8' }).trim();
    const results = await compareRender({
      after: { pid: after.child.pid!, base: after.base },
      before: { pid: before.child.pid!, base: before.base },
      pages: [
        { label: 'Home page', path: '/' },
        { label: 'Quartier page', path: `/quartiere/${summary.sample.quartierSlug}` },
        { label: 'Calendar', path: '/veranstaltungen' },
        { label: 'Event page', path: summary.sample.eventPath },
        { label: 'Place page', path: `/orte/${summary.sample.placeSlug}` },
      ],
      get,
    });
    console.log(describeComparison(results, `${checkout} (${commit})`));
    console.log(
      `Load average at end: ${loadavg()
        .map((n) => round(n, 2))
        .join(' ')}`,
    );
  } finally {
    for (const { child } of [after, before]) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }
}

const syncNowLine = (p: SyncNowProbe): string =>
  `"Jetzt abgleichen" of ${p.events} events: answered in ${p.clickMs} ms, sync ${p.syncMs} ms (${p.outcome}, ${p.added} added); ` +
  `/orte rendered, TTFB idle median ${p.idle.medianMs} ms / max ${p.idle.maxMs} ms (${p.idle.samples}), ` +
  `during the sync median ${p.during.medianMs} ms / max ${p.during.maxMs} ms (${p.during.samples})`;

async function main(): Promise<void> {
  const benchStarted = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'quartier-bench-'));
  const dbPath = join(dir, 'bench.db');
  const log = (line: string): void => console.log(`bench: ${line}`);

  // --- 1. Dataset ------------------------------------------------------------------------------------------
  log(`generating the large dataset (scale ${scale}) …`);
  const genStarted = performance.now();
  const db = createDb(dbPath);
  migrateDb(db);
  const size = Object.fromEntries(Object.entries(defaultSize).map(([k, v]) => [k, Math.max(1, Math.round(v * scale))])) as unknown as typeof defaultSize;
  const summary: GeneratedSummary = await generateLargeDataset(db, { size });
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.exec('ANALYZE');
  const orgAdmin = db.$client.prepare('SELECT id FROM users WHERE email = ?').get(summary.sample.orgAdminEmail) as { id: number };
  const orgAdminOrganisation = db.$client
    .prepare("SELECT organisation_id FROM organisation_members WHERE user_id = ? AND role = 'admin' ORDER BY organisation_id")
    .pluck()
    .get(orgAdmin.id) as number;
  const sessionCookie = `${SESSION_COOKIE}=${createSession(db, orgAdmin.id).token}`;
  const admin = db.$client.prepare("SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1").get() as { id: number };
  const adminCookie = `${SESSION_COOKIE}=${createSession(db, admin.id).token}`;
  db.$client.close();
  const generateSeconds = round((performance.now() - genStarted) / 1000);
  log(`dataset ready in ${generateSeconds} s: ${JSON.stringify(summary.counts)}`);

  // --- 2. Build and start as in production --------------------------------------------------------------
  let buildSeconds: number | null = null;
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    log('building …');
    const started = performance.now();
    if (!build()) throw new Error('astro build failed');
    buildSeconds = round((performance.now() - started) / 1000);
  }
  if (only === 'calendar-import') {
    log(`calendar subscription: ${JSON.stringify(probeCalendarImport(dbPath))}`);
    log(syncNowLine(await measureSyncNow(dir, dbPath, sessionCookie, orgAdminOrganisation)));
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  if (process.env.BENCH_BEFORE) {
    await measureBeforeAfter(dir, dbPath, summary, resolve(process.env.BENCH_BEFORE));
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  const startedAt = performance.now();
  const { child, base, logPath } = startPortal(dir, dbPath, 'production');
  const results: Record<string, unknown> = {};
  try {
    await waitForHealth(base, child, logPath);
    const startSeconds = round((performance.now() - startedAt) / 1000);
    log(`server up in ${startSeconds} s (pid ${child.pid}); measuring ${seconds} s per route at ${connections} connections`);
    const rssAfterStartMb = rssMb(child.pid!);
    await get(`${base}/`);
    const quietAfterSeconds = await waitUntilQuiet(child.pid!);
    log(`server quiet after ${quietAfterSeconds} s (start-up jobs done)`);
    results.quietAfterSeconds = quietAfterSeconds;
    const rssIdleMb = rssMb(child.pid!);
    let rssPeakMb = rssIdleMb;
    /** The peak since the current step began (a route, the report, the feed rebuilds …). */
    let stepPeakMb = rssIdleMb;
    const rssTimer = setInterval(() => {
      const now = rssMb(child.pid!);
      rssPeakMb = Math.max(rssPeakMb, now);
      stepPeakMb = Math.max(stepPeakMb, now);
    }, 200);
    // The runs that end early (BENCH_ONLY) must not be kept alive by it.
    rssTimer.unref();
    const stepPeak = (): number => {
      const peak = Math.max(stepPeakMb, rssMb(child.pid!));
      stepPeakMb = 0;
      return peak;
    };

    // --- 3. Routes ---------------------------------------------------------------------------------------
    const today = DateTime.now().setZone('Europe/Berlin');
    const room = benchRoom(dbPath, summary);
    const routes: { key: string; label: string; path: string; page: boolean; headers?: Record<string, string> }[] = [
      { key: 'home', label: 'Home page', path: '/', page: true },
      { key: 'quartier', label: 'Quartier page', path: `/quartiere/${summary.sample.quartierSlug}`, page: true },
      { key: 'calendar', label: 'Calendar', path: '/veranstaltungen', page: true },
      { key: 'event', label: 'Event page', path: summary.sample.eventPath, page: true },
      { key: 'place', label: 'Place page', path: `/orte/${summary.sample.placeSlug}`, page: true },
      { key: 'rooms', label: 'Rooms overview (organisation)', path: '/raeume', page: true, headers: { cookie: sessionCookie } },
      ...(room
        ? [
            {
              key: 'roomWeek',
              label: 'Room week view (organisation)',
              path: `/raeume/${room.placeSlug}/${room.roomSlug}`,
              page: true,
              headers: { cookie: sessionCookie },
            },
          ]
        : []),
      { key: 'feedFull', label: 'Feed, all events', path: '/kalender.ics', page: false },
      {
        key: 'feedFiltered',
        label: 'Feed, filtered',
        path: `/kalender.ics?quartier=${summary.sample.quartierSlug}&kategorie=${summary.sample.categorySlug}`,
        page: false,
      },
      {
        key: 'eventsJson',
        label: 'Open data events.json (1 month)',
        path: `/api/events.json?from=${today.toISODate()}&to=${today.plus({ months: 1 }).toISODate()}`,
        page: false,
      },
      { key: 'placesJson', label: 'Open data places.json', path: '/api/places.json', page: false },
      { key: 'concerns', label: 'Concerns, public list', path: '/anliegen', page: true },
      { key: 'open311Requests', label: 'Open311 requests.json (last 90 days)', path: '/georeport/v2/requests.json', page: false },
      { key: 'offerSearch', label: 'Offer search (text, type, weekday)', path: '/angebote?q=beratung&art=beratung&tag=TU', page: true },
      { key: 'offerList', label: 'Offer search, first page', path: '/angebote', page: true },
      { key: 'offer', label: 'Offer page', path: summary.sample.offerPath, page: true },
      { key: 'offersJson', label: 'Open data angebote.json (HSDS 3)', path: '/api/angebote.json', page: false },
    ];
    // 7. Anonymous routes are the ones the page cache answers.
    const baseline = (): Promise<BaselineProbe> =>
      probeBaseline({ base, pid: child.pid!, routes: routes.filter((route) => !route.headers), seconds, connections, rssAfterStartMb, get });
    if (onlyBaseline) {
      console.log(describeBaseline(await baseline()));
      return;
    }
    const routeResults: RouteResult[] = [];
    const stepPeaksMb: Record<string, number> = {};
    stepPeak();
    for (const route of onlyReport ? [] : routes) {
      const url = `${base}${route.path}`;
      const headers = route.headers ?? {};
      const first = await get(url, headers);
      const result: RouteResult = { key: route.key, label: route.label, path: route.path, status: 'measured', httpStatus: first.status };
      routeResults.push(result);
      if (first.status === 404) {
        result.status = 'not yet built';
        log(`${route.label}: not yet built (404)`);
        continue;
      }
      if (first.status !== 200) {
        result.status = 'error';
        log(`${route.label}: HTTP ${first.status}`);
        continue;
      }
      result.firstRequestMs = round(first.totalMs);
      result.bytes = first.bytes;
      const render = await renderTimes(url, headers);
      result.renderMedianMs = render.median;
      result.renderP95Ms = render.p95;
      const ttfb = await ttfbUnderLoad(url, Math.max(1000, (seconds * 1000) / 2), headers);
      result.ttfbMedianMs = ttfb.median;
      result.ttfbP95Ms = ttfb.p95;
      const load = await autocannon({ url, connections, duration: seconds, headers });
      result.requestsPerSecond = round(load.requests.average);
      result.latencyMedianMs = load.latency.p50;
      result.latencyP97_5Ms = load.latency.p97_5;
      result.non2xx = load.non2xx;
      result.errors = load.errors;
      const etag = first.headers.etag;
      if (typeof etag === 'string') {
        const conditional = await get(url, { ...headers, 'if-none-match': etag });
        result.notModified = { status: conditional.status, ttfbMs: round(conditional.ttfbMs) };
      } else {
        result.notModified = 'no ETag';
      }
      if (route.page) {
        const js = await clientJsBytes(url, first.body);
        result.clientJsBytes = js.bytes;
        result.clientJsFiles = js.files;
      }
      result.rssPeakMb = stepPeak();
      log(
        `${route.label}: TTFB median ${result.ttfbMedianMs} ms, p95 ${result.ttfbP95Ms} ms, ${result.requestsPerSecond} req/s, ${result.bytes} bytes, RSS peak ${result.rssPeakMb} MB`,
      );
    }

    if (!onlyReport) {
      results.baseline = await baseline();
      log(describeBaseline(results.baseline as BaselineProbe));
      stepPeaksMb.baseline = stepPeak();
    }
    const report = await probeReport(base, dbPath, adminCookie, get);
    stepPeaksMb.report = stepPeak();
    log(`${describeReport(report)}; RSS peak ${stepPeaksMb.report} MB`);
    results.report = report;
    if (onlyReport) return;

    // --- 4. Booking end to end ----------------------------------------------------------------------------
    const feedAfterChange = await feedRegeneration(base, dbPath);
    stepPeaksMb.feedAfterChange = stepPeak();
    log(`full feed after one event changed: median ${feedAfterChange.median} ms over ${feedAfterChange.samples}; RSS peak ${stepPeaksMb.feedAfterChange} MB`);
    const booking: BookingProbe = await probeBooking(base, dbPath, summary, sessionCookie);
    stepPeaksMb.booking = stepPeak();
    log(`booking: ${booking.status}${booking.medianMs !== undefined ? `, median ${booking.medianMs} ms` : ''}`);
    const calendarImport = probeCalendarImport(dbPath);
    log(
      `calendar subscription of ${calendarImport.events} events: first import ${calendarImport.firstImportMs} ms, same file again ${calendarImport.secondRunMs} ms`,
    );

    clearInterval(rssTimer);
    const rssAfterMb = rssMb(child.pid!);
    results.routes = routeResults;
    results.booking = booking;
    results.calendarImport = calendarImport;
    results.feedAfterChange = feedAfterChange;
    results.memory = { rssIdleMb, rssPeakUnderLoadMb: rssPeakMb, rssAfterLoadMb: rssAfterMb, stepPeaksMb };
    results.startSeconds = startSeconds;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    agent.destroy();
    if (onlyReport || onlyBaseline) rmSync(dir, { recursive: true, force: true });
  }

  const syncNow = await measureSyncNow(dir, dbPath, sessionCookie, orgAdminOrganisation);
  log(syncNowLine(syncNow));
  results.syncNow = syncNow;

  const cpu = cpus();
  const output = {
    measuredAt: new Date().toISOString(),
    machine: {
      cpu: cpu[0]?.model ?? 'unknown',
      cores: cpu.length,
      memoryGb: round(totalmem() / 1024 ** 3),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      loadAverageAtEnd: loadavg().map((n) => round(n, 2)),
    },
    settings: { secondsPerRoute: seconds, connections, scale },
    dataset: { ...summary.counts, generateSeconds },
    buildSeconds,
    ...results,
    totalSeconds: round((performance.now() - benchStarted) / 1000),
  };
  writeFileSync(join(root, 'bench', 'results.json'), JSON.stringify(output, null, 2) + '\n');
  printTable(output as unknown as Printable);
  rmSync(dir, { recursive: true, force: true });
}

interface Printable {
  machine: { cpu: string; cores: number; memoryGb: number; node: string; loadAverageAtEnd: number[] };
  dataset: Record<string, number>;
  buildSeconds: number | null;
  startSeconds: number;
  routes: RouteResult[];
  booking: BookingProbe;
  calendarImport: CalendarImportProbe;
  report: ReportProbe;
  syncNow: SyncNowProbe;
  feedAfterChange: { median: number; p95: number; samples: number };
  memory: { rssIdleMb: number; rssPeakUnderLoadMb: number; rssAfterLoadMb: number; stepPeaksMb?: Record<string, number> };
  baseline: BaselineProbe;
  totalSeconds: number;
}

function printTable(r: Printable): void {
  const rows: string[][] = [['Route', 'TTFB median', 'TTFB p95', 'req/s', 'render median', 'first req', 'size', '304', 'client JS']];
  for (const route of r.routes) {
    if (route.status !== 'measured') {
      rows.push([route.label, route.status === 'error' ? `HTTP ${route.httpStatus}` : 'not yet built', '', '', '', '', '', '', '']);
      continue;
    }
    const nm = route.notModified;
    rows.push([
      route.label,
      `${route.ttfbMedianMs} ms`,
      `${route.ttfbP95Ms} ms`,
      String(route.requestsPerSecond),
      `${route.renderMedianMs} ms`,
      `${route.firstRequestMs} ms`,
      `${round((route.bytes ?? 0) / 1024)} KB`,
      nm === undefined ? '' : nm === 'no ETag' ? 'no ETag' : `${nm.status} in ${nm.ttfbMs} ms`,
      route.clientJsBytes === undefined ? '' : `${round(route.clientJsBytes / 1024)} KB`,
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]): string => row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ');
  console.log('');
  console.log(
    `Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGb} GB, Node ${r.machine.node}; load average at end ${r.machine.loadAverageAtEnd.join(' ')}`,
  );
  console.log(
    `Dataset: ${Object.entries(r.dataset)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  console.log(
    `Build ${r.buildSeconds ?? 'skipped'} s, server start ${r.startSeconds} s, RSS idle ${r.memory.rssIdleMb} MB, peak under load ${r.memory.rssPeakUnderLoadMb} MB`,
  );
  console.log('');
  console.log(line(rows[0]!));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of rows.slice(1)) console.log(line(row));
  console.log('');
  console.log(`Full feed rebuilt after one event changed: median ${r.feedAfterChange.median} ms, p95 ${r.feedAfterChange.p95} ms`);
  console.log(
    `Booking request end to end: ${r.booking.status}${r.booking.medianMs !== undefined ? ` – median ${r.booking.medianMs} ms, p95 ${r.booking.p95Ms} ms over ${r.booking.samples} requests` : ''}`,
  );
  console.log(
    `Calendar subscription of ${r.calendarImport.events} events: first import ${r.calendarImport.firstImportMs} ms, the same file again ${r.calendarImport.secondRunMs} ms (${r.calendarImport.changedOnSecondRun} changes)`,
  );
  console.log(describeBaseline(r.baseline));
  console.log(describeReport(r.report));
  console.log(syncNowLine(r.syncNow));
  console.log(`Total bench time ${r.totalSeconds} s; results in bench/results.json`);
}

await main();
