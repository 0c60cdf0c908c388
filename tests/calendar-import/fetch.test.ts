/**
 * Fetching over real HTTP from a loopback server started here. The tests allow loopback explicitly
 * (`allowPrivateAddresses: true`, as CALENDAR_IMPORT_ALLOW_PRIVATE does); the production setting refuses it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchCalendar, isPrivateAddress, CalendarFetchError } from '../../src/lib/server/calendar-import/fetch';
import { runSubscription, syncLog } from '../../src/lib/server/calendar-import/subscriptions';
import { loadConfig } from '../../src/lib/server/config';
import { demoDb } from '../helpers/db';
import { fixture, subscribe } from './helpers';

let server: Server;
let base: string;
let bigBodyBytesSent = 0;
const hanging: ServerResponse[] = [];

function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? '/';
  if (path === '/kalender.ics') {
    if (req.headers['if-none-match'] === '"v1"') {
      res.writeHead(304).end();
      return;
    }
    res
      .writeHead(200, { 'content-type': 'text/calendar; charset=utf-8', etag: '"v1"', 'last-modified': 'Mon, 30 Nov 2026 12:00:00 GMT' })
      .end(fixture('google.ics'));
  } else if (path === '/termine') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><html><body><h1>Unsere Termine</h1></body></html>');
  } else if (path === '/gross.ics' || path === '/gross-ohne-laenge.ics') {
    // 50 MB announced (or not), sent in 64 KB pieces as long as the client reads.
    const total = 50 * 1024 * 1024;
    res.writeHead(200, { 'content-type': 'text/calendar', ...(path === '/gross.ics' ? { 'content-length': String(total) } : {}) });
    const piece = Buffer.alloc(64 * 1024, 'X');
    const push = (): void => {
      while (bigBodyBytesSent < total) {
        bigBodyBytesSent += piece.length;
        if (!res.write(piece)) return void res.once('drain', push);
      }
      res.end();
    };
    res.on('close', () => undefined);
    push();
  } else if (path === '/schweigt.ics') {
    hanging.push(res);
  } else if (path.startsWith('/kreis/')) {
    const n = Number(path.slice('/kreis/'.length));
    res.writeHead(302, { location: `/kreis/${(n + 1) % 2}` }).end();
  } else if (path === '/weiter') {
    res.writeHead(301, { location: '/kalender.ics' }).end();
  } else {
    res.writeHead(404).end();
  }
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const loopback = { allowPrivateAddresses: true };
const reason = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    return error instanceof CalendarFetchError ? error.key : `other: ${(error as Error).message}`;
  }
};

describe('fetching a subscribed calendar', () => {
  it('imports once, then asks with If-None-Match and gets 304: nothing to do', async () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const { db } = await demoDb(now);
    const id = subscribe(db, 'buergerverein-kray', `${base}/weiter`);
    expect(await runSubscription(db, id, loopback, () => now)).toMatchObject({ outcome: 'imported', added: 3 });
    expect(await runSubscription(db, id, loopback, () => now)).toMatchObject({ outcome: 'not_modified', added: 0 });
    expect(syncLog(db, id).map((run) => run.outcome)).toEqual(['not_modified', 'imported']);
  });

  it('refuses an HTML page as not a calendar, with a log entry', async () => {
    const { db } = await demoDb(new Date('2026-12-01T10:00:00Z'));
    const id = subscribe(db, 'buergerverein-kray', `${base}/termine`);
    expect(await runSubscription(db, id, loopback)).toMatchObject({ outcome: 'failed', errorKey: 'calendarImport.error.notCalendar' });
  });

  it('refuses a 50 MB file early, announced or not', async () => {
    bigBodyBytesSent = 0;
    expect(await reason(fetchCalendar(`${base}/gross.ics`, loopback))).toBe('calendarImport.error.tooLarge');
    expect(bigBodyBytesSent).toBeLessThan(10 * 1024 * 1024);
    bigBodyBytesSent = 0;
    expect(await reason(fetchCalendar(`${base}/gross-ohne-laenge.ics`, loopback))).toBe('calendarImport.error.tooLarge');
    expect(bigBodyBytesSent).toBeLessThan(10 * 1024 * 1024);
  });

  it('gives up on a server that never answers, and logs the timeout', async () => {
    const { db } = await demoDb(new Date('2026-12-01T10:00:00Z'));
    const id = subscribe(db, 'buergerverein-kray', `${base}/schweigt.ics`);
    const started = Date.now();
    expect(await runSubscription(db, id, { ...loopback, timeoutMs: 500 })).toMatchObject({ outcome: 'failed', errorKey: 'calendarImport.error.timeout' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('stops following a redirect loop', async () => {
    expect(await reason(fetchCalendar(`${base}/kreis/0`, loopback))).toBe('calendarImport.error.redirects');
  });

  it('refuses loopback in production mode, by address and by name, and after a redirect', async () => {
    const production = { allowPrivateAddresses: false };
    const port = new URL(base).port;
    expect(await reason(fetchCalendar(`https://127.0.0.1:${port}/kalender.ics`, production))).toBe('calendarImport.error.addressRefused');
    expect(await reason(fetchCalendar(`https://localhost:${port}/kalender.ics`, production))).toBe('calendarImport.error.addressRefused');
    expect(await reason(fetchCalendar(`https://[::1]:${port}/kalender.ics`, production))).toBe('calendarImport.error.addressRefused');
    // Plain http is only for tests and the demo city.
    expect(await reason(fetchCalendar(`${base}/kalender.ics`, production))).toBe('calendarImport.error.scheme');
    expect(await reason(fetchCalendar(`webcal://10.0.0.1/kalender.ics`, production))).toBe('calendarImport.error.addressRefused');
  });

  it.each([
    ['127.0.0.1', true],
    ['10.20.30.40', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.1.10', true],
    ['169.254.169.254', true],
    ['::1', true],
    ['fc00::1', true],
    ['fd12:3456::1', true],
    ['fe80::1', true],
    ['::ffff:127.0.0.1', true],
    ['8.8.8.8', false],
    ['2a00:1450:4001:82a::200e', false],
  ])('%s is private: %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });

  it('allows private addresses only outside production, and never there', () => {
    const production = { NODE_ENV: 'production', PUBLIC_URL: 'https://q.example', OPERATOR_NAME: 'x', OPERATOR_ADDRESS: 'x', OPERATOR_EMAIL: 'x@example.org' };
    expect(() => loadConfig({ ...production, CALENDAR_IMPORT_ALLOW_PRIVATE: '1' })).toThrow(/CALENDAR_IMPORT_ALLOW_PRIVATE/);
    expect(loadConfig(production).calendarImport.allowPrivateAddresses).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', CALENDAR_IMPORT_ALLOW_PRIVATE: '1' }).calendarImport).toEqual({ intervalMs: 3_600_000, allowPrivateAddresses: true });
    expect(loadConfig({ NODE_ENV: 'test', DEMO: '0' }).calendarImport.allowPrivateAddresses).toBe(false);
    expect(loadConfig({ CALENDAR_IMPORT_INTERVAL_SECONDS: '900' }).calendarImport.intervalMs).toBe(900_000);
  });
});
