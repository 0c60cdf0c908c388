/**
 * Request body limits of Actions. Astro has one limit for all Actions (`security.actionBodySizeLimit`), set in
 * astro.config.mjs high enough for the forms that carry photos; every other Action keeps the usual 1 MB,
 * checked here by the middleware before anything reads the body.
 */
import { CONCERN_BODY_LIMIT } from './settings';

export const DEFAULT_ACTION_BODY_LIMIT = 1024 * 1024;

/** Actions whose forms upload photos. */
const UPLOAD_ACTIONS = new Set(['concerns.report', 'concerns.enter', 'rounds.addFinding']);

function actionName(url: URL): string | null {
  const fromForm = url.searchParams.get('_action');
  if (fromForm) return fromForm;
  return url.pathname.startsWith('/_actions/') ? decodeURIComponent(url.pathname.slice('/_actions/'.length)).replace(/\/$/, '') : null;
}

/** The body limit of the Action a request goes to, or null when it goes to none. */
export function actionBodyLimit(url: URL): number | null {
  const name = actionName(url);
  if (name === null) return null;
  return UPLOAD_ACTIONS.has(name) ? CONCERN_BODY_LIMIT : DEFAULT_ACTION_BODY_LIMIT;
}

export function exceedsActionBodyLimit(url: URL, headers: Headers): boolean {
  const limit = actionBodyLimit(url);
  const length = Number(headers.get('content-length'));
  return limit !== null && Number.isFinite(length) && length > limit;
}
