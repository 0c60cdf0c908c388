/**
 * Concerns for the large benchmark city: offices, routing, and `count` concerns spread over a year in every
 * state, most of them public and reviewed, each with its timeline. Bulk inserts in chunks inside one transaction.
 */
import type { DateTime } from 'luxon';
import { sql } from 'drizzle-orm';
import * as s from '../../schema';
import { isClosed } from '../../../src/lib/server/concerns/states';
import { concernRetentionMonths, FEEDBACK_AFTER_DAYS } from '../../../src/lib/server/concerns/settings';
import type { GenerationContext } from './context';

const PLACES = [
  'Spielplatz am Park',
  'Bushaltestelle Marktplatz',
  'Gehweg vor der Grundschule',
  'Containerplatz Hochhaus',
  'Uferweg',
  'Friedhofsmauer',
  'Unterführung Bahnhof',
  'Parkplatz Sporthalle',
];
const TEXTS = [
  'Die Schaukel ist kaputt, eine Kette ist gerissen.',
  'Hier liegt seit Tagen Sperrmüll.',
  'Tiefes Schlagloch, Radfahrende weichen auf den Gehweg aus.',
  'Die Hecke wächst weit in den Gehweg.',
  'Die Straßenlaterne ist seit einer Woche dunkel.',
  'Überquellender Papierkorb, Ratten gesehen.',
];
const STATES: s.ConcernStatus[] = [
  'neu',
  'in_pruefung',
  'weitergeleitet',
  'antwort_erhalten',
  'in_arbeit',
  'erledigt',
  'erledigt',
  'erledigt',
  'nicht_entsprochen',
  'selbst_beseitigt',
  'dublette',
];

/**
 * What the portal's own follow-ups (`runConcernFollowUps`) would have done by `now` over the year: reminders and
 * overdue marks for unanswered forwarded concerns, the "fixed?" question 28 days after solving, contact data removed
 * six months after closing. Without them the first server start works off a year of follow-ups at once (a minute of
 * CPU and thousands of mails), which no running city has and which skews every measurement of the bench.
 */
function followUpsAlreadyDone(
  status: s.ConcernStatus,
  reminderDays: number,
  forwarded: DateTime | null,
  closed: DateTime | null,
  now: DateTime,
): Partial<s.NewConcern> {
  const done = (at: DateTime | null): Date | null => (at !== null && at <= now ? at.toJSDate() : null);
  const reminder = status === 'weitergeleitet' && forwarded ? forwarded.plus({ days: reminderDays }) : null;
  const contactRemovedAt = done(closed?.plus({ months: concernRetentionMonths() }) ?? null);
  return {
    reminderSentAt: done(reminder),
    overdueAt: done(reminder && reminder <= now ? reminder.plus({ days: reminderDays }) : null),
    feedbackAskedAt: status === 'erledigt' ? done(closed?.plus({ days: FEEDBACK_AFTER_DAYS }) ?? null) : null,
    // The address itself is removed after the timelines are written (see `generateConcerns`), which find the answer by it.
    contactRemovedAt,
  };
}

/** States an office's answer leads to. */
const ANSWERED = new Set<s.ConcernStatus>(['antwort_erhalten', 'in_arbeit', 'erledigt', 'nicht_entsprochen']);

