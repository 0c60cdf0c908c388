/**
 * Geometry of the report's bar charts, computed on the server and drawn as plain SVG (no client script). Pure, so a
 * test can check the bars against the numbers; the numbers themselves always stand in a table next to the chart.
 */
export interface BarInput {
  label: string;
  value: number;
  /** The value as the table shows it ("< 5" for a withheld count). */
  shown: string;
}

export interface BarGeometry extends BarInput {
  x: number;
  y: number;
  width: number;
  height: number;
  labelX: number;
}

export interface BarChartLayout {
  width: number;
  height: number;
  /** The baseline's y; labels go below it, values above each bar. */
  baseline: number;
  bars: BarGeometry[];
}

const TOP = 24;
const BOTTOM = 40;
const SIDE = 8;

export interface BarChartOptions {
  width?: number;
  height?: number;
  /**
   * The reading direction of the page. Right to left (Arabic) puts the first item at the right, as the table next to
   * the chart and the months of a year read in that direction.
   */
  direction?: 'ltr' | 'rtl';
}

/** Vertical bars of equal width scaled to the largest value; a zero or withheld value gets no bar. */
export function layoutBars(items: readonly BarInput[], { width = 640, height = 220, direction = 'ltr' }: BarChartOptions = {}): BarChartLayout {
  const baseline = height - BOTTOM;
  const max = Math.max(0, ...items.map((i) => i.value));
  const slot = items.length === 0 ? 0 : (width - 2 * SIDE) / items.length;
  const barWidth = Math.max(2, slot * 0.7);
  const bars = items.map((item, position) => {
    const index = direction === 'rtl' ? items.length - 1 - position : position;
    const barHeight = max === 0 ? 0 : Math.round((((baseline - TOP) * item.value) / max) * 10) / 10;
    const x = Math.round((SIDE + index * slot + (slot - barWidth) / 2) * 10) / 10;
    return { ...item, x, y: baseline - barHeight, width: Math.round(barWidth * 10) / 10, height: barHeight, labelX: Math.round((x + barWidth / 2) * 10) / 10 };
  });
  return { width, height, baseline, bars };
}
