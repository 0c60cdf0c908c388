/**
 * The "warning — save anyway" step over real HTTP against the built server, as a browser without JavaScript posts:
 * a series at a closed time answers 200 with the warning summary and every value kept, and saves nothing; the same
 * post with the confirmation its button sends saves (published, as first clicked) and keeps the dates; a member who
 * forges the confirmation is still refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq, like } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { createDb, type DbConnection } from '../../db/client';
import { closureKeeps, events, openingExceptions, volunteerProgrammes, volunteerSlots } from '../../db/schema';
import { sessionCookieFor } from '../helpers/auth';
import { postAction, type FormFields } from '../helpers/http';
import { startServer, type RunningServer } from '../helpers/server';
import { idOf, krayEventForm, userByEmail } from '../backoffice/fixtures';
import { ZONE } from '../../src/lib/time';

const decode = (html: string): string =>
  html
    .replace(/&#39;/g, '’')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe('warning before saving at a closed time', () => {
  let server: RunningServer;
  let db: DbConnection;
  let staff: string;
  let member: string;
  let fields: FormFields;
  const title = 'Frühstückstreff am Dienstag';
  let firstTuesday: DateTime;
  const eventsTitled = (): (typeof events.$inferSelect)[] => db.select().from(events).where(eq(events.title, title)).all();

  beforeAll(async () => {
    server = await startServer();
    db = createDb(server.dbPath);
    staff = sessionCookieFor(server.dbPath, 'kray@example.org');
    member = sessionCookieFor(server.dbPath, 'bewohnerin@example.org');
    // Tuesdays 09:30, from a Tuesday about three months ahead, at the Treff, which opens on Tuesdays at 14:00.
    firstTuesday = DateTime.now().setZone(ZONE).plus({ months: 3 }).startOf('week').plus({ days: 1 });
    const form = krayEventForm(db, {
      title,
      startDate: firstTuesday.toISODate()!,
      startTime: '09:30',
      endTime: '11:00',
      repeat: 'weekly',
      interval: '1',
      weekdays: ['TU'],
      ends: 'count',
      count: '8',
    });
    // As a browser sends it: ticked checkboxes send their value, unticked ones nothing.
    fields = Object.fromEntries(
      Object.entries(form).flatMap(([name, value]) =>
        value === true ? [[name, 'ja']] : value === false || value === null || value === undefined ? [] : [[name, value]],
      ),
    ) as FormFields;
  });
  afterAll(async () => {
    db?.$client.close();
    await server?.stop();
  });

  let confirmation = '';

  it('answers a series at a closed time with the warnings and every value kept, and saves nothing', async () => {
    const res = await postAction(server, '/verwaltung/veranstaltungen/neu', 'eventAdmin.create', { ...fields, intent: 'publish' }, staff);
    expect(res.status).toBe(200);
    const html = decode(await res.text());
    expect(html).toContain('data-warning-summary');
    expect(html).not.toContain('data-error-summary');
    expect(html).toMatch(/<title>Bitte prüfen: /);
    expect(html).toContain(
      `Quartierstreff Kray-Nord öffnet dienstags erst um 14:00 Uhr: ${[0, 1, 2, 3, 4].map((week) => firstTuesday.plus({ weeks: week }).toFormat('dd.MM.yyyy')).join(', ')} und 3 weitere Termine.`,
    );
    expect(html).toContain(`value="${title}"`);
    expect(html).toMatch(/name="startTime"[^>]*value="09:30"/);
    expect(html).toMatch(/name="count"[^>]*value="8"/);
    const button = /<button type="submit" name="acceptWarnings" value="([^"]+)"[^>]*>\s*Trotzdem speichern/.exec(html);
    expect(button).not.toBeNull();
    confirmation = button![1]!;
    // The button sends again what the clicked "Speichern und veröffentlichen" sent.
    expect(html).toContain('<input type="hidden" name="intent" value="publish">');
    expect(eventsTitled()).toHaveLength(0);
  });

  it('refuses a forged confirmation from a member and saves nothing', async () => {
    const res = await postAction(
      server,
      '/verwaltung/veranstaltungen/neu',
      'eventAdmin.create',
      { ...fields, intent: 'publish', acceptWarnings: confirmation },
      member,
    );
    expect(res.status).toBe(403);
    expect(eventsTitled()).toHaveLength(0);
  });

  it('saves after the confirmation, published as first clicked, with the dates kept', async () => {
    const res = await postAction(
      server,
      '/verwaltung/veranstaltungen/neu',
      'eventAdmin.create',
      { ...fields, acceptWarnings: confirmation, intent: 'publish' },
      staff,
    );
    expect(res.status).toBe(303);
    const [event] = eventsTitled();
    expect(event?.status).toBe('published');
    expect(db.select().from(closureKeeps).where(eq(closureKeeps.eventId, event!.id)).all()).toHaveLength(8);
  });

  it('warns about a volunteer date in the Weihnachtspause and creates it only after the confirmation', async () => {
    const coordinator = userByEmail(db, 'kray@example.org');
    const programme = db.select().from(volunteerProgrammes).where(eq(volunteerProgrammes.coordinatorUserId, coordinator.id)).get()!;
    const path = `/verwaltung/ehrenamt/programme/${programme.id}`;
    // The demo city's coming Weihnachtspause (this year's, or next year's once it has begun).
    const kray = idOf.place(db, 'stadtteilbuero-kray');
    const pause = db
      .select()
      .from(openingExceptions)
      .where(and(eq(openingExceptions.placeId, kray), like(openingExceptions.reason, 'Weihnachtspause%')))
      .orderBy(desc(openingExceptions.dateFrom))
      .get()!;
    const boxingDay = DateTime.fromISO(pause.dateFrom, { zone: ZONE }).plus({ days: 2 }).toISODate();
    const slot = {
      programmeId: String(programme.id),
      kind: 'training',
      title: 'Ehrenamtsschulung Weihnachten',
      start: `${boxingDay}T10:00`,
      end: `${boxingDay}T13:00`,
      needed: '8',
      placeId: String(kray),
    };
    const count = (): number => db.select().from(volunteerSlots).where(eq(volunteerSlots.title, slot.title)).all().length;
    const warned = await postAction(server, path, 'volunteering.createSlot', slot, staff);
    expect(warned.status).toBe(200);
    const html = decode(await warned.text());
    expect(html).toContain('Stadtteilbüro Kray ist geschlossen (Weihnachtspause');
    expect(count()).toBe(0);
    const value = /name="acceptWarnings" value="([^"]+)"/.exec(html)![1]!;
    const saved = await postAction(server, path, 'volunteering.createSlot', { ...slot, acceptWarnings: value }, staff);
    expect(saved.status).toBe(303);
    expect(count()).toBe(1);
  });
});
