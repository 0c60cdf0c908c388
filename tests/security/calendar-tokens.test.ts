import { cpSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';

// The feed key of this test process (servers and `npm start` keep theirs in a file next to the database).
process.env.FEED_SECRET = 'test-feed-secret-of-the-calendar-token-tests';

import { createDb, migrateDb, migrationsFolder, type DbConnection } from '../../db/client';
import { organisationMembers, organisations, places, staffScopes, users } from '../../db/schema';
import { demoDb } from '../helpers/db';
import { loadFeedKey } from '../../src/lib/server/feeds/feed-tokens';
import { findUserByCalendarToken, issueCalendarToken, personalFeedToken, revokeCalendarToken } from '../../src/lib/server/volunteering/calendar';
import {
  getOrganisationByCalendarToken,
  getPlaceByBookingCalendarToken,
  renewOrganisationCalendarToken,
  renewPlaceCalendarToken,
} from '../../src/lib/server/rooms/feeds';
import { listMemberOrganisations } from '../../src/lib/server/rooms/organisations';
import { getPlaceBySlugForRooms } from '../../src/lib/server/rooms/rooms';
import { removeOrganisationMember } from '../../src/lib/server/organisations';
import { setStaffScopes, setUserDisabled, setUserRole } from '../../src/lib/server/accounts/admin';
import { deleteUserData } from '../../src/lib/server/privacy';
import { allText } from './database-text';

const userId = (db: DbConnection, email: string): number => db.select().from(users).where(eq(users.email, email)).get()!.id;
const orgBySlug = (db: DbConnection, slug: string): number => db.select().from(organisations).where(eq(organisations.slug, slug)).get()!.id;

let db: DbConnection;
beforeEach(async () => {
  db = (await demoDb()).db;
});
afterEach(() => db.$client.close());

describe('secret feed addresses', () => {
  it('keep only a hash in the database; the address still opens the feed and can be shown again', () => {
    const member = db.select().from(users).where(eq(users.email, 'bewohnerin@example.org')).get()!;
    const token = issueCalendarToken(db, member.id);
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect(allText(db)).not.toContain(token);
    expect(findUserByCalendarToken(db, token)?.id).toBe(member.id);
    const reloaded = db.select().from(users).where(eq(users.id, member.id)).get()!;
    expect(personalFeedToken(reloaded)).toBe(token);
    const second = issueCalendarToken(db, member.id);
    expect(second).not.toBe(token);
    expect(findUserByCalendarToken(db, token)).toBeNull();
    revokeCalendarToken(db, member.id);
    expect(findUserByCalendarToken(db, second)).toBeNull();
    expect(personalFeedToken(db.select().from(users).where(eq(users.id, member.id)).get()!)).toBeNull();
  });

  it('show organisation and place feeds to everyone who may see them, without the secret in the database', () => {
    const verein = db.select().from(users).where(eq(users.email, 'verein@example.org')).get()!;
    const kray = db.select().from(users).where(eq(users.email, 'kray@example.org')).get()!;
    const bv = orgBySlug(
      db,
      db
        .select()
        .from(organisations)
        .all()
        .find((o) => o.name.startsWith('Bürgerverein Kray'))!.slug,
    );
    const orgToken = renewOrganisationCalendarToken(db, verein, bv);
    const place = db
      .select()
      .from(places)
      .where(eq(places.quartierId, db.select().from(staffScopes).where(eq(staffScopes.userId, kray.id)).get()!.quartierId))
      .get()!;
    const placeToken = renewPlaceCalendarToken(db, kray, place.id);
    const text = allText(db);
    expect(text).not.toContain(orgToken);
    expect(text).not.toContain(placeToken);
    expect(getOrganisationByCalendarToken(db, orgToken)?.id).toBe(bv);
    expect(getPlaceByBookingCalendarToken(db, placeToken)?.id).toBe(place.id);
    expect(listMemberOrganisations(db, verein.id).find((o) => o.id === bv)?.calendarToken).toBe(orgToken);
    expect(getPlaceBySlugForRooms(db, place.slug)?.bookingCalendarToken).toBe(placeToken);
  });

  it('change the organisation feed when a member leaves; the others are shown the new address', () => {
    const verein = db.select().from(users).where(eq(users.email, 'verein@example.org')).get()!;
    const bv = listMemberOrganisations(db, verein.id)[0]!.id;
    const leaving = userId(db, 'bewohnerin@example.org');
    db.insert(organisationMembers).values({ organisationId: bv, userId: leaving, role: 'member' }).run();
    const before = renewOrganisationCalendarToken(db, verein, bv);
    removeOrganisationMember(db, verein, bv, leaving);
    expect(getOrganisationByCalendarToken(db, before)).toBeNull();
    const after = listMemberOrganisations(db, verein.id).find((o) => o.id === bv)!.calendarToken!;
    expect(after).not.toBe(before);
    expect(getOrganisationByCalendarToken(db, after)?.id).toBe(bv);
  });

  it('change place feeds where a staff scope ended, and every shared feed a deleted or disabled person knew', () => {
    const admin = userId(db, 'admin@example.org');
    const kray = db.select().from(users).where(eq(users.email, 'kray@example.org')).get()!;
    const scopes = db.select().from(staffScopes).where(eq(staffScopes.userId, kray.id)).all();
    expect(scopes.length).toBeGreaterThanOrEqual(2);
    const [ended, kept] = scopes as [(typeof scopes)[0], (typeof scopes)[0]];
    const placeIn = (quartierId: number) => db.select().from(places).where(eq(places.quartierId, quartierId)).get()!;
    const endedToken = renewPlaceCalendarToken(db, kray, placeIn(ended.quartierId).id);
    const keptToken = renewPlaceCalendarToken(db, kray, placeIn(kept.quartierId).id);
    setStaffScopes(db, admin, kray.id, [{ quartierId: kept.quartierId, title: kept.title }]);
    expect(getPlaceByBookingCalendarToken(db, endedToken)).toBeNull();
    expect(getPlaceByBookingCalendarToken(db, keptToken)?.id).toBe(placeIn(kept.quartierId).id);

    setUserRole(db, admin, kray.id, 'member');
    expect(getPlaceByBookingCalendarToken(db, keptToken)).toBeNull();

    const verein = db.select().from(users).where(eq(users.email, 'verein@example.org')).get()!;
    const bv = listMemberOrganisations(db, verein.id)[0]!.id;
    const second = userId(db, 'ehrenamt@example.org');
    db.insert(organisationMembers).values({ organisationId: bv, userId: second, role: 'member' }).run();
    let token = renewOrganisationCalendarToken(db, verein, bv);
    setUserDisabled(db, admin, second, true);
    expect(getOrganisationByCalendarToken(db, token)).toBeNull();
    token = listMemberOrganisations(db, verein.id)[0]!.calendarToken!;
    deleteUserData(db, second);
    expect(getOrganisationByCalendarToken(db, token)).toBeNull();
    expect(getOrganisationByCalendarToken(db, listMemberOrganisations(db, verein.id)[0]!.calendarToken!)?.id).toBe(bv);
  });

  it('keeps its key in a file only the portal reads, the same on every start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'feed-key-'));
    const file = join(dir, 'feed-secret');
    const first = loadFeedKey(null, file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadFeedKey(null, file).equals(first)).toBe(true);
    expect(readFileSync(file, 'utf8').trim().length).toBeGreaterThanOrEqual(40);
    expect(loadFeedKey('ein-anderer-schluessel-mit-mehr-als-32-zeichen', file).equals(first)).toBe(false);
  });
});

