/**
 * The writes the fault tests fire at a running server, each a real form post that stores a row and queues
 * its mail in one transaction: room bookings, slot sign-ups, event registrations, volunteer applications.
 */
import { eq } from 'drizzle-orm';
import { createDb } from '../../db/client';
import { eventOccurrences, events, volunteerSlots } from '../../db/schema';
import { postAction, type FormFields } from '../helpers/http';
import type { RunningServer } from '../helpers/server';
import { BV, freeSlot, openDaysAhead, orgId, roomId, SLOTS_A_DAY } from '../rooms/fixtures';

/** The Kray Gruppenraum confirms requests at once, so every booking request is answered and mailed. */
export const BOOKING_PAGE = '/raeume/stadtteilbuero-kray/gruppenraum';
export const BOOKER = 'verein@example.org';
export const SLOT_PAGE = '/mitmachen/schulung-fuer-ehrenamtliche';

export interface Targets {
  roomId: number;
  organisationId: number;
  slotId: number;
  occurrenceId: number;
  /** Days the Kray Stadtteilbüro is open, from two weeks ahead: booking request i takes a slot of one of them. */
  openDays: readonly string[];
}

/** The most booking requests a fault test sends (the kill test's stream). */
export const MOST_BOOKINGS = 2_000;

/** Ids of the demo city's objects the writes go to. */
export function demoTargets(dbPath: string): Targets {
  const db = createDb(dbPath);
  try {
    const slot = db.select({ id: volunteerSlots.id }).from(volunteerSlots).where(eq(volunteerSlots.title, 'Grundschulung Teil 1: Gesprächsführung')).get();
    const occurrence = db
      .select({ id: eventOccurrences.id })
      .from(eventOccurrences)
      .innerJoin(events, eq(events.id, eventOccurrences.eventId))
      .where(eq(events.title, 'Gemeinsam kochen: Suppen aus aller Welt'))
      .get();
    if (!slot || !occurrence) throw new Error('demo slot or event with registration missing');
    return {
      roomId: roomId(db, 'stadtteilbuero-kray', 'gruppenraum'),
      organisationId: orgId(db, BV),
      slotId: slot.id,
      occurrenceId: occurrence.id,
      openDays: openDaysAhead(db, 'stadtteilbuero-kray', new Date(), Math.ceil(MOST_BOOKINGS / SLOTS_A_DAY)),
    };
  } finally {
    db.$client.close();
  }
}

export const bookingPurpose = (i: number): string => `Fehlertest-Buchung ${i}`;

/** Booking request number i: its own one-hour slot, so it never conflicts with another one. */
export function requestBooking(server: RunningServer, cookie: string, targets: Targets, i: number): Promise<Response> {
  const fields: FormFields = {
    roomId: String(targets.roomId),
    organisationId: String(targets.organisationId),
    ...freeSlot(i, targets.openDays),
    purpose: bookingPurpose(i),
    expectedAttendees: '8',
  };
  return postAction(server, BOOKING_PAGE, 'rooms.requestBooking', fields, cookie);
}

/** The booking id in the redirect after a successful request (`/raeume/buchungen/<id>?hinweis=rooms.confirmed`). */
export function bookingIdOf(location: string | null): number {
  const match = /^\/raeume\/buchungen\/(\d+)\?hinweis=rooms\.confirmed$/.exec(location ?? '');
  if (!match) throw new Error(`not the redirect of a confirmed booking: ${location}`);
  return Number(match[1]);
}

/** The booking a booking mail is about, read from the link in its text. */
export function bookingIdInMail(text: string): number | null {
  const match = /\/raeume\/buchungen\/(\d+)/.exec(text);
  return match ? Number(match[1]) : null;
}

export const signUpForSlot = (server: RunningServer, cookie: string, targets: Targets): Promise<Response> =>
  postAction(server, SLOT_PAGE, 'volunteering.signUpSlot', { slotId: String(targets.slotId) }, cookie);

export const guestEmail = (i: number): string => `fehlertest-gast-${i}@example.net`;

/**
 * The servers of the fault tests trust loopback as their proxy (TRUSTED_PROXIES), so each visitor can come from
 * a network of their own: forms anyone can send are limited per address and network, and thousands of visitors
 * from one address would be refused after ten.
 */
export const FAULT_SERVER_ENV = { TRUSTED_PROXIES: '127.0.0.1' };
const visitorNetwork = (i: number): Record<string, string> => ({ 'x-forwarded-for': `10.${Math.floor(i / 256) % 256}.${i % 256}.7` });

/** A visitor registers for the cooking event (an unconfirmed registration: acknowledged, and mailed the link to confirm). */
export const registerForEvent = (server: RunningServer, targets: Targets, i: number): Promise<Response> =>
  postAction(
    server,
    `/anmeldung/termin/${targets.occurrenceId}`,
    'volunteering.registerForEvent',
    { occurrenceId: String(targets.occurrenceId), name: `Gast ${i}`, email: guestEmail(i), places: '1' },
    undefined,
    visitorNetwork(i),
  );

export const applicantEmail = (i: number): string => `absturz-${i}@example.net`;

export const applyAsVolunteer = (server: RunningServer, i: number): Promise<Response> =>
  postAction(
    server,
    '/mitmachen/seniorenbegleitung/bewerben',
    'volunteering.apply',
    {
      programme: 'seniorenbegleitung',
      name: `Absturz Test ${i}`,
      email: applicantEmail(i),
      phone: '0201 555 12',
      motivation: `Bewerbung Nummer ${i}`,
      consent: 'on',
      availability: '2-afternoon',
      languages: 'de',
    },
    undefined,
    visitorNetwork(i),
  );
