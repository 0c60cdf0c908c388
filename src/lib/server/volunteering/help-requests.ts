/**
 * People asking for a companion or a visit (also on someone else's behalf), and the coordinator matching
 * them with volunteers of the same programme.
 */
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db';
import type { Actor } from '../auth/permissions';
import { enqueueMail } from '../mail/outbox';
import { recordAudit } from '../audit';
import type { Locale } from '../../../i18n';
import { helpRequests, quartiere, volunteerApplications, volunteerMatches, type HelpRequest, type VolunteerApplication } from '../../../../db/schema';
import { applicantLocale, CONSENT_VERSION } from './applications';
import { recipientLocale } from '../mail/recipient-locale';
import { VolunteeringError } from './errors';
import { canCoordinateProgramme, getProgrammeById, type ProgrammeView } from './programmes';
import { volunteeringMail } from './mails';
import { overlappingMinutes, parseAvailability, type AvailabilityRange } from './availability';
import { parseLanguages } from './languages';

export type HelpRequestStatus = HelpRequest['status'];

export interface HelpRequestInput {
  programmeId: number;
  requesterName: string;
  requesterPhone: string | null;
  requesterEmail: string | null;
  onBehalfOf: string | null;
  relationship: string | null;
  quartierId: number | null;
  languages: string[];
  availability: AvailabilityRange[];
  message: string;
}

function coordinatorAddress(programme: ProgrammeView): string | null {
  return programme.coordinatorEmail ?? programme.contactEmail ?? null;
}

/** The language to write to whoever asked: their account's when the address has one, else the one of their form. */
function requesterLocale(db: Db, request: Pick<HelpRequest, 'locale'> & { requesterEmail: string }): Locale {
  return recipientLocale(db, { email: request.requesterEmail, recordLocale: request.locale });
}

