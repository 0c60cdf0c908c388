/**
 * Availability is asked in plain parts of the day ("Dienstag nachmittags"), which older volunteers answer
 * more easily than exact times, and stored as weekday + time ranges so matching can compare ranges.
 */
export const dayParts = {
  morning: { from: '08:00', to: '12:00' },
  afternoon: { from: '12:00', to: '17:00' },
  evening: { from: '17:00', to: '21:00' },
} as const;
export type DayPart = keyof typeof dayParts;
export const dayPartKeys = Object.keys(dayParts) as DayPart[];
export const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;

export interface AvailabilityRange {
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  from: string;
  to: string;
}

/** Form value `<weekday>-<part>` (e.g. `2-afternoon`), as the availability checkboxes send it. */
export function availabilityFromChoices(choices: readonly string[]): AvailabilityRange[] {
  const ranges: AvailabilityRange[] = [];
  for (const choice of new Set(choices)) {
    const [day, part] = choice.split('-');
    const weekday = Number(day);
    if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7 || !(part! in dayParts)) continue;
    ranges.push({ weekday, ...dayParts[part as DayPart] });
  }
  return ranges.sort((a, b) => a.weekday - b.weekday || a.from.localeCompare(b.from));
}

export function isAvailabilityChoice(value: string): boolean {
  return availabilityFromChoices([value]).length === 1;
}

/** The checkbox values that a stored availability corresponds to (for re-filling the form). */
export function choicesFromAvailability(ranges: readonly AvailabilityRange[]): string[] {
  const choices: string[] = [];
  for (const range of ranges) {
    for (const part of dayPartKeys) {
      if (rangesOverlap(range, { weekday: range.weekday, ...dayParts[part] })) choices.push(`${range.weekday}-${part}`);
    }
  }
  return choices;
}

export function parseAvailability(json: string): AvailabilityRange[] {
  try {
    const value: unknown = JSON.parse(json);
    if (!Array.isArray(value)) return [];
    return value.filter(
      (r): r is AvailabilityRange =>
        typeof r === 'object' && r !== null && typeof r.weekday === 'number' && typeof r.from === 'string' && typeof r.to === 'string',
    );
  } catch {
    return [];
  }
}

function rangesOverlap(a: AvailabilityRange, b: AvailabilityRange): boolean {
  // HH:MM strings compare correctly as text.
  return a.weekday === b.weekday && a.from < b.to && b.from < a.to;
}

/** Minutes per week in which both are available; 0 when they never meet. */
export function overlappingMinutes(a: readonly AvailabilityRange[], b: readonly AvailabilityRange[]): number {
  const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  let total = 0;
  for (const x of a) {
    for (const y of b) {
      if (!rangesOverlap(x, y)) continue;
      total += Math.min(minutes(x.to), minutes(y.to)) - Math.max(minutes(x.from), minutes(y.from));
    }
  }
  return total;
}
