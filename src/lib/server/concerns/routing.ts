/**
 * Who answers what: the categories the admin defines, the offices (departments, Träger, housing companies)
 * and, per category and Quartier, the office a concern is forwarded to.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { canManageQuartier, isAdmin, isStaff, type Actor } from '../auth/permissions';
import { recordAudit } from '../audit';
import { DomainError, ForbiddenError, NotFoundError, problem } from '../errors';
import { concernCategories, concernOffices, concernRouting, type ConcernCategory, type ConcernOffice } from '../../../../db/schema';

/** The categories every installation starts with (Aachen's paper names Spielplatz, "wilder" Müll, Schlaglöcher). */
export const defaultConcernCategories = [
  {
    slug: 'spielplatz',
    name: 'Spielplatz',
    groupName: 'Grün und Spiel',
    keywords: 'Spielgerät, Sandkasten, Schaukel',
    description: 'Kaputte oder gefährliche Spielgeräte, verschmutzte Sandkästen.',
    reminderDays: 14,
  },
  {
    slug: 'muell',
    name: 'Müll',
    groupName: 'Sauberkeit',
    keywords: 'wilder Müll, Sperrmüll, Papierkorb, Container',
    description: 'Wilder Müll, abgestellter Sperrmüll, volle Papierkörbe und Container.',
    reminderDays: 7,
  },
  {
    slug: 'strasse-gehweg',
    name: 'Straße/Gehweg',
    groupName: 'Straße',
    keywords: 'Schlagloch, Gehweg, Bordstein, Schild',
    description: 'Schlaglöcher, Stolperstellen, beschädigte Schilder und Poller.',
    reminderDays: 14,
  },
  {
    slug: 'gruen',
    name: 'Grün',
    groupName: 'Grün und Spiel',
    keywords: 'Baum, Hecke, Grünfläche, Beet',
    description: 'Überwachsene Wege, umgestürzte Bäume, ungepflegte Grünflächen.',
    reminderDays: 21,
  },
  {
    slug: 'beleuchtung',
    name: 'Beleuchtung',
    groupName: 'Straße',
    keywords: 'Laterne, Straßenlampe, dunkel',
    description: 'Defekte Straßenlaternen und dunkle Wege.',
    reminderDays: 10,
  },
  { slug: 'sonstiges', name: 'Sonstiges', groupName: 'Sonstiges', keywords: '', description: 'Alles andere, was im Quartier auffällt.', reminderDays: 14 },
] as const;

/** Reference data: the default categories exist on every installation (the admin can rename or switch them off). */
export function seedConcernCategories(db: Db): void {
  defaultConcernCategories.forEach((c, i) =>
    db
      .insert(concernCategories)
      .values({ ...c, sortOrder: i })
      .onConflictDoNothing({ target: concernCategories.slug })
      .run(),
  );
}

export function listCategories(db: Db, options: { activeOnly?: boolean } = {}): ConcernCategory[] {
  return db
    .select()
    .from(concernCategories)
    .where(options.activeOnly ? eq(concernCategories.active, true) : undefined)
    .orderBy(asc(concernCategories.sortOrder), asc(concernCategories.name))
    .all();
}

export function getCategoryBySlug(db: Db, slug: string): ConcernCategory | null {
  return db.select().from(concernCategories).where(eq(concernCategories.slug, slug)).get() ?? null;
}

export interface CategoryInput {
  slug: string;
  name: string;
  description: string;
  groupName: string;
  keywords: string;
  reminderDays: number;
  active: boolean;
}

/** Admins define the categories; the slug is the Open311 service_code and never changes once created. */
export function saveCategory(db: Db, actor: Actor, id: number | null, input: CategoryInput): ConcernCategory {
  if (!isAdmin(actor)) throw new ForbiddenError('concerns.error.forbidden');
  return db.transaction((tx) => {
    let row: ConcernCategory | undefined;
    if (id === null) {
      if (getCategoryBySlug(tx, input.slug)) throw new DomainError('conflict', problem('concerns.error.slugTaken', { field: 'slug' }));
      row = tx.insert(concernCategories).values(input).returning().get();
    } else {
      const { slug: _fixed, ...rest } = input;
      row = tx.update(concernCategories).set(rest).where(eq(concernCategories.id, id)).returning().get();
      if (!row) throw new NotFoundError('concerns.error.notFound');
    }
    recordAudit(tx, {
      actorUserId: actor.id,
      action: id === null ? 'concern_category.create' : 'concern_category.update',
      entityType: 'concern_category',
      entityId: row.id,
      details: { ...input },
    });
    return row;
  });
}

export function listOffices(db: Db): ConcernOffice[] {
  return db.select().from(concernOffices).orderBy(asc(concernOffices.name)).all();
}

export function getOffice(db: Db, id: number): ConcernOffice | null {
  return db.select().from(concernOffices).where(eq(concernOffices.id, id)).get() ?? null;
}

export interface OfficeInput {
  name: string;
  email: string;
  phone: string | null;
}

/** Staff and admins keep the list of offices current (an office serves several Quartiere). */
export function saveOffice(db: Db, actor: Actor, id: number | null, input: OfficeInput): ConcernOffice {
  if (!isStaff(actor)) throw new ForbiddenError('concerns.error.forbidden');
  return db.transaction((tx) => {
    const row =
      id === null
        ? tx.insert(concernOffices).values(input).returning().get()
        : tx.update(concernOffices).set(input).where(eq(concernOffices.id, id)).returning().get();
    if (!row) throw new NotFoundError('concerns.error.notFound');
    recordAudit(tx, {
      actorUserId: actor.id,
      action: id === null ? 'concern_office.create' : 'concern_office.update',
      entityType: 'concern_office',
      entityId: row.id,
      details: { ...input },
    });
    return row;
  });
}

/** `categoryId:quartierId` → office id. */
export function routingTable(db: Db): Map<string, number> {
  return new Map(
    db
      .select()
      .from(concernRouting)
      .all()
      .map((r) => [`${r.categoryId}:${r.quartierId}`, r.officeId]),
  );
}

export function responsibleOffice(db: Db, categoryId: number, quartierId: number): ConcernOffice | null {
  const row = db
    .select({ office: concernOffices })
    .from(concernRouting)
    .innerJoin(concernOffices, eq(concernOffices.id, concernRouting.officeId))
    .where(and(eq(concernRouting.categoryId, categoryId), eq(concernRouting.quartierId, quartierId)))
    .get();
  return row?.office ?? null;
}

/** Sets (or with null clears) the office for one category in one Quartier; staff only for their Quartiere. */
export function setRouting(db: Db, actor: Actor, categoryId: number, quartierId: number, officeId: number | null): void {
  if (!canManageQuartier(db, actor, quartierId)) throw new ForbiddenError('concerns.error.forbidden');
  db.transaction((tx) => {
    if (officeId !== null && !getOffice(tx, officeId)) throw new DomainError('invalid', problem('concerns.error.officeUnknown', { field: 'office' }));
    tx.delete(concernRouting)
      .where(and(eq(concernRouting.categoryId, categoryId), eq(concernRouting.quartierId, quartierId)))
      .run();
    if (officeId !== null) tx.insert(concernRouting).values({ categoryId, quartierId, officeId }).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: 'concern_routing.set',
      entityType: 'concern_category',
      entityId: categoryId,
      quartierId,
      details: { officeId },
    });
  });
}
