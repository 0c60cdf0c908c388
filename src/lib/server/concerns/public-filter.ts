/**
 * The public list's filters as they arrive in the URL (a GET form, so they work without JavaScript), and the
 * validators that let a cache answer 304 while no concern changed.
 */
import { desc } from 'drizzle-orm';
import type { Db } from '../db';
import { computeEtag, type Validators } from '../http/conditional';
import { concernEvents, concernStatuses, quartiere, type ConcernStatus } from '../../../../db/schema';
import { listCategories } from './routing';
import type { PublicFilter } from './queries';

/** States a visitor can filter by (new concerns are not public until staff have looked at them). */
export const publicStatuses = concernStatuses.filter((s) => s !== 'neu');

export type ParsedFilter = { ok: true; filter: PublicFilter; page: number } | { ok: false; param: 'quartier' | 'kategorie' | 'status' | 'seite' };

export function parsePublicFilter(db: Db, params: URLSearchParams, fixedQuartier?: string): ParsedFilter {
  const quartier = fixedQuartier ?? (params.get('quartier') || undefined);
  const category = params.get('kategorie') || undefined;
  const status = params.get('status') || undefined;
  const pageText = params.get('seite') || '1';
  if (
    quartier &&
    !db
      .select({ slug: quartiere.slug })
      .from(quartiere)
      .all()
      .some((q) => q.slug === quartier)
  )
    return { ok: false, param: 'quartier' };
  if (category && !listCategories(db).some((c) => c.slug === category)) return { ok: false, param: 'kategorie' };
  if (status && !(publicStatuses as readonly string[]).includes(status)) return { ok: false, param: 'status' };
  if (!/^\d{1,5}$/.test(pageText) || Number(pageText) < 1) return { ok: false, param: 'seite' };
  return { ok: true, filter: { quartier, category, status: status as ConcernStatus | undefined }, page: Number(pageText) };
}

/** Every change of a concern writes a timeline entry, so the newest entry versions all public concern pages. */
export function concernValidators(db: Db, parts: readonly (string | number)[]): Validators {
  const latest = db.select({ id: concernEvents.id, at: concernEvents.at }).from(concernEvents).orderBy(desc(concernEvents.id)).limit(1).get();
  return { etag: computeEtag(['concerns', latest?.id ?? 0, ...parts]), lastModified: latest?.at ?? new Date(0) };
}
