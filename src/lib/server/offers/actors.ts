/**
 * Actor profiles: create (staff), change (staff or the organisation's members), and the data pages read.
 * A member's change goes live at once, or waits for staff review when the actor's setting says so.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import {
  actorQuartiere,
  actors,
  offers,
  organisations,
  places,
  type ActorKind,
  type ActorRecord,
  type Place,
  type Quartier,
  quartiere,
} from '../../../../db/schema';
import { foldForSearch } from '../../../../db/client';
import { recordAudit } from '../audit';
import { staffQuartierIds } from '../auth/permissions';
import { DomainError, ForbiddenError, problem, type Problem } from '../errors';
import { slugify } from '../../slug';
import { actorQuartierIds, requireActorAccess, type User } from './access';
import { checkAddress, checkLanguages, checkQuartiere, checkWebsite, isActorKind, placeExists } from './validation';
import { refreshOfferSearchText } from './search-text';

export interface ActorInput {
  name: string;
  kind: ActorKind;
  description: string;
  email: string | null;
  phone: string | null;
  website: string | null;
  placeId: number | null;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  languages: string[];
  stepFree: boolean;
  accessibilityNotes: string;
  quartierIds: number[];
}

/** What only staff decide: the link to an organisation account and whether its members' changes are reviewed. */
export interface ActorSettings {
  organisationId: number | null;
  reviewMemberChanges: boolean;
}

export type SaveOutcome = 'saved' | 'pending';

function checkActor(db: Db, input: ActorInput): { languages: string } {
  const problems: Problem[] = [];
  if (!isActorKind(input.kind)) problems.push(problem('offers.error.actorKind', { field: 'kind' }));
  checkWebsite(input.website, problems);
  if (input.placeId !== null && !placeExists(db, input.placeId)) problems.push(problem('offers.error.placeUnknown', { field: 'placeId' }));
  checkAddress(input, problems);
  const languages = checkLanguages(input.languages, problems);
  checkQuartiere(db, input.quartierIds, problems);
  if (problems.length > 0) throw new DomainError('invalid', problems);
  return { languages };
}

function checkSettings(db: Db, settings: ActorSettings, actorId: number | null): void {
  if (settings.organisationId === null) return;
  const organisation = db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, settings.organisationId)).get();
  if (!organisation) throw new DomainError('invalid', problem('offers.error.organisationUnknown', { field: 'organisationId' }));
  const other = db.select({ id: actors.id }).from(actors).where(eq(actors.organisationId, settings.organisationId)).get();
  if (other && other.id !== actorId) throw new DomainError('conflict', problem('offers.error.organisationTaken', { field: 'organisationId' }));
}

function uniqueSlug(db: Db, name: string, exceptId?: number): string {
  const base = slugify(name);
  for (let i = 1; ; i++) {
    const slug = i === 1 ? base : `${base}-${i}`;
    const row = db.select({ id: actors.id }).from(actors).where(eq(actors.slug, slug)).get();
    if (!row || row.id === exceptId) return slug;
  }
}

function columnsOf(input: ActorInput, languages: string) {
  const hasAddress = !!(input.street || input.postalCode || input.city);
  return {
    name: input.name,
    kind: input.kind,
    description: input.description,
    email: input.email,
    phone: input.phone,
    website: input.website,
    placeId: input.placeId,
    street: hasAddress ? input.street : null,
    postalCode: hasAddress ? input.postalCode : null,
    city: hasAddress ? input.city : null,
    languages,
    stepFree: input.stepFree,
    accessibilityNotes: input.accessibilityNotes,
    searchText: foldForSearch(`${input.name} ${input.description}`),
  };
}

function writeQuartiere(db: Db, actorId: number, quartierIds: number[]): void {
  db.delete(actorQuartiere).where(eq(actorQuartiere.actorId, actorId)).run();
  for (const quartierId of new Set(quartierIds)) db.insert(actorQuartiere).values({ actorId, quartierId }).run();
}

/** Writes a checked actor without asking who; the demo seed and the domain functions below use it. */
export function writeActor(db: Db, actorId: number | null, input: ActorInput, settings: ActorSettings | null, now: Date): ActorRecord {
  const { languages } = checkActor(db, input);
  if (settings) checkSettings(db, settings, actorId);
  const columns = { ...columnsOf(input, languages), ...(settings ?? {}), checkedAt: now, reminderStage: 0, reminderSentAt: null, updatedAt: now };
  const row =
    actorId === null
      ? db
          .insert(actors)
          .values({ ...columns, slug: uniqueSlug(db, input.name), createdAt: now })
          .returning()
          .get()
      : db
          .update(actors)
          .set({ ...columns, slug: uniqueSlug(db, input.name, actorId), pendingChanges: null, pendingBy: null, pendingAt: null })
          .where(eq(actors.id, actorId))
          .returning()
          .get();
  writeQuartiere(db, row.id, input.quartierIds);
  refreshOfferSearchText(db, { actorId: row.id });
  return row;
}

