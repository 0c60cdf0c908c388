import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDb, migrateDb, migrationsFolder } from '../../db/client';

/** A copy of the migrations folder that stops before the migration tagged `before`. */
function migrationsBefore(before: string): string {
  const folder = join(mkdtempSync(join(tmpdir(), 'migrations-')), 'migrations');
  cpSync(migrationsFolder, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((entry) => entry.tag < before);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

describe('migrations on a city in use', () => {
  it('rebuild a table (0011 widens the concerns’ languages) without losing the rows that point to it', () => {
    const db = createDb(join(mkdtempSync(join(tmpdir(), 'migrate-')), 'city.db'));
    migrateDb(db, migrationsBefore('0011'));
    // A concern with its history, as the city had them before 0011 (plain SQL: today's seed writes newer tables).
    const run = (statement: string): void => void db.$client.prepare(statement).run();
    run("INSERT INTO quartiere (slug, name, created_at, updated_at) VALUES ('kray', 'Kray', 0, 0)");
    run("INSERT INTO concern_categories (slug, name, created_at) VALUES ('gruen', 'Grünflächen', 0)");
    run(
      "INSERT INTO concerns (quartier_id, category_id, description, location_text, reporter_email, created_at, updated_at) VALUES (1, 1, 'Scharfe Kante am Spielgerät', 'Spielplatz Hubertstraße', 'nachbarin@example.org', 0, 0)",
    );
    for (const kind of ['reported', 'status', 'forwarded']) run(`INSERT INTO concern_events (concern_id, at, kind) VALUES (1, 0, '${kind}')`);
    const count = (table: string): number => (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const before = { concerns: count('concerns'), events: count('concern_events') };
    expect(before).toEqual({ concerns: 1, events: 3 });

    migrateDb(db);

    expect({ concerns: count('concerns'), events: count('concern_events') }).toEqual(before);
    // The new languages are accepted, an unknown one still is not; foreign keys are back on.
    db.$client.prepare("UPDATE concerns SET reporter_locale = 'ar' WHERE id = (SELECT min(id) FROM concerns)").run();
    expect(() => db.$client.prepare("UPDATE concerns SET reporter_locale = 'xx'").run()).toThrow(/CHECK constraint failed/);
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    db.$client.close();
  });

  it('add the language of the form (0018) to the records of guests, keeping them and what points to them, in German', () => {
    const db = createDb(join(mkdtempSync(join(tmpdir(), 'migrate-')), 'city.db'));
    migrateDb(db, migrationsBefore('0018'));
    const run = (statement: string): void => void db.$client.prepare(statement).run();
    run("INSERT INTO volunteer_programmes (slug, name, created_at, updated_at) VALUES ('besuche', 'Besuchsdienst', 0, 0)");
    run(
      "INSERT INTO volunteer_applications (programme_id, name, email, consent_at, consent_version, created_at, updated_at) VALUES (1, 'Ayşe', 'ayse@example.org', 0, '2026-11', 0, 0)",
    );
    run(
      "INSERT INTO help_requests (programme_id, requester_name, requester_email, consent_at, consent_version, created_at, updated_at) VALUES (1, 'Herr Brandt', 'brandt@example.org', 0, '2026-11', 0, 0)",
    );
    run('INSERT INTO volunteer_matches (help_request_id, application_id, created_at) VALUES (1, 1, 0)');
    run(
      "INSERT INTO volunteer_slots (programme_id, kind, title, starts_at, ends_at, needed, created_at, updated_at) VALUES (1, 'other', 'Aufbau', 0, 1, 2, 0, 0)",
    );
    run("INSERT INTO signups (slot_id, name, email, status, queued_at, created_at) VALUES (1, 'Ayşe', 'ayse@example.org', 'confirmed', 0, 0)");
    run("INSERT INTO organisations (slug, name, kind, created_at, updated_at) VALUES ('verein', 'Verein', 'verein', 0, 0)");
    run("INSERT INTO organisation_invitations (organisation_id, email, token_hash, expires_at, created_at) VALUES (1, 'gast@example.org', 'hash', 0, 0)");
    const tables = ['volunteer_applications', 'help_requests', 'signups', 'organisation_invitations'];
    const rows = (table: string): { locale?: string }[] => db.$client.prepare(`SELECT * FROM ${table}`).all() as { locale?: string }[];
    expect(tables.map((table) => rows(table).length)).toEqual([1, 1, 1, 1]);

    migrateDb(db);

    for (const table of tables) expect(rows(table), table).toEqual([expect.objectContaining({ locale: 'de' })]);
    expect(rows('volunteer_matches')).toHaveLength(1);
    for (const table of tables) {
      db.$client.prepare(`UPDATE ${table} SET locale = 'tr'`).run();
      expect(() => db.$client.prepare(`UPDATE ${table} SET locale = 'xx'`).run(), table).toThrow(/CHECK constraint failed/);
    }
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    db.$client.close();
  });
});
