import type { Db } from '../../lib/server/db';
import { isStaff, staffQuartierIds } from '../../lib/server/auth/permissions';
import type { User } from '../../../db/schema';

export type StaffAccess =
  | { status: 'login' }
  | { status: 'forbidden'; user: User }
  | { status: 'ok'; user: User; scope: number[] | 'all' };

/** Back-office pages: visitors log in first; members and staff without any Quartier get 403. */
export function staffAccess(db: Db, user: User | null): StaffAccess {
  if (!user) return { status: 'login' };
  if (!isStaff(user)) return { status: 'forbidden', user };
  const scope = staffQuartierIds(db, user);
  if (scope !== 'all' && scope.length === 0) return { status: 'forbidden', user };
  return { status: 'ok', user, scope };
}

/** Form values as the browser sent them: repeated names become lists, checkboxes `true`. */
export function formValues(data: FormData, lists: readonly string[], flags: readonly string[]): Record<string, string | string[] | boolean> {
  const values: Record<string, string | string[] | boolean> = {};
  for (const key of new Set(data.keys())) {
    if (lists.includes(key)) values[key] = data.getAll(key).map(String);
    else if (flags.includes(key)) values[key] = true;
    else values[key] = String(data.get(key) ?? '');
  }
  for (const key of lists) values[key] ??= [];
  for (const key of flags) values[key] ??= false;
  return values;
}