export function generateConcerns({ db, size, now, rand, pick }: GenerationContext, quartierIds: number[]): number {
  let inserted = 0;
  db.transaction((t) => {
    const categories = t.select().from(s.concernCategories).all();
    const offices = ['Grünflächenamt', 'Amt für Straßen und Verkehr', 'Entsorgungsbetriebe', 'Ordnungsamt'].map(
      (name, i) =>
        t
          .insert(s.concernOffices)
          .values({ name, email: `stelle-${i}@example.org` })
          .returning()
          .get().id,
    );
    for (const quartierId of quartierIds)
      for (const c of categories)
        t.insert(s.concernRouting)
          .values({ categoryId: c.id, quartierId, officeId: pick(offices) })
          .onConflictDoNothing()
          .run();
    const CHUNK = 500;
    /** A concern of the last days has not yet gone further than today. */
    const notAfterNow = (at: DateTime): DateTime => (at > now ? now : at);
    const answerAt = new Map<string, Date | null>();
    /** As the workflow records it: reported, forwarded to the office, the office's answer (or another change of state). */
    const timelineOf = (r: {
      id: number;
      createdAt: Date;
      updatedAt: Date;
      status: s.ConcernStatus;
      officeId: number | null;
      forwardedAt: Date | null;
      reporterEmail: string | null;
    }): (typeof s.concernEvents.$inferInsert)[] => {
      const timeline: (typeof s.concernEvents.$inferInsert)[] = [{ concernId: r.id, at: r.createdAt, kind: 'reported', toStatus: 'neu', isPublic: true }];
      if (r.status === 'neu') return timeline;
      if (r.forwardedAt === null)
        return [...timeline, { concernId: r.id, at: r.updatedAt, kind: 'status', fromStatus: 'neu', toStatus: r.status, isPublic: true }];
      timeline.push({
        concernId: r.id,
        at: r.forwardedAt,
        kind: 'forwarded',
        fromStatus: 'neu',
        toStatus: 'weitergeleitet',
        officeId: r.officeId,
        isPublic: true,
      });
      const answered = answerAt.get(r.reporterEmail ?? '') ?? null;
      if (answered !== null) {
        timeline.push({
          concernId: r.id,
          at: answered,
          kind: 'answer',
          fromStatus: 'weitergeleitet',
          toStatus: r.status,
          officeId: r.officeId,
          note: 'Wir kümmern uns darum.',
          isPublic: true,
        });
      } else if (r.status !== 'weitergeleitet') {
        timeline.push({ concernId: r.id, at: r.updatedAt, kind: 'status', fromStatus: 'weitergeleitet', toStatus: r.status, isPublic: true });
      }
      return timeline;
    };
    for (let start = 0; start < size.concerns; start += CHUNK) {
      const rows: s.NewConcern[] = [];
      for (let i = start; i < Math.min(size.concerns, start + CHUNK); i++) {
        const created = now.minus({ minutes: Math.floor(rand() * 365 * 24 * 60) });
        const status = pick(STATES);
        const forwarded = status === 'neu' || status === 'in_pruefung' ? null : notAfterNow(created.plus({ days: 1 }));
        // The office answers between six hours and ten days after the forwarding; derived from the index rather than
        // drawn, so every phase after this one keeps its data.
        const answered = forwarded !== null && ANSWERED.has(status) ? notAfterNow(forwarded.plus({ hours: 6 + ((i * 37) % 240) })) : null;
        const drawnUpdate = notAfterNow(created.plus({ days: Math.floor(rand() * 20) }));
        const updated = answered !== null && answered > drawnUpdate ? answered : drawnUpdate;
        const closed = isClosed(status);
        // Drawn in the order they always were, so the rest of the city stays the same.
        const quartierId = pick(quartierIds);
        const category = pick(categories);
        rows.push({
          quartierId,
          categoryId: category.id,
          description: pick(TEXTS),
          locationText: pick(PLACES),
          latitude: 51.4 + rand() * 0.12,
          longitude: 6.95 + rand() * 0.15,
          isPublic: rand() < 0.85,
          status,
          reporterEmail: `melder${i}@example.org`,
          emailConfirmedAt: created.toJSDate(),
          reviewedAt: status === 'neu' ? null : notAfterNow(created.plus({ hours: 4 })).toJSDate(),
          officeId: forwarded === null ? null : pick(offices),
          forwardedAt: forwarded?.toJSDate() ?? null,
          answerText: closed || status === 'in_arbeit' ? 'Wir kümmern uns darum.' : null,
          expectedOn: status === 'in_arbeit' ? updated.plus({ days: 14 }).toISODate() : null,
          closedAt: closed ? updated.toJSDate() : null,
          resolvedAt: status === 'erledigt' ? updated.toJSDate() : null,
          createdAt: created.toJSDate(),
          updatedAt: updated.toJSDate(),
          ...followUpsAlreadyDone(status, category.reminderDays, forwarded, closed ? updated : null, now),
        });
        answerAt.set(`melder${i}@example.org`, answered?.toJSDate() ?? null);
      }
      const ids = t
        .insert(s.concerns)
        .values(rows)
        .returning({
          id: s.concerns.id,
          createdAt: s.concerns.createdAt,
          updatedAt: s.concerns.updatedAt,
          status: s.concerns.status,
          officeId: s.concerns.officeId,
          forwardedAt: s.concerns.forwardedAt,
          reporterEmail: s.concerns.reporterEmail,
        })
        .all();
      t.insert(s.concernEvents).values(ids.flatMap(timelineOf)).run();
      inserted += ids.length;
    }
    t.update(s.concerns)
      .set({ reporterEmail: null })
      .where(sql`${s.concerns.contactRemovedAt} IS NOT NULL`)
      .run();
  });
  return inserted;
}
