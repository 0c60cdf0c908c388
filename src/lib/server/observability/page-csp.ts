/**
 * Astro's `security.csp` lists the hashes of every inline script and style of the whole build in each page's
 * Content-Security-Policy: about 80 hashes, 4 KB of header on every answer, more than the compressed home page
 * itself. A page only needs the hashes of what it inlines, so the policy is narrowed to those: a hash is only
 * ever removed, never added, so no page may run or apply anything it could not before.
 */
import { createHash } from 'node:crypto';

/** Raw-text elements whose content a CSP hash covers (a `<script src>` has none; a data block is never run). */
const INLINE_ELEMENT = /<(script|style)\b[^>]*>([\s\S]*?)<\/\1\s*>/gi;
const HASH_SOURCE = /^'(sha256|sha384|sha512)-([A-Za-z0-9+/=]+)'$/;

/** The CSP source expressions (`'sha256-…'`) of the page's inline elements, for each algorithm asked for. */
function inlineHashes(html: string, algorithms: ReadonlySet<string>): Set<string> {
  const sources = new Set<string>();
  for (const match of html.matchAll(INLINE_ELEMENT)) {
    const content = match[2]!;
    for (const algorithm of algorithms) sources.add(`'${algorithm}-${createHash(algorithm).update(content, 'utf8').digest('base64')}'`);
  }
  return sources;
}

/** The policy with only the hashes of the scripts and styles `html` inlines; every other source and directive stays. */
export function narrowCspToPage(csp: string, html: string): string {
  const algorithms = new Set<string>();
  for (const token of csp.split(/[\s;]+/)) {
    const hash = HASH_SOURCE.exec(token);
    if (hash) algorithms.add(hash[1]!);
  }
  if (algorithms.size === 0) return csp;
  const present = inlineHashes(html, algorithms);
  return csp
    .split(';')
    .map((directive) =>
      directive
        .split(' ')
        .filter((token) => !HASH_SOURCE.test(token) || present.has(token))
        .join(' '),
    )
    .join(';');
}
