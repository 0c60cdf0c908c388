import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyDemoTemplate } from '../helpers/demo-template';
import { runStartExpectingExit, startServer, type RunningServer } from '../helpers/server';

describe('the portal server', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('seeds the demo city on first start and serves the home page with the Quartiere', async () => {
    const response = await fetch(server.url + '/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain('<html lang="de"');
    for (const name of ['Kray', 'Bergmannsfeld/Hörsterfeld', 'Karnap', 'Frohnhausen']) expect(html).toContain(name);
  });

  it('reports the database as reachable on /healthz', async () => {
    const response = await fetch(server.url + '/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'reachable' });
  });

  it('shows a Quartier page with its contact and Treffs', async () => {
    const html = await (await fetch(server.url + '/quartiere/kray')).text();
    expect(html).toContain('<h1>Kray</h1>');
    expect(html).toContain('Stadtteilbüro Kray');
    expect(html).toContain('Wandercafé');
  });

  it('answers an unknown Quartier with a German 404 page', async () => {
    const response = await fetch(server.url + '/quartiere/gibt-es-nicht');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Seite nicht gefunden');
  });

  it('switches the language by link, without JavaScript, and only returns to local paths', async () => {
    const response = await fetch(server.url + '/sprache?lang=en&zurueck=/quartiere/kray', { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/quartiere/kray');
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    const html = await (await fetch(server.url + '/quartiere/kray', { headers: { cookie } })).text();
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('Your neighbourhood management');
    const evil = await fetch(server.url + '/sprache?lang=en&zurueck=//evil.example', { redirect: 'manual' });
    expect(evil.headers.get('location')).toBe('/');
  });

  it('takes the Quartier switcher to the chosen Quartier', async () => {
    const response = await fetch(server.url + '/quartier-waehlen?quartier=karnap', { redirect: 'manual' });
    expect(response.headers.get('location')).toBe('/quartiere/karnap');
  });

  it('refuses a cross-origin form post', async () => {
    const response = await fetch(server.url + '/sprache', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'lang=en',
    });
    expect(response.status).toBe(403);
  });
});

describe('start-up failures end with one clear line and a non-zero exit', () => {
  it('refuses a port that is taken', async () => {
    const first = await startServer();
    try {
      // A copy of the demo city, as every test server gets: with an empty database the server seeds it before it
      // listens, which on a busy machine took longer than the wait for the exit.
      const dbPath = join(mkdtempSync(join(tmpdir(), 'q-')), 'q.db');
      copyDemoTemplate(dbPath, { NODE_ENV: 'test' }, first.url);
      const { code, output } = await runStartExpectingExit({ PORT: String(first.port), DATABASE_PATH: dbPath });
      expect(code).not.toBe(0);
      expect(output).toMatch(/port \d+ on 127\.0\.0\.1 is already in use/);
    } finally {
      await first.stop();
    }
  });

  it('refuses an unwritable database path', async () => {
    // Tests run as root, which ignores directory permissions; a path below a file fails for everyone.
    const { code, output } = await runStartExpectingExit({ DATABASE_PATH: '/dev/null/quartier.db', PORT: '0' });
    expect(code).not.toBe(0);
    expect(output).toMatch(/cannot open or migrate the database at \/dev\/null\/quartier\.db/);
  });

  it('refuses an unknown NODE_ENV value', async () => {
    const { code, output } = await runStartExpectingExit({ NODE_ENV: 'staging', PORT: '0' });
    expect(code).not.toBe(0);
    expect(output).toMatch(/configuration error: NODE_ENV must be/);
  });

  it('refuses production without PUBLIC_URL', async () => {
    const { code, output } = await runStartExpectingExit({ NODE_ENV: 'production', PUBLIC_URL: '', PORT: '0' });
    expect(code).not.toBe(0);
    expect(output).toMatch(/PUBLIC_URL must be set in production/);
  });
});
