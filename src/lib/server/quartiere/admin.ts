/** Admins create and edit Quartiere; the slug is part of published URLs and feed links, so it never changes. */
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { quartiere, type Quartier } from '../../../../db/schema';
import { slugify } from '../../slug';
import { recordAudit } from '../audit';
import { DomainError } from '../errors';

export interface QuartierInput {
  name: string;
  description: string;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  contactAddress: string | null;
  sortOrder: number;
}

export class QuartierSlugTakenError extends DomainError {
  constructor() {
    super('conflict', { key: 'admin.error.slugTaken', field: 'slug' });
  }
}

export function getQuartier(db: Db, id: number): Quartier | null {
  return db.select().from(quartiere).where(eq(quartiere.id, id)).get() ?? null;
}

export function createQuartier(db: Db, actorId: number, input: QuartierInput, slug?: string): Quartier {
  const finalSlug = slugify(slug || input.name);
  return db.transaction((tx) => {
    if (tx.select({ id: quartiere.id }).from(quartiere).where(eq(quartiere.slug, finalSlug)).get()) throw new QuartierSlugTakenError();
    const row = tx
      .insert(quartiere)
      .values({ ...input, slug: finalSlug })
      .returning()
      .get();
    recordAudit(tx, {
      actorUserId: actorId,
      action: 'quartier.create',
      entityType: 'quartier',
      entityId: row.id,
      quartierId: row.id,
      details: { ...input, slug: finalSlug },
    });
    return row;
  });
}

export function updateQuartier(db: Db, actorId: number, id: number, input: QuartierInput): Quartier | null {
  return db.transaction((tx) => {
    const before = getQuartier(tx, id);
    if (!before) return null;
    const row = tx.update(quartiere).set(input).where(eq(quartiere.id, id)).returning().get();
    const changed = Object.fromEntries(
      (Object.keys(input) as (keyof QuartierInput)[]).filter((k) => before[k] !== input[k]).map((k) => [k, { from: before[k], to: input[k] }]),
    );
    recordAudit(tx, { actorUserId: actorId, action: 'quartier.update', entityType: 'quartier', entityId: id, quartierId: id, details: changed });
    return row;
  });
}
