import { describe, expect, it } from 'vitest';
import { rememberedBody, rememberedFeeds } from '../../src/lib/server/feeds/responses';

/** The memory of recently built feeds stays bounded in bytes, not only in number of feeds. */
describe('remembered feeds', () => {
  it('builds a feed once per validator and keeps at most six million bytes of feeds', () => {
    let builds = 0;
    const build = (size: number) => () => {
      builds += 1;
      return 'x'.repeat(size);
    };
    expect(rememberedBody('"city-a"', build(1_000_000))).toHaveLength(1_000_000);
    expect(rememberedBody('"city-a"', build(1_000_000))).toHaveLength(1_000_000);
    expect(builds).toBe(1);
    for (let n = 0; n < 10; n++) rememberedBody(`"city-${n}"`, build(1_000_000));
    expect(rememberedFeeds().bytes).toBeLessThanOrEqual(6_000_000);
    expect(rememberedFeeds().count).toBe(6);
    // The oldest ones went first: the last six are still there.
    const before = builds;
    for (let n = 4; n < 10; n++) rememberedBody(`"city-${n}"`, build(1_000_000));
    expect(builds).toBe(before);
  });

  it('keeps a feed as its UTF-8 bytes, counted as bytes', () => {
    // 1.5 million characters, each of which takes two bytes in UTF-8.
    const umlauts = () => 'ä'.repeat(1_500_000);
    const body = rememberedBody('"umlauts"', umlauts);
    expect(body?.length).toBe(3_000_000);
    expect(body?.toString('utf8')).toBe(umlauts());
    expect(rememberedFeeds().bytes).toBeLessThanOrEqual(6_000_000);
    expect(rememberedBody('"umlauts"', () => null)).toBe(body);
  });

  it('does not keep a feed bigger than half the budget, but still answers it', () => {
    let builds = 0;
    const huge = () => {
      builds += 1;
      return 'y'.repeat(3_500_000);
    };
    expect(rememberedBody('"huge"', huge)).toHaveLength(3_500_000);
    expect(rememberedBody('"huge"', huge)).toHaveLength(3_500_000);
    expect(builds).toBe(2);
    expect(rememberedFeeds().bytes).toBeLessThanOrEqual(6_000_000);
  });
});
