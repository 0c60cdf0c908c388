/**
 * A concern comes in: from a resident on the web, from staff on behalf of someone at the consultation hour
 * or on the phone, from an Open311 app, or from a Quartiershelfer's finding. All input problems are reported
 * together; the photos are written only when everything else is right, and removed again if the database
 * change fails, so nothing is stored half.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { canManageQuartier, isStaff, type Actor } from '../auth/permissions';
import { recordAudit } from '../audit';
import { DomainError, problem, type Problem } from '../errors';
import type { Locale } from '../../../i18n';
import { concernCategories, concernPhotos, concerns, quartiere, type Concern } from '../../../../db/schema';
import { discardPhotos, processPhotos, storePhotos, type ProcessedPhoto, type Upload } from './photos';
import { cityBounds, isInside } from './settings';
import { getConcern, recordEvent } from './records';
import { sendConfirmationMail } from './notify';
import { consumeToken, issueToken } from './tokens';

export interface ReportInput {
  description: string;
  category: string;
  quartier: string;
  locationText: string;
  latitude?: number | undefined;
  longitude?: number | undefined;
  isPublic: boolean;
  reporterName?: string | undefined;
  reporterEmail?: string | undefined;
  reporterPhone?: string | undefined;
  /** Staff only: the resident has no e-mail, staff call back. */
  callBack?: boolean;
}

export interface ReportOptions {
  locale: Locale;
  source: Concern['source'];
  now?: Date;
  /** Staff entering on behalf of a resident (source 'staff') or a helper handing on a finding (source 'round'). */
  actor?: Actor | null;
  apiClientId?: number | null;
  /** Uploaded files, checked and re-encoded here; or photos already processed (a finding's photo). */
  uploads?: readonly Upload[];
  processed?: readonly ProcessedPhoto[];
  /** Open311 field names differ from the form's. */
  fieldNames?: Partial<Record<FieldName, string>>;
}

type FieldName = 'category' | 'quartier' | 'latitude' | 'email' | 'photos';
const defaultFieldNames: Record<FieldName, string> = {
  category: 'category',
  quartier: 'quartier',
  latitude: 'latitude',
  email: 'reporterEmail',
  photos: 'photos',
};

/**
 * The rules that need the database (category, Quartier, the city's area) and the contact rule. Takes a partial
 * input too, so an Action whose other fields failed their format check still reports these problems at once.
 */
export function checkReport(
  db: Db,
  input: Partial<ReportInput>,
  options: Pick<ReportOptions, 'source' | 'fieldNames'>,
): { problems: Problem[]; categoryId?: number; quartierId?: number } {
  const field = (name: FieldName): string => options.fieldNames?.[name] ?? defaultFieldNames[name];
  const problems: Problem[] = [];
  const category =
    input.category === undefined
      ? undefined
      : db
          .select({ id: concernCategories.id })
          .from(concernCategories)
          .where(and(eq(concernCategories.slug, input.category), eq(concernCategories.active, true)))
          .get();
  if (input.category !== undefined && !category) problems.push(problem('concerns.error.categoryUnknown', { field: field('category') }));
  const quartier = input.quartier === undefined ? undefined : db.select({ id: quartiere.id }).from(quartiere).where(eq(quartiere.slug, input.quartier)).get();
  if (input.quartier !== undefined && !quartier) problems.push(problem('concerns.error.quartierUnknown', { field: field('quartier') }));
  const hasLat = input.latitude !== undefined;
  const hasLon = input.longitude !== undefined;
  if (hasLat !== hasLon) problems.push(problem('concerns.error.coordinatesPair', { field: field('latitude') }));
  else if (hasLat && hasLon && !isInside(cityBounds(db), input.latitude!, input.longitude!)) {
    problems.push(problem('concerns.error.coordinatesOutside', { field: field('latitude') }));
  }
  // Residents must say how to reach them; staff may take a concern from someone who only drops by.
  const onBehalf = options.source === 'staff' || options.source === 'round';
  if (!onBehalf && !input.reporterEmail && !input.reporterPhone) problems.push(problem('concerns.error.contactRequired', { field: field('email') }));
  if (input.callBack && !input.reporterPhone) problems.push(problem('concerns.error.callBackPhone', { field: 'reporterPhone' }));
  return { problems, ...(category ? { categoryId: category.id } : {}), ...(quartier ? { quartierId: quartier.id } : {}) };
}

