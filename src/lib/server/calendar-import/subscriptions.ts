/**
 * Calendar subscriptions of organisations: who may keep them (the organisation's admins, staff of its Quartier,
 * portal admins), adding one, running one (fetch → parse → sync, every failure a clear entry in the sync log and
 * nothing half imported), the log itself, and what staff do with single imported events (lock fields, detach).
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import {
  calendarSubscriptionCategories,
  calendarSubscriptions,
  calendarSubscriptionTargetGroups,
  calendarSyncRuns,
  categories,
  importedEvents,
  organisations,
  places,
  quartiere,
  targetGroups,
  type CalendarSubscription,
  type CalendarSyncRun,
  type SubscriptionPublishMode,
} from '../../../../db/schema';
import type { MessageKey, Params } from '../../../i18n';
import { recordAudit } from '../audit';
import { canManageOrganisation, canManageQuartier, type Actor } from '../auth/permissions';
import { canManageEvent } from '../events/permissions';
import { expansionHorizon } from '../events/occurrences';
import { DomainError, ForbiddenError, NotFoundError, problem, type Problem } from '../errors';
import { CalendarFetchError, fetchCalendar, normaliseCalendarUrl, type FetchOptions } from './fetch';
import { NotACalendarError, parseCalendar } from './parse';
import { isLockableField, type LockableField } from './locks';
import { logRun, mappingFingerprint, markRun, storedHashes, syncParsedCalendar } from './sync';

export interface RefusalEntry {
  uid: string;
  summary: string;
  reason: MessageKey;
  detail?: string;
}

/** Organisation admins, staff of the organisation's Quartier and portal admins keep its subscriptions. */
export function canManageSubscriptionsOf(db: Db, actor: Actor | null | undefined, organisationId: number): boolean {
  if (!actor) return false;
  if (canManageOrganisation(db, actor, organisationId)) return true;
  const organisation = db.select({ quartierId: organisations.quartierId }).from(organisations).where(eq(organisations.id, organisationId)).get();
  return organisation?.quartierId !== null && organisation?.quartierId !== undefined && canManageQuartier(db, actor, organisation.quartierId);
}

export interface SubscriptionInput {
  url: string;
  quartierId: number | null;
  placeId: number | null;
  locationAddress: string | null;
  categoryIds: number[];
  targetGroupIds: number[];
  publishMode: SubscriptionPublishMode;
}

export class SubscriptionValidationError extends DomainError {
  constructor(problems: Problem[]) {
    super('invalid', problems);
  }
}

function existingIds(db: Db, table: typeof categories | typeof targetGroups, ids: number[]): boolean {
  if (ids.length === 0) return true;
  return db.select({ id: table.id }).from(table).where(inArray(table.id, ids)).all().length === new Set(ids).size;
}

/** Staff may publish at once; an organisation's own subscription goes to staff review unless staff chose otherwise. */
export function createSubscription(
  db: Db,
  actor: Actor,
  organisationId: number,
  input: SubscriptionInput,
  options: { allowPlainHttp: boolean },
  now: Date = new Date(),
): CalendarSubscription {
  const organisation = db.select().from(organisations).where(eq(organisations.id, organisationId)).get();
  if (!organisation) throw new NotFoundError();
  if (!canManageSubscriptionsOf(db, actor, organisationId)) throw new ForbiddenError();
  const problems: Problem[] = [];
  const url = normaliseCalendarUrl(input.url, options.allowPlainHttp);
  if (!url) problems.push(problem('calendarImport.error.scheme', { field: 'url' }));
  else if (
    db
      .select({ id: calendarSubscriptions.id })
      .from(calendarSubscriptions)
      .where(and(eq(calendarSubscriptions.organisationId, organisationId), eq(calendarSubscriptions.url, input.url.trim())))
      .get()
  )
    problems.push(problem('calendarImport.form.duplicate', { field: 'url' }));
  const quartierId = input.quartierId ?? organisation.quartierId;
  if (quartierId === null || !db.select({ id: quartiere.id }).from(quartiere).where(eq(quartiere.id, quartierId)).get())
    problems.push(problem('calendarImport.form.quartierRequired', { field: 'quartierId' }));
  if (input.placeId !== null && !db.select({ id: places.id }).from(places).where(eq(places.id, input.placeId)).get())
    problems.push(problem('calendarImport.form.placeUnknown', { field: 'placeId' }));
  if (input.placeId !== null && input.locationAddress) problems.push(problem('calendarImport.form.placeOrAddress', { field: 'locationAddress' }));
  if ((input.locationAddress?.length ?? 0) > 300) problems.push(problem('calendarImport.form.tooLong', { field: 'locationAddress' }));
  if (!existingIds(db, categories, input.categoryIds)) problems.push(problem('calendarImport.form.unknownChoice', { field: 'categoryIds' }));
  if (!existingIds(db, targetGroups, input.targetGroupIds)) problems.push(problem('calendarImport.form.unknownChoice', { field: 'targetGroupIds' }));
  if (problems.length > 0) throw new SubscriptionValidationError(problems);
  // Only staff decide that an organisation's dates need no review.
  const publishMode: SubscriptionPublishMode = canPublishWithoutReview(db, actor, organisationId) ? input.publishMode : 'review';
  return db.transaction((tx) => {
    const subscription = tx
      .insert(calendarSubscriptions)
      .values({
        organisationId,
        url: input.url.trim(),
        quartierId: quartierId!,
        placeId: input.placeId,
        locationAddress: input.placeId ? null : input.locationAddress || null,
        publishMode,
        createdBy: actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    for (const categoryId of new Set(input.categoryIds))
      tx.insert(calendarSubscriptionCategories).values({ subscriptionId: subscription.id, categoryId }).run();
    for (const targetGroupId of new Set(input.targetGroupIds))
      tx.insert(calendarSubscriptionTargetGroups).values({ subscriptionId: subscription.id, targetGroupId }).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: 'calendar-subscription.create',
      entityType: 'organisation',
      entityId: organisationId,
      quartierId,
      details: { url: subscription.url, publishMode },
    });
    return subscription;
  });
}

