import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DbConnection } from '../../db/client';
import { auditLog, outbox } from '../../db/schema';
import { createEvent, getEvent } from '../../src/lib/server/events/commands';
import { ForbiddenError } from '../../src/lib/server/errors';
import { EventStateError, EventValidationError } from '../../src/lib/server/events/errors';
import {
  canEditProposal,
  canViewProposal,
  listOwnProposals,
  proposeEvent,
  publishWithNotice,
  resubmitProposal,
  returnProposal,
} from '../../src/lib/server/events/proposals';
import { demoDb } from '../helpers/db';
import { idOf, krayEventForm, userByEmail } from './fixtures';

const NOW = new Date('2027-03-01T09:00:00Z');
const mail = { publicUrl: 'https://quartier.example', siteName: 'Quartiersportal' };

describe('event proposals from organisations', () => {
  let db: DbConnection;
  beforeEach(async () => {
    ({ db } = await demoDb(NOW));
  });

  it('accepts a proposal only for an organisation the proposer belongs to', () => {
    const verein = userByEmail(db, 'verein@example.org');
    const own = String(idOf.organisation(db, 'buergerverein-kray'));
    const foreign = String(idOf.organisation(db, 'awo-stadtteilarbeit'));
    expect(() => proposeEvent(db, verein, krayEventForm(db, { organisationId: foreign }), NOW)).toThrow(EventValidationError);
    const proposal = proposeEvent(db, verein, krayEventForm(db, { organisationId: own }), NOW);
    expect([proposal.status, proposal.createdBy]).toEqual(['proposed', verein.id]);
  });

  it('returns a proposal with a reason mailed to the proposer, who resubmits it, and tells them when it is published', () => {
    const verein = userByEmail(db, 'verein@example.org');
    const staff = userByEmail(db, 'kray@example.org');
    const form = krayEventForm(db, { organisationId: String(idOf.organisation(db, 'buergerverein-kray')) });
    const proposal = proposeEvent(db, verein, form, NOW);
    expect(() => returnProposal(db, staff, proposal.id, ' ', mail, NOW)).toThrow(EventValidationError);

    const returned = returnProposal(db, staff, proposal.id, 'Bitte eine Kontaktadresse angeben.', mail, NOW);
    expect([returned.status, returned.statusNote]).toEqual(['draft', 'Bitte eine Kontaktadresse angeben.']);
    const returnMail = db.select().from(outbox).where(eq(outbox.kind, 'proposal-returned')).get()!;
    expect(returnMail.toAddress).toBe('verein@example.org');
    expect(returnMail.textBody).toContain('Bitte eine Kontaktadresse angeben.');
    expect(returnMail.textBody).toContain(`https://quartier.example/veranstaltungen/vorschlagen/${proposal.id}`);
    expect(() => returnProposal(db, staff, proposal.id, 'noch einmal', mail, NOW)).toThrow(EventStateError);

    const resubmitted = resubmitProposal(db, verein, proposal.id, { ...form, contactEmail: 'verein@example.org' }, NOW);
    expect([resubmitted.status, resubmitted.statusNote, resubmitted.contactEmail]).toEqual(['proposed', '', 'verein@example.org']);

    publishWithNotice(db, staff, proposal.id, mail, NOW);
    expect(getEvent(db, proposal.id)!.status).toBe('published');
    expect(db.select().from(outbox).where(eq(outbox.kind, 'proposal-published')).get()?.toAddress).toBe('verein@example.org');
    expect(canEditProposal(db, verein, getEvent(db, proposal.id)!)).toBe(false);
    const actions = db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityId, String(proposal.id)))
      .all()
      .map((r) => r.action);
    expect(actions).toEqual(['event.propose', 'event.proposal.return', 'event.proposal.resubmit', 'event.publish']);
  });

  it('keeps a draft that staff wrote naming an organisation away from its members: not listed, not opened, not resubmitted', () => {
    const staff = userByEmail(db, 'kray@example.org');
    const verein = userByEmail(db, 'verein@example.org');
    const own = String(idOf.organisation(db, 'buergerverein-kray'));
    const draft = createEvent(db, staff, krayEventForm(db, { organisationId: own, title: 'Interner Entwurf' }), false, NOW);
    expect(draft.status).toBe('draft');
    expect(listOwnProposals(db, verein.id).map((p) => p.id)).not.toContain(draft.id);
    expect(canViewProposal(db, verein, draft)).toBe(false);
    expect(canEditProposal(db, verein, draft)).toBe(false);
    expect(() => resubmitProposal(db, verein, draft.id, krayEventForm(db, { organisationId: own, title: 'Übernommen' }), NOW)).toThrow(ForbiddenError);
    expect(getEvent(db, draft.id)).toEqual(draft);

    // Only what the organisation proposed stays open to it: while awaiting review, and again once returned.
    const proposal = proposeEvent(db, verein, krayEventForm(db, { organisationId: own }), NOW);
    expect(canEditProposal(db, verein, proposal)).toBe(true);
    const returned = returnProposal(db, staff, proposal.id, 'Bitte die Uhrzeit ergänzen.', mail, NOW);
    expect([canViewProposal(db, verein, returned), canEditProposal(db, verein, returned)]).toEqual([true, true]);
    expect(listOwnProposals(db, verein.id).map((p) => p.id)).toContain(proposal.id);
  });
});
