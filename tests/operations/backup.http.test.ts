/**
 * Online backup and restore as the README describes them: `npm run db:backup -- <file>` while the server runs
 * and another connection keeps writing, then a server started on the restored file.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client';
import { recordAudit } from '../../src/lib/server/audit';
import { startServer, type RunningServer } from '../helpers/server';

const root = resolve(import.meta.dirname, '..', '..');

function runBackup(target: string, databasePath: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'backup.ts'), target], {
      cwd: root,
      env: { ...process.env, DATABASE_PATH: databasePath },
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => resolveRun({ code, output }));
  });
}

describe('backup and restore', () => {
  let server: RunningServer;
  const dir = mkdtempSync(join(tmpdir(), 'quartier-backup-'));
  beforeAll(async () => {
    server = await startServer({ timeoutMs: 90_000 });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('takes a consistent online backup while writes go on, and a server starts on the restored copy', async () => {
    // A second connection commits one audit entry per transaction, as staff actions do, during the backup.
    const writer = createDb(server.dbPath);
    let committed = 0;
    let writing = true;
    const writes = (async () => {
      while (writing) {
        writer.transaction((tx) => {
          recordAudit(tx, { actorUserId: null, action: 'quartier.update', entityType: 'backup-test', entityId: committed + 1 });
        });
        committed++;
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    await expect.poll(() => committed, { timeout: 10_000 }).toBeGreaterThan(20);
    const before = committed;
    const target = join(dir, 'backup.db');
    const result = await runBackup(target, server.dbPath);
    const duringBackup = committed;
    writing = false;
    await writes;
    writer.$client.close();
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/integrity ok/);
    expect(duringBackup).toBeGreaterThan(before);

    // The copy is one consistent state: a complete prefix of the committed writes, nothing torn.
    const copy = new Database(target, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    const ids = copy
      .prepare("SELECT entity_id AS n FROM audit_log WHERE entity_type = 'backup-test' ORDER BY audit_log.id")
      .all()
      .map((row) => Number((row as { n: string }).n));
    copy.close();
    expect(ids.length).toBeGreaterThanOrEqual(before);
    expect(ids.length).toBeLessThanOrEqual(committed);
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => i + 1));

    // Restore: the backup file becomes the database of a freshly started server.
    const restoredPath = join(mkdtempSync(join(tmpdir(), 'quartier-restore-')), 'quartier.db');
    copyFileSync(target, restoredPath);
    const restored = await startServer({ dbPath: restoredPath, timeoutMs: 90_000 });
    try {
      expect(restored.output()).not.toMatch(/seeding the demo city/);
      const health = await fetch(`${restored.url}/healthz`);
      expect(health.status).toBe(200);
      const home = await (await fetch(`${restored.url}/`)).text();
      expect(home).toContain('Frohnhausen');
      expect((await fetch(`${restored.url}/quartiere/kray`)).status).toBe(200);
      const check = new Database(restoredPath, { readonly: true });
      const count = check.prepare("SELECT count(*) AS n FROM audit_log WHERE entity_type = 'backup-test'").get() as { n: number };
      check.close();
      expect(count.n).toBe(ids.length);
    } finally {
      await restored.stop();
    }
  });

  it('refuses to overwrite the live database and reports a missing one in one line', async () => {
    const same = await runBackup(server.dbPath, server.dbPath);
    expect(same.code).not.toBe(0);
    expect(same.output).toMatch(/cannot replace the database itself/);
    const missing = await runBackup(join(dir, 'x.db'), join(dir, 'does-not-exist.db'));
    expect(missing.code).not.toBe(0);
    expect(missing.output).toMatch(/no database at/);
    expect(existsSync(join(dir, 'x.db'))).toBe(false);
  });
});