export function getSubscription(db: Db, subscriptionId: number): CalendarSubscription | null {
  return db.select().from(calendarSubscriptions).where(eq(calendarSubscriptions.id, subscriptionId)).get() ?? null;
}

export function subscriptionsOf(db: Db, organisationId: number): CalendarSubscription[] {
  return db.select().from(calendarSubscriptions).where(eq(calendarSubscriptions.organisationId, organisationId)).orderBy(calendarSubscriptions.id).all();
}

export interface SyncLogEntry extends Omit<CalendarSyncRun, 'refused' | 'errorParams'> {
  refused: RefusalEntry[];
  errorParams: Params;
}

/** The latest runs of a subscription, newest first. */
export function syncLog(db: Db, subscriptionId: number, limit = 10): SyncLogEntry[] {
  return db
    .select()
    .from(calendarSyncRuns)
    .where(eq(calendarSyncRuns.subscriptionId, subscriptionId))
    .orderBy(desc(calendarSyncRuns.startedAt), desc(calendarSyncRuns.id))
    .limit(limit)
    .all()
    .map((run) => ({ ...run, refused: JSON.parse(run.refused) as RefusalEntry[], errorParams: JSON.parse(run.errorParams) as Params }));
}

function logFailure(db: Db, subscriptionId: number, startedAt: Date, now: Date, key: MessageKey, detail: string, params: Params = {}): CalendarSyncRun {
  return db.transaction((tx) =>
    logRun(tx, subscriptionId, startedAt, now, { outcome: 'failed', errorKey: key, errorParams: JSON.stringify(params), errorDetail: detail.slice(0, 500) }),
  );
}

/** Parses and syncs a fetched calendar text; a file that is no calendar, or a failing write, is one log entry. */
export function importCalendarText(db: Db, subscriptionId: number, body: string, now: Date = new Date(), startedAt: Date = now): CalendarSyncRun {
  let parsed;
  const known = storedHashes(db, subscriptionId);
  try {
    parsed = parseCalendar(body, {
      horizon: expansionHorizon(now),
      fingerprint: mappingFingerprint(db, subscriptionId, now),
      isUnchanged: (uid, hash) => known.get(uid) === hash,
    });
  } catch (error) {
    if (error instanceof NotACalendarError) return logFailure(db, subscriptionId, startedAt, now, error.key, error.message);
    throw error;
  }
  try {
    return syncParsedCalendar(db, subscriptionId, parsed, now, startedAt);
  } catch (error) {
    // The transaction rolled back; the portal is as it was before this run.
    return logFailure(db, subscriptionId, startedAt, now, 'calendarImport.error.sync', (error as Error).message);
  }
}

