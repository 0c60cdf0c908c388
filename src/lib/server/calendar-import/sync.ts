/**
 * One sync of a subscription: the planned events of a parsed calendar written onto the portal, matched by the
 * source's UID, in one transaction with the run's log entry — an error leaves the portal as it was, never half an
 * import. A changed event is updated (raising its SEQUENCE for calendar apps), a removed one cancelled (not
 * deleted: people may have it in their calendars), a new one added; a second run of the same file writes nothing.
 * Fields staff locked keep the portal's value; a detached event no longer follows the source.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db';
import {
  calendarSubscriptionCategories,
  calendarSubscriptions,
  calendarSubscriptionTargetGroups,
  calendarSyncRuns,
  categories,
  eventCategories,
  eventExceptions,
  eventQuartiere,
  events,
  eventTargetGroups,
  importedEvents,
  organisations,
  places,
  type CalendarSubscription,
  type CalendarSyncRun,
  type Event,
  type EventStatus,
  type ImportedEvent,
} from '../../../../db/schema';
import { germanText } from '../../../i18n/german';
import { slugify } from '../../slug';
import { berlinDate, localToInstant } from '../../time';
import { expansionHorizon, occurrenceWriter, type OccurrenceWriter } from '../events/occurrences';
import { planEvent, type MappingContext, type PlannedColumns, type PlannedEvent, type PlannedException } from './mapping';
import type { ParsedCalendar, RefusedItem } from './parse';

export { isLockableField, lockableFields, lockedFieldsOf, type LockableField } from './locks';
import { lockableFields, lockedFieldsOf } from './locks';

export interface SyncCounts {
  added: number;
  changed: number;
  cancelled: number;
  refused: RefusedItem[];
}

/**
 * What the mapping of a source event depends on besides its own text: the day (the horizon moves daily), the
 * subscription's settings and the places LOCATION is matched against. Part of every source hash.
 */
export function mappingFingerprint(db: Db, subscriptionId: number, now: Date): string {
  const subscription = db
    .select({ updatedAt: calendarSubscriptions.updatedAt })
    .from(calendarSubscriptions)
    .where(eq(calendarSubscriptions.id, subscriptionId))
    .get();
  const placesVersion =
    db
      .select({ version: sql<number>`max(${places.updatedAt})` })
      .from(places)
      .get()?.version ?? 0;
  return `${berlinDate(now)}|${subscription?.updatedAt.getTime() ?? 0}|${placesVersion}`;
}

/**
 * Notes a run on the subscription (its time, the validators of the conditional GET) without touching `updatedAt`,
 * which stands for the settings the mapping depends on.
 */
export function markRun(db: Db, subscriptionId: number, values: Partial<Pick<CalendarSubscription, 'lastRunAt' | 'etag' | 'lastModifiedHeader'>>): void {
  db.update(calendarSubscriptions)
    .set({ ...values, updatedAt: sql`${calendarSubscriptions.updatedAt}` })
    .where(eq(calendarSubscriptions.id, subscriptionId))
    .run();
}

/** Writes one entry of the sync log and notes the run on the subscription. */
export function logRun(
  db: Db,
  subscriptionId: number,
  startedAt: Date,
  now: Date,
  values: Omit<typeof calendarSyncRuns.$inferInsert, 'id' | 'subscriptionId' | 'startedAt' | 'finishedAt'>,
): CalendarSyncRun {
  markRun(db, subscriptionId, { lastRunAt: now });
  return db
    .insert(calendarSyncRuns)
    .values({ subscriptionId, startedAt, finishedAt: now, ...values })
    .returning()
    .get();
}

/** Source hashes of a subscription's imported events by UID, for skipping what did not change. */
export function storedHashes(db: Db, subscriptionId: number): Map<string, string> {
  return new Map(
    db
      .select({ key: importedEvents.sourceKey, hash: importedEvents.sourceHash })
      .from(importedEvents)
      .where(and(eq(importedEvents.subscriptionId, subscriptionId), isNull(importedEvents.removedAt)))
      .all()
      .filter((row) => !row.key.includes('#'))
      .map((row) => [row.key, row.hash]),
  );
}