/** Records a request (no account needed); the coordinator gets a pointer, the requester a receipt if they gave an address. */
export function submitHelpRequest(db: Db, input: HelpRequestInput, options: { baseUrl: string; locale: Locale; now?: Date }): number {
  const now = options.now ?? new Date();
  return db.transaction((tx) => {
    const programme = getProgrammeById(tx, input.programmeId);
    if (!programme) throw new VolunteeringError('programme_not_found');
    if (!programme.active || !programme.acceptsHelpRequests) throw new VolunteeringError('no_help_requests');
    const row = tx
      .insert(helpRequests)
      .values({
        ...input,
        requesterEmail: input.requesterEmail?.toLowerCase() ?? null,
        languages: input.languages.join(','),
        availability: JSON.stringify(input.availability),
        consentAt: now,
        consentVersion: CONSENT_VERSION,
        locale: options.locale,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    const params = { name: input.requesterName, programme: programme.name, link: `${options.baseUrl}/verwaltung/ehrenamt/anfragen/${row.id}` };
    const coordinator = coordinatorAddress(programme);
    if (coordinator) {
      enqueueMail(
        tx,
        volunteeringMail(
          recipientLocale(tx, { email: coordinator }),
          'help-request-notice',
          coordinator,
          { subject: 'volunteering.mail.helpNotice.subject', body: 'volunteering.mail.helpNotice.body' },
          params,
        ),
        now,
      );
    }
    if (row.requesterEmail) {
      enqueueMail(
        tx,
        volunteeringMail(
          requesterLocale(tx, { ...row, requesterEmail: row.requesterEmail }),
          'help-request-received',
          row.requesterEmail,
          {
            subject: 'volunteering.mail.helpReceived.subject',
            body: 'volunteering.mail.helpReceived.body',
          },
          params,
        ),
        now,
      );
    }
    return row.id;
  });
}

export interface HelpRequestListItem extends HelpRequest {
  quartierName: string | null;
}

export function listHelpRequests(db: Db, programmeId: number): HelpRequestListItem[] {
  return db
    .select({ request: helpRequests, quartierName: quartiere.name })
    .from(helpRequests)
    .leftJoin(quartiere, eq(quartiere.id, helpRequests.quartierId))
    .where(and(eq(helpRequests.programmeId, programmeId), isNull(helpRequests.anonymisedAt)))
    .orderBy(desc(helpRequests.createdAt))
    .all()
    .map(({ request, quartierName }) => ({ ...request, quartierName }));
}

/** One request for a coordinator of its programme; null when missing or not theirs to see. */
export function getHelpRequestForCoordinator(db: Db, user: Actor | null, id: number): { request: HelpRequestListItem; programme: ProgrammeView } | null {
  const row = db
    .select({ request: helpRequests, quartierName: quartiere.name })
    .from(helpRequests)
    .leftJoin(quartiere, eq(quartiere.id, helpRequests.quartierId))
    .where(eq(helpRequests.id, id))
    .get();
  if (!row) return null;
  const programme = getProgrammeById(db, row.request.programmeId);
  if (!programme || !canCoordinateProgramme(db, user, programme)) return null;
  return { request: { ...row.request, quartierName: row.quartierName }, programme };
}

export function updateHelpRequest(
  db: Db,
  actor: Actor,
  id: number,
  change: { status: HelpRequestStatus; coordinatorNotes: string },
  now: Date = new Date(),
): HelpRequest {
  return db.transaction((tx) => {
    const found = getHelpRequestForCoordinator(tx, actor, id);
    if (!found) throw new VolunteeringError('not_found');
    const endedAt = change.status === 'beendet' ? (found.request.endedAt ?? now) : null;
    const row = tx
      .update(helpRequests)
      .set({ status: change.status, coordinatorNotes: change.coordinatorNotes, endedAt, updatedAt: now })
      .where(eq(helpRequests.id, id))
      .returning()
      .get()!;
    recordAudit(tx, {
      actorUserId: actor.id,
      action: 'help_request.update',
      entityType: 'help_request',
      entityId: id,
      quartierId: found.programme.quartierId,
      details: { from: found.request.status, to: change.status, notesChanged: found.request.coordinatorNotes !== change.coordinatorNotes },
    });
    return row;
  });
}

export interface MatchSuggestion {
  application: VolunteerApplication;
  sameQuartier: boolean;
  /** The request names a Quartier and the volunteer lives in another one. */
  otherQuartier: boolean;
  /** Requested languages the volunteer speaks (all of theirs when the request names none). */
  sharedLanguages: string[];
  /** Requested languages the volunteer does not speak: what does not fit, shown to the coordinator. */
  missingLanguages: string[];
  volunteerLanguages: string[];
  sharedMinutes: number;
  score: number;
}

/**
 * Volunteers of the same programme who are active (or about to be). The languages the request asks for come
 * first: whoever speaks more of them ranks higher, whatever the Quartier; then shared time and Quartier.
 * Someone without a shared language is left out: a visit needs a conversation.
 */
export function suggestVolunteers(db: Db, request: HelpRequest): MatchSuggestion[] {
  const already = new Set(
    db
      .select({ id: volunteerMatches.applicationId })
      .from(volunteerMatches)
      .where(and(eq(volunteerMatches.helpRequestId, request.id), isNull(volunteerMatches.endedAt)))
      .all()
      .map((r) => r.id),
  );
  const wanted = parseLanguages(request.languages);
  const when = parseAvailability(request.availability);
  return db
    .select()
    .from(volunteerApplications)
    .where(
      and(
        eq(volunteerApplications.programmeId, request.programmeId),
        inArray(volunteerApplications.status, ['aktiv', 'gespraech']),
        isNull(volunteerApplications.anonymisedAt),
      ),
    )
    .all()
    .filter((a) => a.emailConfirmedAt !== null && !already.has(a.id))
    .map((application) => {
      const volunteerLanguages = parseLanguages(application.languages);
      const sharedLanguages = wanted.length === 0 ? volunteerLanguages : wanted.filter((l) => volunteerLanguages.includes(l));
      const missingLanguages = wanted.filter((l) => !volunteerLanguages.includes(l));
      const sharedMinutes = when.length === 0 ? 0 : overlappingMinutes(when, parseAvailability(application.availability));
      const sameQuartier = request.quartierId !== null && application.quartierId === request.quartierId;
      const otherQuartier = request.quartierId !== null && application.quartierId !== request.quartierId;
      const score = (sameQuartier ? 1000 : 0) + Math.min(sharedMinutes, 900) + (application.status === 'aktiv' ? 50 : 0);
      return { application, sameQuartier, otherQuartier, sharedLanguages, missingLanguages, volunteerLanguages, sharedMinutes, score };
    })
    .filter((s) => s.sharedLanguages.length > 0 && (when.length === 0 || s.sharedMinutes > 0))
    .sort((a, b) => a.missingLanguages.length - b.missingLanguages.length || b.score - a.score || a.application.id - b.application.id);
}

/** Who heard of a match and how; what is left for the coordinator follows from it (a call when no mail went out). */
export interface MatchOutcome {
  volunteerName: string;
  volunteerEmail: string;
  /** The address the requester's mail went to; null when they gave only a phone number. */
  requesterEmail: string | null;
  requesterPhone: string | null;
}

/** Records a match and tells both sides by mail; only first names and no addresses go to the other side. */
export function recordMatch(db: Db, actor: Actor, requestId: number, applicationId: number, options: { note: string; now?: Date }): MatchOutcome {
  const now = options.now ?? new Date();
  return db.transaction((tx) => {
    const found = getHelpRequestForCoordinator(tx, actor, requestId);
    if (!found) throw new VolunteeringError('not_found');
    const { request, programme } = found;
    const application = tx.select().from(volunteerApplications).where(eq(volunteerApplications.id, applicationId)).get();
    // A volunteer of another programme cannot be matched here, even by a coordinator of both.
    if (!application || application.programmeId !== request.programmeId || application.anonymisedAt) throw new VolunteeringError('not_found');
    const existing = tx
      .select({ id: volunteerMatches.id })
      .from(volunteerMatches)
      .where(and(eq(volunteerMatches.helpRequestId, requestId), eq(volunteerMatches.applicationId, applicationId)))
      .get();
    if (existing) throw new VolunteeringError('already_matched');
    tx.insert(volunteerMatches).values({ helpRequestId: requestId, applicationId, createdBy: actor.id, note: options.note, createdAt: now }).run();
    tx.update(helpRequests).set({ status: 'vermittelt', updatedAt: now }).where(eq(helpRequests.id, requestId)).run();
    const firstName = application.name.split(/\s+/)[0] ?? application.name;
    const common = { programme: programme.name, note: options.note };
    enqueueMail(
      tx,
      volunteeringMail(
        applicantLocale(tx, application),
        'match-volunteer',
        application.email,
        {
          subject: 'volunteering.mail.matchVolunteer.subject',
          body: 'volunteering.mail.matchVolunteer.body',
        },
        { ...common, name: application.name },
      ),
      now,
    );
    if (request.requesterEmail) {
      enqueueMail(
        tx,
        volunteeringMail(
          requesterLocale(tx, { ...request, requesterEmail: request.requesterEmail }),
          'match-requester',
          request.requesterEmail,
          {
            subject: 'volunteering.mail.matchRequester.subject',
            body: 'volunteering.mail.matchRequester.body',
          },
          { ...common, name: request.requesterName, volunteer: firstName },
        ),
        now,
      );
    }
    recordAudit(tx, {
      actorUserId: actor.id,
      action: 'volunteer_match.create',
      entityType: 'help_request',
      entityId: requestId,
      quartierId: programme.quartierId,
      details: { applicationId },
    });
    return {
      volunteerName: application.name,
      volunteerEmail: application.email,
      requesterEmail: request.requesterEmail,
      requesterPhone: request.requesterPhone,
    };
  });
}

export function listMatchesForRequest(db: Db, requestId: number): { applicationId: number; name: string; email: string; createdAt: Date }[] {
  return db
    .select({
      applicationId: volunteerMatches.applicationId,
      name: volunteerApplications.name,
      email: volunteerApplications.email,
      createdAt: volunteerMatches.createdAt,
    })
    .from(volunteerMatches)
    .innerJoin(volunteerApplications, eq(volunteerApplications.id, volunteerMatches.applicationId))
    .where(and(eq(volunteerMatches.helpRequestId, requestId), isNull(volunteerMatches.endedAt)))
    .all();
}
