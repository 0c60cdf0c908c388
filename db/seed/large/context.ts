/** What every phase of the large generator shares: the database, the sizes, the clock and one seeded PRNG. */
import type { DateTime } from 'luxon';
import type { Db } from '../../client';

export interface LargeDatasetSize {
  quartiere: number;
  places: number;
  rooms: number;
  events: number;
  series: number;
  bookings: number;
  users: number;
  volunteers: number;
  concerns: number;
  actors: number;
  offers: number;
}

/**
 * The phases draw from the one PRNG in a fixed order (places, people, events, bookings, volunteering,
 * concerns, offers, rounds, goals), so the same
 * seed gives the same data; a phase that draws more or fewer numbers changes every phase after it.
 */
export interface GenerationContext {
  db: Db;
  size: LargeDatasetSize;
  /** `nowDate` in Europe/Berlin, at the start of its hour. */
  now: DateTime;
  nowDate: Date;
  rand: () => number;
  int: (min: number, max: number) => number;
  pick: <T>(list: readonly T[]) => T;
  chance: (p: number) => boolean;
}

/** mulberry32: small, fast and good enough to make data look varied yet reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function contextFor(db: Db, size: LargeDatasetSize, seed: number, nowDate: Date, now: DateTime): GenerationContext {
  const rand = prng(seed);
  return {
    db,
    size,
    now,
    nowDate,
    rand,
    int: (min, max) => min + Math.floor(rand() * (max - min + 1)),
    pick: (list) => list[Math.floor(rand() * list.length)]!,
    chance: (p) => rand() < p,
  };
}

export function chunked<T>(rows: T[], size = 400): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}

export const localOf = (d: DateTime): string => d.toFormat("yyyy-LL-dd'T'HH:mm");
export const dateOf = (d: DateTime): string => d.toFormat('yyyy-LL-dd');
