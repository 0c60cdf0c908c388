import type { Server, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PageCache, sqliteDataVersion } from '../../src/lib/server/http/page-cache';
import { localeCookie, resolveLocale } from '../../src/i18n';
import { freshDb } from '../helpers/db';
import { startCacheServer } from '../helpers/page-cache';

/**
 * The page cache in front of a stand-in renderer on a real HTTP server and a real SQLite file: what is kept,
 * for whom, and when a kept answer must no longer be used.
 */
describe('page cache', () => {
  const { db, path } = freshDb();
  let clock = Date.UTC(2026, 11, 1, 9, 0, 10);
  let renders = 0;
  let respond: (res: ServerResponse, url: string) => void;
  const cache = new PageCache({
    dataVersion: sqliteDataVersion(db.$client),
    localeOf: resolveLocale,
    localeCookie,
    maxBytes: 400_000,
    now: () => clock,
  });
  let server: Server;
  let base = '';

  const defaultRenderer = (res: ServerResponse, url: string): void => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('ETag', '"v1"');
    res.writeHead(200);
    res.write(`<p>render ${renders} of ${url}</p>`);
    res.end('x'.repeat(2000));
  };

  beforeAll(async () => {
    ({ server, base } = await startCacheServer(cache, (req, res) => {
      renders += 1;
      respond(res, req.url ?? '');
    }));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    db.$client.close();
  });
  afterEach(() => {
    respond = defaultRenderer;
    clock += 60_000; // every test starts in a fresh minute, so nothing kept leaks into the next
  });
  respond = defaultRenderer;

  it('renders a public page once and answers the next anonymous visitors from memory', async () => {
    const before = renders;
    const first = await fetch(`${base}/veranstaltungen?kategorie=cafe`);
    const second = await fetch(`${base}/veranstaltungen?kategorie=cafe`);
    expect(await second.text()).toBe(await first.text());
    expect(renders - before).toBe(1);
    expect(second.headers.get('x-request-id')).toBe('test-request-id');
    expect(second.headers.get('etag')).toBe('"v1"');
    // Another query is another page.
    await fetch(`${base}/veranstaltungen?kategorie=kultur`);
    expect(renders - before).toBe(2);
  });

  it('renders again after any commit to the database, also from another connection', async () => {
    await fetch(`${base}/orte`);
    const before = renders;
    const other = new Database(path);
    other.prepare("INSERT INTO categories (slug, name) VALUES ('neu', 'Neu')").run();
    other.close();
    await fetch(`${base}/orte`);
    expect(renders - before).toBe(1);
    db.$client.prepare("UPDATE categories SET name = 'Neu!' WHERE slug = 'neu'").run();
    await fetch(`${base}/orte`);
    expect(renders - before).toBe(2);
    await fetch(`${base}/orte`);
    expect(renders - before).toBe(2);
  });

  it('renders again when the minute turns, because pages say "open now" and "today"', async () => {
    await fetch(`${base}/quartiere/kray`);
    const before = renders;
    await fetch(`${base}/quartiere/kray`);
    expect(renders).toBe(before);
    clock += 60_000;
    await fetch(`${base}/quartiere/kray`);
    expect(renders).toBe(before + 1);
  });

  it('never keeps or serves pages for people who are logged in, nor back-office or form pages', async () => {
    await fetch(`${base}/`);
    const before = renders;
    await fetch(`${base}/`, { headers: { Cookie: 'session=abc' } });
    await fetch(`${base}/`, { headers: { Cookie: 'session=abc' } });
    await fetch(`${base}/verwaltung`);
    await fetch(`${base}/verwaltung`);
    await fetch(`${base}/veranstaltungen/vorschlagen`);
    await fetch(`${base}/veranstaltungen/vorschlagen`);
    await fetch(`${base}/`, { method: 'POST', body: 'a=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(renders - before).toBe(7);
  });

  it('keeps German and English apart, by language cookie and by Accept-Language', async () => {
    respond = (res, url) => {
      res.setHeader('Content-Type', 'text/html');
      res.end(`${url} rendered ${renders}`);
    };
    const german = await (await fetch(`${base}/impressum`, { headers: { 'Accept-Language': 'de-DE' } })).text();
    const english = await (await fetch(`${base}/impressum`, { headers: { Cookie: `${localeCookie}=en` } })).text();
    expect(english).not.toBe(german);
    expect(await (await fetch(`${base}/impressum`, { headers: { 'Accept-Language': 'en-GB,en;q=0.9' } })).text()).toBe(english);
    expect(await (await fetch(`${base}/impressum`)).text()).toBe(german);
  });

  it('does not keep answers that are not 200, set a cookie, or say private or no-store', async () => {
    const variants: ((res: ServerResponse) => void)[] = [
      (res) => {
        res.statusCode = 404;
        res.end('nicht gefunden');
      },
      (res) => {
        res.setHeader('Set-Cookie', 'lang=en');
        res.end('mit Cookie');
      },
      (res) => {
        res.setHeader('Cache-Control', 'private, no-store');
        res.end('privat');
      },
    ];
    for (const variant of variants) {
      respond = variant;
      const before = renders;
      await fetch(`${base}/abonnieren`);
      await fetch(`${base}/abonnieren`);
      expect(renders - before).toBe(2);
    }
  });

  it('answers a matching If-None-Match with 304, and sends the kept page gzip-compressed when asked', async () => {
    const plain = await (await fetch(`${base}/kalender.ics`)).text();
    const notModified = await fetch(`${base}/kalender.ics`, { headers: { 'If-None-Match': '"v1"' } });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('etag')).toBe('"v1"');
    const raw = await new Promise<{ encoding: string | undefined; vary: string | undefined; body: Buffer }>((resolve, reject) => {
      import('node:http')
        .then(({ get }) =>
          get(`${base}/kalender.ics`, { headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => resolve({ encoding: res.headers['content-encoding'], vary: res.headers.vary, body: Buffer.concat(chunks) }));
          }).on('error', reject),
        )
        .catch(reject);
    });
    expect(raw.encoding).toBe('gzip');
    expect(raw.vary).toContain('Accept-Encoding');
    expect(gunzipSync(raw.body).toString('utf8')).toBe(plain);
  });

  it('gives a page without its own validator one from its bytes, and answers a match with 304 also after rendering again', async () => {
    respond = (res) => {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end('<p>Startseite</p>'.repeat(200));
    };
    const first = await fetch(`${base}/mitmachen`);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"/);
    clock += 60_000; // the kept page is gone; the renderer makes the same bytes again
    const before = renders;
    const again = await fetch(`${base}/mitmachen`, { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
    expect(renders - before).toBe(1);
    respond = (res) => {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end('<p>Neue Startseite</p>'.repeat(200));
    };
    clock += 60_000;
    expect((await fetch(`${base}/mitmachen`, { headers: { 'If-None-Match': etag! } })).status).toBe(200);
  });

  it('renders a page once for visitors who ask for it at the same time', async () => {
    respond = (res, url) => {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      setTimeout(() => res.end(`<p>${url}</p>`.repeat(100)), 50);
    };
    const before = renders;
    const bodies = await Promise.all(Array.from({ length: 5 }, async () => (await fetch(`${base}/angebote`)).text()));
    expect(renders - before).toBe(1);
    expect(new Set(bodies).size).toBe(1);
    expect(bodies[0]).toContain('<p>/angebote</p>');
  });

  it('stays within its memory bound by dropping the least recently used pages', async () => {
    respond = (res, url) => {
      res.setHeader('Content-Type', 'image/png'); // not compressible: the size is what the renderer wrote
      res.end(Buffer.alloc(90_000, url.length));
    };
    for (let page = 0; page < 10; page++) await fetch(`${base}/veranstaltungen?seite=${page}`);
    const stats = cache.stats();
    expect(stats.bytes).toBeLessThanOrEqual(400_000);
    expect(stats.entries).toBeLessThanOrEqual(4);
    const before = renders;
    await fetch(`${base}/veranstaltungen?seite=9`);
    await fetch(`${base}/veranstaltungen?seite=0`);
    expect(renders - before).toBe(1);
  });
});

describe('data version', () => {
  it("sees another connection's commit from the next turn of the event loop, and its own writes at once", async () => {
    const { db, path } = freshDb();
    const version = sqliteDataVersion(db.$client);
    const first = version();
    const other = new Database(path);
    other.prepare("INSERT INTO categories (slug, name) VALUES ('nachbar', 'Nachbar')").run();
    other.close();
    // Requests answered in this turn are answered as of one moment.
    expect(version()).toBe(first);
    db.$client.prepare("UPDATE categories SET name = 'Nachbarn' WHERE slug = 'nachbar'").run();
    const afterOwnWrite = version();
    expect(afterOwnWrite).not.toBe(first);
    await new Promise((resolve) => setImmediate(resolve));
    const nextTurn = version();
    expect(nextTurn).not.toBe(afterOwnWrite);
    await new Promise((resolve) => setImmediate(resolve));
    expect(version()).toBe(nextTurn);
  });
});
