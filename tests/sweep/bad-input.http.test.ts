/**
 * Bad-input sweep: random and hostile values (long strings, control characters, HTML and script, wrong types,
 * huge numbers, invalid dates, SQL fragments) at every query parameter and dynamic segment of every public
 * GET route, and at every field of the public forms. No answer may be a 5xx, a rejected form changes nothing
 * stored, and whatever comes back in HTML is escaped. Routes and parameters are discovered from src/, so
 * the sweep covers new pages as they land. Bounded by numRuns to stay well under two minutes.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';
import { discoverQueryParams, discoverRoutes, hostileValue, injections, reflectsRawInjection, type SweepRoute } from './routes';

let server: RunningServer;
let db: Database.Database;
let routes: SweepRoute[];
let params: string[];

beforeAll(async () => {
  server = await startServer();
  db = new Database(server.dbPath);
  db.pragma('busy_timeout = 5000');
  routes = discoverRoutes(db);
  params = discoverQueryParams();
});
afterAll(async () => {
  db?.close();
  await server?.stop();
});

async function fetchSafely(url: string, init?: RequestInit): Promise<{ status: number; body: string; type: string }> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  return { status: response.status, body: await response.text(), type: response.headers.get('content-type') ?? '' };
}

function checkAnswer(what: string, answer: { status: number; body: string; type: string }): void {
  expect(answer.status, `${what} → ${answer.status}\n${answer.body.slice(0, 500)}`).toBeLessThan(500);
  if (answer.type.includes('text/html')) {
    expect(reflectsRawInjection(answer.body), `${what} reflected markup unescaped`).toBeNull();
  }
}

describe('bad-input sweep over HTTP', () => {
  it('finds the public routes and the query parameters the code reads', () => {
    const paths = routes.map((r) => r.path);
    expect(paths).toContain('/');
    expect(paths).toContain('/quartiere/kray');
    expect(params).toEqual(expect.arrayContaining(['lang', 'zurueck']));
  });

  it('answers every route with hostile query parameters without a 5xx and without unescaped markup', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 10_000 }),
        fc.uniqueArray(fc.oneof(fc.constantFrom(...params), fc.string({ minLength: 1, maxLength: 12 })), { minLength: 1, maxLength: 4 }),
        fc.array(hostileValue, { minLength: 1, maxLength: 4 }),
        async (routeIndex, names, values) => {
          const route = routes[routeIndex % routes.length]!;
          const query = new URLSearchParams();
          names.forEach((name, i) => query.append(name, values[i % values.length]!));
          const url = `${server.url}${route.path}?${query.toString()}`;
          checkAnswer(`GET ${route.file} ${url.slice(0, 300)}`, await fetchSafely(url));
        },
      ),
      { numRuns: 120 },
    );
  });

  it('answers hostile values in every dynamic path segment without a 5xx', { timeout: 120_000 }, async () => {
    const dynamic = routes.filter((r) => r.file.includes('['));
    const segmentPositions = dynamic.map((r) => {
      const fileParts = r.file.replace(/\.(astro|ts)$/, '').split('/');
      return fileParts.map((p, i) => (p.includes('[') ? i : -1)).filter((i) => i >= 0);
    });
    if (dynamic.length === 0) return;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 10_000 }), hostileValue, async (index, value) => {
        const route = dynamic[index % dynamic.length]!;
        const positions = segmentPositions[index % dynamic.length]!;
        const parts = route.path.split('/').slice(1);
        const at = positions[index % positions.length]!;
        parts[at] = encodeURIComponent(value).slice(0, 4000) || '%20';
        const url = `${server.url}/${parts.join('/')}`;
        checkAnswer(`GET ${route.file} ${url.slice(0, 300)}`, await fetchSafely(url));
      }),
      { numRuns: 60 },
    );
  });

  it('rejects hostile volunteer applications without storing anything, and keeps the input escaped', { timeout: 120_000 }, async () => {
    const valid = {
      programme: 'seniorenbegleitung',
      name: 'Erika Mustermann',
      email: 'erika@example.net',
      phone: '0201 555 12',
      quartierId: '',
      availability: '2-afternoon',
      languages: 'de',
      motivation: 'Ich habe Zeit.',
      consent: 'on',
    };
    const fields = Object.keys(valid) as (keyof typeof valid)[];
    const count = (): number => (db.prepare('SELECT count(*) AS n FROM volunteer_applications').get() as { n: number }).n;
    const mails = (): number => (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.constantFrom(...fields), { minLength: 1, maxLength: 4 }),
        fc.array(hostileValue, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        async (broken, values, dropInstead) => {
          const body = new URLSearchParams();
          for (const field of fields) {
            const i = broken.indexOf(field);
            if (i < 0) body.append(field, valid[field]);
            else if (!dropInstead || field === 'name') body.append(field, values[i % values.length]!);
          }
          const before = { applications: count(), mails: mails() };
          const answer = await fetchSafely(`${server.url}/mitmachen/seniorenbegleitung/bewerben?_action=volunteering.apply`, {
            method: 'POST',
            body,
            headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
          });
          checkAnswer(`apply with ${broken.join(', ')}`, answer);
          if (answer.status === 303) {
            // Accepted (the hostile value happened to be valid, e.g. a long but fine motivation): stored as given.
            expect(count()).toBe(before.applications + 1);
            const row = db.prepare('SELECT name, motivation FROM volunteer_applications ORDER BY id DESC LIMIT 1').get() as {
              name: string;
              motivation: string;
            };
            expect(row.name).toBe(body.get('name')!.trim());
          } else {
            expect(answer.status, answer.body.slice(0, 300)).toBeGreaterThanOrEqual(400);
            expect(count()).toBe(before.applications);
            expect(mails()).toBe(before.mails);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('answers form posts with wrong content types, no origin or unknown actions with a 4xx', async () => {
    const path = `${server.url}/mitmachen/seniorenbegleitung/bewerben`;
    const cases: [string, RequestInit][] = [
      ['?_action=volunteering.apply', { method: 'POST', body: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }],
      ['?_action=volunteering.apply', { method: 'POST', body: '{"name":1}', headers: { origin: server.url, 'content-type': 'application/json' } }],
      [
        '?_action=volunteering.apply',
        { method: 'POST', body: '\u0000\u0001\u0002', headers: { origin: server.url, 'content-type': 'multipart/form-data; boundary=x' } },
      ],
      ['?_action=gibt.es.nicht', { method: 'POST', body: 'a=b', headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' } }],
      [
        '?_action=volunteering.signUpSlot',
        { method: 'POST', body: 'slotId=abc', headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' } },
      ],
      [
        '?_action=volunteering.confirmApplication',
        { method: 'POST', body: `token=${'x'.repeat(20)}`, headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' } },
      ],
    ];
    for (const [query, init] of cases) {
      const answer = await fetchSafely(path + query, init);
      checkAnswer(`POST ${query} ${String(init.headers && (init.headers as Record<string, string>)['content-type'])}`, answer);
      expect(answer.status).toBeGreaterThanOrEqual(400);
    }
  });

  it('shows text that staff stored with markup in it escaped on every page', { timeout: 120_000 }, async () => {
    // As if someone typed markup into the back office: every name and description a public page shows.
    const evil = injections.join(' ');
    const update = (sql: string): void => {
      try {
        db.prepare(sql).run({ evil });
      } catch (error) {
        if (!/no such (table|column)/.test((error as Error).message)) throw error;
      }
    };
    update('UPDATE quartiere SET description = description || @evil');
    update('UPDATE places SET description = description || @evil, accessibility_notes = @evil');
    update('UPDATE events SET title = title || @evil, description = @evil, organiser_name = @evil, cost = @evil, status_note = @evil');
    update('UPDATE event_exceptions SET note = @evil');
    update('UPDATE rooms SET description = @evil, equipment = @evil');
    update('UPDATE volunteer_programmes SET summary = @evil, description = @evil, for_whom = @evil, requirements = @evil, time_commitment = @evil');
    update('UPDATE volunteer_slots SET title = title || @evil, description = @evil');
    update('UPDATE organisations SET name = name || @evil');
    for (const route of routes) {
      const answer = await fetchSafely(`${server.url}${route.path}`);
      checkAnswer(`GET ${route.path} with stored markup`, answer);
    }
  });
});
