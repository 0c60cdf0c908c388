import type { ResolvedEventFilter } from '../events/filters';

function joinGerman(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} und ${names.at(-1)}`;
}

/**
 * The German calendar name that says what a subscription contains, e.g.
 * "Quartiersportal: Veranstaltungen in Kray – Fest, Kochen – für Familien". Calendar apps show it in their
 * list of calendars, so it must tell two subscriptions apart.
 */
export function feedName(filter: ResolvedEventFilter, siteName: string): string {
  const parts = [filter.quartiere.length > 0 ? `Veranstaltungen in ${joinGerman(filter.quartiere.map((q) => q.name))}` : 'Alle Veranstaltungen'];
  if (filter.categories.length > 0) parts.push(joinGerman(filter.categories.map((c) => c.name)));
  if (filter.targetGroups.length > 0) parts.push(`für ${joinGerman(filter.targetGroups.map((g) => g.name))}`);
  if (filter.places.length > 0) parts.push(`Ort: ${joinGerman(filter.places.map((p) => p.name))}`);
  if (filter.organisations.length > 0) parts.push(`von ${joinGerman(filter.organisations.map((o) => o.name))}`);
  return `${siteName}: ${parts.join(' – ')}`;
}
