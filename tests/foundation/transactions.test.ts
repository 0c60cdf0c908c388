import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createDb } from '../../db/client';
import { freshDb } from '../helpers/db';
import * as s from '../../db/schema';

describe('transactions across connections', () => {
  it('hold the write lock from their first statement, so another connection that wrote meanwhile cannot make them fail', () => {
    // The server, the calendar-import worker and maintenance scripts each open their own connection to one file.
    const { db: server, path } = freshDb();
    const quartier = server.insert(s.quartiere).values({ slug: 'kray', name: 'Kray' }).returning().get();
    const other = createDb(path);
    // The other connection gives up at once instead of waiting five seconds for the lock.
    other.$client.pragma('busy_timeout = 0');

    const renamed = server.transaction((tx) => {
      const before = tx.select().from(s.quartiere).where(eq(s.quartiere.id, quartier.id)).get()!;
      // Between this transaction's read and its write, the other connection tries to write.
      expect(() => other.update(s.quartiere).set({ name: 'Kray-Leithe' }).where(eq(s.quartiere.id, quartier.id)).run()).toThrow(/database is locked/);
      tx.update(s.quartiere)
        .set({ name: `${before.name} (Essen)` })
        .where(eq(s.quartiere.id, quartier.id))
        .run();
      return tx.select().from(s.quartiere).where(eq(s.quartiere.id, quartier.id)).get()!.name;
    });

    expect(renamed).toBe('Kray (Essen)');
    // Once the transaction has committed, the other connection writes as usual.
    other.update(s.quartiere).set({ name: 'Kray-Leithe' }).where(eq(s.quartiere.id, quartier.id)).run();
    expect(server.select().from(s.quartiere).where(eq(s.quartiere.id, quartier.id)).get()!.name).toBe('Kray-Leithe');
    other.$client.close();
  });
});
