/**
 * One confirmation step for everything that destroys or revokes, over real HTTP against the built server: the page
 * that lists the object only links to the step; the step names the object, says what will happen, and offers
 * "Ja, …" and "Abbrechen" back to where the person came from; a post without the step's confirmation changes
 * nothing and answers with the step again; with it, the action is done.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { createDb, type DbConnection } from '../../db/client';
import {
  concerns,
  contentTranslations,
  eventQuartiere,
  events,
  open311Clients,
  organisationInvitations,
  organisationMembers,
  organisations,
  quartiere,
  users,
} from '../../db/schema';
import { createMember, sessionCookieFor } from '../helpers/auth';
import { get, postAction, type FormFields } from '../helpers/http';
import { startServer, type RunningServer } from '../helpers/server';

/** The page's text without tags, so a sentence split by markup still matches. */
const textOf = (html: string): string => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

interface Step {
  /** Who acts (a demo account). */
  as: string;
  /** The page that lists the object and links to the step (also where "Abbrechen" leads, without its query). */
  listing: string;
  /** The step's address as the listing links to it (a GET form's choice included). */
  step: string;
  /** The step's title: it names the object. */
  title: string;
  /** What the step says will happen. */
  says: string;
  /** The "Ja, …" button. */
  submit: string;
  action: string;
  fields: FormFields;
  /** Where the done action leads, with its notice. */
  done: string;
  /** Whether the action has happened. */
  happened: () => boolean;
}

