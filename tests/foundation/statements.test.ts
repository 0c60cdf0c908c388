import Database from 'better-sqlite3';
import { asc, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { reuseStatements } from '../../db/client';
import { categories } from '../../db/schema';
import { freshDb } from '../helpers/db';

/** Compiled statements handed out again by `createDb`'s connection: the same answers as freshly compiled ones. */
describe('reused statements', () => {
  it('hands out one compiled statement per SQL text', () => {
    const { db } = freshDb();
    const first = db.$client.prepare('SELECT slug FROM categories ORDER BY slug');
    expect(db.$client.prepare('SELECT slug FROM categories ORDER BY slug')).toBe(first);
    expect(db.$client.prepare('SELECT slug FROM categories ORDER BY slug DESC')).not.toBe(first);
  });

  it('gives rows as objects again after a caller asked for arrays or single values', () => {
    const { db } = freshDb();
    const text = 'SELECT slug, name FROM categories ORDER BY slug LIMIT 1';
    const asArrays = db.$client.prepare(text).raw().get() as unknown[];
    expect(Array.isArray(asArrays)).toBe(true);
    const asValue = db.$client.prepare(text).pluck().get();
    expect(typeof asValue).toBe('string');
    const asObject = db.$client.prepare(text).get() as { slug: string; name: string };
    expect(asObject.slug).toBe(asValue);
    expect(asObject.name).toBe(asArrays[1]);
  });

  it('keeps drizzle queries right when one SQL text is used in array and object mode', () => {
    const { db } = freshDb();
    // drizzle reads `select({...})` results as arrays (raw mode) and `db.all(sql)` results as objects.
    const viaSelect = db.select({ slug: categories.slug }).from(categories).orderBy(asc(categories.slug)).all();
    const sameText = db.select({ slug: categories.slug }).from(categories).orderBy(asc(categories.slug)).toSQL().sql;
    const viaAll = db.all<{ slug: string }>(sql.raw(sameText));
    expect(viaSelect.length).toBeGreaterThan(3);
    expect(viaAll).toEqual(viaSelect);
    // And the array mode is still right after the object mode was used.
    expect(db.select({ slug: categories.slug }).from(categories).orderBy(asc(categories.slug)).all()).toEqual(viaSelect);
  });

  it('reuses statements that change data (they have no row modes)', () => {
    const { db } = freshDb();
    db.$client.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    for (const body of ['eins', 'zwei', 'drei']) db.$client.prepare('INSERT INTO notes (body) VALUES (?)').run(body);
    expect(db.$client.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(3);
  });

  it('keeps at most the limit, dropping the least recently used statement', () => {
    const client = new Database(':memory:');
    reuseStatements(client, 2);
    const one = client.prepare('SELECT 1');
    const two = client.prepare('SELECT 2');
    expect(client.prepare('SELECT 1')).toBe(one);
    client.prepare('SELECT 3');
    // 'SELECT 2' was used least recently, so it was compiled again; 'SELECT 1' was kept.
    expect(client.prepare('SELECT 1')).toBe(one);
    expect(client.prepare('SELECT 2')).not.toBe(two);
    client.close();
  });
});
