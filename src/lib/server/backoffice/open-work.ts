/**
 * The back-office start page: how much work waits for this person, counted only over what their role and
 * Quartiere let them see (volunteering only for the programmes they coordinate), so a count never hints at
 * records of another Quartier. Staff and admins land here after logging in.
 */
import { and, count, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../db';
import { isStaff, staffQuartierIds, type Actor } from '../auth/permissions';
import { listCoordinatedProgrammes } from '../volunteering/programmes';
import { listPendingRequests } from '../rooms/bookings';
import { countWork, workListSections } from '../concerns/queries';
import { listMissingAttendance } from '../reports/attendance';
import { helpRequests, volunteerApplications } from '../../../../db/schema';

export const openWorkKinds = ['applications', 'helpRequests', 'roomRequests', 'concerns', 'attendance'] as const;
export type OpenWorkKind = (typeof openWorkKinds)[number];

export interface OpenWorkItem {
  kind: OpenWorkKind;
  count: number;
  href: string;
}

/** Concerns that wait for the Quartiersmanagement; "wartend" waits for the responsible office instead. */
const concernSectionsForStaff = workListSections.filter((s) => s !== 'wartend');

/** Where a person starts after logging in: staff with at least one Quartier (and admins) in the back office. */
export function startPathAfterLogin(db: Db, user: Actor): string {
  if (!isStaff(user)) return '/konto';
  const scope = staffQuartierIds(db, user);
  return scope === 'all' || scope.length > 0 ? '/verwaltung' : '/konto';
}

/** The counts of the start page, in a fixed order; kinds with nothing open are left out. Empty for non-staff. */
export function listOpenWork(db: Db, user: Actor, now: Date): OpenWorkItem[] {
  if (!isStaff(user)) return [];
  const scope = staffQuartierIds(db, user);
  if (scope !== 'all' && scope.length === 0) return [];
  const programmeIds = listCoordinatedProgrammes(db, user).map((p) => p.id);
  const applications =
    programmeIds.length === 0
      ? 0
      : db
          .select({ n: count() })
          .from(volunteerApplications)
          .where(
            and(
              inArray(volunteerApplications.programmeId, programmeIds),
              eq(volunteerApplications.status, 'neu'),
              isNotNull(volunteerApplications.emailConfirmedAt),
              isNull(volunteerApplications.anonymisedAt),
            ),
          )
          .get()!.n;
  const requests =
    programmeIds.length === 0
      ? 0
      : db
          .select({ n: count() })
          .from(helpRequests)
          .where(and(inArray(helpRequests.programmeId, programmeIds), inArray(helpRequests.status, ['neu', 'in_klaerung']), isNull(helpRequests.anonymisedAt)))
          .get()!.n;
  const roomRequests = listPendingRequests(db, scope, now).reduce((sum, group) => sum + group.items.length, 0);
  const concernCounts = countWork(db, scope, now);
  const concerns = concernSectionsForStaff.reduce((sum, section) => sum + concernCounts[section], 0);
  const attendance = listMissingAttendance(db, user, now, 1).total;
  const items: OpenWorkItem[] = [
    { kind: 'applications', count: applications, href: '/verwaltung/ehrenamt' },
    { kind: 'helpRequests', count: requests, href: '/verwaltung/ehrenamt' },
    { kind: 'roomRequests', count: roomRequests, href: '/verwaltung/raeume' },
    { kind: 'concerns', count: concerns, href: '/verwaltung/anliegen' },
    { kind: 'attendance', count: attendance, href: '/verwaltung/teilnahme' },
  ];
  return items.filter((item) => item.count > 0);
}
