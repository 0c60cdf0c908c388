/** Users (two admins, two staff per Quartier, the rest members), staff scopes, and organisations with admins and members. */
import * as s from '../../schema';
import { slugify } from '../../../src/lib/slug';
import { chunked, type GenerationContext } from './context';
import { QUARTIER_NAMES, FIRST_NAMES, LAST_NAMES } from './names';

export interface GeneratedPeople {
  userIds: number[];
  staffIds: number[];
  memberIds: number[];
  orgIds: number[];
  /** The admin of each organisation (organisation id → user id), where it has one. */
  orgAdmins: Map<number, number>;
}

export function generatePeople({ db, size, nowDate, pick, chance }: GenerationContext, quartierIds: number[], passwordHash: string): GeneratedPeople {
  const staffCount = Math.max(2, Math.min(size.users, size.quartiere * 2));
  const userRows: s.NewUser[] = [];
  for (let i = 0; i < size.users; i++) {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const role: s.UserRole = i < 2 ? 'admin' : i < 2 + staffCount ? 'staff' : 'member';
    userRows.push({
      email: `${slugify(`${first}.${last}`).replace(/-/g, '.')}.${i}@example.org`,
      displayName: `${first} ${last}`,
      role,
      passwordHash,
      emailVerifiedAt: chance(0.95) ? nowDate : null,
      homeQuartierId: pick(quartierIds),
      locale: chance(0.85) ? 'de' : pick(['en', 'tr', 'ar', 'uk']),
    });
  }
  const userIds: number[] = [];
  db.transaction((t) => {
    for (const chunk of chunked(userRows)) {
      for (const row of t.insert(s.users).values(chunk).returning({ id: s.users.id }).all()) userIds.push(row.id);
    }
    // Every Quartier gets two staff members; staff user i covers Quartier i mod n.
    const scopes = userIds.slice(2, 2 + staffCount).map((userId, i) => ({
      userId,
      quartierId: quartierIds[i % quartierIds.length]!,
      title: i % 2 === 0 ? 'Quartiersmanagement' : 'Treffleitung',
    }));
    for (const chunk of chunked(scopes)) t.insert(s.staffScopes).values(chunk).onConflictDoNothing().run();
  });
  const staffIds = userIds.slice(2, 2 + staffCount);
  const memberIds = userIds.slice(2 + staffCount);

  const orgKinds = s.organisationKinds;
  const orgCount = Math.max(3, size.quartiere * 5);
  const orgIds: number[] = [];
  const orgAdmins = new Map<number, number>();
  db.transaction((t) => {
    for (let i = 0; i < orgCount; i++) {
      const kind = orgKinds[i % orgKinds.length]!;
      const quartierName = QUARTIER_NAMES[(i % size.quartiere) % QUARTIER_NAMES.length]!;
      const label = {
        buergerverein: 'Bürgerverein',
        kirchengemeinde: 'Kirchengemeinde',
        wohlfahrtsverband: 'Stadtteilarbeit der AWO',
        verein: 'Sportverein',
        initiative: 'Nachbarschaftsinitiative',
        other: 'Elterncafé',
      }[kind];
      const name = `${label} ${quartierName} ${i + 1}`;
      const id = t
        .insert(s.organisations)
        .values({ slug: slugify(name), name, kind, quartierId: quartierIds[i % size.quartiere]!, email: `${slugify(name)}@example.org` })
        .returning({ id: s.organisations.id })
        .get().id;
      orgIds.push(id);
    }
    const members: { organisationId: number; userId: number; role: 'admin' | 'member' }[] = [];
    orgIds.forEach((organisationId, i) => {
      const admin = memberIds[i % memberIds.length];
      if (admin === undefined) return;
      orgAdmins.set(organisationId, admin);
      members.push({ organisationId, userId: admin, role: 'admin' });
      for (let k = 1; k <= 4; k++) {
        const userId = memberIds[(i * 7 + k * 13) % memberIds.length]!;
        if (userId !== admin) members.push({ organisationId, userId, role: 'member' });
      }
    });
    for (const chunk of chunked(members)) t.insert(s.organisationMembers).values(chunk).onConflictDoNothing().run();
  });
  return { userIds, staffIds, memberIds, orgIds, orgAdmins };
}
