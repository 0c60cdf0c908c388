/**
 * One demo account per role, the staff scopes of the two Quartiersmanagement accounts, and three organisations
 * (a Bürgerverein, a Kirchengemeinde, a Wohlfahrtsverband) with their admins and members.
 */
import * as s from '../../schema';
import type { DemoContext, Ids } from './context';

/** The dev-only password of every demo account (documented in the README; never created in production). */
export const DEMO_PASSWORD = 'quartier-demo';

export const demoAccounts = [
  { email: 'admin@example.org', displayName: 'Amira Demir (Koordinationsstelle)', role: 'admin' },
  { email: 'kray@example.org', displayName: 'Jan Kowalski (Quartiersmanagement Kray)', role: 'staff' },
  { email: 'frohnhausen@example.org', displayName: 'Petra Schulte (Quartiersmanagement Frohnhausen)', role: 'staff' },
  { email: 'verein@example.org', displayName: 'Heinz Brückner (Bürgerverein Kray)', role: 'member' },
  { email: 'kirche@example.org', displayName: 'Maria Lange (Kirchengemeinde St. Barbara)', role: 'member' },
  { email: 'bewohnerin@example.org', displayName: 'Olena Koval', role: 'member' },
  { email: 'ehrenamt@example.org', displayName: 'Günter Wiese', role: 'member' },
] as const;

/** Inserts the accounts (all with `passwordHash`, a hash of DEMO_PASSWORD) and organisations; returns their ids by e-mail and by key. */
export function seedAccountsAndOrganisations({ t, nowDate }: DemoContext, q: Ids, passwordHash: string): { u: Ids; o: Ids } {
  const u: Ids = {};
  for (const account of demoAccounts) {
    u[account.email] = t
      .insert(s.users)
      .values({
        email: account.email,
        displayName: account.displayName,
        role: account.role,
        passwordHash,
        emailVerifiedAt: nowDate,
      })
      .returning()
      .get().id;
  }
  t.insert(s.staffScopes).values({ userId: u['kray@example.org']!, quartierId: q['kray']!, title: 'Quartiersmanager' }).run();
  t.insert(s.staffScopes).values({ userId: u['kray@example.org']!, quartierId: q['karnap']!, title: 'Quartiersentwickler' }).run();
  t.insert(s.staffScopes).values({ userId: u['frohnhausen@example.org']!, quartierId: q['frohnhausen']!, title: 'Treffleitung' }).run();

  const o: Ids = {};
  const orgRows = [
    { key: 'bv', slug: 'buergerverein-kray', name: 'Bürgerverein Kray e.V.', kind: 'buergerverein', quartierId: q['kray']!, email: 'verein@example.org' },
    {
      key: 'kirche',
      slug: 'kirchengemeinde-st-barbara',
      name: 'Kath. Kirchengemeinde St. Barbara',
      kind: 'kirchengemeinde',
      quartierId: q['kray']!,
      email: 'kirche@example.org',
    },
    {
      key: 'awo',
      slug: 'awo-stadtteilarbeit',
      name: 'AWO Stadtteilarbeit Frohnhausen',
      kind: 'wohlfahrtsverband',
      quartierId: q['frohnhausen']!,
      email: 'awo@example.org',
    },
  ] as const;
  for (const { key, ...row } of orgRows) o[key] = t.insert(s.organisations).values(row).returning().get().id;
  t.insert(s.organisationMembers).values({ organisationId: o['bv']!, userId: u['verein@example.org']!, role: 'admin' }).run();
  t.insert(s.organisationMembers).values({ organisationId: o['kirche']!, userId: u['kirche@example.org']!, role: 'admin' }).run();
  t.insert(s.organisationMembers).values({ organisationId: o['awo']!, userId: u['kirche@example.org']!, role: 'member' }).run();
  return { u, o };
}