describe('the confirmation step of destructive and revoking actions', () => {
  let server: RunningServer;
  let db: DbConnection;
  const steps: Record<string, Step> = {};

  beforeAll(async () => {
    server = await startServer();
    db = createDb(server.dbPath);
    const userId = (email: string): number => db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()!.id;
    const kray = db.select().from(quartiere).where(eq(quartiere.slug, 'kray')).get()!;

    // An open invitation of the Bürgerverein Kray, whose admin is verein@example.org.
    const verein = db
      .select()
      .from(organisations)
      .all()
      .find((o) => o.name.startsWith('Bürgerverein Kray'))!;
    const invitation = db
      .insert(organisationInvitations)
      .values({
        organisationId: verein.id,
        email: 'kassierer@example.org',
        role: 'member',
        tokenHash: 'test-hash-kassierer',
        expiresAt: new Date(Date.now() + 7 * 86_400_000),
      })
      .returning()
      .get();
    const own = `/konto/organisationen/${verein.id}`;
    steps.invitation = {
      as: 'verein@example.org',
      listing: own,
      step: `${own}/einladung/${invitation.id}/zurueckziehen?zurueck=${encodeURIComponent(own)}`,
      title: 'Einladung an kassierer@example.org zurückziehen?',
      says: `Der Link in der Einladung zu „${verein.name}“ funktioniert dann nicht mehr.`,
      submit: 'Ja, Einladung zurückziehen',
      action: 'organisations.revokeInvitation',
      fields: { organisationId: String(verein.id), invitationId: String(invitation.id) },
      done: `${own}?hinweis=account.invitationRevoked`,
      happened: () => !db.select().from(organisationInvitations).where(eq(organisationInvitations.id, invitation.id)).get(),
    };

    // A second admin of the Verein, to be made a plain member.
    const second = await createMember(server.dbPath, 'zweite-vorsitzende@example.org', 'ein-langes-passwort-7', 'Zora Zweite');
    db.insert(organisationMembers).values({ organisationId: verein.id, userId: second, role: 'admin' }).run();
    steps.demote = {
      as: 'verein@example.org',
      listing: own,
      step: `${own}/mitglied/${second}/herabstufen?zurueck=${encodeURIComponent(own)}`,
      title: `Zora Zweite in „${verein.name}“ zum Mitglied machen?`,
      says: 'aber keine Mitglieder und Einladungen mehr verwalten.',
      submit: 'Ja, zum Mitglied machen',
      action: 'organisations.setMemberRole',
      fields: { organisationId: String(verein.id), userId: String(second), role: 'member' },
      done: `${own}?hinweis=account.memberRoleChanged`,
      happened: () =>
        db
          .select()
          .from(organisationMembers)
          .where(and(eq(organisationMembers.organisationId, verein.id), eq(organisationMembers.userId, second)))
          .get()?.role === 'member',
    };

    const client = db
      .insert(open311Clients)
      .values({ name: 'Mängelmelder Essen', keyHash: 'test-hash-maengelmelder', createdAt: new Date() })
      .returning()
      .get();
    steps.apiKey = {
      as: 'admin@example.org',
      listing: '/verwaltung/anliegen/schnittstelle',
      step: `/verwaltung/anliegen/schnittstelle/${client.id}/widerrufen`,
      title: 'Schlüssel für „Mängelmelder Essen“ sperren?',
      says: 'kann mit diesem Schlüssel dann keine Anliegen mehr über die Open311-Schnittstelle melden oder abrufen',
      submit: 'Ja, Schlüssel sperren',
      action: 'concerns.revokeApiKey',
      fields: { id: String(client.id) },
      done: '/verwaltung/anliegen/schnittstelle?hinweis=concerns.keyRevoked',
      happened: () => db.select().from(open311Clients).where(eq(open311Clients.id, client.id)).get()!.revokedAt !== null,
    };

    const account = await createMember(server.dbPath, 'sperrkandidat@example.org', 'ein-langes-passwort-8', 'Sven Sperr');
    const accountPage = `/verwaltung/admin/benutzer/${account}`;
    steps.disable = {
      as: 'admin@example.org',
      listing: accountPage,
      step: `${accountPage}/sperren`,
      title: 'Konto von Sven Sperr sperren?',
      says: 'Sven Sperr kann sich dann nicht mehr anmelden',
      submit: 'Ja, Konto sperren',
      action: 'admin.setDisabled',
      fields: { userId: String(account), disabled: 'ja' },
      done: `${accountPage}?hinweis=admin.accountDisabled`,
      happened: () => db.select().from(users).where(eq(users.id, account)).get()!.disabledAt !== null,
    };

    // The role form sends its choice with GET to the step.
    const resident = await createMember(server.dbPath, 'kuenftig-staff@example.org', 'ein-langes-passwort-9', 'Rita Rolle');
    const residentPage = `/verwaltung/admin/benutzer/${resident}`;
    steps.role = {
      as: 'admin@example.org',
      listing: residentPage,
      step: `${residentPage}/rolle?role=staff`,
      title: 'Rolle von Rita Rolle ändern: Quartiersmanagement (Mitarbeitende)?',
      says: 'Rita Rolle hat dann die Rolle „Quartiersmanagement (Mitarbeitende)“ statt „Mitglied“',
      submit: 'Ja, Rolle ändern',
      action: 'admin.setRole',
      fields: { userId: String(resident), role: 'staff' },
      done: `${residentPage}?hinweis=admin.roleSaved`,
      happened: () => db.select().from(users).where(eq(users.id, resident)).get()!.role === 'staff',
    };

    // A Turkish translation of an event in Kray, which kray@example.org looks after.
    const event = db
      .select({ id: events.id, title: events.title })
      .from(events)
      .innerJoin(eventQuartiere, eq(eventQuartiere.eventId, events.id))
      .where(and(eq(eventQuartiere.quartierId, kray.id), eq(events.status, 'published'), isNull(events.rrule)))
      .get()!;
    db.delete(contentTranslations).where(eq(contentTranslations.eventId, event.id)).run();
    db.insert(contentTranslations)
      .values({ subjectKind: 'event', eventId: event.id, locale: 'tr', title: 'Mahalle buluşması', summary: '', updatedBy: userId('kray@example.org') })
      .run();
    const eventPage = `/verwaltung/veranstaltungen/${event.id}`;
    steps.translation = {
      as: 'kray@example.org',
      listing: eventPage,
      step: `/uebersetzungen/veranstaltung/${event.id}/tr/entfernen`,
      title: `Übersetzung (Türkisch) von „${event.title}“ entfernen?`,
      says: 'Der übersetzte Titel „Mahalle buluşması“ und die übersetzte Kurzbeschreibung werden gelöscht.',
      submit: 'Ja, Übersetzung entfernen',
      action: 'translations.remove',
      fields: { kind: 'event', subjectId: String(event.id), locale: 'tr' },
      done: `${eventPage}?hinweis=translations.removed`,
      happened: () =>
        !db
          .select()
          .from(contentTranslations)
          .where(and(eq(contentTranslations.eventId, event.id), eq(contentTranslations.locale, 'tr')))
          .get(),
    };

    // Two open concerns in Kray: the newer is merged into the older. The concern page's form sends the number with GET.
    const [older, newer] = db
      .select()
      .from(concerns)
      .where(and(eq(concerns.quartierId, kray.id), inArray(concerns.status, ['neu', 'in_pruefung'])))
      .orderBy(concerns.id)
      .all();
    const concernPage = `/verwaltung/anliegen/${newer!.id}`;
    steps.merge = {
      as: 'kray@example.org',
      listing: concernPage,
      step: `${concernPage}/zusammenfuehren?target=${older!.id}`,
      title: `mit Anliegen ${older!.id} zusammenführen?`,
      says: `Anliegen ${newer!.id} wird als Dublette von Anliegen ${older!.id}`,
      submit: 'Ja, zusammenführen',
      action: 'concerns.merge',
      fields: { id: String(newer!.id), target: String(older!.id) },
      done: `${concernPage}?hinweis=concerns.merged`,
      happened: () => db.select().from(concerns).where(eq(concerns.id, newer!.id)).get()!.status === 'dublette',
    };
  });
  afterAll(async () => {
    db?.$client.close();
    await server?.stop();
  });

  /** The step's own address without its query: where its form posts. */
  const postPath = (step: Step): string => step.step.split('?')[0]!;
  const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  describe.each(['invitation', 'demote', 'apiKey', 'disable', 'role', 'translation', 'merge'])('%s', (name) => {
    it('links to the step from the page that lists it, and the step names the object and what will happen', async () => {
      const step = steps[name]!;
      const cookie = sessionCookieFor(server.dbPath, step.as);
      const listing = await (await get(server, step.listing, cookie)).text();
      expect(listing).not.toContain(`_action=${step.action}`);
      // A plain link, or a form that sends its choice with GET (the new role, the concern to merge into).
      expect(listing).toContain(step.step.includes('?') && !step.step.includes('zurueck=') ? `action="${postPath(step)}"` : `href="${step.step}"`);
      const response = await get(server, step.step, cookie);
      expect(response.status).toBe(200);
      const html = await response.text();
      const text = textOf(html);
      expect(text).toContain(step.title);
      expect(text).toContain(step.says);
      expect(html).toMatch(new RegExp(`<button type="submit" class="button--danger"[^>]*>${escaped(step.submit)}</button>`));
      expect(html).toMatch(new RegExp(`<a class="button button--secondary" href="${escaped(step.listing)}[^"]*"[^>]*>Abbrechen</a>`));
      expect(html).toMatch(/<input type="hidden" name="confirm" value="ja"/);
      expect(step.happened()).toBe(false);
    });

    it('changes nothing on a post without the confirmation and answers with the step again', async () => {
      const step = steps[name]!;
      const cookie = sessionCookieFor(server.dbPath, step.as);
      const refused = await postAction(server, postPath(step), step.action, step.fields, cookie);
      expect(refused.status).toBe(400);
      const html = await refused.text();
      expect(textOf(html)).toContain('Dieser Schritt muss erst bestätigt werden');
      expect(html).toContain(`>${step.submit}</button>`);
      expect(step.happened()).toBe(false);
    });

    it('does it with the confirmation', async () => {
      const step = steps[name]!;
      const cookie = sessionCookieFor(server.dbPath, step.as);
      const done = await postAction(server, postPath(step), step.action, { ...step.fields, confirm: 'ja' }, cookie);
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toBe(step.done);
      expect(step.happened()).toBe(true);
    });
  });
});
