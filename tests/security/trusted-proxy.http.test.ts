import { createServer, request, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { like } from 'drizzle-orm';
import { createDb } from '../../db/client';
import { rateLimits } from '../../db/schema';
import { resolveClient } from '../../src/lib/server/http/client';
import { ConfigError, loadConfig } from '../../src/lib/server/config';
import { startServer, type RunningServer } from '../helpers/server';
import { createMember } from '../helpers/auth';

/**
 * The trust rules behind any reverse proxy (real nginx with deploy/nginx.conf: nginx-proxy.http.test.ts). Here a
 * small Node proxy stands in for one whose visitors come from anywhere on the internet: it adds the
 * headers nginx adds (`X-Forwarded-For: $proxy_add_x_forwarded_for`, `X-Forwarded-Proto: $scheme`,
 * `Host: $host`). Which visitor it is, is said to the proxy in `x-test-client` (nginx would see it as the
 * connection's address); anything the visitor puts into X-Forwarded-For itself is kept in front, as nginx does.
 */
function startProxy(target: RunningServer, scheme: 'http' | 'https'): Promise<{ url: string; close(): Promise<void> }> {
  const proxy: Server = createServer((req, res) => {
    const client = String(req.headers['x-test-client'] ?? '198.51.100.1');
    const headers = { ...req.headers };
    delete headers['x-test-client'];
    const incoming = req.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = incoming ? `${String(incoming)}, ${client}` : client;
    headers['x-forwarded-proto'] = scheme;
    headers.host = 'portal.example';
    const upstream = request(`${target.url}${req.url ?? '/'}`, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) => {
    proxy.listen(0, '127.0.0.1', () => {
      const address = proxy.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => proxy.close(() => done())) });
    });
  });
}

