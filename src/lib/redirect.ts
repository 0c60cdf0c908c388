/**
 * Browsers drop tabs and newlines from a URL and read a backslash as a slash, so `/<TAB>/evil.example` or
 * `/\evil.example` would take people to another site. Legitimate return paths come percent-encoded from
 * `loginRedirect`, so they never contain controls, spaces or backslashes.
 */
const UNSAFE_CHARACTERS = /[\u0000-\u0020\u007f\\]/;

/** Stand-in origin: whether a relative reference stays on the site does not depend on which site it is. */
const SITE = 'http://portal.invalid';

/** Only same-site paths are allowed as return targets, so a link cannot send people to another site. */
export function safeReturnPath(value: string | null | undefined, fallback = '/', origin: string = SITE): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || UNSAFE_CHARACTERS.test(value)) return fallback;
  let resolved: URL;
  try {
    resolved = new URL(value, origin);
  } catch {
    return fallback;
  }
  if (resolved.origin !== new URL(origin).origin) return fallback;
  return resolved.pathname + resolved.search + resolved.hash;
}