/** One run of a subscription: conditional GET, then parse and sync; never throws for what the source does. */
export async function runSubscription(
  db: Db,
  subscriptionId: number,
  fetchOptions: Pick<FetchOptions, 'allowPrivateAddresses' | 'maxBytes' | 'timeoutMs' | 'maxRedirects'>,
  clock: () => Date = () => new Date(),
): Promise<CalendarSyncRun> {
  const subscription = getSubscription(db, subscriptionId);
  if (!subscription) throw new NotFoundError();
  const startedAt = clock();
  let result;
  try {
    result = await fetchCalendar(subscription.url, { ...fetchOptions, etag: subscription.etag, lastModified: subscription.lastModifiedHeader });
  } catch (error) {
    if (error instanceof CalendarFetchError) return logFailure(db, subscriptionId, startedAt, clock(), error.key, error.message, error.params);
    throw error;
  }
  if (result.kind === 'not_modified') {
    return logRun(db, subscriptionId, startedAt, clock(), { outcome: 'not_modified' });
  }
  const run = importCalendarText(db, subscriptionId, result.body, clock(), startedAt);
  // The validators are kept only after a good import, so a failed one is fetched again in full next time.
  if (run.outcome === 'imported') markRun(db, subscriptionId, { etag: result.etag, lastModifiedHeader: result.lastModified });
  return run;
}

/** Subscriptions not fetched within the interval, oldest first (the scheduled job runs them one by one). */
export function dueSubscriptionIds(db: Db, intervalMs: number, now: Date = new Date()): number[] {
  return db
    .select({ id: calendarSubscriptions.id, lastRunAt: calendarSubscriptions.lastRunAt })
    .from(calendarSubscriptions)
    .orderBy(calendarSubscriptions.lastRunAt, calendarSubscriptions.id)
    .all()
    .filter((s) => s.lastRunAt === null || now.getTime() - s.lastRunAt.getTime() >= intervalMs - 60_000)
    .map((s) => s.id);
}

function requireImported(db: Db, actor: Actor, eventId: number) {
  const row = db.select().from(importedEvents).where(eq(importedEvents.eventId, eventId)).get();
  if (!row) throw new NotFoundError();
  if (!canManageEvent(db, actor, eventId)) throw new ForbiddenError();
  return row;
}

/** Staff keep these fields of an imported event as they are, whatever the source says next. */
export function lockImportedFields(db: Db, actor: Actor, eventId: number, fields: string[], now: Date = new Date()): LockableField[] {
  const row = requireImported(db, actor, eventId);
  const locked = [...new Set(fields.filter(isLockableField))];
  db.transaction((tx) => {
    tx.update(importedEvents)
      .set({ lockedFields: locked.join(','), updatedAt: now })
      .where(eq(importedEvents.id, row.id))
      .run();
    recordAudit(tx, { actorUserId: actor.id, action: 'event.import.lock', entityType: 'event', entityId: eventId, details: { locked } });
  });
  return locked;
}

/** Staff take an imported event over: the source no longer changes or cancels it. */
export function detachImportedEvent(db: Db, actor: Actor, eventId: number, now: Date = new Date()): void {
  const row = requireImported(db, actor, eventId);
  db.transaction((tx) => {
    tx.update(importedEvents).set({ detached: true, updatedAt: now }).where(eq(importedEvents.id, row.id)).run();
    recordAudit(tx, { actorUserId: actor.id, action: 'event.import.detach', entityType: 'event', entityId: eventId });
  });
}

export interface SubscriptionFormOptions {
  quartiere: { id: number; name: string }[];
  places: { id: number; name: string }[];
  categories: { id: number; name: string }[];
  targetGroups: { id: number; name: string }[];
}

/** The choices of the subscription form. */
export function subscriptionFormOptions(db: Db): SubscriptionFormOptions {
  return {
    quartiere: db.select({ id: quartiere.id, name: quartiere.name }).from(quartiere).orderBy(quartiere.name).all(),
    places: db.select({ id: places.id, name: places.name }).from(places).orderBy(places.name).all(),
    categories: db.select({ id: categories.id, name: categories.name }).from(categories).orderBy(categories.sortOrder).all(),
    targetGroups: db.select({ id: targetGroups.id, name: targetGroups.name }).from(targetGroups).orderBy(targetGroups.sortOrder).all(),
  };
}

/** Whether the actor may choose that imported events go live without review (staff of the organisation's Quartier). */
export function canPublishWithoutReview(db: Db, actor: Actor, organisationId: number): boolean {
  const organisation = db.select({ quartierId: organisations.quartierId }).from(organisations).where(eq(organisations.id, organisationId)).get();
  return organisation?.quartierId !== null && organisation?.quartierId !== undefined && canManageQuartier(db, actor, organisation.quartierId);
}