/** The photos' problems (count, size, content), or none. */
export async function photoProblems(uploads: readonly Upload[], field = 'photos'): Promise<{ problems: Problem[]; photos: ProcessedPhoto[] }> {
  if (uploads.length === 0) return { problems: [], photos: [] };
  try {
    return { problems: [], photos: await processPhotos(uploads, field) };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { problems: [...error.problems], photos: [] };
  }
}

export async function reportConcern(db: Db, input: ReportInput, options: ReportOptions): Promise<Concern> {
  const now = options.now ?? new Date();
  if ((options.source === 'staff' || options.source === 'round') && !options.actor) throw new DomainError('unauthorized', problem('form.error.loginRequired'));
  if (options.source === 'staff' && !isStaff(options.actor)) throw new DomainError('forbidden', problem('concerns.error.forbidden'));
  const checked = checkReport(db, input, options);
  const uploaded = await photoProblems(options.uploads ?? [], options.fieldNames?.photos ?? 'photos');
  const photos: readonly ProcessedPhoto[] = options.processed ?? uploaded.photos;
  const problems = [...checked.problems, ...uploaded.problems];
  if (problems.length > 0) throw new DomainError('invalid', problems);
  // Staff enter concerns only for the Quartiere they work in.
  if (options.source === 'staff' && !canManageQuartier(db, options.actor, checked.quartierId!)) {
    throw new DomainError('forbidden', problem('concerns.error.forbiddenQuartier', { field: 'quartier' }));
  }

  const stored = storePhotos(photos);
  try {
    return db.transaction((tx) => {
      const email = input.reporterEmail?.toLowerCase() ?? null;
      const row = tx
        .insert(concerns)
        .values({
          quartierId: checked.quartierId!,
          categoryId: checked.categoryId!,
          description: input.description,
          locationText: input.locationText,
          latitude: input.latitude ?? null,
          longitude: input.longitude ?? null,
          isPublic: input.isPublic,
          source: options.source,
          reporterName: input.reporterName ?? null,
          reporterEmail: email,
          reporterPhone: input.reporterPhone ?? null,
          reporterLocale: options.locale,
          callBack: input.callBack ?? false,
          createdByUserId: options.actor?.id ?? null,
          apiClientId: options.apiClientId ?? null,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      if (stored.length > 0)
        tx.insert(concernPhotos)
          .values(stored.map((p) => ({ ...p, concernId: row.id, createdAt: now })))
          .run();
      recordEvent(tx, row.id, { kind: 'reported', toStatus: 'neu', actorUserId: options.actor?.id ?? null, isPublic: true }, now);
      if (options.actor) {
        recordAudit(tx, {
          actorUserId: options.actor.id,
          action: 'concern.create',
          entityType: 'concern',
          entityId: row.id,
          quartierId: row.quartierId,
          details: { source: options.source, photos: stored.length },
        });
      }
      if (email) sendConfirmationMail(tx, getConcern(tx, row.id)!, issueToken(tx, row.id, 'confirm', now), now);
      return row;
    });
  } catch (error) {
    discardPhotos(stored.map((p) => p.fileName));
    throw error;
  }
}

/** The reporter confirms the address; from now on they get the updates (and the mails carry their words). */
export function confirmReporterEmail(db: Db, token: string, now: Date = new Date()): Concern {
  return db.transaction((tx) => {
    const used = consumeToken(tx, token, 'confirm', now);
    const concern = tx.update(concerns).set({ emailConfirmedAt: now, updatedAt: now }).where(eq(concerns.id, used.concernId)).returning().get()!;
    recordEvent(tx, concern.id, { kind: 'note', note: 'email_confirmed' }, now);
    return concern;
  });
}
