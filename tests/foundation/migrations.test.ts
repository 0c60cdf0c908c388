import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDb, migrateDb, migrationsFolder } from '../../db/client';
import { seedDemo } from '../../db/seed/demo';

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
  it('rebuild a table (0011 widens the concerns’ languages) without losing the rows that point to it', async () => {
    const db = createDb(join(mkdtempSync(join(tmpdir(), 'migrate-')), 'city.db'));
    migrateDb(db, migrationsBefore('0011'));
    await seedDemo(db, new Date('2026-12-01T09:00:00Z'));
    const count = (table: string): number => (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const before = { concerns: count('concerns'), events: count('concern_events'), photos: count('concern_photos'), tokens: count('concern_tokens') };
    expect(before.events).toBeGreaterThan(0);

    migrateDb(db);

    expect({ concerns: count('concerns'), events: count('concern_events'), photos: count('concern_photos'), tokens: count('concern_tokens') }).toEqual(before);
    // The new languages are accepted, an unknown one still is not; foreign keys are back on.
    db.$client.prepare("UPDATE concerns SET reporter_locale = 'ar' WHERE id = (SELECT min(id) FROM concerns)").run();
    expect(() => db.$client.prepare("UPDATE concerns SET reporter_locale = 'xx'").run()).toThrow(/CHECK constraint failed/);
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    db.$client.close();
  });
});
