/**
 * Readable names for the audit log's filters, in the reader's language: the area of an action code (its first
 * part, `user` of `user.role`) and the kind of entry (`entity_type`) share one vocabulary. A code without a name
 * (one a future change writes before it gets one) is shown as it is stored.
 */
import type { MessageKey, Translate } from '../../i18n';

const kindKeys: Record<string, MessageKey> = {
  actor: 'admin.audit.kind.actor',
  attestation: 'admin.audit.kind.attestation',
  booking: 'admin.audit.kind.booking',
  'calendar-subscription': 'admin.audit.kind.calendar-subscription',
  concern: 'admin.audit.kind.concern',
  concern_category: 'admin.audit.kind.concern_category',
  concern_office: 'admin.audit.kind.concern_office',
  concern_routing: 'admin.audit.kind.concern_routing',
  event: 'admin.audit.kind.event',
  goal: 'admin.audit.kind.goal',
  help_request: 'admin.audit.kind.help_request',
  helper_route: 'admin.audit.kind.helper_route',
  helper_scope: 'admin.audit.kind.helper_scope',
  measure: 'admin.audit.kind.measure',
  offer: 'admin.audit.kind.offer',
  open311_client: 'admin.audit.kind.open311_client',
  organisation: 'admin.audit.kind.organisation',
  place: 'admin.audit.kind.place',
  quartier: 'admin.audit.kind.quartier',
  report: 'admin.audit.kind.report',
  report_highlight: 'admin.audit.kind.report_highlight',
  room: 'admin.audit.kind.room',
  translation: 'admin.audit.kind.translation',
  user: 'admin.audit.kind.user',
  volunteer_application: 'admin.audit.kind.volunteer_application',
  volunteer_match: 'admin.audit.kind.volunteer_match',
  volunteer_programme: 'admin.audit.kind.volunteer_programme',
  // Translations and closure choices record their subject's kind under its short name.
  programme: 'admin.audit.kind.volunteer_programme',
  volunteer_slot: 'admin.audit.kind.volunteer_slot',
  slot: 'admin.audit.kind.volunteer_slot',
};

/** The area of an action code: what the "Bereich" filter chooses (the log matches codes by this start). */
export const auditArea = (code: string): string => code.split('.')[0]!;

/** The options of a filter over these codes, each with its readable name, sorted by that name. */
export function auditKindOptions(codes: Iterable<string>, t: Translate, locale: string): { value: string; label: string }[] {
  const collator = new Intl.Collator(locale);
  return [...new Set(codes)]
    .map((code) => ({ value: code, label: kindKeys[code] ? t(kindKeys[code]) : code }))
    .sort((a, b) => collator.compare(a.label, b.label));
}
