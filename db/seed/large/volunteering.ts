/** Volunteer programmes, applications, attestations, slots with sign-ups, event registrations and help requests. */
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import * as s from '../../schema';
import { slugify } from '../../../src/lib/slug';
import { chunked, dateOf, type GenerationContext } from './context';
import { QUARTIER_NAMES, FIRST_NAMES, LAST_NAMES, PROGRAMMES } from './names';
import type { GeneratedPlace } from './places';

/** Returns how many sign-ups (slot sign-ups and event registrations) it inserted. */
export function generateVolunteering(
  { db, size, now, int, pick, chance }: GenerationContext,
  ids: { quartierIds: number[]; placeRows: GeneratedPlace[]; memberIds: number[]; staffIds: number[]; registrationOccurrences: number[] },
): number {
  const { quartierIds, placeRows, memberIds, staffIds, registrationOccurrences } = ids;
  const programmeIds: number[] = [];
  const volunteerUsers = memberIds.slice(0, Math.min(size.volunteers, memberIds.length));
  let signupCount = 0;
  db.transaction((t) => {
    const programmeCount = Math.max(3, Math.min(size.quartiere + 3, 20));
    for (let i = 0; i < programmeCount; i++) {
      const name = PROGRAMMES[i % PROGRAMMES.length]!;
      const quartierId = i < 3 ? null : quartierIds[i % quartierIds.length]!;
      const full = quartierId ? `${name} ${QUARTIER_NAMES[(i % size.quartiere) % QUARTIER_NAMES.length]}` : name;
      programmeIds.push(
        t
          .insert(s.volunteerProgrammes)
          .values({
            slug: `${slugify(full)}-${i}`,
            quartierId,
            name: full,
            summary: `${name}: regelmäßig ein paar Stunden für die Nachbarschaft.`,
            description: `Im Programm ${name} begleiten Ehrenamtliche Menschen im Quartier. Wir schulen Sie vorher und bleiben ansprechbar.`,
            forWhom: 'Für alle, die etwas Zeit und Geduld mitbringen.',
            timeCommitment: 'Etwa zwei Stunden pro Woche',
            requiresTraining: i % 2 === 0,
            requiresCertificate: i % 3 === 0,
            acceptsHelpRequests: i % 2 === 0,
            coordinatorUserId: staffIds[i % staffIds.length]!,
            contactEmail: 'ehrenamt@example.org',
          })
          .returning({ id: s.volunteerProgrammes.id })
          .get().id,
      );
    }
    const applications = Array.from({ length: size.volunteers }, (_, i) => {
      const userId = volunteerUsers[i % Math.max(1, volunteerUsers.length)] ?? null;
      const anonymous = userId === null || i >= volunteerUsers.length;
      // Drawn in this order so that the data stays as it was before the dates were added.
      const name = `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`;
      const quartierId = pick(quartierIds);
      const availability = JSON.stringify([{ weekday: int(1, 7), from: '14:00', to: '18:00' }]);
      const languages = chance(0.7) ? 'de' : pick(['de,tr', 'de,ar', 'de,uk']);
      // Consent is given with the application, so it is also the day the application came in.
      const applied = now.minus({ days: int(1, 300) });
      const status = pick(s.applicationStatuses);
      return {
        programmeId: programmeIds[i % programmeIds.length]!,
        userId: anonymous ? null : userId,
        name,
        email: `ehrenamt.${i}@example.org`,
        quartierId,
        availability,
        languages,
        motivation: 'Ich habe Zeit und möchte helfen.',
        consentAt: applied.toJSDate(),
        consentVersion: '2026-01',
        emailConfirmedAt: applied.plus({ minutes: 20 }).toJSDate(),
        status,
        // Those who stopped did so some weeks after they began (derived from the index: no extra draw).
        endedAt: status === 'beendet' ? DateTime.min(applied.plus({ days: 30 + ((i * 53) % 150) }), now).toJSDate() : null,
        createdAt: applied.toJSDate(),
        updatedAt: applied.toJSDate(),
      };
    });
    for (const chunk of chunked(applications)) t.insert(s.volunteerApplications).values(chunk).run();
    const attestations = volunteerUsers
      .filter(() => chance(0.5))
      .map((userId) => ({
        userId,
        kind: 'training' as const,
        programmeId: pick(programmeIds),
        attestedOn: dateOf(now.minus({ days: int(10, 400) })),
        recordedBy: pick(staffIds),
      }));
    for (const chunk of chunked(attestations)) t.insert(s.attestations).values(chunk).run();
    const slotIds: { id: number; needed: number }[] = [];
    for (let i = 0; i < Math.ceil(size.volunteers / 10); i++) {
      const startsAt = now.plus({ days: int(-30, 180) }).set({ hour: pick([9, 14, 17]), minute: 0 });
      const needed = int(2, 8);
      const id = t
        .insert(s.volunteerSlots)
        .values({
          programmeId: pick(programmeIds),
          kind: pick(s.slotKinds),
          title: pick(['Besuchsrunde', 'Helfen beim Stadtteilfest', 'Schulung Erste Hilfe', 'Begleitung zum Arzt']),
          startsAt: startsAt.toJSDate(),
          endsAt: startsAt.plus({ hours: 2 }).toJSDate(),
          placeId: pick(placeRows).id,
          needed,
        })
        .returning({ id: s.volunteerSlots.id })
        .get().id;
      slotIds.push({ id, needed });
    }
    const signups = slotIds.flatMap(({ id, needed }, i) =>
      Array.from({ length: int(0, needed + 2) }, (_, k) => {
        const userId = volunteerUsers[(i * 11 + k) % Math.max(1, volunteerUsers.length)] ?? null;
        return {
          slotId: id,
          userId,
          name: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
          email: `helfer.${i}.${k}@example.org`,
          status: (k < needed ? 'confirmed' : 'waiting') as s.SignupStatus,
          queuedAt: now.minus({ days: 10, minutes: k }).toJSDate(),
        };
      }),
    );
    // Residents registered for events with limited places (Ausflug, Kochaktion).
    const registrations = registrationOccurrences.flatMap((occurrenceId, i) =>
      Array.from({ length: int(1, 6) }, (_, k) => ({
        occurrenceId,
        userId: memberIds[(i * 5 + k) % memberIds.length] ?? null,
        name: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
        email: `anmeldung.${i}.${k}@example.org`,
        places: int(1, 2),
        status: 'confirmed' as s.SignupStatus,
        queuedAt: now.minus({ days: 3, minutes: k }).toJSDate(),
      })),
    );
    for (const chunk of chunked([...signups, ...registrations])) {
      t.insert(s.signups).values(chunk).run();
      signupCount += chunk.length;
    }
    // Help requests over the past year: recent ones still new or being clarified, most older ones matched with an
    // active volunteer of the programme some days later, a few withdrawn. Dates and states come from the index, so the
    // generator draws exactly as many numbers as before they existed.
    const activeByProgramme = new Map<number, number[]>();
    for (const application of t
      .select({ id: s.volunteerApplications.id, programmeId: s.volunteerApplications.programmeId })
      .from(s.volunteerApplications)
      .where(eq(s.volunteerApplications.status, 'aktiv'))
      .orderBy(s.volunteerApplications.id)
      .all()) {
      activeByProgramme.set(application.programmeId, [...(activeByProgramme.get(application.programmeId) ?? []), application.id]);
    }
    for (let i = 0; i < Math.ceil(size.volunteers / 20); i++) {
      const programmeId = pick(programmeIds);
      const asked = now.minus({ days: (i * 37) % 360, hours: (i * 7) % 10 });
      const ageDays = (i * 37) % 360;
      const candidates = activeByProgramme.get(programmeId) ?? [];
      const matchable = ageDays >= 30 && i % 9 !== 0 && candidates.length > 0;
      const status: s.HelpRequest['status'] =
        ageDays < 14 ? 'neu' : !matchable ? (ageDays < 30 ? 'in_klaerung' : 'beendet') : i % 4 === 0 ? 'beendet' : 'vermittelt';
      const matchedAt = asked.plus({ days: 2 + ((i * 11) % 25) });
      const ended = status === 'beendet' ? DateTime.min(matchedAt.plus({ days: 60 }), now) : null;
      const helpRequestId = t
        .insert(s.helpRequests)
        .values({
          programmeId,
          requesterName: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
          requesterPhone: `0201 555 ${String(1000 + i)}`,
          quartierId: pick(quartierIds),
          message: 'Meine Mutter wünscht sich Begleitung zum Einkaufen.',
          consentAt: asked.toJSDate(),
          consentVersion: '2026-01',
          status,
          endedAt: ended?.toJSDate() ?? null,
          createdAt: asked.toJSDate(),
          updatedAt: (ended ?? (matchable ? matchedAt : asked)).toJSDate(),
        })
        .returning({ id: s.helpRequests.id })
        .get().id;
      if (matchable) {
        t.insert(s.volunteerMatches)
          .values({
            helpRequestId,
            applicationId: candidates[i % candidates.length]!,
            createdBy: staffIds[i % staffIds.length] ?? null,
            note: 'Erstes Treffen im Stadtteilbüro vereinbart.',
            endedAt: ended?.toJSDate() ?? null,
            createdAt: matchedAt.toJSDate(),
          })
          .run();
      }
    }
  });
  return signupCount;
}
