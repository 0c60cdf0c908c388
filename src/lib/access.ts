/** Where to send someone who must log in first; they come back to the page they wanted. */
/** Longer return addresses are cut to their path: a hostile query could otherwise make the redirect header too big to read. */
const MAX_RETURN_LENGTH = 1000;

export function loginRedirect(url: URL): string {
  const back = url.pathname + url.search;
  return `/anmelden?zurueck=${encodeURIComponent(back.length <= MAX_RETURN_LENGTH ? back : url.pathname.slice(0, MAX_RETURN_LENGTH))}`;
}