describe('migration of stored feed secrets', () => {
  it('hashes the secrets stored before, so subscribed feed addresses keep working', () => {
    // A database as it was before migration 0003, with secrets in plain text.
    const dir = mkdtempSync(join(tmpdir(), 'feed-migration-'));
    const oldFolder = join(dir, 'migrations');
    cpSync(migrationsFolder, oldFolder, { recursive: true });
    const journalPath = join(oldFolder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
    journal.entries = journal.entries.filter((e) => e.tag < '0003');
    writeFileSync(journalPath, JSON.stringify(journal));
    const old = createDb(join(dir, 'old.db'));
    migrate(old, { migrationsFolder: oldFolder });
    const q = old.$client.prepare("INSERT INTO quartiere (slug, name, created_at, updated_at) VALUES ('kray', 'Kray', 0, 0) RETURNING id").get() as {
      id: number;
    };
    old.$client
      .prepare(
        "INSERT INTO users (email, password_hash, display_name, calendar_token, created_at, updated_at) VALUES ('alt@example.org', 'x', 'Alt', 'alterpersoenlicherschluessel0123456789abcd', 0, 0)",
      )
      .run();
    old.$client
      .prepare(
        "INSERT INTO organisations (slug, name, kind, calendar_token, created_at, updated_at) VALUES ('bv', 'BV', 'verein', 'altervereinsschluessel0123', 0, 0)",
      )
      .run();
    old.$client
      .prepare(
        "INSERT INTO places (slug, quartier_id, kind, name, street, postal_code, city, booking_calendar_token, created_at, updated_at) VALUES ('treff', ?, 'treff', 'Treff', 'Weg 1', '45000', 'Essen', 'alterortsschluessel012345', 0, 0)",
      )
      .run(q.id);
    migrateDb(old);
    expect(allText(old)).not.toMatch(/alterpersoenlicherschluessel|altervereinsschluessel|alterortsschluessel/);
    expect(findUserByCalendarToken(old, 'alterpersoenlicherschluessel0123456789abcd')?.email).toBe('alt@example.org');
    expect(getOrganisationByCalendarToken(old, 'altervereinsschluessel0123')?.name).toBe('BV');
    expect(getPlaceByBookingCalendarToken(old, 'alterortsschluessel012345')?.name).toBe('Treff');
    // An address made before cannot be shown again (it keeps working until someone asks for a new one).
    expect(personalFeedToken(old.select().from(users).get()!)).toBeNull();
    old.$client.close();
  });
});
