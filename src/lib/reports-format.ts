/**
 * How a report figure is shown, in one place for the page, the charts and the CSV export. Counts of people below five
 * are shown as "< 5" (a small number in a small Quartier can point at a person); zero stays zero.
 */
export type CellUnit = 'count' | 'people' | 'hours' | 'percent' | 'days';

export interface Cell {
  /** null when there is nothing to compute from (an average of no recorded dates). */
  value: number | null;
  unit: CellUnit;
}

export const PRIVACY_THRESHOLD = 5;

/** Whether the exact value may be shown: every figure except a count of people from 1 to 4. */
export function isDisclosed(cell: Cell): boolean {
  return !(cell.unit === 'people' && cell.value !== null && cell.value > 0 && cell.value < PRIVACY_THRESHOLD);
}

/** The value as people read it: "< 5", "–" for nothing to compute, numbers in the reader's locale. */
export function showCell(cell: Cell, locale: string): string {
  if (cell.value === null) return '–';
  if (!isDisclosed(cell)) return `< ${PRIVACY_THRESHOLD}`;
  const digits = cell.unit === 'count' || cell.unit === 'people' ? 0 : 1;
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(cell.value);
  return cell.unit === 'percent' ? `${number} %` : number;
}

/** The value a chart may draw: a withheld count is drawn as nothing (its label says "< 5"). */
export function chartValue(cell: Cell): number {
  return cell.value !== null && isDisclosed(cell) ? cell.value : 0;
}
