/**
 * Cross-site form posts are refused (CSRF). This is Astro's `security.checkOrigin` rule, moved here because Astro
 * compares the Origin header with the URL the portal itself sees, which behind a TLS proxy is `http://…` while the
 * browser says `https://…`. Here the same-site origins are the one the visitor used (protocol from a trusted proxy,
 * see client.ts) and the one in PUBLIC_URL.
 */
const FORM_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a request must be refused: an unsafe method whose Origin is not one of ours, when it is form-like (a
 * plain HTML form can send it from anywhere) or has no content type. Other types (JSON) need a CORS preflight,
 * which the portal never grants.
 */
export function isCrossSiteSubmission(method: string, headers: Headers, sameSiteOrigins: readonly string[]): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const origin = headers.get('origin');
  const sameSite = origin !== null && sameSiteOrigins.includes(origin);
  const type = headers.get('content-type');
  if (type === null) return !sameSite;
  return FORM_CONTENT_TYPES.some((form) => type.toLowerCase().includes(form)) && !sameSite;
}

export function crossSiteForbidden(method: string): Response {
  return new Response(`Cross-site ${method} form submissions are forbidden`, { status: 403 });
}
