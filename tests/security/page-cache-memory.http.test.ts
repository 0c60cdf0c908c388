import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMeasuredServer, type MeasuredServer } from './memory';

/**
 * The real server with its page cache on: anonymous GETs with padded unknown query values (a cache-busting
 * parameter plus 15 KB of padding, as in the security review) must not make the server keep memory.
 */
describe('page cache under hostile requests', () => {
  let server: MeasuredServer;
  beforeAll(async () => {
    server = await startMeasuredServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('keeps no memory for 1,200 distinct padded URLs: retained heap grows < 10 MB, RSS < 50 MB', async () => {
    const padding = 'x'.repeat(15 * 1024);
    const url = (n: number): string => `${server.url}/api/events.json?from=2000-01-01&to=2000-01-02&p=${n}${padding}`;
    const fetchAll = async (from: number, count: number): Promise<void> => {
      let next = from;
      const worker = async (): Promise<void> => {
        while (next < from + count) {
          const response = await fetch(url(next++));
          expect(response.status).toBe(200);
          await response.arrayBuffer();
        }
      };
      await Promise.all(Array.from({ length: 4 }, worker));
    };
    // Warm up: code paths loaded and the heap at its working size are not what is measured.
    await fetchAll(-300, 300);
    const heapBefore = await server.retainedHeapMb();
    const rssBefore = server.rssMb();
    await fetchAll(0, 1200);
    const heapAfter = await server.retainedHeapMb();
    const rssAfter = server.rssMb();
    expect(heapAfter - heapBefore, `retained heap grew from ${heapBefore.toFixed(1)} MB to ${heapAfter.toFixed(1)} MB`).toBeLessThan(10);
    expect(rssAfter - rssBefore, `RSS grew from ${rssBefore.toFixed(0)} MB to ${rssAfter.toFixed(0)} MB`).toBeLessThan(50);
  }, 240_000);
});
