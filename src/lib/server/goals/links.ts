/**
 * What a measure is linked to: events, regular offers, volunteer programmes and concerns of the goal's Quartier.
 * The lists to pick from and the check of a submitted choice are the same query, so nothing from another
 * Quartier (or an id typed into the form by hand) can be linked.
 */
import { and, asc, desc, eq, inArray, isNull, ne, or, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db';
import type { Actor } from '../auth/permissions';
import { recordAudit } from '../audit';
import { DomainError, NotFoundError, problem, type Problem } from '../errors';
import { measureFor } from './goals';
import {
  concernCategories,
  concerns,
  eventQuartiere,
  events,
  measureLinks,
  measureLinkKinds,
  offers,
  volunteerProgrammes,
  type MeasureLinkKind,
} from '../../../../db/schema';

export interface LinkOption {
  id: number;
  label: string;
  /** Concerns: the category, so staff tell "#12 Abfall" from "#13 Grün" without opening them. */
  detail?: string;
  /** Events: the Berlin date of the first occurrence (`YYYY-MM-DD`), to tell a series from a one-off of that name. */
  date?: string;
}

export type LinkOptions = Record<MeasureLinkKind, LinkOption[]>;
export type LinkChoice = Record<MeasureLinkKind, readonly number[]>;

/** The form field of each kind (the error summary links to it). */
export const linkFields: Record<MeasureLinkKind, string> = { event: 'events', offer: 'offers', programme: 'programmes', concern: 'concerns' };

/**
 * Everything of this Quartier a measure may be linked to, per kind. City-wide volunteer programmes serve it too.
 * `only` narrows each kind to the given ids (the items already linked), so showing links does not read every concern of
 * the Quartier.
 */
export function linkOptions(db: Db, quartierId: number, only?: LinkChoice): LinkOptions {
  const among = (column: SQLiteColumn, kind: MeasureLinkKind): SQL | undefined => (only ? inArray(column, [...only[kind]]) : undefined);
  return {
    event: db
      .select({ id: events.id, label: events.title, detail: events.startLocal })
      .from(events)
      .innerJoin(eventQuartiere, and(eq(eventQuartiere.eventId, events.id), eq(eventQuartiere.quartierId, quartierId)))
      .where(and(ne(events.status, 'draft'), among(events.id, 'event')))
      .orderBy(desc(events.firstStartsAt))
      .all()
      .map((e) => ({ id: e.id, label: e.label, date: e.detail.slice(0, 10) })),
    offer: db
      .select({ id: offers.id, label: offers.title })
      .from(offers)
      .where(and(eq(offers.quartierId, quartierId), ne(offers.status, 'withdrawn'), among(offers.id, 'offer')))
      .orderBy(asc(offers.title))
      .all(),
    programme: db
      .select({ id: volunteerProgrammes.id, label: volunteerProgrammes.name })
      .from(volunteerProgrammes)
      .where(and(or(eq(volunteerProgrammes.quartierId, quartierId), isNull(volunteerProgrammes.quartierId)), among(volunteerProgrammes.id, 'programme')))
      .orderBy(asc(volunteerProgrammes.name))
      .all(),
    concern: db
      .select({ id: concerns.id, label: concerns.locationText, detail: concernCategories.name })
      .from(concerns)
      .innerJoin(concernCategories, eq(concernCategories.id, concerns.categoryId))
      .where(and(eq(concerns.quartierId, quartierId), ne(concerns.status, 'dublette'), among(concerns.id, 'concern')))
      .orderBy(desc(concerns.createdAt))
      .all()
      .map((c) => ({ id: c.id, label: `#${c.id} ${c.label}`, detail: c.detail })),
  };
}

/** The linked items of these measures that still exist and still belong to the Quartier. */
export function linksOf(db: Db, quartierId: number, measureIds: readonly number[]): Map<number, Record<MeasureLinkKind, LinkOption[]>> {
  const result = new Map<number, Record<MeasureLinkKind, LinkOption[]>>();
  if (measureIds.length === 0) return result;
  const links = db
    .select()
    .from(measureLinks)
    .where(inArray(measureLinks.measureId, [...measureIds]))
    .all();
  const linked: Record<MeasureLinkKind, number[]> = { event: [], offer: [], programme: [], concern: [] };
  for (const link of links) linked[link.kind].push(link.itemId);
  const options = linkOptions(db, quartierId, linked);
  const byKind = Object.fromEntries(measureLinkKinds.map((kind) => [kind, new Map(options[kind].map((o) => [o.id, o]))])) as Record<
    MeasureLinkKind,
    Map<number, LinkOption>
  >;
  for (const id of measureIds) result.set(id, { event: [], offer: [], programme: [], concern: [] });
  for (const link of links) {
    const option = byKind[link.kind].get(link.itemId);
    if (option) result.get(link.measureId)![link.kind].push(option);
  }
  return result;
}

/** Replaces the measure's links with the chosen ones; an item outside the goal's Quartier is refused at its field. */
export function setMeasureLinks(db: Db, user: Actor, measureId: number, choice: LinkChoice): void {
  db.transaction((tx) => {
    const found = measureFor(tx, user, measureId);
    if (!found) throw new NotFoundError();
    const options = linkOptions(tx, found.goal.quartierId);
    const problems: Problem[] = [];
    for (const kind of measureLinkKinds) {
      const known = new Set(options[kind].map((o) => o.id));
      if (choice[kind].some((id) => !known.has(id))) problems.push(problem(`goals.error.linkUnknown.${kind}`, { field: linkFields[kind] }));
    }
    if (problems.length > 0) throw new DomainError('invalid', problems);
    tx.delete(measureLinks).where(eq(measureLinks.measureId, measureId)).run();
    const rows = measureLinkKinds.flatMap((kind) => [...new Set(choice[kind])].map((itemId) => ({ measureId, kind, itemId })));
    if (rows.length > 0) tx.insert(measureLinks).values(rows).run();
    recordAudit(tx, {
      actorUserId: user.id,
      action: 'measure.links',
      entityType: 'measure',
      entityId: measureId,
      quartierId: found.goal.quartierId,
      details: { count: rows.length },
    });
  });
}
