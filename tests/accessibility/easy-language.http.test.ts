/**
 * BITV 2.0 § 4 over real HTTP: the Leichte Sprache page (German content inside a frame in the visitor's language,
 * the Quartiere's real contacts) and the Gebärdensprache page with the operator's videos from DGS_VIDEO_DIR, served
 * by the portal itself with Range requests, and nothing else from that folder or beside it.
 */
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get } from '../helpers/http';
import { startServer, type RunningServer } from '../helpers/server';

const arabic = 'lang=ar';
let server: RunningServer;
let root: string;
let videoDir: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'quartier-dgs-'));
  videoDir = join(root, 'videos');
  mkdirSync(videoDir);
  // A file beside the folder that a `../` must never reach.
  writeFileSync(join(root, 'geheim.mp4'), 'not for the public');
  server = await startServer({ env: { DGS_VIDEO_DIR: videoDir } });
});

afterAll(async () => {
  await server?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** The page's markup without Astro's style-scope attributes, which say nothing about the content. */
async function html(path: string, cookie?: string): Promise<string> {
  const response = await get(server, path, cookie);
  expect(response.status, path).toBe(200);
  return (await response.text()).replace(/ data-astro-cid-[a-z0-9]+/g, '');
}

/** The markup inside the first element that opens with `opening` (enough for the flat structure checked here). */
function after(page: string, opening: string): string {
  const start = page.indexOf(opening);
  expect(start, opening).toBeGreaterThan(-1);
  return page.slice(start);
}

describe('Leichte Sprache', () => {
  it('is German content in a German page, with every section linked to the real page', async () => {
    const page = await html('/leichte-sprache');
    expect(page).toMatch(/<html lang="de" dir="ltr">/);
    expect(page).toContain('Diese Seite ist in Leichter Sprache.');
    const content = after(page, '<div lang="de" dir="ltr">');
    expect(content).toContain('Informationen in Leichter Sprache');
    for (const href of [
      '/veranstaltungen',
      '/orte',
      '/raeume',
      '/registrieren',
      '/mitmachen',
      '/anliegen/neu',
      '/barrierefreiheit',
      '/datenschutz',
      '/gebaerdensprache',
    ]) {
      expect(content, href).toContain(`href="${href}"`);
    }
    // Requests for help go to the programmes that take them, from the database.
    expect(content).toContain('href="/mitmachen/seniorenbegleitung/hilfe-anfragen"');
    expect(content).toContain('href="/sprache?lang=ar&amp;zurueck=%2Fleichte-sprache"');
  });

  it('stays German inside an Arabic page, whose frame is Arabic and right to left', async () => {
    const page = await html('/leichte-sprache', arabic);
    expect(page).toMatch(/<html lang="ar" dir="rtl">/);
    expect(page).toContain('هذه الصفحة مكتوبة بـ Leichte Sprache');
    const content = after(page, '<div lang="de" dir="ltr">');
    expect(content).toContain('<h1 id="leichte-sprache-anfang"');
    expect(content).toContain('Ein Quartier ist ein Teil von einer Stadt.');
    // The Arabic frame line comes before the German content, not inside it.
    expect(content).not.toContain('هذه الصفحة مكتوبة');
  });

  it('shows how to reach each Quartiersmanagement from the Quartiere’s contact fields', async () => {
    const sqlite = new Database(server.dbPath);
    sqlite.prepare("UPDATE quartiere SET contact_email = 'qm-kray@stadt.example', contact_phone = '0201 88 77 66' WHERE slug = 'kray'").run();
    const karnap = sqlite.prepare("SELECT contact_name, contact_address, contact_email FROM quartiere WHERE slug = 'karnap'").get() as Record<string, string>;
    sqlite.close();
    const content = after(await html('/leichte-sprache', arabic), '<div lang="de" dir="ltr">');
    expect(content).toContain('href="mailto:qm-kray@stadt.example"');
    expect(content).toContain('href="tel:0201887766"');
    expect(content).toContain(karnap.contact_name);
    expect(content).toContain(karnap.contact_address);
    expect(content).toContain(`href="mailto:${karnap.contact_email}"`);
  });

  it('is linked from the header of every page, the start page and the accessibility statement', async () => {
    for (const path of ['/', '/barrierefreiheit', '/veranstaltungen']) {
      const page = await html(path, arabic);
      const header = page.slice(page.indexOf('<header'), page.indexOf('</header>'));
      expect(header, path).toMatch(/href="\/leichte-sprache"[^>]*>\s*Leichte Sprache\s*</);
      expect(header, path).toMatch(/href="\/gebaerdensprache"[^>]*>\s*لغة الإشارة\s*</);
    }
    for (const path of ['/', '/barrierefreiheit']) {
      const main = after(await html(path), '<main');
      expect(main, path).toMatch(/href="\/leichte-sprache">Informationen in Leichter Sprache</);
      expect(main, path).toMatch(/href="\/gebaerdensprache">Informationen in Deutscher Gebärdensprache</);
    }
  });
});

describe('Gebärdensprache', () => {
  it('says in the visitor’s language that there are no videos yet, and how to reach the Quartiersmanagement', async () => {
    const german = await html('/gebaerdensprache');
    expect(german).toMatch(/<html lang="de" dir="ltr">/);
    expect(german).toContain('Hier gibt es noch keine Videos in Deutscher Gebärdensprache.');
    expect(german).not.toContain('<video');
    expect(german).toContain('href="mailto:frohnhausen@example.org"');
    const page = await html('/gebaerdensprache', arabic);
    expect(page).toMatch(/<html lang="ar" dir="rtl">/);
    expect(page).toContain('لا توجد هنا بعدُ مقاطع فيديو بلغة الإشارة الألمانية.');
    expect(page).toContain('التواصل مع Quartiersmanagement');
  });

  describe('with videos in the configured folder', () => {
    const video = Buffer.from(Array.from({ length: 100 }, (_, i) => i));
    beforeAll(() => {
      writeFileSync(join(videoDir, '01-willkommen.mp4'), video);
      writeFileSync(join(videoDir, '01-willkommen.vtt'), 'WEBVTT\n\n00:00.000 --> 00:02.000\nWillkommen.\n');
      writeFileSync(join(videoDir, '01-willkommen.txt'), 'Willkommen im Quartiersportal.\n');
      writeFileSync(join(videoDir, '02-raum_buchen.webm'), 'webm');
      writeFileSync(join(videoDir, 'videos.json'), JSON.stringify({ '01-willkommen.mp4': 'Willkommen im Portal' }));
      writeFileSync(join(videoDir, 'notizen.txt'), 'intern');
    });

    it('lists each video with its captions, transcript and title', async () => {
      const page = await html('/gebaerdensprache', arabic);
      expect(page).not.toContain('لا توجد هنا بعدُ');
      const first = after(page, '<h2 id="video-1"');
      expect(first).toMatch(/^<h2 id="video-1" lang="de" dir="ltr">Willkommen im Portal<\/h2>/);
      expect(first).toMatch(/^[^]*?<video controls preload="metadata" aria-labelledby="video-1">/);
      expect(first).toContain('<source src="/gebaerdensprache/video/01-willkommen.mp4" type="video/mp4">');
      expect(first).toMatch(/<track kind="captions" src="\/gebaerdensprache\/video\/01-willkommen.vtt" srclang="de" label="Deutsch">/);
      expect(first).toMatch(/href="\/gebaerdensprache\/video\/01-willkommen.txt"[^>]*>قراءة نص الفيديو</);
      const second = after(page, '<h2 id="video-2"');
      expect(second).toMatch(/^<h2 id="video-2" lang="de" dir="ltr">Raum buchen<\/h2>/);
      expect(second).toContain('<source src="/gebaerdensprache/video/02-raum_buchen.webm" type="video/webm">');
      expect(second.slice(0, second.indexOf('</li>'))).not.toContain('<track');
    });

    it('serves a video whole and in parts, so a browser can seek', async () => {
      const url = `${server.url}/gebaerdensprache/video/01-willkommen.mp4`;
      const whole = await fetch(url);
      expect(whole.status).toBe(200);
      expect(whole.headers.get('content-type')).toBe('video/mp4');
      expect(whole.headers.get('accept-ranges')).toBe('bytes');
      expect(whole.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
      expect(Buffer.from(await whole.arrayBuffer())).toEqual(video);
      const etag = whole.headers.get('etag')!;
      expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(304);

      const part = await fetch(url, { headers: { range: 'bytes=10-19' } });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe('bytes 10-19/100');
      expect(part.headers.get('content-length')).toBe('10');
      expect(Buffer.from(await part.arrayBuffer())).toEqual(video.subarray(10, 20));

      const rest = await fetch(url, { headers: { range: 'bytes=90-' } });
      expect(rest.status).toBe(206);
      expect(rest.headers.get('content-range')).toBe('bytes 90-99/100');
      expect(Buffer.from(await rest.arrayBuffer())).toEqual(video.subarray(90));

      const tail = await fetch(url, { headers: { range: 'bytes=-5' } });
      expect(tail.headers.get('content-range')).toBe('bytes 95-99/100');

      const beyond = await fetch(url, { headers: { range: 'bytes=100-' } });
      expect(beyond.status).toBe(416);
      expect(beyond.headers.get('content-range')).toBe('bytes */100');

      // A part of an older version would not fit: the whole current file comes instead.
      const stale = await fetch(url, { headers: { range: 'bytes=10-19', 'if-range': '"an-older-version"' } });
      expect(stale.status).toBe(200);
      expect(Buffer.from(await stale.arrayBuffer())).toEqual(video);

      const captions = await fetch(`${server.url}/gebaerdensprache/video/01-willkommen.vtt`);
      expect(captions.status).toBe(200);
      expect(captions.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
      await expect(captions.text()).resolves.toMatch(/^WEBVTT/);
    });

    it('refuses ../, encoded slashes, unknown names and other files of the folder with 404', async () => {
      for (const name of ['..%2Fgeheim.mp4', '%2E%2E%2Fgeheim.mp4', '..%5Cgeheim.mp4', 'nix.mp4', 'videos.json', 'notizen.txt']) {
        const response = await get(server, `/gebaerdensprache/video/${name}`);
        expect(response.status, name).toBe(404);
      }
      // Sent as it is, without the client folding the dots away first.
      const status = await new Promise<number | undefined>((resolve, reject) => {
        request({ host: '127.0.0.1', port: server.port, path: '/gebaerdensprache/video/../../geheim.mp4' }, (response) => {
          response.resume();
          resolve(response.statusCode);
        })
          .on('error', reject)
          .end();
      });
      expect(status).toBe(404);
    });
  });
});
