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

/** Leichte Sprache and Deutsche Gebärdensprache (BITV 2.0 § 4), linked from the top of every page. */
export const accessibleLinks: (NavItem & { longLabel: MessageKey })[] = [
  { href: '/leichte-sprache', label: 'easy.nav', longLabel: 'easy.homeLink' },
  { href: '/gebaerdensprache', label: 'sign.nav', longLabel: 'sign.homeLink' },
];

/** Whether a link leads to the page at `path` or a page below it (the start page only to itself). */
export function isCurrentPath(path: string, href: string): boolean {
  return href === '/' ? path === '/' : path === href || path.startsWith(href + '/');
}
