/** Where to send someone who must log in first; they come back to the page they wanted. */
export function loginRedirect(url: URL): string {
  return `/anmelden?zurueck=${encodeURIComponent(url.pathname + url.search)}`;
}
