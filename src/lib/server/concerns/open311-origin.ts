/**
 * Astro refuses form-encoded POSTs whose Origin header is not the portal's own (CSRF protection for browser
 * forms). Open311 clients are programs that post form-encoded bodies, as the specification demands, and send no
 * Origin at all; they authenticate with an api_key and never with a cookie, so CSRF does not apply to them.
 * The start script calls this before handing a request to Astro: a POST to the Open311 requests resource
 * without an Origin header is given the portal's origin as Astro computes it (protocol of the connection and
 * the Host header; the portal sets no `security.allowedDomains`, so forwarded headers are not used).
 * A browser always sends Origin on a cross-site POST, so browser forms stay protected.
 */
import type { IncomingMessage } from 'node:http';

const OPEN311_POST = /^\/georeport\/v2\/requests\.(json|xml)(\?|$)/;

export function admitOpen311Post(req: IncomingMessage): void {
  if (req.method !== 'POST' || req.headers.origin !== undefined || !req.headers.host || !OPEN311_POST.test(req.url ?? '')) return;
  const encrypted = 'encrypted' in req.socket && (req.socket as { encrypted?: boolean }).encrypted === true;
  req.headers.origin = `${encrypted ? 'https' : 'http'}://${req.headers.host}`;
}
