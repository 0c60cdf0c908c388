import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyLimitFor, DEFAULT_BODY_LIMIT } from '../../src/lib/server/http/body-limit';
import { startServer, type RunningServer } from '../helpers/server';
import { postAction } from '../helpers/http';

/** Resident memory of the server process in MB (Linux /proc). */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!;
  return Number(/(\d+)/.exec(line)![1]) / 1024;
}

/**
 * Sends a big multipart body in 1 MB chunks, as an anonymous visitor would, and resolves with the status as soon
 * as the server answers (the server may close the connection before the body is through).
 */
function sendBig(server: RunningServer, megabytes: number, withLength: boolean): Promise<number> {
  const boundary = '----quartier-test';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="email"\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const chunk = Buffer.alloc(1024 * 1024, 'a');
  const total = head.length + megabytes * chunk.length + tail.length;
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}/?_action=accounts.login`, {
      method: 'POST',
      headers: {
        origin: server.url,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        ...(withLength ? { 'content-length': String(total) } : { 'transfer-encoding': 'chunked' }),
      },
    });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    let sent = 0;
    const write = (): void => {
      while (!answered && sent < megabytes) {
        sent += 1;
        if (!req.write(chunk)) {
          req.once('drain', write);
          return;
        }
      }
      if (!answered) req.end(tail);
    };
    req.write(head);
    write();
  });
}

describe('request body limit', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
    // Warm up: the first requests load code and fill caches, which is not what is measured here.
    for (let i = 0; i < 3; i++) await postAction(server, '/', 'accounts.login', { email: 'x@example.org', password: 'falsch' });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('gives forms a few MB by default; a route that takes uploads can be given more', () => {
    expect(DEFAULT_BODY_LIMIT).toBeGreaterThanOrEqual(1024 * 1024);
    expect(DEFAULT_BODY_LIMIT).toBeLessThanOrEqual(5 * 1024 * 1024);
    expect(bodyLimitFor('/anmelden')).toBe(DEFAULT_BODY_LIMIT);
    const rules = [{ path: /^\/anliegen\/neu$/, bytes: 20 * 1024 * 1024 }];
    expect(bodyLimitFor('/anliegen/neu', rules)).toBe(20 * 1024 * 1024);
    expect(bodyLimitFor('/anliegen/neu/x', rules)).toBe(DEFAULT_BODY_LIMIT);
  });

  it('answers a 60 MB anonymous post with 413 before reading it, with or without Content-Length', async () => {
    const before = rssMb(server.process.pid!);
    expect(await sendBig(server, 60, true)).toBe(413);
    expect(await sendBig(server, 60, false)).toBe(413);
    const after = rssMb(server.process.pid!);
    expect(after - before, `RSS grew from ${before.toFixed(0)} MB to ${after.toFixed(0)} MB`).toBeLessThan(50);
    // The server still answers normally afterwards.
    const ok = await postAction(server, '/anmelden', 'accounts.login', { email: 'x@example.org', password: 'falsch-falsch' });
    expect(ok.status).toBe(401);
  });

  it('still takes a normal form post without Content-Length (chunked)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/anmelden?_action=accounts.login`, {
        method: 'POST',
        headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('email=x%40example.org&');
      req.end('password=falsch-falsch');
    });
    expect(status).toBe(401);
  });
});
