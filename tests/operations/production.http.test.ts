/**
 * Production mode as an operator runs it: refuses to start without the operator's details, creates no demo
 * data, sends security headers and request ids, logs one JSON line per request, and stops cleanly.
 */
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createDb } from '../../db/client';
import { runStartExpectingExit, startServer, type RunningServer } from '../helpers/server';

export const productionEnv = {
  NODE_ENV: 'production',
  OPERATOR_NAME: 'Stadt Essen, Amt für Stadterneuerung und Bodenmanagement',
  OPERATOR_ADDRESS: 'Lindenallee 10, 45127 Essen',
  OPERATOR_EMAIL: 'quartiere@essen.example',
};

describe('production mode', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { ...productionEnv, PUBLIC_URL: 'https://quartiere.essen.example' }, timeoutMs: 90_000 });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.each([
    [{ PUBLIC_URL: 'https://q.example.org', OPERATOR_NAME: '' }, /OPERATOR_NAME must be set in production/],
    [{ PUBLIC_URL: 'https://q.example.org', OPERATOR_ADDRESS: '', OPERATOR_EMAIL: '' }, /OPERATOR_ADDRESS, OPERATOR_EMAIL must be set/],
  ])('refuses to start with %o and says why in one line', async (env, message) => {
    const { code, output } = await runStartExpectingExit({ ...productionEnv, PORT: '0', ...env });
    expect(code).not.toBe(0);
    expect(output).toMatch(message);
    expect(output).not.toMatch(/listening on/);
  });

  it('creates no demo accounts or demo city, only the reference data', () => {
    const db = createDb(server.dbPath);
    try {
      const count = (table: string): number => db.get<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table}`)).n;
      expect(count('users')).toBe(0);
      expect(count('quartiere')).toBe(0);
      expect(count('events')).toBe(0);
      expect(count('categories')).toBeGreaterThan(0);
    } finally {
      db.$client.close();
    }
    expect(server.output()).not.toMatch(/seeding the demo city/);
  });

  it('shows the configured operator in the Impressum', async () => {
    const html = await (await fetch(`${server.url}/impressum`)).text();
    expect(html).toContain(productionEnv.OPERATOR_NAME);
    expect(html).toContain(productionEnv.OPERATOR_ADDRESS);
  });

  it('sends a strict Content-Security-Policy and the other security headers on pages', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it('sends the security headers on every answer: rendered, from the page cache, 304, a static file, 413', async () => {
    const expectSecurityHeaders = (response: Response, what: string): void => {
      expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
      expect(response.headers.get('x-frame-options'), what).toBe('DENY');
      expect(response.headers.get('referrer-policy'), what).toBe('strict-origin-when-cross-origin');
      expect(response.headers.get('strict-transport-security'), what).toMatch(/max-age=\d+/);
      expect(response.headers.get('content-security-policy'), what).toMatch(/frame-ancestors 'none'/);
    };
    const path = '/orte';
    const rendered = await fetch(`${server.url}${path}`);
    expectSecurityHeaders(rendered, 'rendered');
    const etag = rendered.headers.get('etag') ?? '';
    await rendered.text();
    const cached = await fetch(`${server.url}${path}`);
    expect(await cached.text()).toContain('<html');
    expectSecurityHeaders(cached, 'from the page cache');
    const unchanged = await fetch(`${server.url}${path}`, { headers: { 'if-none-match': etag } });
    expect(unchanged.status).toBe(304);
    expectSecurityHeaders(unchanged, '304');
    expect(unchanged.headers.get('content-type')).toBeNull();
    expectSecurityHeaders(await fetch(`${server.url}/favicon.svg`), 'static file');
    const tooBig = await fetch(`${server.url}/?_action=accounts.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
      body: 'x'.repeat(3 * 1024 * 1024),
    });
    expect(tooBig.status).toBe(413);
    expectSecurityHeaders(tooBig, '413');
  });

  it("lists only the hashes of the page's own inline styles and scripts, not those of the whole build", async () => {
    for (const path of ['/', '/anmelden', '/veranstaltungen']) {
      const response = await fetch(`${server.url}${path}`);
      const html = await response.text();
      const csp = response.headers.get('content-security-policy') ?? '';
      const listed = new Set(csp.match(/'sha256-[^']+'/g) ?? []);
      const inline = new Set(
        [...html.matchAll(/<(script|style)\b[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => `'sha256-${createHash('sha256').update(m[2]!).digest('base64')}'`),
      );
      expect(
        [...listed].every((source) => inline.has(source)),
        path,
      ).toBe(true);
      expect([...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)].length, path).toBeGreaterThan(0);
      for (const m of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)) {
        expect(listed.has(`'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`), path).toBe(true);
      }
      expect(csp.length, path).toBeLessThan(1_000);
    }
  });

  it('sends the strictest policy on non-page responses and static files', async () => {
    for (const path of ['/healthz', '/favicon.svg']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-security-policy'), path).toMatch(/^default-src 'none'/);
    }
    const notFound = await fetch(`${server.url}/gibt-es-nicht`);
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
  });

  it('answers with a request id and logs one JSON line per request under that id', async () => {
    const response = await fetch(`${server.url}/impressum?quartier=kray`, { headers: { 'x-request-id': 'proxy-req-4711' } });
    expect(response.headers.get('x-request-id')).toBe('proxy-req-4711');
    const own = await fetch(`${server.url}/healthz`);
    const ownId = own.headers.get('x-request-id') ?? '';
    expect(ownId).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => server.output()).toContain(ownId);
    const lines = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'request', requestId: 'proxy-req-4711', method: 'GET', path: '/impressum?quartier=kray', status: 200 }),
    );
    expect(lines.find((l) => l.requestId === ownId)).toMatchObject({ path: '/healthz', level: 'info' });
  });

  it('finishes a request that is under way when SIGTERM arrives, then exits with code 0', async () => {
    // A request whose body is still arriving is in progress for the server, so shutdown must wait for it.
    const socket = connect(server.port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    const closed = new Promise<void>((resolveClosed) => socket.on('close', () => resolveClosed()));
    await new Promise<void>((resolveConnect) => socket.once('connect', () => resolveConnect()));
    socket.write(
      `POST /sprache HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: http://127.0.0.1:${server.port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 16\r\nConnection: close\r\n\r\nlang=en&`,
    );
    await new Promise((r) => setTimeout(r, 1000));
    const code = server.stop('SIGTERM');
    await expect.poll(() => server.output()).toMatch(/SIGTERM received/);
    socket.end('back=%2F');
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 (200|30\d|40\d)/);
    expect(await code).toBe(0);
    expect(server.output()).toMatch(/stopped cleanly/);
  });
});
