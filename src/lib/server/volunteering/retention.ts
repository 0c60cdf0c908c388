import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Db } from '../db';
import { helpRequests, volunteerApplications, type HelpRequest, type VolunteerApplication } from '../../../../db/schema';
import { toBerlin } from '../../time';

/** How long ended applications and requests are kept before they are anonymised (env VOLUNTEER_RETENTION_MONTHS). */
export function volunteerRetentionMonths(env: Record<string, string | undefined> = process.env): number {
  const raw = env.VOLUNTEER_RETENTION_MONTHS;
  if (raw === undefined || raw === '') return 12;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 120) {
    throw new Error(`VOLUNTEER_RETENTION_MONTHS must be a whole number of months from 1 to 120, not "${raw}".`);
  }
  return Number(raw);
}

/** What stays of an application once nothing in it may identify the person (counts and statuses remain). */
export function anonymisedApplication(now: Date): Partial<VolunteerApplication> {
  return {
    name: '–',
    email: '–',
    phone: null,
    availability: '[]',
    motivation: '',
    coordinatorNotes: '',
    confirmTokenHash: null,
    userId: null,
    anonymisedAt: now,
  };
}

/** What stays of a request for help once nothing in it may identify the person. */
export function anonymisedHelpRequest(now: Date): Partial<HelpRequest> {
  return {
    requesterName: '–',
    requesterPhone: null,
    requesterEmail: null,
    onBehalfOf: null,
    relationship: null,
    availability: '[]',
    message: '',
    coordinatorNotes: '',
    anonymisedAt: now,
  };
}

/**
 * Ended applications and requests older than the retention period lose everything that identifies a
 * person; unconfirmed applications (double opt-in never completed) are deleted after a week.
 * Counts and statuses stay for the programme's statistics.
 */
export function anonymiseEndedRecords(db: Db, options: { months: number; now?: Date }): { applications: number; requests: number; unconfirmed: number } {
  const now = options.now ?? new Date();
  const cutoff = toBerlin(now).minus({ months: options.months }).toJSDate();
  const weekAgo = toBerlin(now).minus({ weeks: 1 }).toJSDate();
  return db.transaction((tx) => {
    const applications = tx
      .update(volunteerApplications)
      .set(anonymisedApplication(now))
      .where(and(eq(volunteerApplications.status, 'beendet'), isNull(volunteerApplications.anonymisedAt), lt(volunteerApplications.endedAt, cutoff)))
      .run().changes;
    const requests = tx
      .update(helpRequests)
      .set(anonymisedHelpRequest(now))
      .where(and(eq(helpRequests.status, 'beendet'), isNull(helpRequests.anonymisedAt), lt(helpRequests.endedAt, cutoff)))
      .run().changes;
    const unconfirmed = tx
      .delete(volunteerApplications)
      .where(and(isNull(volunteerApplications.emailConfirmedAt), lt(volunteerApplications.createdAt, weekAgo)))
      .run().changes;
    return { applications, requests, unconfirmed };
  });
}
