import { and, desc, eq, isNotNull, isNull, ne } from 'drizzle-orm';
import type { Db } from '../db';
import type { Actor } from '../auth/permissions';
import { enqueueMail } from '../mail/outbox';
import { recordAudit } from '../audit';
import { translate, type Locale } from '../../../i18n';
import { recipientLocale } from '../mail/recipient-locale';
import { quartiere, volunteerApplications, volunteerProgrammes, type ApplicationStatus, type User, type VolunteerApplication } from '../../../../db/schema';
import { absoluteUrl } from '../mail/compose';
import { createSecretToken, hashSecretToken } from '../registrations/tokens';
import { VolunteeringError } from './errors';
import { getProgrammeById, canCoordinateProgramme, type ProgrammeView } from './programmes';
import { volunteeringMail } from './mails';
import type { AvailabilityRange } from './availability';

/** Raised when the wording of the consent text changes, so each record says what the person agreed to. */
export const CONSENT_VERSION = '2026-11';

export interface ApplicationInput {
  programmeId: number;
  name: string;
  email: string;
  phone: string | null;
  quartierId: number | null;
  availability: AvailabilityRange[];
  languages: string[];
  motivation: string;
}

export interface SubmitOptions {
  user: Pick<User, 'id' | 'email' | 'emailVerifiedAt'> | null;
  baseUrl: string;
  locale: Locale;
  now?: Date;
}

export type SubmitApplicationResult = { applicationId: number; needsConfirmation: boolean };

function coordinatorAddress(programme: ProgrammeView): string | null {
  return programme.coordinatorEmail ?? programme.contactEmail ?? null;
}

/** The volunteer's thanks and the coordinator's notice, sent once the e-mail address is confirmed. */
function mailConfirmedApplication(db: Db, programme: ProgrammeView, application: VolunteerApplication, baseUrl: string): void {
  const params = { name: application.name, programme: programme.name, contact: coordinatorAddress(programme) ?? '' };
  enqueueMail(
    db,
    volunteeringMail(
      applicantLocale(db, application),
      'volunteer-application-received',
      application.email,
      {
        subject: 'volunteering.mail.applied.subject',
        body: 'volunteering.mail.applied.body',
      },
      params,
    ),
  );
  const coordinator = coordinatorAddress(programme);
  if (coordinator) {
    // Only a pointer to the back office: the applicant's details stay out of mailboxes.
    enqueueMail(
      db,
      volunteeringMail(
        recipientLocale(db, { email: coordinator }),
        'volunteer-application-notice',
        coordinator,
        {
          subject: 'volunteering.mail.notice.subject',
          body: 'volunteering.mail.notice.body',
        },
        { ...params, link: `${baseUrl}/verwaltung/ehrenamt/bewerbungen/${application.id}` },
      ),
    );
  }
}

/**
 * Records an application. Members applying with their verified address are confirmed at once; everybody
 * else gets a link to confirm the address first (double opt-in), and nothing reaches the coordinator before.
 */
