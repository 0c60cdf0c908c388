import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeReturnPath } from '../../src/lib/redirect';
import { startServer, type RunningServer } from '../helpers/server';
import { createMember } from '../helpers/auth';

/**
 * Return addresses (`zurueck`) must never lead to another site. Browsers drop tabs and newlines from a URL and
 * read a backslash as a slash, so `/<TAB>/evil.example` and `/\evil.example` are other sites to them.
 */
const hostile = [
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '/ /evil.example',
  '/\\evil.example',
  '/x\\..\\\\evil.example',
  '\t//evil.example',
  '//evil.example',
  '///evil.example',
  'https://evil.example/',
  'javascript:alert(1)',
  '/\u0000/evil.example',
  '/\u007f/evil.example',
];

/** Where a browser would go with this Location, seen from the portal. */
function target(location: string, base: string): string {
  return new URL(location, base).origin;
}

describe('return addresses', () => {
  it('accepts paths of the portal and refuses everything a browser would read as another site', () => {
    expect(safeReturnPath('/veranstaltungen?quartier=kray#heute')).toBe('/veranstaltungen?quartier=kray#heute');
    expect(safeReturnPath('/konto')).toBe('/konto');
    for (const value of hostile) expect(safeReturnPath(value, '/fallback'), JSON.stringify(value)).toBe('/fallback');
  });

  describe('over HTTP', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startServer();
      await createMember(server.dbPath, 'rueckweg@example.org', 'ein-gutes-passwort-42', 'Rück Weg');
    });
    afterAll(async () => {
      await server.stop();
    });

    it('the language switch never sends people to another site', async () => {
      for (const value of ['/%09/evil.example', '/%0A/evil.example', '/%5Cevil.example', '/%20/evil.example', '%09//evil.example']) {
        const response = await fetch(`${server.url}/sprache?lang=de&zurueck=${value}`, { redirect: 'manual' });
        expect(response.status, value).toBe(303);
        expect(target(response.headers.get('location')!, server.url), value).toBe(server.url);
      }
      const home = await fetch(`${server.url}/sprache?lang=de&zurueck=${encodeURIComponent('/orte?quartier=kray')}`, { redirect: 'manual' });
      expect(home.headers.get('location')).toBe('/orte?quartier=kray');
    });

    it('the login never sends people to another site, neither after the form nor when already logged in', async () => {
      for (const zurueck of ['/\t/evil.example', '/\\evil.example']) {
        const response = await fetch(`${server.url}/anmelden?_action=accounts.login`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
          body: new URLSearchParams({ email: 'rueckweg@example.org', password: 'ein-gutes-passwort-42', zurueck }).toString(),
        });
        expect(response.status, JSON.stringify(zurueck)).toBeGreaterThanOrEqual(300);
        expect(response.status).toBeLessThan(400);
        expect(target(response.headers.get('location')!, server.url), JSON.stringify(zurueck)).toBe(server.url);
        const cookie = response.headers
          .getSetCookie()
          .find((c) => c.startsWith('session='))!
          .split(';')[0]!;
        const again = await fetch(`${server.url}/anmelden?zurueck=${encodeURIComponent(zurueck)}`, { redirect: 'manual', headers: { cookie } });
        expect(again.status).toBeGreaterThanOrEqual(300);
        expect(target(again.headers.get('location')!, server.url), JSON.stringify(zurueck)).toBe(server.url);
      }
    });
  });
});
