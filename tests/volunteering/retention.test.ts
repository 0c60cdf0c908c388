import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { demoDb } from '../helpers/db';
import { helpRequests, volunteerApplications, volunteerProgrammes } from '../../db/schema';
import { anonymiseEndedRecords, volunteerRetentionMonths } from '../../src/lib/server/volunteering/retention';

describe('retention of ended applications and requests', () => {
  it('reads VOLUNTEER_RETENTION_MONTHS with a default of 12 and refuses nonsense', () => {
    expect(volunteerRetentionMonths({})).toBe(12);
    expect(volunteerRetentionMonths({ VOLUNTEER_RETENTION_MONTHS: '6' })).toBe(6);
    expect(() => volunteerRetentionMonths({ VOLUNTEER_RETENTION_MONTHS: 'zwölf' })).toThrow(/VOLUNTEER_RETENTION_MONTHS/);
    expect(() => volunteerRetentionMonths({ VOLUNTEER_RETENTION_MONTHS: '0' })).toThrow();
  });

  it('anonymises only records that ended longer ago than the period and deletes stale unconfirmed ones', async () => {
    const now = new Date('2026-11-23T10:00:00Z');
    const { db } = await demoDb(now);
    const programmeId = db.select().from(volunteerProgrammes).where(eq(volunteerProgrammes.slug, 'seniorenbegleitung')).get()!.id;
    const base = { programmeId, availability: '[]', consentAt: now, consentVersion: 'test', emailConfirmedAt: now };
    const old = db
      .insert(volunteerApplications)
      .values({ ...base, name: 'Alt Ende', email: 'alt@example.net', status: 'beendet', endedAt: new Date('2025-10-01T00:00:00Z') })
      .returning()
      .get();
    const recent = db
      .insert(volunteerApplications)
      .values({ ...base, name: 'Neu Ende', email: 'neu@example.net', status: 'beendet', endedAt: new Date('2026-06-01T00:00:00Z') })
      .returning()
      .get();
    const unconfirmed = db
      .insert(volunteerApplications)
      .values({ ...base, name: 'Nie', email: 'nie@example.net', emailConfirmedAt: null, createdAt: new Date('2026-11-01T00:00:00Z') })
      .returning()
      .get();
    const request = db
      .insert(helpRequests)
      .values({
        programmeId,
        requesterName: 'Frau Alt',
        requesterPhone: '0201 1',
        consentAt: now,
        consentVersion: 'test',
        status: 'beendet',
        endedAt: new Date('2025-01-01T00:00:00Z'),
        message: 'Begleitung',
      })
      .returning()
      .get();

    expect(anonymiseEndedRecords(db, { months: 12, now })).toEqual({ applications: 1, requests: 1, unconfirmed: 1 });
    const oldAfter = db.select().from(volunteerApplications).where(eq(volunteerApplications.id, old.id)).get()!;
    expect(oldAfter.name).not.toContain('Alt');
    expect(oldAfter.email).not.toContain('@');
    expect(oldAfter.anonymisedAt).not.toBeNull();
    expect(db.select().from(volunteerApplications).where(eq(volunteerApplications.id, recent.id)).get()!.name).toBe('Neu Ende');
    expect(db.select().from(volunteerApplications).where(eq(volunteerApplications.id, unconfirmed.id)).get()).toBeUndefined();
    const requestAfter = db.select().from(helpRequests).where(eq(helpRequests.id, request.id)).get()!;
    expect(requestAfter.requesterPhone).toBeNull();
    expect(requestAfter.message).toBe('');
    // A second run finds nothing more to do.
    expect(anonymiseEndedRecords(db, { months: 12, now })).toEqual({ applications: 0, requests: 0, unconfirmed: 0 });
  });
});
