import { describe, expect, it } from 'vitest';
import { defaultLook, parseEmbedLook } from '../../src/lib/server/embed/widget';
import { iframeSnippet } from '../../src/lib/server/embed/snippets';
import { ConfigError, loadConfig } from '../../src/lib/server/config';
import { baselineHeaders, frameAncestorsFor } from '../../src/lib/server/observability/security-headers';

describe('the look of the embedded calendar', () => {
  it.each([
    ['', defaultLook],
    ['anzahl=10&ansicht=kompakt&akzent=petrol&schrift=klein', { count: 10, view: 'kompakt', accent: 'petrol', fontSize: 'klein' }],
    ['anzahl=30', { ...defaultLook, count: 30 }],
    ['anzahl=31', defaultLook],
    ['anzahl=0', defaultLook],
    ['anzahl=-3', defaultLook],
    ['anzahl=2.5', defaultLook],
    ['anzahl=1e1', defaultLook],
    ['akzent=%23ff0000', defaultLook],
    ['akzent=BLAU', defaultLook],
    ['schrift=gross%20!important', defaultLook],
    ['ansicht=monat', defaultLook],
  ])('reads "%s" as a look from the fixed lists', (query, expected) => {
    expect(parseEmbedLook(new URLSearchParams(query))).toEqual(expected);
  });

  it('escapes what goes into the iframe snippet', () => {
    const snippet = iframeSnippet('https://portal.example/einbetten/kalender?quartier=kray&anzahl=3', 'Termine "Kray" <neu>', defaultLook);
    expect(snippet).toContain('src="https://portal.example/einbetten/kalender?quartier=kray&amp;anzahl=3"');
    expect(snippet).toContain('title="Termine &quot;Kray&quot; &lt;neu&gt;"');
  });
});

describe('who may frame the embedded calendar', () => {
  it('defaults to any website and accepts a list of origins', () => {
    expect(loadConfig({}).embedFrameAncestors).toBe('*');
    expect(loadConfig({ EMBED_FRAME_ANCESTORS: 'https://verein.example, https://*.stadt.example:8443' }).embedFrameAncestors).toBe(
      'https://verein.example https://*.stadt.example:8443',
    );
  });

  it('can switch embedding off', () => {
    expect(loadConfig({ EMBED_FRAME_ANCESTORS: "'none'" }).embedFrameAncestors).toBe("'none'");
  });

  it.each(["'none' https://a.example", "https://a.example; script-src 'unsafe-inline'", 'javascript:alert(1)', 'verein.example'])(
    'refuses "%s" with a clear message',
    (value) => {
      expect(() => loadConfig({ EMBED_FRAME_ANCESTORS: value })).toThrow(ConfigError);
      expect(() => loadConfig({ EMBED_FRAME_ANCESTORS: value })).toThrow(/EMBED_FRAME_ANCESTORS/);
    },
  );

  it('lets only the embed page be framed, and drops X-Frame-Options only there', () => {
    expect(frameAncestorsFor('/einbetten/kalender', '*')).toBe('*');
    for (const path of ['/einbetten', '/einbetten/kalender/', '/einbetten/Kalender', '/veranstaltungen']) expect(frameAncestorsFor(path, '*')).toBe("'none'");
    const framed = new Map(baselineHeaders(false, 'https://verein.example'));
    expect(framed.get('content-security-policy')).toContain('frame-ancestors https://verein.example;');
    expect(framed.has('x-frame-options')).toBe(false);
    const strict = new Map(baselineHeaders(false));
    expect(strict.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(strict.get('x-frame-options')).toBe('DENY');
  });
});
