/**
 * Security headers on every response. HTML pages get their Content-Security-Policy from Astro's
 * `security.csp` (astro.config.mjs: no inline script or style without a hash, nothing from other hosts,
 * no framing); every other response (feeds, JSON, redirects, health, static files) gets the strictest
 * policy, since it never needs to run anything.
 */

export const nonPageCsp = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const always = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'cross-origin-opener-policy': 'same-origin',
} as const;

/** The headers every response carries, including static files (set by the start script before routing). */
export function baselineHeaders(https: boolean): [string, string][] {
  const headers: [string, string][] = [...Object.entries(always), ['content-security-policy', nonPageCsp]];
  if (https) headers.push(['strict-transport-security', 'max-age=31536000']);
  return headers;
}

/** Adds what is missing; never overrides a header a route chose (e.g. a page's own CSP with hashes). */
/** `https`: the portal is served over HTTPS (PUBLIC_URL), so browsers may be told to insist on it. */
export function applySecurityHeaders(headers: Headers, https: boolean): void {
  for (const [name, value] of baselineHeaders(https)) if (!headers.has(name)) headers.set(name, value);
}
