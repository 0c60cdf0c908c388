/**
 * Limits and places of the concerns area. Read from the environment at run time (never baked into the build),
 * with defaults that suit a city portal on a small server.
 */
import { resolve } from 'node:path';
import { isNotNull } from 'drizzle-orm';
import type { Db } from '../db';
import { getConfig } from '../config';
import { places } from '../../../../db/schema';
import { UPLOAD_BODY_LIMIT } from '../http/body-limit';

export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
export const PHOTO_MAX_COUNT = 3;
/** Stored photos are at most this many pixels on the long side (enough to see a pothole, small to send). */
export const PHOTO_MAX_EDGE = 1600;
/**
 * The body limit of the forms that carry photos: three photos at the limit fit, and so does one photo far over
 * it, which then gets a clear message next to the field instead of a bare refusal (the start script's limit for
 * these routes, src/lib/server/http/body-limit.ts).
 */
export const CONCERN_BODY_LIMIT = UPLOAD_BODY_LIMIT;

export const DESCRIPTION_MAX = 4000;

/** How long links sent by mail work. */
export const TOKEN_DAYS = { confirm: 14, reply: 60, feedback: 30 } as const;

/** "Ist das Problem behoben?" goes out this many days after "erledigt". */
export const FEEDBACK_AFTER_DAYS = 28;

function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value && Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Months after closing when the reporter's contact data are removed (stated in the privacy statement). */
export function concernRetentionMonths(): number {
  return positiveInt(process.env.CONCERN_RETENTION_MONTHS, 6);
}

export function photoDir(): string {
  return resolve(process.env.CONCERN_PHOTO_DIR || resolve(getConfig().databasePath, '..', 'anliegen-fotos'));
}

export interface Bounds {
  south: number;
  west: number;
  north: number;
  east: number;
}

/** About 10 km around the outermost places: the city's area without a map service. */
const MARGIN_DEGREES = 0.1;

/**
 * The area coordinates must lie in: `CITY_BOUNDS=south,west,north,east`, else the box around the portal's
 * places with a margin, else anywhere (a new installation without places).
 */
export function cityBounds(db: Db): Bounds | null {
  const configured = process.env.CITY_BOUNDS?.split(',').map(Number);
  if (configured?.length === 4 && configured.every(Number.isFinite)) {
    const [south, west, north, east] = configured as [number, number, number, number];
    return { south, west, north, east };
  }
  const points = db
    .select({ lat: places.latitude, lon: places.longitude })
    .from(places)
    .where(isNotNull(places.latitude))
    .all()
    .filter((p): p is { lat: number; lon: number } => p.lat !== null && p.lon !== null);
  if (points.length === 0) return null;
  return {
    south: Math.min(...points.map((p) => p.lat)) - MARGIN_DEGREES,
    north: Math.max(...points.map((p) => p.lat)) + MARGIN_DEGREES,
    west: Math.min(...points.map((p) => p.lon)) - MARGIN_DEGREES,
    east: Math.max(...points.map((p) => p.lon)) + MARGIN_DEGREES,
  };
}

export function isInside(bounds: Bounds | null, lat: number, lon: number): boolean {
  if (!bounds) return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
  return lat >= bounds.south && lat <= bounds.north && lon >= bounds.west && lon <= bounds.east;
}
