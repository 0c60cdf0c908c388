/**
 * Security headers on every response. HTML pages get their Content-Security-Policy from Astro's
 * `security.csp` (astro.config.mjs: no inline script or style without a hash, nothing from other hosts,
 * no framing); every other response (feeds, JSON, redirects, health, static files) gets the strictest
 * policy, since it never needs to run anything.
 *
 * One page may be framed by other websites: the embeddable calendar. It gets `frame-ancestors` from
 * EMBED_FRAME_ANCESTORS (default `*`) and no X-Frame-Options; every other response keeps `'none'` and DENY, so
 * no other page can be put in a frame to trick a logged-in person into clicking (clickjacking).
 */

export const nonPageCsp = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Paths whose response other websites may show in a frame (exact match: any other spelling stays unframeable). */
const FRAMEABLE_PATHS = new Set(['/einbetten/kalender']);

/** The `frame-ancestors` sources for a path: the configured embedders for the embed page, otherwise `'none'`. */
export function frameAncestorsFor(pathname: string, embedAncestors: string): string {
  return FRAMEABLE_PATHS.has(pathname) ? embedAncestors : "'none'";
}

function withFrameAncestors(csp: string, sources: string): string {
  return csp.replace(/frame-ancestors [^;]*/, `frame-ancestors ${sources}`);
}

const always = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'cross-origin-opener-policy': 'same-origin',
} as const;

/**
 * The headers every response carries, including static files (set by the start script before routing).
 * `frameAncestors` other than `'none'` (see `frameAncestorsFor`) allows framing: then there is no X-Frame-Options,
 * which knows no list of sites.
 */
export function baselineHeaders(https: boolean, frameAncestors = "'none'"): [string, string][] {
  const framed = frameAncestors !== "'none'";
  const headers: [string, string][] = [
    ...Object.entries(always).filter(([name]) => !(framed && name === 'x-frame-options')),
    ['content-security-policy', withFrameAncestors(nonPageCsp, frameAncestors)],
  ];
  if (https) headers.push(['strict-transport-security', 'max-age=31536000']);
  return headers;
}

/**
 * Adds what is missing; never overrides a header a route chose (e.g. a page's own CSP with hashes), except that
 * the page's `frame-ancestors` becomes `frameAncestors`.
 * `https`: the portal is served over HTTPS (PUBLIC_URL), so browsers may be told to insist on it.
 */
export function applySecurityHeaders(headers: Headers, https: boolean, frameAncestors = "'none'"): void {
  for (const [name, value] of baselineHeaders(https, frameAncestors)) if (!headers.has(name)) headers.set(name, value);
  if (frameAncestors !== "'none'") headers.set('content-security-policy', withFrameAncestors(headers.get('content-security-policy') ?? '', frameAncestors));
}