/** Staff create an actor (with or without an organisation account) in Quartiere they are responsible for. */
export function createActor(db: Db, user: User, input: ActorInput, settings: ActorSettings, now: Date = new Date()): ActorRecord {
  return db.transaction((tx) => {
    const scope = staffScopeOf(tx, user);
    if (scope !== 'all' && (input.quartierIds.length === 0 || !input.quartierIds.some((id) => scope.includes(id))))
      throw new ForbiddenError('offers.error.notYours');
    const actor = writeActor(tx, null, input, settings, now);
    recordAudit(tx, {
      actorUserId: user.id,
      action: 'actor.create',
      entityType: 'actor',
      entityId: actor.id,
      quartierId: input.quartierIds[0] ?? null,
      details: { name: input.name },
    });
    return actor;
  });
}

function staffScopeOf(db: Db, user: User): number[] | 'all' {
  if (user.role !== 'staff' && user.role !== 'admin') throw new ForbiddenError('offers.error.staffOnly');
  return staffQuartierIds(db, user);
}

/**
 * Changes an actor's profile. Staff changes (and settings) apply at once; a member's change applies at once or
 * is kept for review, as the actor's setting says. Members never change the settings.
 */
export function updateActor(db: Db, user: User, actorId: number, input: ActorInput, settings: ActorSettings | null, now: Date = new Date()): SaveOutcome {
  return db.transaction((tx) => {
    const { actor, access } = requireActorAccess(tx, user, actorId);
    if (access === 'member' && actor.reviewMemberChanges) {
      checkActor(tx, input);
      tx.update(actors)
        .set({ pendingChanges: JSON.stringify(input), pendingBy: user.id, pendingAt: now })
        .where(eq(actors.id, actorId))
        .run();
      recordAudit(tx, {
        actorUserId: user.id,
        action: 'actor.propose',
        entityType: 'actor',
        entityId: actorId,
        quartierId: actorQuartierIds(tx, actorId)[0] ?? null,
      });
      return 'pending';
    }
    writeActor(tx, actorId, input, access === 'staff' ? settings : null, now);
    recordAudit(tx, {
      actorUserId: user.id,
      action: 'actor.update',
      entityType: 'actor',
      entityId: actorId,
      quartierId: input.quartierIds[0] ?? null,
      details: { name: input.name, by: access },
    });
    return 'saved';
  });
}

export function getActor(db: Db, id: number): ActorRecord | null {
  return db.select().from(actors).where(eq(actors.id, id)).get() ?? null;
}

export function getActorBySlug(db: Db, slug: string): ActorRecord | null {
  return db.select().from(actors).where(eq(actors.slug, slug)).get() ?? null;
}

/** The form's values of a stored actor (or of its pending change, which the member sees while it waits). */
export function actorInputOf(db: Db, actor: ActorRecord): ActorInput {
  if (actor.pendingChanges) return JSON.parse(actor.pendingChanges) as ActorInput;
  return {
    name: actor.name,
    kind: actor.kind,
    description: actor.description,
    email: actor.email,
    phone: actor.phone,
    website: actor.website,
    placeId: actor.placeId,
    street: actor.street,
    postalCode: actor.postalCode,
    city: actor.city,
    languages: actor.languages.split(',').filter(Boolean),
    stepFree: actor.stepFree,
    accessibilityNotes: actor.accessibilityNotes,
    quartierIds: actorQuartierIds(db, actor.id),
  };
}

export interface ActorDetails {
  actor: ActorRecord;
  quartiere: Quartier[];
  place: Place | null;
  organisationName: string | null;
}

export function getActorDetails(db: Db, actor: ActorRecord): ActorDetails {
  const ids = actorQuartierIds(db, actor.id);
  return {
    actor,
    quartiere:
      ids.length === 0 ? [] : db.select().from(quartiere).where(inArray(quartiere.id, ids)).orderBy(asc(quartiere.sortOrder), asc(quartiere.name)).all(),
    place: actor.placeId === null ? null : (db.select().from(places).where(eq(places.id, actor.placeId)).get() ?? null),
    organisationName:
      actor.organisationId === null
        ? null
        : (db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, actor.organisationId)).get()?.name ?? null),
  };
}

export interface ActorListItem {
  id: number;
  slug: string;
  name: string;
  kind: ActorKind;
  offerCount: number;
}

/** Actors with their number of public offers, by name; optionally one Quartier or a given set of ids. */
export function listActors(db: Db, filter: { quartierId?: number; ids?: number[] } = {}): ActorListItem[] {
  const conditions = [];
  if (filter.quartierId !== undefined)
    conditions.push(inArray(actors.id, db.select({ id: actorQuartiere.actorId }).from(actorQuartiere).where(eq(actorQuartiere.quartierId, filter.quartierId))));
  if (filter.ids) conditions.push(inArray(actors.id, filter.ids.length > 0 ? filter.ids : [-1]));
  const rows = db
    .select({ id: actors.id, slug: actors.slug, name: actors.name, kind: actors.kind })
    .from(actors)
    .where(and(...conditions))
    .orderBy(asc(actors.name))
    .all();
  const counts = new Map<number, number>();
  for (const o of db.select({ actorId: offers.actorId }).from(offers).where(eq(offers.status, 'published')).all())
    counts.set(o.actorId, (counts.get(o.actorId) ?? 0) + 1);
  return rows.map((r) => ({ ...r, offerCount: counts.get(r.id) ?? 0 }));
}
