import type { Db } from '../../lib/server/db';
import { isStaff, staffQuartierIds } from '../../lib/server/auth/permissions';
import type { User } from '../../../db/schema';

export type StaffAccess = { status: 'login' } | { status: 'forbidden'; user: User } | { status: 'ok'; user: User; scope: number[] | 'all' };

/** Back-office pages: visitors log in first; members and staff without any Quartier get 403. */
export function staffAccess(db: Db, user: User | null): StaffAccess {
  if (!user) return { status: 'login' };
  if (!isStaff(user)) return { status: 'forbidden', user };
  const scope = staffQuartierIds(db, user);
  if (scope !== 'all' && scope.length === 0) return { status: 'forbidden', user };
  return { status: 'ok', user, scope };
}