export function submitApplication(db: Db, input: ApplicationInput, options: SubmitOptions): SubmitApplicationResult {
  const now = options.now ?? new Date();
  const email = input.email.trim().toLowerCase();
  return db.transaction((tx) => {
    const programme = getProgrammeById(tx, input.programmeId);
    if (!programme) throw new VolunteeringError('programme_not_found');
    if (!programme.active) throw new VolunteeringError('programme_inactive');
    const verifiedMember = !!options.user && options.user.emailVerifiedAt !== null && options.user.email === email;
    const token = verifiedMember ? null : createSecretToken();
    const application = tx
      .insert(volunteerApplications)
      .values({
        programmeId: programme.id,
        userId: options.user?.id ?? null,
        name: input.name,
        email,
        phone: input.phone,
        quartierId: input.quartierId,
        availability: JSON.stringify(input.availability),
        languages: input.languages.join(','),
        motivation: input.motivation,
        consentAt: now,
        consentVersion: CONSENT_VERSION,
        locale: options.locale,
        emailConfirmedAt: verifiedMember ? now : null,
        confirmTokenHash: token?.hash ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    if (token) {
      enqueueMail(
        tx,
        volunteeringMail(
          applicantLocale(tx, application),
          'volunteer-application-confirm',
          email,
          {
            subject: 'volunteering.mail.confirm.subject',
            body: 'volunteering.mail.confirm.body',
          },
          { name: input.name, programme: programme.name, link: `${options.baseUrl}/mitmachen/bestaetigen/${token.token}` },
        ),
        now,
      );
    } else {
      mailConfirmedApplication(tx, programme, application, options.baseUrl);
    }
    return { applicationId: application.id, needsConfirmation: !!token };
  });
}

export type ConfirmResult = { status: 'confirmed' | 'already'; programme: ProgrammeView } | null;

/** The double opt-in link; a second click says "already confirmed" instead of failing. */
export function confirmApplicationEmail(db: Db, token: string, options: { baseUrl: string; now?: Date }): ConfirmResult {
  const now = options.now ?? new Date();
  return db.transaction((tx) => {
    const application = tx
      .select()
      .from(volunteerApplications)
      .where(eq(volunteerApplications.confirmTokenHash, hashSecretToken(token)))
      .get();
    if (!application || application.anonymisedAt) return null;
    const programme = getProgrammeById(tx, application.programmeId);
    if (!programme) return null;
    if (application.emailConfirmedAt) return { status: 'already', programme };
    const updated = tx
      .update(volunteerApplications)
      .set({ emailConfirmedAt: now, updatedAt: now })
      .where(eq(volunteerApplications.id, application.id))
      .returning()
      .get()!;
    mailConfirmedApplication(tx, programme, updated, options.baseUrl);
    return { status: 'confirmed', programme };
  });
}

export interface ApplicationListItem extends VolunteerApplication {
  quartierName: string | null;
}

/** Confirmed applications of a programme, newest first; unconfirmed ones are not the coordinator's business yet. */
export function listApplications(db: Db, programmeId: number, options: { status?: ApplicationStatus } = {}): ApplicationListItem[] {
  const conditions = [
    eq(volunteerApplications.programmeId, programmeId),
    isNotNull(volunteerApplications.emailConfirmedAt),
    isNull(volunteerApplications.anonymisedAt),
  ];
  if (options.status) conditions.push(eq(volunteerApplications.status, options.status));
  return db
    .select({ application: volunteerApplications, quartierName: quartiere.name })
    .from(volunteerApplications)
    .leftJoin(quartiere, eq(quartiere.id, volunteerApplications.quartierId))
    .where(and(...conditions))
    .orderBy(desc(volunteerApplications.createdAt))
    .all()
    .map(({ application, quartierName }) => ({ ...application, quartierName }));
}

/** One application for a coordinator of its programme; null when missing or not theirs to see. */
export function getApplicationForCoordinator(db: Db, user: Actor | null, id: number): { application: ApplicationListItem; programme: ProgrammeView } | null {
  const row = db
    .select({ application: volunteerApplications, quartierName: quartiere.name })
    .from(volunteerApplications)
    .leftJoin(quartiere, eq(quartiere.id, volunteerApplications.quartierId))
    .where(and(eq(volunteerApplications.id, id), isNotNull(volunteerApplications.emailConfirmedAt)))
    .get();
  if (!row) return null;
  const programme = getProgrammeById(db, row.application.programmeId);
  if (!programme || !canCoordinateProgramme(db, user, programme)) return null;
  return { application: { ...row.application, quartierName: row.quartierName }, programme };
}

/** The member's own applications (what a volunteer may see about themselves; no coordinator notes). */
export function listOwnApplications(
  db: Db,
  userId: number,
): { id: number; programmeName: string; programmeSlug: string; status: ApplicationStatus; createdAt: Date }[] {
  return db
    .select({
      id: volunteerApplications.id,
      programmeName: volunteerProgrammes.name,
      programmeSlug: volunteerProgrammes.slug,
      status: volunteerApplications.status,
      createdAt: volunteerApplications.createdAt,
    })
    .from(volunteerApplications)
    .innerJoin(volunteerProgrammes, eq(volunteerProgrammes.id, volunteerApplications.programmeId))
    .where(and(eq(volunteerApplications.userId, userId), isNull(volunteerApplications.anonymisedAt), ne(volunteerApplications.status, 'beendet')))
    .orderBy(desc(volunteerApplications.createdAt))
    .all();
}

/** The language to write to a volunteer in: their account's, else the one of the form they applied with. */
export function applicantLocale(db: Db, application: Pick<VolunteerApplication, 'email' | 'userId' | 'locale'>): Locale {
  return recipientLocale(db, { email: application.email, userId: application.userId, recordLocale: application.locale });
}

/** "Sie sind dabei": what happens next and who their coordinator is, with every way to reach them. */
function mailActivated(db: Db, programme: ProgrammeView, application: VolunteerApplication): void {
  const locale = applicantLocale(db, application);
  const email = coordinatorAddress(programme);
  const reach = [
    email ? translate(locale, 'volunteering.mail.activated.email', { email }) : '',
    programme.contactPhone ? translate(locale, 'volunteering.mail.activated.phone', { phone: programme.contactPhone }) : '',
  ].filter(Boolean);
  enqueueMail(
    db,
    volunteeringMail(
      locale,
      'volunteer-activated',
      application.email,
      { subject: 'volunteering.mail.activated.subject', body: 'volunteering.mail.activated.body' },
      {
        name: application.name,
        programme: programme.name,
        coordinator: programme.coordinatorName ?? translate(locale, 'volunteering.mail.activated.team'),
        reach: reach.join('\n') || translate(locale, 'volunteering.mail.activated.noContact'),
        link: absoluteUrl('/mitmachen/meine-einsaetze'),
      },
    ),
  );
}

/** Status and private notes, by a coordinator of the programme; ending starts the retention clock. */
export function updateApplication(
  db: Db,
  actor: Actor,
  id: number,
  change: { status: ApplicationStatus; coordinatorNotes: string },
  now: Date = new Date(),
): VolunteerApplication {
  return db.transaction((tx) => {
    const found = getApplicationForCoordinator(tx, actor, id);
    if (!found) throw new VolunteeringError('not_found');
    const { application } = found;
    const endedAt = change.status === 'beendet' ? (application.endedAt ?? now) : null;
    const row = tx
      .update(volunteerApplications)
      .set({ status: change.status, coordinatorNotes: change.coordinatorNotes, endedAt, updatedAt: now })
      .where(eq(volunteerApplications.id, id))
      .returning()
      .get()!;
    if (change.status === 'aktiv' && application.status !== 'aktiv') mailActivated(tx, found.programme, row);
    recordAudit(tx, {
      actorUserId: actor.id,
      action: 'volunteer_application.update',
      entityType: 'volunteer_application',
      entityId: id,
      quartierId: found.programme.quartierId,
      // Notes are private and may be sensitive: the log records that they changed, not what they say.
      details: { from: application.status, to: change.status, notesChanged: application.coordinatorNotes !== change.coordinatorNotes },
    });
    return row;
  });
}
