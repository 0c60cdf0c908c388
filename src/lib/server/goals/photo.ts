/**
 * A photo for a finished measure on "Was wir erreicht haben". It goes through the concerns' photo handling
 * (decoded by content, turned upright, shrunk, re-encoded without EXIF/GPS, random file name in the same folder)
 * and must carry a text alternative. Served publicly only while its measure is shown; staff of the Quartier see
 * it on the measure page before that. The file is sent like a concern photo (`photoResponse`).
 */
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../db';
import { canManageQuartier, type Actor } from '../auth/permissions';
import { DomainError, NotFoundError, problem, type Problem } from '../errors';
import { discardPhotos, processPhotos, storePhotos, type Upload } from '../concerns/photos';
import { measureFor } from './goals';
import { goals, measures, quartiere, type Measure } from '../../../../db/schema';

export interface PhotoInput {
  upload: Upload | null;
  alt: string;
  remove: boolean;
}

export async function setMeasurePhoto(db: Db, user: Actor, measureId: number, input: PhotoInput): Promise<Measure> {
  // Who may change it is decided before anything is decoded or written.
  const found = measureFor(db, user, measureId);
  if (!found) throw new NotFoundError();
  const current = found.measure.photoFile;
  if (input.remove) {
    const measure = db
      .update(measures)
      .set({ photoFile: null, photoWidth: null, photoHeight: null, photoAlt: '' })
      .where(eq(measures.id, measureId))
      .returning()
      .get();
    if (current) discardPhotos([current]);
    return measure;
  }
  const problems: Problem[] = [];
  if (!input.upload && !current) problems.push(problem('goals.error.photoMissing', { field: 'photo' }));
  if (input.alt.trim() === '') problems.push(problem('goals.error.photoAlt', { field: 'photoAlt' }));
  if (problems.length > 0) throw new DomainError('invalid', problems);
  if (!input.upload) return db.update(measures).set({ photoAlt: input.alt }).where(eq(measures.id, measureId)).returning().get();
  const [stored] = storePhotos(await processPhotos([input.upload], 'photo'));
  try {
    const measure = db
      .update(measures)
      .set({ photoFile: stored!.fileName, photoWidth: stored!.width, photoHeight: stored!.height, photoAlt: input.alt })
      .where(eq(measures.id, measureId))
      .returning()
      .get();
    if (current) discardPhotos([current]);
    return measure;
  } catch (error) {
    discardPhotos([stored!.fileName]);
    throw error;
  }
}

/** Whether this file may be sent: 'public' for a shown finished measure of that Quartier, 'private' to its staff, else null. */
export function highlightPhotoAccess(db: Db, quartierSlug: string, fileName: string, user: Actor | null): 'public' | 'private' | null {
  const row = db
    .select({ status: measures.status, publicSince: measures.publicSince, quartierId: goals.quartierId })
    .from(measures)
    .innerJoin(goals, eq(goals.id, measures.goalId))
    .innerJoin(quartiere, and(eq(quartiere.id, goals.quartierId), eq(quartiere.slug, quartierSlug)))
    .where(and(isNotNull(measures.photoFile), eq(measures.photoFile, fileName)))
    .get();
  if (!row) return null;
  if (row.status === 'abgeschlossen' && row.publicSince) return 'public';
  return canManageQuartier(db, user, row.quartierId) ? 'private' : null;
}

export const highlightPhotoPath = (quartierSlug: string, fileName: string): string => `/quartiere/${quartierSlug}/erreicht/foto/${fileName}`;
