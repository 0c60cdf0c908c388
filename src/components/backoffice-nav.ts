import type { MessageKey } from '../i18n';

export interface BackofficeNavItem {
  href: string;
  label: MessageKey;
  /** Only admins see the entry (the page checks the role itself as well). */
  adminOnly?: boolean;
}

/** Back-office sections; each feature adds its entry when its pages exist. */
export const backofficeNav: BackofficeNavItem[] = [
  { href: '/verwaltung', label: 'bo.nav.dashboard' },
  { href: '/verwaltung/veranstaltungen', label: 'bo.nav.events' },
  { href: '/verwaltung/vorschlaege', label: 'bo.nav.proposals' },
  { href: '/verwaltung/orte', label: 'bo.nav.places' },
  { href: '/verwaltung/ehrenamt', label: 'volunteering.admin.title' },
  { href: '/verwaltung/angebote', label: 'offers.staff.title' },
  { href: '/verwaltung/admin/benutzer', label: 'admin.users.title', adminOnly: true },
  { href: '/verwaltung/admin/quartiere', label: 'admin.quartiere.title', adminOnly: true },
  { href: '/verwaltung/admin/organisationen', label: 'admin.orgs.title', adminOnly: true },
  { href: '/verwaltung/admin/protokoll', label: 'admin.audit.title', adminOnly: true },
  { href: '/verwaltung/admin/postausgang', label: 'admin.outbox.title', adminOnly: true },
  { href: '/verwaltung/raeume', label: 'rooms.admin.nav' },
  { href: '/verwaltung/anliegen', label: 'concerns.staff.title' },
  { href: '/verwaltung/runden', label: 'rounds.staff.title' },
  { href: '/verwaltung/ziele', label: 'goals.nav' },
  { href: '/verwaltung/teilnahme', label: 'reports.nav.attendance' },
  { href: '/verwaltung/bericht', label: 'reports.nav.report' },
];
