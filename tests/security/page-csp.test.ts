/** The page's policy keeps only the hashes of what the page inlines (src/lib/server/observability/page-csp.ts). */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { narrowCspToPage } from '../../src/lib/server/observability/page-csp';

const hash = (algorithm: string, text: string): string => `'${algorithm}-${createHash(algorithm).update(text, 'utf8').digest('base64')}'`;

describe('narrowCspToPage', () => {
  const style = '.karte{display:grid}';
  const otherStyle = '.fremd{color:red}';
  const script = 'document.documentElement.classList.add("js")';
  const policy = [
    "default-src 'self'",
    "frame-ancestors 'none'",
    ` script-src 'self' ${hash('sha256', script)} ${hash('sha256', 'nicht auf dieser Seite')}`,
    ` style-src 'self' ${hash('sha256', style)} ${hash('sha256', otherStyle)} ${hash('sha384', style)}`,
    '',
  ].join(';');

  it('keeps the hashes of the inline scripts and styles of the page and drops every other one', () => {
    const html = `<html><head><style>${style}</style><script type="module">${script}</script></head><body>Ü</body></html>`;
    expect(narrowCspToPage(policy, html)).toBe(
      `default-src 'self';frame-ancestors 'none'; script-src 'self' ${hash('sha256', script)}; style-src 'self' ${hash('sha256', style)} ${hash('sha384', style)};`,
    );
  });

  it('leaves only the other sources when the page inlines nothing, and a policy without hashes as it is', () => {
    const html = '<html><head><link rel="stylesheet" href="/_astro/a.css"><script src="/_astro/b.js"></script></head></html>';
    expect(narrowCspToPage(policy, html)).toBe("default-src 'self';frame-ancestors 'none'; script-src 'self'; style-src 'self';");
    expect(narrowCspToPage("default-src 'self'; style-src 'self'", `<style>${style}</style>`)).toBe("default-src 'self'; style-src 'self'");
  });

  it('hashes the exact text of an element, so changed content loses its hash', () => {
    expect(narrowCspToPage(policy, `<style>${style} </style>`)).not.toContain(hash('sha256', style));
    expect(narrowCspToPage(policy, `<STYLE media="print">${otherStyle}</STYLE>`)).toContain(hash('sha256', otherStyle));
  });
});