function mappingContext(db: Db, subscription: CalendarSubscription, now: Date): MappingContext {
  const categoryIds = new Map<string, number>();
  for (const c of db.select({ id: categories.id, slug: categories.slug, name: categories.name }).from(categories).all()) {
    categoryIds.set(c.slug.toLowerCase(), c.id);
    categoryIds.set(c.name.toLowerCase().replace(/\s+/g, ' '), c.id);
  }
  return {
    horizon: expansionHorizon(now),
    places: db.select({ id: places.id, name: places.name, street: places.street }).from(places).all(),
    categoryIds,
    defaultPlaceId: subscription.placeId,
    defaultAddress: subscription.locationAddress,
    expansions: new Map(),
  };
}

function sameSet(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function sameException(stored: typeof eventExceptions.$inferSelect, planned: PlannedException): boolean {
  return (
    stored.kind === planned.kind &&
    stored.startLocal === planned.startLocal &&
    stored.endLocal === planned.endLocal &&
    stored.title === planned.title &&
    stored.placeId === planned.placeId &&
    stored.locationName === planned.locationName
  );
}

/** Writes the planned exceptions of a series; true when anything differed. A new event has none stored yet. */
function writeExceptions(db: Db, statements: Statements, eventId: number, planned: PlannedException[], now: Date, isNew = false): boolean {
  const stored = new Map(isNew ? [] : statements.exceptions.all({ eventId }).map((row) => [row.recurrenceLocal, row]));
  let changed = false;
  for (const exception of planned) {
    const current = stored.get(exception.recurrenceLocal);
    stored.delete(exception.recurrenceLocal);
    if (current && sameException(current, exception)) continue;
    changed = true;
    if (current) {
      db.update(eventExceptions)
        .set({ ...exception, sequence: current.sequence + 1, updatedAt: now })
        .where(eq(eventExceptions.id, current.id))
        .run();
    } else statements.exception.run({ eventId, ...exception, createdAt: now, updatedAt: now });
  }
  if (stored.size > 0) {
    changed = true;
    db.delete(eventExceptions)
      .where(
        inArray(
          eventExceptions.id,
          [...stored.values()].map((row) => row.id),
        ),
      )
      .run();
  }
  return changed;
}

function linkIds(db: Db, eventId: number): number[] {
  return db
    .select({ id: eventCategories.categoryId })
    .from(eventCategories)
    .where(eq(eventCategories.eventId, eventId))
    .all()
    .map((r) => r.id);
}

/**
 * The statements run for every event, prepared once per run: a first import adds thousands of events, and building
 * and preparing each statement anew cost more than running it. Nullable instants go in as raw epoch milliseconds
 * (drizzle's timestamp encoder does not take null).
 */
function prepareStatements(db: Db) {
  const p = (name: string) => sql.placeholder(name);
  // Typed by PlannedColumns, so a column the mapping gains cannot be left out of the insert unnoticed.
  const plannedColumns: Record<keyof PlannedColumns, ReturnType<typeof p>> = {
    title: p('title'),
    description: p('description'),
    startLocal: p('startLocal'),
    endLocal: p('endLocal'),
    allDay: p('allDay'),
    rrule: p('rrule'),
    placeId: p('placeId'),
    locationName: p('locationName'),
    locationAddress: p('locationAddress'),
  };
  return {
    exceptions: db
      .select()
      .from(eventExceptions)
      .where(eq(eventExceptions.eventId, p('eventId')))
      .prepare(),
    event: db
      .insert(events)
      .values({
        ...plannedColumns,
        uid: p('uid'),
        slug: p('slug'),
        status: p('status'),
        organisationId: p('organisationId'),
        organiserName: p('organiserName'),
        firstStartsAt: p('firstStartsAt'),
        createdBy: p('createdBy'),
        createdAt: p('createdAt'),
        updatedAt: p('updatedAt'),
      })
      .returning({ id: events.id })
      .prepare(),
    quartier: db
      .insert(eventQuartiere)
      .values({ eventId: p('eventId'), quartierId: p('quartierId') })
      .prepare(),
    category: db
      .insert(eventCategories)
      .values({ eventId: p('eventId'), categoryId: p('categoryId') })
      .prepare(),
    targetGroup: db
      .insert(eventTargetGroups)
      .values({ eventId: p('eventId'), targetGroupId: p('targetGroupId') })
      .prepare(),
    exception: db
      .insert(eventExceptions)
      .values({
        eventId: p('eventId'),
        recurrenceLocal: p('recurrenceLocal'),
        kind: p('kind'),
        startLocal: p('startLocal'),
        endLocal: p('endLocal'),
        title: p('title'),
        placeId: p('placeId'),
        locationName: p('locationName'),
        createdAt: p('createdAt'),
        updatedAt: p('updatedAt'),
      })
      .prepare(),
    imported: db
      .insert(importedEvents)
      .values({
        subscriptionId: p('subscriptionId'),
        sourceKey: p('sourceKey'),
        eventId: p('eventId'),
        sourceSequence: p('sourceSequence'),
        sourceLastModified: sql`${p('sourceLastModified')}`,
        sourceHash: p('sourceHash'),
        createdAt: p('createdAt'),
        updatedAt: p('updatedAt'),
      })
      .prepare(),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

interface Defaults {
  subscription: CalendarSubscription;
  organiserName: string;
  categoryIds: number[];
  targetGroupIds: number[];
  /** One writer for the run: its statements prepared once, the mapping's expansions reused. */
  occurrences: OccurrenceWriter;
  statements: Statements;
}

function insertPlanned(db: Db, defaults: Defaults, planned: PlannedEvent, now: Date): void {
  const { subscription, statements } = defaults;
  const status: EventStatus = planned.cancelled ? 'cancelled' : subscription.publishMode === 'publish' ? 'published' : 'proposed';
  const event = statements.event.get({
    ...planned.columns,
    uid: `${randomUUID()}@quartiersportal`,
    slug: slugify(planned.columns.title),
    status,
    organisationId: subscription.organisationId,
    organiserName: defaults.organiserName,
    firstStartsAt: localToInstant(planned.columns.startLocal) ?? now,
    createdBy: subscription.createdBy,
    createdAt: now,
    updatedAt: now,
  })!;
  statements.quartier.run({ eventId: event.id, quartierId: subscription.quartierId });
  for (const categoryId of new Set([...defaults.categoryIds, ...planned.categoryIds])) statements.category.run({ eventId: event.id, categoryId });
  for (const targetGroupId of defaults.targetGroupIds) statements.targetGroup.run({ eventId: event.id, targetGroupId });
  writeExceptions(db, statements, event.id, planned.exceptions, now, true);
  defaults.occurrences.sync(event.id, now);
  statements.imported.run({
    subscriptionId: subscription.id,
    sourceKey: planned.key,
    eventId: event.id,
    sourceSequence: planned.sequence,
    sourceLastModified: planned.lastModified?.getTime() ?? null,
    sourceHash: planned.hash,
    createdAt: now,
    updatedAt: now,
  });
}

/** Updates an imported event from its source; returns what happened to it. */
function updatePlanned(db: Db, defaults: Defaults, row: ImportedEvent, event: Event, planned: PlannedEvent, now: Date): 'changed' | 'cancelled' | null {
  const locked = new Set(lockedFieldsOf(row).flatMap((field) => lockableFields[field] as readonly string[]));
  const columns = Object.fromEntries(Object.entries(planned.columns).filter(([key]) => !locked.has(key))) as Partial<PlannedColumns>;
  const differs = (Object.keys(columns) as (keyof PlannedColumns)[]).some((key) => event[key] !== columns[key]);
  // A removed event that is back, or a cancellation the source took back, goes live (or to review) again.
  const fresh: EventStatus = defaults.subscription.publishMode === 'publish' ? 'published' : 'proposed';
  const status: EventStatus = planned.cancelled ? 'cancelled' : row.removedAt !== null && event.status === 'cancelled' ? fresh : event.status;
  const wantedCategories = [...new Set([...defaults.categoryIds, ...planned.categoryIds])];
  const categoriesDiffer = !lockedFieldsOf(row).includes('categories') && !sameSet(linkIds(db, event.id), wantedCategories);
  const exceptionsDiffer = writeExceptions(db, defaults.statements, event.id, lockedFieldsOf(row).includes('times') ? [] : planned.exceptions, now);
  if (!differs && !categoriesDiffer && !exceptionsDiffer && status === event.status && row.removedAt === null) {
    if (row.sourceHash !== planned.hash) db.update(importedEvents).set({ sourceHash: planned.hash }).where(eq(importedEvents.id, row.id)).run();
    return null;
  }
  db.update(events)
    .set({
      ...columns,
      ...(columns.title !== undefined ? { slug: slugify(columns.title) } : {}),
      status,
      statusNote: status === 'cancelled' ? event.statusNote : '',
      sequence: event.sequence + 1,
      updatedAt: now,
    })
    .where(eq(events.id, event.id))
    .run();
  if (categoriesDiffer) {
    db.delete(eventCategories).where(eq(eventCategories.eventId, event.id)).run();
    for (const categoryId of wantedCategories) defaults.statements.category.run({ eventId: event.id, categoryId });
  }
  defaults.occurrences.sync(event.id, now);
  db.update(importedEvents)
    .set({ sourceSequence: planned.sequence, sourceLastModified: planned.lastModified, sourceHash: planned.hash, removedAt: null, updatedAt: now })
    .where(eq(importedEvents.id, row.id))
    .run();
  return status === 'cancelled' && event.status !== 'cancelled' ? 'cancelled' : 'changed';
}

/** Cancels an imported event the source no longer has; false when it was cancelled already. */
function cancelRemoved(db: Db, row: ImportedEvent, event: Event, now: Date): boolean {
  db.update(importedEvents).set({ removedAt: now, updatedAt: now }).where(eq(importedEvents.id, row.id)).run();
  if (event.status === 'cancelled') return false;
  db.update(events)
    .set({ status: 'cancelled', statusNote: germanText('calendarImport.removedNote'), sequence: event.sequence + 1, updatedAt: now })
    .where(eq(events.id, event.id))
    .run();
  return true;
}

/** What a run writes, worked out from the parsed calendar before the write lock is taken. */
interface CalendarPlan {
  /** The mapping fingerprint the plan was made with: when it differs under the lock, the plan is made again. */
  fingerprint: string;
  context: MappingContext;
  planned: PlannedEvent[];
  refused: RefusedItem[];
}

/** Maps every source event onto portal events: the run's CPU work (expanding and comparing series), no writes. */
function planCalendar(db: Db, subscription: CalendarSubscription, parsed: ParsedCalendar, now: Date): CalendarPlan {
  const fingerprint = mappingFingerprint(db, subscription.id, now);
  const context = mappingContext(db, subscription, now);
  const refused: RefusedItem[] = [...parsed.refused];
  const planned: PlannedEvent[] = [];
  for (const source of parsed.events) {
    if (!source.title) {
      refused.push({ uid: source.uid, summary: '', reason: 'calendarImport.refused.noTitle' });
      continue;
    }
    const plan = planEvent(source, context);
    if (Array.isArray(plan)) planned.push(...plan);
    else refused.push(plan);
  }
  return { fingerprint, context, planned, refused };
}

function subscriptionOf(db: Db, subscriptionId: number): CalendarSubscription {
  const subscription = db.select().from(calendarSubscriptions).where(eq(calendarSubscriptions.id, subscriptionId)).get();
  if (!subscription) throw new Error(`subscription ${subscriptionId} does not exist`);
  return subscription;
}

/**
 * Writes a parsed calendar onto the portal and logs the run, in one transaction. `startedAt` is when the fetch
 * began, so the log shows the whole run. The mapping is planned before the transaction, so the write lock (which
 * every other write of the portal waits for) is held only for the writes: a first import of a large calendar
 * plans for about as long as it writes. Under the lock everything a write depends on is read again — the
 * subscription, the imported rows with their locked fields and detached flags, the events as staff left them —
 * and only the plan itself is reused, unless what it depends on (subscription settings, places, the day) changed
 * meanwhile.
 */
export function syncParsedCalendar(db: Db, subscriptionId: number, parsed: ParsedCalendar, now: Date = new Date(), startedAt: Date = now): CalendarSyncRun {
  let plan = planCalendar(db, subscriptionOf(db, subscriptionId), parsed, now);
  return db.transaction((tx) => {
    const subscription = subscriptionOf(tx, subscriptionId);
    if (mappingFingerprint(tx, subscriptionId, now) !== plan.fingerprint) plan = planCalendar(tx, subscription, parsed, now);
    const organisation = tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, subscription.organisationId)).get();
    const defaults: Defaults = {
      subscription,
      occurrences: occurrenceWriter(tx, plan.context.expansions),
      statements: prepareStatements(tx),
      organiserName: organisation?.name ?? '',
      categoryIds: tx
        .select({ id: calendarSubscriptionCategories.categoryId })
        .from(calendarSubscriptionCategories)
        .where(eq(calendarSubscriptionCategories.subscriptionId, subscriptionId))
        .all()
        .map((r) => r.id),
      targetGroupIds: tx
        .select({ id: calendarSubscriptionTargetGroups.targetGroupId })
        .from(calendarSubscriptionTargetGroups)
        .where(eq(calendarSubscriptionTargetGroups.subscriptionId, subscriptionId))
        .all()
        .map((r) => r.id),
    };
    const counts: SyncCounts = { added: 0, changed: 0, cancelled: 0, refused: [...plan.refused] };
    const rows = new Map(
      tx
        .select({ row: importedEvents, event: events })
        .from(importedEvents)
        .innerJoin(events, eq(events.id, importedEvents.eventId))
        .where(eq(importedEvents.subscriptionId, subscriptionId))
        .all()
        .map((r) => [r.row.sourceKey, r]),
    );
    const seen = new Set<string>();
    // Unchanged UIDs keep all their portal events, the extra dates (`UID#…`) included.
    const unchanged = new Set(parsed.unchanged);
    for (const key of rows.keys()) if (unchanged.has(key.split('#')[0]!)) seen.add(key);
    for (const item of plan.planned) {
      if (seen.has(item.key)) continue;
      seen.add(item.key);
      const existing = rows.get(item.key);
      if (!existing) {
        insertPlanned(tx, defaults, item, now);
        counts.added += 1;
        continue;
      }
      if (existing.row.detached) continue;
      const outcome = updatePlanned(tx, defaults, existing.row, existing.event, item, now);
      if (outcome) counts[outcome] += 1;
    }
    // A refused event is not a removed one: its portal copy stays as it was until the source is readable again.
    const refusedUids = new Set(counts.refused.map((r) => r.uid));
    for (const [key, { row, event }] of rows) {
      if (seen.has(key) || row.detached || row.removedAt !== null || refusedUids.has(key.split('#')[0]!)) continue;
      if (cancelRemoved(tx, row, event, now)) counts.cancelled += 1;
    }
    return logRun(tx, subscriptionId, startedAt, now, {
      outcome: 'imported',
      added: counts.added,
      changed: counts.changed,
      cancelled: counts.cancelled,
      refused: JSON.stringify(counts.refused),
    });
  });
}

/** The events of a subscription with their import state, for its page. */
export function importedEventsOf(db: Db, subscriptionId: number): { row: ImportedEvent; eventId: number; title: string; status: EventStatus }[] {
  return db
    .select({ row: importedEvents, eventId: events.id, title: events.title, status: events.status })
    .from(importedEvents)
    .innerJoin(events, eq(events.id, importedEvents.eventId))
    .where(and(eq(importedEvents.subscriptionId, subscriptionId)))
    .orderBy(events.firstStartsAt)
    .all();
}
