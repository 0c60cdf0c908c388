/**
 * The one success notice of the portal (post/redirect/get): an Action's page redirects to `withNotice(path, key)`,
 * which adds `?hinweis=<area>.<name>`; the layout shows the text of `<area>.notice.<name>` at the top of the main
 * content, focused and scrolled to. Only keys that exist in the catalogues are shown, so a forged parameter shows
 * nothing. Browser-safe.
 */
import { hasMessage, type MessageKey } from '../i18n';

export const NOTICE_PARAM = 'hinweis';

export type NoticeKey = Extract<MessageKey, `${string}.notice.${string}`>;

/** `rooms.notice.booked` travels as `rooms.booked`. */
function code(key: NoticeKey): string {
  return key.replace('.notice.', '.');
}

/** The path with the notice parameter set (other query parameters are kept, an earlier notice replaced). */
export function withNotice(path: string, key: NoticeKey): string {
  const url = new URL(path, 'http://portal.invalid');
  url.searchParams.set(NOTICE_PARAM, code(key));
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The notice asked for by the URL, if it names one that exists. */
export function noticeOf(url: URL): NoticeKey | null {
  const raw = url.searchParams.get(NOTICE_PARAM);
  if (!raw || raw.length > 100) return null;
  const dot = raw.indexOf('.');
  if (dot <= 0) return null;
  const key = `${raw.slice(0, dot)}.notice.${raw.slice(dot + 1)}`;
  return hasMessage(key) && key.includes('.notice.') ? (key as NoticeKey) : null;
}
