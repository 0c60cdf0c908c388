import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PageCache, sqliteDataVersion } from '../../src/lib/server/http/page-cache';
import { localeCookie, resolveLocale } from '../../src/i18n';
import { freshDb } from '../helpers/db';
import { startCacheServer } from '../helpers/page-cache';

/**
 * Hostile visitors must not be able to blow the page cache past its bound: with unknown query parameters, long
 * keys, big headers or many distinct pages. Real HTTP server in front of a stand-in renderer, real SQLite file.
 */
describe('page cache bounds', () => {
  const { db } = freshDb();
  let clock = Date.UTC(2026, 11, 1, 9, 0, 10);
  let renders = 0;
  const maxBytes = 2_000_000;
  const cache = new PageCache({
    dataVersion: sqliteDataVersion(db.$client),
    localeOf: resolveLocale,
    localeCookie,
    maxBytes,
    maxEntries: 50,
    now: () => clock,
  });
  let server: Server;
  let base = '';

  beforeAll(async () => {
    ({ server, base } = await startCacheServer(cache, (req, res) => {
      renders += 1;
      res.setHeader('Content-Type', 'application/json');
      // A header as big as the URL, as a page that echoes its filter into a Link header would send.
      res.setHeader('X-Echo', (req.url ?? '').slice(0, 6000));
      res.end('[]');
    }));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    db.$client.close();
  });

  it('does not keep requests with unknown or overlong query parameters', async () => {
    const padding = 'x'.repeat(12_000);
    for (let n = 0; n < 200; n++) await fetch(`${base}/api/events.json?from=2000-01-01&to=2000-01-02&p=${n}${padding}`);
    expect(cache.stats().entries).toBe(0);
    await fetch(`${base}/api/events.json?from=2000-01-01${padding}&to=2000-01-02`);
    expect(cache.stats().entries).toBe(0);
    // Known parameters of normal length are still kept.
    await fetch(`${base}/api/events.json?from=2000-01-01&to=2000-01-02`);
    const before = renders;
    await fetch(`${base}/api/events.json?from=2000-01-01&to=2000-01-02`);
    expect(renders).toBe(before);
    expect(cache.stats().entries).toBe(1);
  });

  it('counts keys and headers towards its bound and keeps at most maxEntries pages', async () => {
    clock += 60_000;
    const query = 'q'.repeat(90);
    for (let n = 0; n < 300; n++) await fetch(`${base}/veranstaltungen?q=${query}${n}&kategorie=${'k'.repeat(200)}`);
    const stats = cache.stats();
    expect(stats.entries).toBeLessThanOrEqual(50);
    expect(stats.entries).toBeGreaterThan(0);
    // Each kept entry holds a key of ~340 bytes and a header of the same size: both are counted.
    expect(stats.bytes).toBeGreaterThanOrEqual(stats.entries * 2 * 340);
    expect(stats.bytes).toBeLessThanOrEqual(maxBytes);
  });

  it('drops every entry of an earlier minute or data version instead of keeping it until it is evicted', async () => {
    clock += 60_000;
    for (let n = 0; n < 20; n++) await fetch(`${base}/veranstaltungen?seite=${n}`);
    expect(cache.stats().entries).toBe(20);
    clock += 60_000;
    await fetch(`${base}/orte`);
    expect(cache.stats().entries).toBe(1);
    db.$client.prepare("INSERT INTO categories (slug, name) VALUES ('neu-1', 'Neu')").run();
    await fetch(`${base}/impressum`);
    expect(cache.stats().entries).toBe(1);
    expect(cache.stats().bytes).toBeLessThan(20_000);
  });
});
