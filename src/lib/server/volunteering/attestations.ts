/**
 * What a coordinator has seen — a completed training, an extended certificate of good conduct on a date —
 * recorded instead of copies of documents or birth dates.
 */
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import type { Actor } from '../auth/permissions';
import { recordAudit } from '../audit';
import { attestations, volunteerProgrammes } from '../../../../db/schema';
import { VolunteeringError } from './errors';
import { getApplicationForCoordinator } from './applications';

export type AttestationKind = (typeof attestations.$inferSelect)['kind'];

export interface AttestationInput {
  kind: AttestationKind;
  attestedOn: string;
  validUntil: string | null;
  note: string;
}

/** Recorded for the volunteer behind an application, by a coordinator of that application's programme. */
export function recordAttestation(db: Db, actor: Actor, applicationId: number, input: AttestationInput): number {
  return db.transaction((tx) => {
    const found = getApplicationForCoordinator(tx, actor, applicationId);
    if (!found) throw new VolunteeringError('not_found');
    const userId = found.application.userId;
    // Attestations belong to accounts: slots check them when the person signs up.
    if (userId === null) throw new VolunteeringError('no_account');
    const row = tx
      .insert(attestations)
      .values({
        userId,
        kind: input.kind,
        programmeId: found.programme.id,
        attestedOn: input.attestedOn,
        validUntil: input.validUntil,
        note: input.note,
        recordedBy: actor.id,
      })
      .returning({ id: attestations.id })
      .get();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: 'attestation.record',
      entityType: 'attestation',
      entityId: row.id,
      quartierId: found.programme.quartierId,
      details: { kind: input.kind, attestedOn: input.attestedOn, applicationId },
    });
    return row.id;
  });
}

export function listAttestations(
  db: Db,
  userId: number,
): { id: number; kind: AttestationKind; attestedOn: string; validUntil: string | null; programmeName: string | null }[] {
  return db
    .select({
      id: attestations.id,
      kind: attestations.kind,
      attestedOn: attestations.attestedOn,
      validUntil: attestations.validUntil,
      programmeName: volunteerProgrammes.name,
    })
    .from(attestations)
    .leftJoin(volunteerProgrammes, eq(volunteerProgrammes.id, attestations.programmeId))
    .where(eq(attestations.userId, userId))
    .orderBy(desc(attestations.attestedOn))
    .all();
}
