/**
 * What the bad-input sweep attacks, discovered from the code on each run so it grows with the portal:
 * every GET page and endpoint under src/pages (dynamic segments filled with real values from the demo
 * database), every query parameter the code reads (`searchParams.get('…')`), and hostile values.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import fc from 'fast-check';
import type Database from 'better-sqlite3';

const root = resolve(import.meta.dirname, '..', '..');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Query parameter names read anywhere in pages, components and server code. */
export function discoverQueryParams(): string[] {
  const names = new Set<string>();
  for (const file of walk(join(root, 'src')).filter((f) => /\.(astro|ts|tsx)$/.test(f))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/searchParams\.(?:get|getAll|has)\(\s*['"]([^'"]+)['"]/g)) names.add(m[1]!);
  }
  return [...names].sort();
}

/** Real values for dynamic segments, so the sweep reaches the code behind a found object, not only the 404. */
function segmentValues(db: Database.Database): Record<string, string[]> {
  const all = <T>(sql: string): T[] => {
    try {
      return db.prepare(sql).all() as T[];
    } catch {
      return [];
    }
  };
  const event = all<{ id: number; slug: string; recurrence: string }>(
    `SELECT e.id, e.slug, o.recurrence_local AS recurrence FROM events e JOIN event_occurrences o ON o.event_id = e.id
     WHERE e.status = 'published' AND e.rrule IS NOT NULL ORDER BY o.starts_at LIMIT 1`,
  )[0];
  const room = all<{ place: string; room: string }>(
    'SELECT p.slug AS place, r.slug AS room FROM rooms r JOIN places p ON p.id = r.place_id ORDER BY r.id LIMIT 1',
  )[0];
  return {
    'quartiere/[slug]': all<{ slug: string }>('SELECT slug FROM quartiere ORDER BY sort_order, id LIMIT 1').map((r) => r.slug),
    'orte/[slug]': all<{ slug: string }>('SELECT slug FROM places ORDER BY id LIMIT 1').map((r) => r.slug),
    'mitmachen/[slug]': all<{ slug: string }>('SELECT slug FROM volunteer_programmes WHERE active = 1 ORDER BY id LIMIT 1').map((r) => r.slug),
    '[event]': event ? [`${event.id}-${event.slug}`] : [],
    '[date]': event ? [event.recurrence.slice(0, 10)] : [],
    '[ort]': room ? [room.place] : [],
    '[raum]': room ? [room.room] : [],
  };
}

export interface SweepRoute {
  /** The page file, for messages. */
  file: string;
  path: string;
}

/** One concrete URL path per GET route under src/pages (error pages and POST-only endpoints left out). */
export function discoverRoutes(db: Database.Database): SweepRoute[] {
  const pagesDir = join(root, 'src', 'pages');
  const values = segmentValues(db);
  const routes: SweepRoute[] = [];
  for (const file of walk(pagesDir)) {
    const rel = relative(pagesDir, file).replace(/\\/g, '/');
    if (!/\.(astro|ts)$/.test(rel) || /^(404|500)\.astro$/.test(rel)) continue;
    if (rel.endsWith('.ts') && !/export\s+const\s+(GET|ALL)\b/.test(readFileSync(file, 'utf8'))) continue;
    let path = '/' + rel.replace(/\.(astro|ts)$/, '').replace(/(^|\/)index$/, '');
    path = path.replace(/\[([^\]]+)\]/g, (segment: string, _name: string, offset: number) => {
      const before = path.slice(0, offset).split('/').filter(Boolean).pop() ?? '';
      const value = values[`${before}/${segment}`]?.[0] ?? values[segment]?.[0];
      return value ?? 'unbekannt';
    });
    routes.push({ file: rel, path: path === '' ? '/' : path.replace(/\/$/, '') || '/' });
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path));
}

/** Markers that must never come back unescaped in HTML. */
export const injections = [
  '<script>alert(7)</script>',
  '"><svg/onload=alert(7)>',
  "'><img src=x onerror=alert(7)>",
  '</script><script>alert(7)</script>',
  '</textarea><script>alert(7)</script>',
] as const;

/**
 * The marker found as live markup, or null. Inside a double-quoted attribute value `<` is harmless text
 * (only `"` and `&` must be escaped there), so quoted values are blanked first; a value that broke out of
 * its quotes leaves its markup outside and is still found.
 */
export function reflectsRawInjection(html: string): string | null {
  const outsideAttributes = html.replace(/="[^"]*"/g, '=""');
  for (const raw of ['<script>alert(7)</script>', '<svg/onload=alert(7)>', '<img src=x onerror=alert(7)>']) {
    if (outsideAttributes.includes(raw)) return raw;
  }
  return null;
}

/** Random and hostile values for one query parameter or form field. */
export const hostileValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...injections) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "' OR 1=1 --",
      "'; DROP TABLE users; --",
      '1; SELECT * FROM sessions',
      '../../../etc/passwd',
      '%00',
      '\u0000',
      '\u0007\u001b[31m',
      '\u202eevil',
      '\r\nSet-Cookie: x=1',
      '2026-02-30',
      '0000-00-00',
      '9999-12-31',
      '2026-13-01T25:61',
      '-1',
      '0',
      '1e308',
      '-1e308',
      '99999999999999999999999999',
      'NaN',
      'Infinity',
      'null',
      'undefined',
      'true',
      '[]',
      '{"a":1}',
      '😀'.repeat(200),
      'ä'.repeat(3000),
      'x'.repeat(5000),
    ),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString())) },
);
