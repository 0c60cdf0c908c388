/**
 * Secret feed addresses (the personal feed, an organisation's and a place's booking feeds) without the secret in
 * the database.
 *
 * Why: the address is the only key to a feed, so a copy of the database (a backup, a leak) must not open every
 * feed. The database keeps only a SHA-256 hash of the secret (looked up like the one-time tokens) and a version.
 * The secret itself is an HMAC of the feed, its id and that version under the server's feed key, which lives
 * outside the database (FEED_SECRET, or the file `feed-secret` next to the database). Pages can therefore show the
 * address again to everyone who may see it (all members of an organisation, all staff of a Quartier) without
 * anybody having to reset it for the others, and a new version changes it for all at once.
 *
 * Addresses made before hashes were stored (random secrets) were hashed by migration 0003 and keep working; they
 * cannot be shown again (`currentFeedToken` gives null) until someone asks for a new one.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { organisationMembers, organisations, places, staffScopes, users } from '../../../../db/schema';
import { getConfig } from '../config';
import { hashToken } from '../accounts/tokens';

export type FeedKind = 'user' | 'organisation' | 'place';

/** The feed key from a FEED_SECRET value, or from (or into) the key file; 32 bytes either way. */
export function loadFeedKey(secret: string | null, keyFile: string): Buffer {
  if (secret) return createHash('sha256').update(secret).digest();
  if (!existsSync(keyFile)) {
    mkdirSync(dirname(keyFile), { recursive: true });
    try {
      // `wx`: when two processes start at once, the first file wins and both read it below.
      writeFileSync(keyFile, randomBytes(32).toString('base64url') + '\n', { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    chmodSync(keyFile, 0o600);
  }
  return createHash('sha256').update(readFileSync(keyFile, 'utf8').trim()).digest();
}

/** Where the key file lives when FEED_SECRET is not set: next to the database. */
export function feedKeyFile(databasePath: string): string {
  return join(dirname(databasePath), 'feed-secret');
}

let key: Buffer | undefined;

function feedKey(): Buffer {
  const config = getConfig();
  key ??= loadFeedKey(config.feedSecret, feedKeyFile(config.databasePath));
  return key;
}

/** The secret of one version of a feed: 160 bits, 32 characters of lower-case base32. */
export function deriveFeedToken(kind: FeedKind, id: number, version: number, secretKey: Buffer = feedKey()): string {
  const mac = createHmac('sha256', secretKey).update(`feed:${kind}:${id}:${version}`).digest();
  return encodeBase32LowerCaseNoPadding(mac.subarray(0, 20));
}

export const feedTokenHash = hashToken;

/** The address's secret to show, or null when there is no feed or it cannot be shown again (see above). */
export function currentFeedToken(kind: FeedKind, id: number, version: number, storedHash: string | null): string | null {
  if (!storedHash) return null;
  const token = deriveFeedToken(kind, id, version);
  return feedTokenHash(token) === storedHash ? token : null;
}

/** What a new version stores: its number and the hash of its secret. */
export function nextFeedVersion(kind: FeedKind, id: number, currentVersion: number): { version: number; hash: string; token: string } {
  const version = currentVersion + 1;
  const token = deriveFeedToken(kind, id, version);
  return { version, hash: feedTokenHash(token), token };
}

/**
 * New addresses for the booking feeds of these organisations (those that have one): someone who knew the old one
 * left. The remaining members see the new address on their bookings page.
 */
export function rotateOrganisationFeeds(db: Db, organisationIds: readonly number[]): number {
  if (organisationIds.length === 0) return 0;
  const rows = db
    .select({ id: organisations.id, version: organisations.calendarTokenVersion })
    .from(organisations)
    .where(and(inArray(organisations.id, [...organisationIds]), isNotNull(organisations.calendarTokenHash)))
    .all();
  for (const row of rows) {
    const next = nextFeedVersion('organisation', row.id, row.version);
    db.update(organisations).set({ calendarTokenHash: next.hash, calendarTokenVersion: next.version }).where(eq(organisations.id, row.id)).run();
  }
  return rows.length;
}

/** New addresses for the booking feeds of the places in these Quartiere ('all': every place): a staff scope ended. */
export function rotatePlaceFeeds(db: Db, quartierIds: readonly number[] | 'all'): number {
  if (quartierIds !== 'all' && quartierIds.length === 0) return 0;
  const rows = db
    .select({ id: places.id, version: places.bookingCalendarTokenVersion })
    .from(places)
    .where(and(isNotNull(places.bookingCalendarTokenHash), quartierIds === 'all' ? sql`1` : inArray(places.quartierId, [...quartierIds])))
    .all();
  for (const row of rows) {
    const next = nextFeedVersion('place', row.id, row.version);
    db.update(places).set({ bookingCalendarTokenHash: next.hash, bookingCalendarTokenVersion: next.version }).where(eq(places.id, row.id)).run();
  }
  return rows.length;
}

/**
 * New addresses for every shared feed this person could read: their organisations' and (as staff or admin) their
 * places'. For an account that is deleted or disabled; call before its memberships and scopes go.
 */
export function rotateFeedsKnownTo(db: Db, userId: number): void {
  const user = db.select({ role: users.role }).from(users).where(eq(users.id, userId)).get();
  if (!user) return;
  const memberships = db.select({ id: organisationMembers.organisationId }).from(organisationMembers).where(eq(organisationMembers.userId, userId)).all();
  rotateOrganisationFeeds(
    db,
    memberships.map((m) => m.id),
  );
  if (user.role === 'admin') rotatePlaceFeeds(db, 'all');
  else if (user.role === 'staff') {
    rotatePlaceFeeds(
      db,
      db
        .select({ id: staffScopes.quartierId })
        .from(staffScopes)
        .where(eq(staffScopes.userId, userId))
        .all()
        .map((s) => s.id),
    );
  }
}
