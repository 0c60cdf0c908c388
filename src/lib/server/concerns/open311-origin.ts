/**
 * Cross-site form posts are refused (CSRF, src/lib/server/http/origin.ts). Open311 clients are programs that post
 * form-encoded bodies, as the specification demands, and send no Origin at all; they authenticate with an api_key
 * and never with a cookie, so CSRF does not apply to them. A browser always sends Origin on a cross-site POST, so
 * browser forms stay protected: only a POST to the Open311 requests resource without Origin and without cookies
 * passes.
 */
const OPEN311_POST = /^\/georeport\/v2\/requests\.(json|xml)$/;

export function isOpen311Submission(url: URL, headers: Headers): boolean {
  return OPEN311_POST.test(url.pathname) && headers.get('origin') === null && headers.get('cookie') === null;
}
