/**
 * Issue 12 item 19: before staff cancel or delete a whole event, the confirmation step says what happens and who gets
 * a mail; cancelling then mails everyone registered for a coming date, in the same transaction.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { DbConnection } from '../../db/client';
import { eventOccurrences, outbox, signups } from '../../db/schema';
import { createEvent } from '../../src/lib/server/events/commands';
import { cancelEventAndTellRegistered, describeEventRemoval } from '../../src/lib/server/events/cancellation';
import { ForbiddenError } from '../../src/lib/server/errors';
import { EventValidationError } from '../../src/lib/server/events/errors';
import { demoDb } from '../helpers/db';
import { krayEventForm, userByEmail } from './fixtures';

const NOW = new Date('2027-03-01T09:00:00Z');
const ctx = { baseUrl: 'https://portal.example', locale: 'de' as const, now: NOW };

describe('cancelling a whole event', () => {
  let db: DbConnection;
  beforeEach(async () => {
    ({ db } = await demoDb(NOW));
  });

  function seriesWithRegistrations() {
    const staff = userByEmail(db, 'kray@example.org');
    const event = createEvent(
      db,
      staff,
      krayEventForm(db, { repeat: 'weekly', weekdays: ['TU'], interval: '1', ends: 'count', count: '3', registrationRequired: true, capacity: '10' }),
      true,
      NOW,
    );
    const [first, second] = db.select().from(eventOccurrences).where(eq(eventOccurrences.eventId, event.id)).orderBy(eventOccurrences.startsAt).all();
    const person = (occurrenceId: number, name: string, email: string | null, status: 'confirmed' | 'waiting' | 'pending') =>
      db.insert(signups).values({ occurrenceId, name, email, status, places: 1, queuedAt: NOW }).run();
    person(first!.id, 'Erika Brandt', 'erika@example.org', 'confirmed');
    person(second!.id, 'Yusuf Demir', 'yusuf@example.org', 'waiting');
    person(second!.id, 'Telefon-Anmeldung', null, 'confirmed');
    person(second!.id, 'Unbestätigt', 'unbestaetigt@example.org', 'pending');
    return { staff, event };
  }

  const mailsTo = (address: string) =>
    db
      .select()
      .from(outbox)
      .where(and(eq(outbox.toAddress, address), eq(outbox.kind, 'registration-occurrence-cancelled')))
      .all();

  it('says how many coming dates are cancelled and who gets a mail, before anything changes', () => {
    const { event } = seriesWithRegistrations();
    expect(describeEventRemoval(db, event.id, NOW)).toEqual({ upcomingDates: 3, peopleToMail: 2, registrations: 4 });
    expect(mailsTo('erika@example.org')).toHaveLength(0);
  });

  it('mails the registered people with the reason when the whole event is cancelled', () => {
    const { staff, event } = seriesWithRegistrations();
    const { event: cancelled, mailed } = cancelEventAndTellRegistered(db, staff, event.id, 'Die Referentin ist erkrankt.', ctx);
    expect(cancelled.status).toBe('cancelled');
    expect(mailed).toBe(2);
    expect(mailsTo('erika@example.org')[0]!.textBody).toContain('Die Referentin ist erkrankt.');
    expect(mailsTo('yusuf@example.org')).toHaveLength(1);
    expect(mailsTo('unbestaetigt@example.org')).toHaveLength(0);
  });

  it('mails nobody when the reason is missing or the staff member may not cancel it', () => {
    const { event } = seriesWithRegistrations();
    expect(() => cancelEventAndTellRegistered(db, userByEmail(db, 'kray@example.org'), event.id, ' ', ctx)).toThrow(EventValidationError);
    expect(() => cancelEventAndTellRegistered(db, userByEmail(db, 'frohnhausen@example.org'), event.id, 'Übernommen', ctx)).toThrow(ForbiddenError);
    expect(mailsTo('erika@example.org')).toHaveLength(0);
  });
});
