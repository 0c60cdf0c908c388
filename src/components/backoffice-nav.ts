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
];
