import { request } from 'node:https';
import { request as plainRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { like } from 'drizzle-orm';
import { createDb } from '../../db/client';
import { rateLimits } from '../../db/schema';
import { startServer, type RunningServer } from '../helpers/server';
import { createMember } from '../helpers/auth';
import { EXAMPLE_HOST, startNginx, type RunningNginx } from '../helpers/nginx';

/**
 * The portal behind real nginx with the site of deploy/nginx.conf and the settings its header asks for
 * (TRUSTED_PROXIES=127.0.0.1, PUBLIC_URL=https://…). Visitors are told apart by the loopback address they connect
 * from (127.0.0.x), as nginx would see them on the internet; a visitor's own X-Forwarded-For is sent along.
 */

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Visit {
  from: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

function collect(resolve: (answer: Answer) => void): (res: IncomingMessage) => void {
  return (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (body += chunk));
    res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
  };
}

/** A visit over https to nginx, from the given loopback address, with the example's host name (SNI and Host). */
function visit(nginx: RunningNginx, { from, path, method = 'GET', headers = {}, body }: Visit): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: nginx.httpsPort, servername: EXAMPLE_HOST, ca: nginx.certificate, localAddress: from, agent: false, method, path },
      collect(resolve),
    );
    req.setHeader('host', EXAMPLE_HOST);
    for (const [name, value] of Object.entries(headers)) req.setHeader(name, value);
    req.on('error', reject);
    req.end(body);
  });
}

function plainVisit(nginx: RunningNginx, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = plainRequest({ host: '127.0.0.1', port: nginx.httpPort, path, headers: { host: EXAMPLE_HOST }, agent: false }, collect(resolve));
    req.on('error', reject);
    req.end();
  });
}

const password = 'ein-gutes-passwort-42';
const origin = `https://${EXAMPLE_HOST}`;

function login(nginx: RunningNginx, from: string, email: string, secret: string, headers: Record<string, string> = {}): Promise<Answer> {
  return visit(nginx, {
    from,
    path: '/anmelden?_action=accounts.login',
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin, ...headers },
    body: new URLSearchParams({ email, password: secret }).toString(),
  });
}

function loginLimitKeys(dbPath: string): string[] {
  const db = createDb(dbPath);
  try {
    return db
      .select({ key: rateLimits.key })
      .from(rateLimits)
      .where(like(rateLimits.key, 'login:ip:%'))
      .all()
      .map((r) => r.key);
  } finally {
    db.$client.close();
  }
}

describe('behind nginx with deploy/nginx.conf', () => {
  let server: RunningServer;
  let nginx: RunningNginx;

  beforeAll(async () => {
    server = await startServer({ env: { TRUSTED_PROXIES: '127.0.0.1', PUBLIC_URL: origin } });
    await createMember(server.dbPath, 'ziel@example.org', password, 'Ziel Konto');
    nginx = await startNginx(server.port);
  });
  afterAll(async () => {
    await nginx?.stop();
    await server?.stop();
  });

  it('serves the portal over https with its own security headers and the request id nginx made', async () => {
    const home = await visit(nginx, { from: '127.0.0.5', path: '/' });
    expect(home.status).toBe(200);
    expect(home.body).toContain('<html');
    expect(home.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(home.headers['content-security-policy']).toContain("default-src 'self'");
    // nginx's $request_id reached the portal, which answered with it: one id in both logs. Both logs are written
    // after the answer went out, so the test waits for the lines rather than reading at once.
    const id = String(home.headers['x-request-id']);
    await expect.poll(() => nginx.accessLog(), { timeout: 5_000 }).toContain(`${id} 127.0.0.5 200`);
    await expect.poll(() => server.output(), { timeout: 5_000 }).toContain(id);
  });

  it('sends plain http to https, except the certificate renewals', async () => {
    const moved = await plainVisit(nginx, '/veranstaltungen?kategorie=kultur');
    expect(moved.status).toBe(301);
    expect(moved.headers.location).toBe(`https://${EXAMPLE_HOST}/veranstaltungen?kategorie=kultur`);
    // Where `certbot certonly --webroot -w <root>` puts its challenge.
    const challenges = join(nginx.acmeRoot, '.well-known', 'acme-challenge');
    mkdirSync(challenges, { recursive: true });
    writeFileSync(join(challenges, 'probe'), 'acme-token-for-the-test');
    const challenge = await plainVisit(nginx, '/.well-known/acme-challenge/probe');
    expect(challenge.status).toBe(200);
    expect(challenge.body).toBe('acme-token-for-the-test');
  });

  it('accepts form posts from the https site and refuses other sites', async () => {
    expect((await login(nginx, '127.0.0.7', 'ziel@example.org', password)).status).toBe(303);
    expect((await login(nginx, '127.0.0.7', 'ziel@example.org', password, { origin: 'https://evil.example' })).status).toBe(403);
  });

  it('counts each visitor by the address nginx saw: one cannot lock an account or the login for the others', async () => {
    // Visitor A guesses at the account, each time claiming another address in X-Forwarded-For.
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await login(nginx, '127.0.0.66', 'ziel@example.org', `falsch-${i}`, { 'x-forwarded-for': `10.9.${i}.1` })).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // The owner, from another address, logs in at once.
    expect((await login(nginx, '127.0.0.20', 'ziel@example.org', password)).status).toBe(303);
    // A then uses up the per-address limit with other accounts; the owner is not affected.
    let last = 0;
    for (let i = 0; i < 30; i++) last = (await login(nginx, '127.0.0.66', `niemand-${i}@example.org`, 'falsch-falsch')).status;
    expect(last).toBe(429);
    expect((await login(nginx, '127.0.0.21', 'ziel@example.org', password)).status).toBe(303);
    // The limits are kept under the addresses nginx saw, never under what a visitor claimed or nginx's own.
    const keys = loginLimitKeys(server.dbPath);
    expect(keys).toContain('login:ip:127.0.0.66');
    expect(keys).toContain('login:ip:127.0.0.20');
    expect(keys.some((k) => k.includes('10.9.') || k === 'login:ip:127.0.0.1')).toBe(false);
  });

  it('refuses a form post over 2 MB itself, before it crosses to the portal', async () => {
    const big = await visit(nginx, {
      from: '127.0.0.8',
      path: '/anmelden?_action=accounts.login',
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: Buffer.alloc(3 * 1024 * 1024, 'a'),
    });
    expect(big.status).toBe(413);
    // nginx writes the log line once it has finished with the connection, which for a refused body
    // can be a moment after the client has the answer.
    const refusedLine = () =>
      nginx
        .accessLog()
        .split('\n')
        .find((l) => l.endsWith(' 127.0.0.8 413'));
    await expect.poll(refusedLine, { timeout: 5_000 }).toBeDefined();
    const id = refusedLine()!.split(' ')[0]!;
    // Any answer the portal gives is in its request log by the next turn; this one never reached it.
    await new Promise((done) => setTimeout(done, 200));
    expect(server.output()).not.toContain(id);
  });
});
