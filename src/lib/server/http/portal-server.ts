/**
 * The running portal: checks the configuration, opens and migrates the database, seeds the demo city when the
 * database is empty (outside production), serves the built Astro handler behind the page cache, and runs the
 * background jobs. Problems end the process with one clear line and a non-zero exit code.
 *
 * This module is part of the build (dist/server/portal-server.mjs, see scripts/server-workers-plugin.ts), so the
 * server, its pages and its jobs share one copy of every module. Started from the sources through tsx, the jobs'
 * half of the domain was loaded a second time (tsx-compiled, with inline source maps) and every page's dynamic
 * import ran through tsx's resolver: about 100 MB of memory and a share of each request's time.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createDb, migrateDb, type DbConnection } from '../../../../db/client';
import { seedReferenceData } from '../../../../db/seed/reference';
import { ConfigError, loadConfig, type Config } from '../config';
import { startBackgroundJobs } from '../jobs';
import { baselineHeaders, frameAncestorsFor } from '../observability/security-headers';
import { logRequest, REQUEST_ID_HEADER, requestIdFrom } from '../observability/request-log';
import { PageCache, sqliteDataVersion } from './page-cache';
import { limitRequestBody } from './body-limit';
import { compressOnTheFly } from './compression';
import { localeCookie, resolveLocale } from '../../../i18n';

export type PortalHandler = (req: IncomingMessage, res: ServerResponse) => void;

function fail(message: string): never {
  console.error(`quartiersportal: ${message}`);
  process.exit(1);
}

async function prepareDatabase(config: Config): Promise<DbConnection> {
  let db: DbConnection;
  try {
    db = createDb(config.databasePath);
    migrateDb(db);
  } catch (error) {
    fail(`cannot open or migrate the database at ${config.databasePath}: ${(error as Error).message}`);
  }
  // The demo city (its texts, people and a year of events) is only loaded where it may be seeded, not in production.
  const demo = config.demo ? await import('../../../../db/seed/demo') : null;
  if (demo && demo.isEmpty(db)) {
    console.log('quartiersportal: empty database – seeding the demo city …');
    await demo.seedDemo(db);
  } else {
    seedReferenceData(db);
  }
  return db;
}

/** Starts the portal with the built Astro handler (it stops cleanly on SIGTERM and SIGINT). */
export async function startPortalServer(handler: PortalHandler): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(`configuration error: ${error.message}`);
    throw error;
  }
  const db = await prepareDatabase(config);

  // Static files bypass the middleware; they get the baseline security headers here (pages override the CSP).
  const https = config.publicUrl.startsWith('https:');
  const securityHeaders = baselineHeaders(https);
  // The embeddable calendar may be framed (see security-headers.ts); this also holds for its answers from the page cache.
  const embedSecurityHeaders = baselineHeaders(https, frameAncestorsFor('/einbetten/kalender', config.embedFrameAncestors));
  /**
   * Set on every answer that is made here or by the renderer. An answer from the page cache carries the ones it was
   * kept with; setting them on it first would make Node merge each of its headers one by one.
   */
  const setSecurityHeaders = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?', 1)[0]!;
    const headers = frameAncestorsFor(path, config.embedFrameAncestors) === "'none'" ? securityHeaders : embedSecurityHeaders;
    for (const [name, value] of headers) res.setHeader(name, value);
  };
  const pageCache = config.pageCache ? new PageCache({ dataVersion: sqliteDataVersion(db.$client), localeOf: resolveLocale, localeCookie }) : null;
  const requestIdOf = (req: IncomingMessage): string => {
    const incoming = req.headers[REQUEST_ID_HEADER];
    return requestIdFrom(typeof incoming === 'string' ? incoming : null);
  };
  // Answers made here never reach the Astro middleware, so they are logged here in the same format.
  const logHere = (req: IncomingMessage, status: number, started: number, id: string): void => {
    logRequest({ id, method: req.method ?? 'GET', url: req.url ?? '/', status, durationMs: performance.now() - started, userId: null });
  };
  const serve = (req: IncomingMessage, res: ServerResponse, started: number): void => {
    if (!pageCache) {
      setSecurityHeaders(req, res);
      compressOnTheFly(req, res);
      return handler(req, res);
    }
    let requestId = '';
    const fromCache = pageCache.serve(
      req,
      res,
      (heldBack) => {
        setSecurityHeaders(req, res);
        // An answer the page cache holds back is compressed by it; every other one (logged in, forms) here.
        if (!heldBack) compressOnTheFly(req, res);
        handler(req, res);
      },
      () => (requestId = requestIdOf(req)),
    );
    if (fromCache) logHere(req, res.statusCode, started, requestId);
  };
  const server = createServer((req, res) => {
    const started = performance.now();
    // Too big a body is refused before the Astro handler (or anything else) reads it.
    limitRequestBody(req, res, () => serve(req, res, started), {
      onRefused: () => {
        setSecurityHeaders(req, res);
        logHere(req, 413, started, requestIdOf(req));
      },
    });
  });
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') fail(`port ${config.port} on ${config.host} is already in use (set PORT to another port).`);
    if (error.code === 'EACCES') fail(`no permission to listen on port ${config.port} (choose a port above 1023).`);
    fail(`cannot listen on ${config.host}:${config.port}: ${error.message}`);
  });
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    console.log(`quartiersportal: listening on http://${config.host}:${port} (database ${config.databasePath})`);
  });
  // In the build, the calendar sync's worker URL already points at the bundled worker.
  const jobs = startBackgroundJobs(db, config);

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`quartiersportal: ${signal} received, finishing open requests …`);
    server.close(() => {
      // Jobs finish what they are doing (a mail being sent, a series being expanded) before the database closes.
      jobs
        .stop()
        .then(() => {
          db.$client.close();
          console.log('quartiersportal: stopped cleanly');
          process.exit(0);
        })
        .catch((error: unknown) => fail(`could not stop the background jobs: ${(error as Error).message}`));
    });
    server.closeIdleConnections();
    setTimeout(() => {
      server.closeAllConnections();
    }, 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
