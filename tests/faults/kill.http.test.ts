/**
 * Crash safety: the server is killed with SIGKILL (no chance to clean up) while residents are submitting
 * forms. After a restart on the same file the database must be intact and every write the server had
 * acknowledged (answered with its redirect) must be there, with the mail that belongs to it.
 * Write path: volunteer applications (public form, row + outbox mail in one transaction).
 */
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../helpers/server';

const application = (i: number): URLSearchParams => {
  const body = new URLSearchParams({
    programme: 'seniorenbegleitung',
    name: `Absturz Test ${i}`,
    email: `absturz-${i}@example.net`,
    phone: '0201 555 12',
    motivation: `Bewerbung Nummer ${i}`,
    consent: 'on',
  });
  body.append('availability', '2-afternoon');
  body.append('languages', 'de');
  return body;
};

describe('SIGKILL while writes are in flight', () => {
  const servers: RunningServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop('SIGKILL');
  });

  it('keeps the database intact and every acknowledged application with its mail', { timeout: 120_000 }, async () => {
    const first = await startServer({ timeoutMs: 90_000 });
    servers.push(first);
    const acknowledged: number[] = [];
    let attempted = 0;
    let next = 0;
    let killed = false;
    const submit = async (): Promise<void> => {
      while (!killed) {
        const i = next++;
        attempted++;
        try {
          const response = await fetch(`${first.url}/mitmachen/seniorenbegleitung/bewerben?_action=volunteering.apply`, {
            method: 'POST',
            body: application(i),
            headers: { origin: first.url, 'content-type': 'application/x-www-form-urlencoded' },
            redirect: 'manual',
          });
          if (response.status === 303) acknowledged.push(i);
          else if (!killed) throw new Error(`application ${i} answered ${response.status}: ${await response.text()}`);
        } catch (error) {
          if (!killed) throw error;
        }
      }
    };
    const clients = Array.from({ length: 6 }, () => submit());
    // Kill once a good number of writes went through, while six more are on the wire.
    await expect.poll(() => acknowledged.length, { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(25);
    killed = true;
    first.process.kill('SIGKILL');
    await Promise.allSettled(clients);
    await first.stop();
    expect(first.process.signalCode).toBe('SIGKILL');
    expect(attempted).toBeGreaterThan(acknowledged.length);

    const restarted = await startServer({ dbPath: first.dbPath, timeoutMs: 90_000 });
    servers.push(restarted);
    const db = new Database(first.dbPath, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const stored = new Set(
        (db.prepare("SELECT email FROM volunteer_applications WHERE email LIKE 'absturz-%'").all() as { email: string }[]).map((r) => r.email),
      );
      const mailed = db.prepare("SELECT to_address AS address FROM outbox WHERE to_address LIKE 'absturz-%'").all() as { address: string }[];
      const missing = acknowledged.filter((i) => !stored.has(`absturz-${i}@example.net`));
      expect(missing).toEqual([]);
      // One mail per stored application, never a mail without its application or a second one.
      expect(mailed.map((m) => m.address).sort()).toEqual([...stored].sort());
    } finally {
      db.close();
    }
    // The restarted server takes new writes.
    const after = await fetch(`${restarted.url}/mitmachen/seniorenbegleitung/bewerben?_action=volunteering.apply`, {
      method: 'POST',
      body: application(100_000),
      headers: { origin: restarted.url, 'content-type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    });
    expect(after.status).toBe(303);
  });
});
