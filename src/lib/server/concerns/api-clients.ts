/**
 * Open311 clients (a city app, FixMyStreet, another portal): the admin issues one key per client. The key is
 * shown once; only its hash is stored, and a revoked key stops working at once.
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db';
import { isAdmin, type Actor } from '../auth/permissions';
import { recordAudit } from '../audit';
import { ForbiddenError, NotFoundError } from '../errors';
import { createSecretToken, hashSecretToken } from '../registrations/tokens';
import { open311Clients, type Open311Client } from '../../../../db/schema';

export function listApiClients(db: Db): Open311Client[] {
  return db.select().from(open311Clients).orderBy(desc(open311Clients.createdAt)).all();
}

export function issueApiKey(db: Db, actor: Actor, name: string, now: Date = new Date()): { client: Open311Client; key: string } {
  if (!isAdmin(actor)) throw new ForbiddenError('concerns.error.forbidden');
  return db.transaction((tx) => {
    const { token, hash } = createSecretToken();
    const client = tx.insert(open311Clients).values({ name, keyHash: hash, createdAt: now }).returning().get();
    recordAudit(tx, { actorUserId: actor.id, action: 'open311_client.create', entityType: 'open311_client', entityId: client.id, details: { name } });
    return { client, key: token };
  });
}

export function revokeApiKey(db: Db, actor: Actor, id: number, now: Date = new Date()): void {
  if (!isAdmin(actor)) throw new ForbiddenError('concerns.error.forbidden');
  db.transaction((tx) => {
    const changed = tx
      .update(open311Clients)
      .set({ revokedAt: now })
      .where(and(eq(open311Clients.id, id), isNull(open311Clients.revokedAt)))
      .run().changes;
    if (changed === 0) throw new NotFoundError('concerns.error.notFound');
    recordAudit(tx, { actorUserId: actor.id, action: 'open311_client.revoke', entityType: 'open311_client', entityId: id });
  });
}

/** The client a key belongs to, if it is valid. */
export function clientForKey(db: Db, key: string, now: Date = new Date()): Open311Client | null {
  if (!/^[a-z2-7]{16,64}$/.test(key)) return null;
  const client = db
    .select()
    .from(open311Clients)
    .where(eq(open311Clients.keyHash, hashSecretToken(key)))
    .get();
  if (!client || client.revokedAt) return null;
  db.update(open311Clients).set({ lastUsedAt: now }).where(eq(open311Clients.id, client.id)).run();
  return client;
}
