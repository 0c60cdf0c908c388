import { isAdmin } from '../../lib/server/auth/permissions';
import type { User } from '../../../db/schema';

export type AdminAccess = { status: 'login' } | { status: 'forbidden' } | { status: 'ok'; user: User };

/** Admin pages: visitors log in first; everyone but admins gets 403 (staff included). */
export function adminAccess(user: User | null): AdminAccess {
  if (!user) return { status: 'login' };
  if (!isAdmin(user)) return { status: 'forbidden' };
  return { status: 'ok', user };
}
