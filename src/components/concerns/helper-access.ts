import type { Db } from '../../lib/server/db';
import { helperQuartierIds } from '../../lib/server/concerns/rounds';
import type { User } from '../../../db/schema';

export type HelperAccess = { status: 'login' } | { status: 'forbidden' } | { status: 'ok'; user: User; quartierIds: number[] };

/** The Quartiershelfer pages: log in first; an account without a helper scope gets 403. */
export function helperAccess(db: Db, user: User | null): HelperAccess {
  if (!user) return { status: 'login' };
  const quartierIds = helperQuartierIds(db, user);
  return quartierIds.length === 0 ? { status: 'forbidden' } : { status: 'ok', user, quartierIds };
}
