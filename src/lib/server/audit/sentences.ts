/**
 * The audit log as the admin reads it: each entry becomes "who did what to which object" with a link to the object
 * where it still exists. The object's name is looked up now (it may have been renamed since) and falls back to the
 * name the entry recorded, so deleted objects keep a readable name.
 */
import { eq, inArray } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db';
import {
  actors,
  bookings,
  concerns,
  events,
  goals,
  measures,
  offers,
  organisations,
  places,
  quartiere,
  rooms,
  users,
  volunteerProgrammes,
} from '../../../../db/schema';
import { actorPath, offerPath } from '../../paths';
import { formatShortDate } from '../../time';
import { isAuditAction, type AuditAction } from './actions';
import type { AuditRow } from './list';

export interface AuditEntryView {
  id: number;
  at: Date;
  /** Display name of who acted; null when the account is gone or the portal itself acted. */
  actorName: string | null;
  /** null for a code no longer written (old entries); the page then shows the code. */
  action: AuditAction | null;
  code: string;
  object: { label: string; href: string | null };
  quartier: string | null;
  /** A reason written with the change (a cancellation, a returned proposal), shown below the sentence. */
  note: string | null;
}

interface NamedObject {
  label: string;
  href: string | null;
}

type Lookup = (db: Db, ids: number[], locale: string) => Map<number, NamedObject>;

/** Names of rows of one table, linked to their back-office page. */
function byName(table: SQLiteTable, idColumn: SQLiteColumn, nameColumn: SQLiteColumn, href: (id: number) => string): Lookup {
  return (db, ids) =>
    new Map(
      db
        .select({ id: idColumn, name: nameColumn })
        .from(table)
        .where(inArray(idColumn, ids))
        .all()
        .map((r) => [r.id as number, { label: String(r.name), href: href(r.id as number) }]),
    );
}

const lookups: Record<string, Lookup> = {
  event: byName(events, events.id, events.title, (id) => `/verwaltung/veranstaltungen/${id}`),
  place: byName(places, places.id, places.name, (id) => `/verwaltung/orte/${id}`),
  room: byName(rooms, rooms.id, rooms.name, (id) => `/verwaltung/raeume/${id}`),
  organisation: byName(organisations, organisations.id, organisations.name, (id) => `/verwaltung/admin/organisationen/${id}`),
  quartier: byName(quartiere, quartiere.id, quartiere.name, (id) => `/verwaltung/admin/quartiere/${id}`),
  user: byName(users, users.id, users.displayName, (id) => `/verwaltung/admin/benutzer/${id}`),
  goal: byName(goals, goals.id, goals.title, (id) => `/verwaltung/ziele/${id}`),
  measure: byName(measures, measures.id, measures.title, (id) => `/verwaltung/ziele/massnahmen/${id}`),
  volunteer_programme: byName(volunteerProgrammes, volunteerProgrammes.id, volunteerProgrammes.name, (id) => `/verwaltung/ehrenamt/programme/${id}`),
  concern: (db, ids) =>
    new Map(
      db
        .select({ id: concerns.id })
        .from(concerns)
        .where(inArray(concerns.id, ids))
        .all()
        .map((r) => [r.id, { label: `#${r.id}`, href: `/verwaltung/anliegen/${r.id}` }]),
    ),
  offer: (db, ids) =>
    new Map(
      db
        .select({ id: offers.id, slug: offers.slug, title: offers.title })
        .from(offers)
        .where(inArray(offers.id, ids))
        .all()
        .map((r) => [r.id, { label: r.title, href: offerPath(r) }]),
    ),
  actor: (db, ids) =>
    new Map(
      db
        .select({ id: actors.id, slug: actors.slug, name: actors.name })
        .from(actors)
        .where(inArray(actors.id, ids))
        .all()
        .map((r) => [r.id, { label: r.name, href: actorPath(r.slug) }]),
    ),
  // A booking is named by its room and day, and links to the room's bookings.
  booking: (db, ids, locale) =>
    new Map(
      db
        .select({ id: bookings.id, roomId: bookings.roomId, startsAt: bookings.startsAt, room: rooms.name })
        .from(bookings)
        .innerJoin(rooms, eq(rooms.id, bookings.roomId))
        .where(inArray(bookings.id, ids))
        .all()
        .map((r) => [r.id, { label: `${r.room}, ${formatShortDate(r.startsAt, locale)}`, href: `/verwaltung/raeume/${r.roomId}` }]),
    ),
};

function recordedName(details: Record<string, unknown>): string | null {
  for (const key of ['title', 'name', 'displayName']) {
    const value = details[key];
    if (typeof value === 'string' && value.trim()) return value;
  }
  return null;
}

function parseDetails(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function describeAuditEntries(db: Db, rows: AuditRow[], locale: string): AuditEntryView[] {
  const idsByType = new Map<string, number[]>();
  for (const row of rows) {
    const id = Number(row.entityId);
    if (!Number.isInteger(id) || !lookups[row.entityType]) continue;
    idsByType.set(row.entityType, [...(idsByType.get(row.entityType) ?? []), id]);
  }
  const found = new Map<string, Map<number, NamedObject>>();
  for (const [type, ids] of idsByType) found.set(type, lookups[type]!(db, [...new Set(ids)], locale));
  return rows.map((row) => {
    const details = parseDetails(row.details);
    const current = found.get(row.entityType)?.get(Number(row.entityId));
    const note = typeof details.note === 'string' && details.note.trim() ? details.note : null;
    return {
      id: row.id,
      at: row.at,
      actorName: row.actorName,
      action: isAuditAction(row.action) ? row.action : null,
      code: row.action,
      object: current ?? { label: recordedName(details) ?? `#${row.entityId}`, href: null },
      quartier: row.quartier,
      note,
    };
  });
}
