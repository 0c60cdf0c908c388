/**
 * The demo city's calendar subscription: the Bürgerverein Kray publishes its own dates (a Nextcloud calendar, as
 * many Vereine keep one) and the portal subscribes to them. The portal serves that calendar itself in demo mode
 * (`/demo/vereinskalender.ics`), so `npm start` needs no network; the seed imports it once right away, and the
 * hourly job then finds it unchanged. Dates are counted from the start of the current month, so the file stays
 * the same all month, as a real calendar does.
 */
import { DateTime } from 'luxon';
import { eq } from 'drizzle-orm';
import type { Db } from '../../client';
import * as s from '../../schema';
import { importCalendarText } from '../../../src/lib/server/calendar-import/subscriptions';
import { ZONE } from '../../../src/lib/time';

export const DEMO_CALENDAR_PATH = '/demo/vereinskalender.ics';

const stamp = (dt: DateTime): string => dt.toFormat("yyyyLLdd'T'HHmmss");
const day = (dt: DateTime): string => dt.toFormat('yyyyLLdd');

/** First given weekday (1 = Monday) on or after the date. */
function onOrAfter(date: DateTime, weekday: number): DateTime {
  return date.plus({ days: (weekday - date.weekday + 7) % 7 });
}

/** The Bürgerverein's calendar as its Nextcloud exports it (LF line ends, TZID=Europe/Berlin, a VALARM). */
export function demoCalendarIcs(nowDate: Date = new Date()): string {
  const month = DateTime.fromJSDate(nowDate, { zone: ZONE }).startOf('month');
  const boule = onOrAfter(month, 7).set({ hour: 15 });
  const stammtisch = onOrAfter(month, 3).set({ hour: 19, minute: 30 });
  const putz = onOrAfter(month.plus({ weeks: 3 }), 6).set({ hour: 10 });
  const fest = onOrAfter(month.plus({ months: 2 }), 6);
  const created = stamp(month.minus({ months: 1 }).toUTC()) + 'Z';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Nextcloud calendar v4.7//EN',
    'CALSCALE:GREGORIAN',
    'X-WR-CALNAME:Bürgerverein Kray – öffentliche Termine',
    'X-WR-TIMEZONE:Europe/Berlin',
    'BEGIN:VEVENT',
    'UID:bv-kray-stammtisch@cloud.buergerverein-kray.example',
    `DTSTAMP:${created}`,
    `LAST-MODIFIED:${created}`,
    `DTSTART;TZID=Europe/Berlin:${stamp(stammtisch)}`,
    `DTEND;TZID=Europe/Berlin:${stamp(stammtisch.plus({ hours: 2 }))}`,
    'RRULE:FREQ=MONTHLY;BYDAY=1WE',
    'SUMMARY:Stammtisch des Bürgervereins',
    'DESCRIPTION:Offener Stammtisch: Neuigkeiten aus Kray\\, Fragen an den Vorstand\\, Ideen für den Stadtteil. Gäste sind willkommen.',
    'LOCATION:Gaststätte Zur Post\\, Krayer Straße 210\\, 45307 Essen',
    'CATEGORIES:Versammlung/Gremium',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    'TRIGGER:-PT1H',
    'DESCRIPTION:Stammtisch',
    'END:VALARM',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:bv-kray-boule@cloud.buergerverein-kray.example',
    `DTSTAMP:${created}`,
    `LAST-MODIFIED:${created}`,
    `DTSTART;TZID=Europe/Berlin:${stamp(boule)}`,
    'DURATION:PT2H',
    'RRULE:FREQ=WEEKLY;BYDAY=SU;COUNT=20',
    `EXDATE;TZID=Europe/Berlin:${stamp(boule.plus({ weeks: 3 }))}`,
    'SUMMARY:Boule im Krayer Volksgarten',
    'DESCRIPTION:Kugeln sind da\\, Anfängerinnen und Anfänger willkommen. Bei Regen fällt das Spiel aus.',
    'LOCATION:Krayer Volksgarten\\, Eingang Leither Straße\\, 45307 Essen',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:bv-kray-boule@cloud.buergerverein-kray.example',
    `DTSTAMP:${created}`,
    `RECURRENCE-ID;TZID=Europe/Berlin:${stamp(boule.plus({ weeks: 5 }))}`,
    `DTSTART;TZID=Europe/Berlin:${stamp(boule.plus({ weeks: 5 }))}`,
    `DTEND;TZID=Europe/Berlin:${stamp(boule.plus({ weeks: 5, hours: 2 }))}`,
    'STATUS:CANCELLED',
    'SUMMARY:Boule im Krayer Volksgarten',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:bv-kray-putz@cloud.buergerverein-kray.example',
    `DTSTAMP:${created}`,
    `DTSTART;TZID=Europe/Berlin:${stamp(putz)}`,
    `DTEND;TZID=Europe/Berlin:${stamp(putz.plus({ hours: 3 }))}`,
    'SUMMARY:Kray putzt sich raus',
    'DESCRIPTION:Gemeinsam Müll sammeln rund um den Krayer Markt. Greifzangen und Handschuhe stellt die EBE.',
    'LOCATION:Krayer Markt\\, 45307 Essen',
    'CATEGORIES:Garten/Umwelt',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:bv-kray-fest@cloud.buergerverein-kray.example',
    `DTSTAMP:${created}`,
    `DTSTART;VALUE=DATE:${day(fest)}`,
    `DTEND;VALUE=DATE:${day(fest.plus({ days: 2 }))}`,
    'SUMMARY:Krayer Stadtteilfest',
    'DESCRIPTION:Zwei Tage Fest mit Flohmarkt\\, Bühne und Kinderprogramm.',
    'LOCATION:Krayer Markt\\, 45307 Essen',
    'CATEGORIES:Fest',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.join('\n') + '\n';
}

/** The portal's own address, where the demo calendar is served (the seed runs before the server listens). */
function ownAddress(): string {
  const env = process.env;
  return (env.PUBLIC_URL || `http://${env.HOST || '127.0.0.1'}:${env.PORT || '4321'}`).replace(/\/+$/, '');
}

export function seedDemoCalendarSubscription(db: Db, nowDate: Date = new Date()): void {
  const organisation = db.select().from(s.organisations).where(eq(s.organisations.slug, 'buergerverein-kray')).get();
  const admin = db.select({ id: s.users.id }).from(s.users).where(eq(s.users.email, 'verein@example.org')).get();
  if (!organisation?.quartierId) return;
  const subscription = db
    .insert(s.calendarSubscriptions)
    .values({
      organisationId: organisation.id,
      url: ownAddress() + DEMO_CALENDAR_PATH,
      quartierId: organisation.quartierId,
      publishMode: 'publish',
      createdBy: admin?.id ?? null,
    })
    .returning()
    .get();
  importCalendarText(db, subscription.id, demoCalendarIcs(nowDate), nowDate);
}