function login(proxyUrl: string, client: string, email: string, password: string, extra: Record<string, string> = {}): Promise<Response> {
  return fetch(`${proxyUrl}/anmelden?_action=accounts.login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://portal.example', 'x-test-client': client, ...extra },
    body: new URLSearchParams({ email, password }).toString(),
  });
}

function limitKeys(dbPath: string, prefix: string): string[] {
  const db = createDb(dbPath);
  try {
    return db
      .select({ key: rateLimits.key })
      .from(rateLimits)
      .where(like(rateLimits.key, `${prefix}%`))
      .all()
      .map((r) => r.key);
  } finally {
    db.$client.close();
  }
}

const password = 'ein-gutes-passwort-42';

/** A server with one member, behind the TLS proxy, for the tests of one describe block. */
function behindProxy(env: Record<string, string>): { readonly server: RunningServer; readonly proxy: { url: string } } {
  let server: RunningServer | undefined;
  let proxy: { url: string; close(): Promise<void> } | undefined;
  beforeAll(async () => {
    server = await startServer({ env });
    await createMember(server.dbPath, 'ziel@example.org', password, 'Ziel Konto');
    proxy = await startProxy(server, 'https');
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.stop();
  });
  return {
    get server() {
      return server!;
    },
    get proxy() {
      return proxy!;
    },
  };
}

describe('client address and protocol behind a proxy', () => {
  it('trusts forwarded headers only from the configured proxies, and takes the nearest untrusted address', () => {
    const trusted = ['127.0.0.1', '10.0.0.0/8'];
    const headers = (xff?: string, proto?: string): Headers => {
      const h = new Headers();
      if (xff) h.set('x-forwarded-for', xff);
      if (proto) h.set('x-forwarded-proto', proto);
      return h;
    };
    expect(resolveClient([], '127.0.0.1', headers('203.0.113.9', 'https'))).toEqual({ address: '127.0.0.1', protocol: 'http' });
    expect(resolveClient(trusted, '127.0.0.1', headers('203.0.113.9', 'https'))).toEqual({ address: '203.0.113.9', protocol: 'https' });
    expect(resolveClient(trusted, '::ffff:127.0.0.1', headers('203.0.113.9'))).toEqual({ address: '203.0.113.9', protocol: 'http' });
    // A visitor's own X-Forwarded-For stays in front of what the proxies add; it is not believed.
    expect(resolveClient(trusted, '127.0.0.1', headers('6.6.6.6, 203.0.113.9, 10.1.2.3')).address).toBe('203.0.113.9');
    // Not from a trusted proxy: the headers are ignored.
    expect(resolveClient(trusted, '192.0.2.44', headers('203.0.113.9', 'https'))).toEqual({ address: '192.0.2.44', protocol: 'http' });
    expect(resolveClient(trusted, '127.0.0.1', headers('not-an-address', 'gopher'))).toEqual({ address: '127.0.0.1', protocol: 'http' });
  });

  it('is off by default and takes addresses and ranges; anything else stops the start', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ TRUSTED_PROXIES: '127.0.0.1, ::1 10.0.0.0/8' }).trustedProxies).toEqual(['127.0.0.1', '::1', '10.0.0.0/8']);
    for (const bad of ['localhost', '10.0.0.0/33', '1.2.3.4/8/1', 'true']) expect(() => loadConfig({ TRUSTED_PROXIES: bad }), bad).toThrow(ConfigError);
  });

  describe('with TRUSTED_PROXIES=127.0.0.1 behind a TLS proxy', () => {
    const portal = behindProxy({ TRUSTED_PROXIES: '127.0.0.1' });

    it('accepts form posts from the https origin the proxy serves, and still refuses other sites', async () => {
      const ok = await login(portal.proxy.url, '198.51.100.7', 'ziel@example.org', password);
      expect(ok.status).toBe(303);
      const foreign = await fetch(`${portal.proxy.url}/anmelden?_action=accounts.login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
        body: new URLSearchParams({ email: 'ziel@example.org', password }).toString(),
      });
      expect(foreign.status).toBe(403);
    });

    it('counts each real visitor on their own: one cannot lock an account or the login for the others', async () => {
      // Visitor A guesses at the account, each time with another made-up X-Forwarded-For.
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++)
        statuses.push((await login(portal.proxy.url, '203.0.113.66', 'ziel@example.org', `falsch-${i}`, { 'x-forwarded-for': `10.9.${i}.1` })).status);
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
      // The owner, from another address, logs in at once.
      expect((await login(portal.proxy.url, '198.51.100.20', 'ziel@example.org', password)).status).toBe(303);
      // A then uses up the per-address limit with other accounts; B is not affected.
      let last = 0;
      for (let i = 0; i < 30; i++) last = (await login(portal.proxy.url, '203.0.113.66', `niemand-${i}@example.org`, 'falsch-falsch')).status;
      expect(last).toBe(429);
      expect((await login(portal.proxy.url, '198.51.100.21', 'ziel@example.org', password)).status).toBe(303);
      // The limits are kept under the real addresses, never under what a visitor claimed.
      const keys = limitKeys(portal.server.dbPath, 'login:ip:');
      expect(keys).toContain('login:ip:203.0.113.66');
      expect(keys).toContain('login:ip:198.51.100.20');
      expect(keys.some((k) => k.includes('10.9.') || k.includes('127.0.0.1'))).toBe(false);
    });
  });

  describe('without TRUSTED_PROXIES (the default)', () => {
    const portal = behindProxy({});

    it('ignores X-Forwarded-For and X-Forwarded-Proto', async () => {
      // The https origin is not believed: the server itself speaks http to portal.example.
      expect((await login(portal.proxy.url, '198.51.100.7', 'ziel@example.org', password)).status).toBe(403);
      const plain = await fetch(`${portal.proxy.url}/anmelden?_action=accounts.login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://portal.example', 'x-test-client': '203.0.113.5' },
        body: new URLSearchParams({ email: 'ziel@example.org', password: 'falsch-falsch' }).toString(),
      });
      expect(plain.status).toBe(401);
      expect(limitKeys(portal.server.dbPath, 'login:ip:')).toEqual(['login:ip:127.0.0.1']);
    });
  });
});
