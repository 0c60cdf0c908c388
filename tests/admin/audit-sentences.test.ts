/**
 * Issue 12 item 20: the admin reads the audit log as sentences. Every code written to the log has a sentence in every
 * language, and each sentence says who, when and which object (the link).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locales, type Locale } from '../../src/i18n';
import { auditActions } from '../../src/lib/server/audit';
import { describeAuditEntries } from '../../src/lib/server/audit/sentences';
import { listAuditEntries } from '../../src/lib/server/audit/list';
import { freshDb } from '../helpers/db';
import * as s from '../../db/schema';

const catalogue = (locale: Locale): Record<string, string> => JSON.parse(readFileSync(`src/i18n/locales/${locale}.json`, 'utf8'));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|astro)$/.test(name) ? [path] : [];
  });
}

describe('audit log sentences', () => {
  it.each(locales)('%s has a sentence naming who, when and what for every audit code', (locale) => {
    const messages = catalogue(locale);
    const problems: string[] = [];
    for (const code of auditActions) {
      const sentence = messages[`admin.audit.sentence.${code}`];
      if (!sentence) problems.push(`${code}: no sentence`);
      else for (const part of ['{actor}', '{date}', '{time}', '{object}']) if (!sentence.includes(part)) problems.push(`${code}: lacks ${part}`);
    }
    expect(problems).toEqual([]);
  });

  it('lists every code that an audit call site in src writes', () => {
    // The type of recordAudit already refuses an unlisted code; this also catches one passed through a cast.
    const written = new Set<string>();
    for (const file of sourceFiles('src')) {
      const text = readFileSync(file, 'utf8');
      if (!/recordAudit|auditAction|audit: \{/.test(text)) continue;
      for (const match of text.matchAll(/(?:action|auditAction)(?::|\s*=|\s*\?\?)\s*([^,}\n]+)/g))
        for (const code of match[1]!.matchAll(/'([a-z][a-z0-9_-]*(?:\.[a-z_]+)+)'/gi)) written.add(code[1]!);
    }
    const listed = new Set<string>(auditActions);
    const messageKeyLike = [...written].filter((code) => /\.(error|mail|notice|field)\./.test(code) || code.startsWith('admin.'));
    const missing = [...written].filter((code) => !listed.has(code) && !messageKeyLike.includes(code));
    expect(written.size).toBeGreaterThan(60);
    expect(missing).toEqual([]);
  });

  it('names the object as it is called now, links it, and keeps the recorded name once it is deleted', () => {
    const { db } = freshDb();
    const quartier = db.insert(s.quartiere).values({ slug: 'kray', name: 'Kray' }).returning().get();
    const place = db
      .insert(s.places)
      .values({
        slug: 'stadtteilbuero-kray',
        name: 'Stadtteilbüro Kray',
        kind: 'stadtteilbuero',
        quartierId: quartier.id,
        street: 'Kamblickweg 1',
        postalCode: '45307',
        city: 'Essen',
      })
      .returning()
      .get();
    const actor = db.insert(s.users).values({ email: 'maria@example.org', displayName: 'Maria Schulz', passwordHash: 'x', role: 'staff' }).returning().get();
    db.insert(s.auditLog)
      .values([
        { actorUserId: actor.id, action: 'place.exception.add', entityType: 'place', entityId: String(place.id), quartierId: quartier.id, details: '{}' },
        { actorUserId: null, action: 'event.delete', entityType: 'event', entityId: '999', details: JSON.stringify({ title: 'Sommerfest' }) },
        {
          actorUserId: actor.id,
          action: 'event.cancel',
          entityType: 'event',
          entityId: '998',
          details: JSON.stringify({ note: 'Die Referentin ist erkrankt.' }),
        },
      ])
      .run();
    const [cancelled, deleted, closure] = describeAuditEntries(db, listAuditEntries(db, {}).rows, 'de');
    expect(closure).toMatchObject({
      actorName: 'Maria Schulz',
      action: 'place.exception.add',
      object: { label: 'Stadtteilbüro Kray', href: `/verwaltung/orte/${place.id}` },
      quartier: 'Kray',
    });
    expect(deleted).toMatchObject({ actorName: null, object: { label: 'Sommerfest', href: null } });
    expect(cancelled).toMatchObject({ object: { label: '#998', href: null }, note: 'Die Referentin ist erkrankt.' });
  });
});
