import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookieFor } from '../helpers/auth';
import { startServer, type RunningServer } from '../helpers/server';

/**
 * Validators and gzip on the built server with its page cache: every cacheable page can be revalidated (304),
 * the very first anonymous answer is already compressed, and pages for people who are logged in are compressed
 * while they stream. Raw node:http, because fetch() unpacks gzip and hides whether it was sent.
 */
interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

let server: RunningServer;

function raw(path: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    request(`${server.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

describe('validators on every cacheable page', () => {
  for (const path of ['/', '/impressum', '/orte', '/mitmachen', '/veranstaltungen', '/kalender.ics', '/api/places.json']) {
    it(`${path} sends a validator and answers a matching If-None-Match with 304`, async () => {
      const first = await raw(path);
      expect(first.status).toBe(200);
      const etag = first.headers.etag;
      expect(typeof etag).toBe('string');
      const again = await raw(path, { 'If-None-Match': etag as string });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.headers.etag).toBe(etag);
      expect((await raw(path, { 'If-None-Match': '"something-else"' })).status).toBe(200);
    });
  }

  it('answers If-Modified-Since with 304 where the page names its last change', async () => {
    const first = await raw('/kalender.ics');
    const lastModified = first.headers['last-modified'] as string;
    expect(lastModified).toBeTruthy();
    expect((await raw('/kalender.ics', { 'If-Modified-Since': lastModified })).status).toBe(304);
  });
});

describe('gzip', () => {
  it('compresses the first anonymous answer of a page, and it unpacks to what an identity client gets', async () => {
    // A query the page reads, used by no other test: this request fills the cache entry.
    const path = '/veranstaltungen?ansicht=liste&kostenlos=1';
    const first = await raw(path, { 'Accept-Encoding': 'gzip, br' });
    expect(first.status).toBe(200);
    expect(first.headers['content-encoding']).toBe('gzip');
    expect(String(first.headers.vary)).toContain('Accept-Encoding');
    const plain = await raw(path);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gunzipSync(first.body).equals(plain.body)).toBe(true);
    expect(plain.body.toString('utf8')).toContain('</html>');
  });

  it('compresses the first answer of the full feed as well', async () => {
    const path = '/kalender.ics?quartier=kray';
    const first = await raw(path, { 'Accept-Encoding': 'gzip' });
    expect(first.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(first.body).toString('utf8')).toMatch(/^BEGIN:VCALENDAR/);
  });

  it('compresses pages for people who are logged in, which are never kept, and only when the client accepts gzip', async () => {
    const cookie = sessionCookieFor(server.dbPath, 'bewohnerin@example.org');
    const packed = await raw('/veranstaltungen', { Cookie: cookie, 'Accept-Encoding': 'gzip' });
    expect(packed.status).toBe(200);
    expect(packed.headers['content-encoding']).toBe('gzip');
    expect(String(packed.headers.vary)).toContain('Accept-Encoding');
    const html = gunzipSync(packed.body).toString('utf8');
    expect(html).toContain('</html>');
    expect(html).not.toContain('href="/anmelden"');
    const plain = await raw('/veranstaltungen', { Cookie: cookie });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString('utf8')).toContain('</html>');
    const refused = await raw('/veranstaltungen', { Cookie: cookie, 'Accept-Encoding': 'gzip;q=0, identity' });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('sends no body and no encoding for HEAD', async () => {
    const cookie = sessionCookieFor(server.dbPath, 'bewohnerin@example.org');
    const head = await new Promise<{ encoding: unknown; status: number }>((resolve, reject) => {
      request(`${server.url}/veranstaltungen`, { method: 'HEAD', headers: { Cookie: cookie, 'Accept-Encoding': 'gzip' } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], status: res.statusCode ?? 0 }));
      })
        .on('error', reject)
        .end();
    });
    expect(head.status).toBe(200);
    expect(head.encoding).toBeUndefined();
  });
});
