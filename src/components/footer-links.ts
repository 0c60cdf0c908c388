import type { NavItem } from './nav';

/** Footer links; the legal pages are always there, features add theirs (feeds, open data). */
export const footerLinks: NavItem[] = [
  { href: '/impressum', label: 'footer.impressum' },
  { href: '/datenschutz', label: 'footer.privacy' },
  { href: '/barrierefreiheit', label: 'footer.accessibility' },
  { href: '/abonnieren', label: 'footer.feeds' },
  { href: '/abonnieren#offene-daten', label: 'footer.openData' },
  { href: '/einbetten', label: 'footer.embed' },
];
