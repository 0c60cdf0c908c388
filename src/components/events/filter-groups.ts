/** The checkbox groups of the GET forms that build addresses (subscribe, embed), from the filter options. */
import type { FilterOptions, EventFilter, NamedSlug } from '../../lib/server/events/filters';
import type { Translate } from '../../i18n';
import { categoryLabel, targetGroupLabel } from './labels';

export interface CheckboxGroup {
  name: string;
  legend: string;
  items: { slug: string; name: string }[];
  selected: readonly string[];
}

/** Quartiere, categories, target groups and places; organisations too when given (the embed builder offers them). */
export function filterCheckboxGroups(t: Translate, options: FilterOptions, filter: EventFilter | null, organisations?: NamedSlug[]): CheckboxGroup[] {
  const groups: CheckboxGroup[] = [
    { name: 'quartier', legend: t('subscribe.quartiere'), items: options.quartiere, selected: filter?.quartier ?? [] },
    {
      name: 'kategorie',
      legend: t('subscribe.categories'),
      items: options.categories.map((c) => ({ ...c, name: categoryLabel(t, c) })),
      selected: filter?.kategorie ?? [],
    },
    {
      name: 'zielgruppe',
      legend: t('subscribe.targetGroups'),
      items: options.targetGroups.map((g) => ({ ...g, name: targetGroupLabel(t, g) })),
      selected: filter?.zielgruppe ?? [],
    },
    { name: 'ort', legend: t('subscribe.places'), items: options.places, selected: filter?.ort ?? [] },
  ];
  if (organisations)
    groups.push({ name: 'organisation', legend: t('embed.builder.organisations'), items: organisations, selected: filter?.organisation ?? [] });
  return groups;
}
