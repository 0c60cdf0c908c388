import type { MessageKey } from '../i18n';

export interface NavItem {
  href: string;
  label: MessageKey;
}

/** Main navigation; features add their entry here when their pages exist. */
export const mainNav: NavItem[] = [
  { href: '/', label: 'nav.home' },
  { href: '/veranstaltungen', label: 'nav.events' },
  { href: '/orte', label: 'nav.places' },
  { href: '/angebote', label: 'offers.nav' },
  { href: '/mitmachen', label: 'nav.volunteering' },
  { href: '/raeume', label: 'nav.rooms' },
  { href: '/anliegen', label: 'concerns.nav.public' },
];
