/**
 * Lines of a right-to-left PDF page. pdfkit draws every line from left to right; fontkit, its shaper, joins Arabic
 * letters and lays a run of a right-to-left script out in visual order, but it takes a whole line as one run of one
 * script, so in "الفترة: من 01/01/2026" it would turn the date round as well ("6202/10/10"). Neither does the Unicode
 * Bidirectional Algorithm (UAX #9), which a line mixing Arabic with Latin names, numbers, dates or e-mail addresses
 * needs. bidi-js does: a small dependency-free implementation that passes the Unicode conformance tests (BidiTest,
 * BidiCharacterTest) and is used by three.js' text rendering; it gives the levels, nothing else, so shaping stays
 * with fontkit.
 *
 * This module breaks a paragraph into lines by measured width in logical order, resolves its embedding levels, cuts
 * each line into runs of one level, orders them visually (rule L2) and places them from the left edge of the line,
 * so the caller can draw each run by itself and right-align the line. Pure: the width of a text comes from the
 * caller (pdfkit's `widthOfString` at the current font and size), so a test can measure with anything.
 */
import bidiFactory from 'bidi-js';

const bidi = bidiFactory();

/** Measures a text as it will be drawn (the current font and size). */
export type MeasureText = (text: string) => number;

export interface VisualRun {
  /**
   * What to hand to pdfkit: a right-to-left run that contains Arabic (or Hebrew) letters stays in logical order,
   * since fontkit shapes and reverses it itself; a right-to-left run of neutrals only (") ", "/", "،") is reversed
   * here, because fontkit sees no right-to-left script in it. Mirrored characters ("(" for ")") are swapped in
   * right-to-left runs; the fonts the PDF uses have no `rtlm` feature that would do it.
   */
  text: string;
  rtl: boolean;
  /** From the left end of the line, in the caller's units. */
  x: number;
  width: number;
}

export interface VisualLine {
  /** Left to right, as drawn. */
  runs: VisualRun[];
  width: number;
}

export interface LayoutOptions {
  /** At most this many lines; the last one then ends in "…" (logically, so on its left). */
  maxLines?: number;
  /** The paragraph direction: 'rtl' on an Arabic page, also for a cell that holds only a German name. */
  direction?: 'rtl' | 'ltr';
}

/** Explicit formatting characters and marks: they steer the levels (rule X9 removes them) but are never drawn. */
const BIDI_CONTROL_CLASS = '[\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]';
const BIDI_CONTROLS = new RegExp(BIDI_CONTROL_CLASS, 'g');
const BIDI_CONTROL = new RegExp(`^${BIDI_CONTROL_CLASS}$`);
const isBidiControl = (char: string): boolean => BIDI_CONTROL.test(char);
const ELLIPSIS = '…';
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Lines in logical order, as [start, end) offsets into the paragraph, without their trailing spaces. */
function breakLines(text: string, maxWidth: number, measure: MeasureText): [number, number][] {
  const words = [...text.matchAll(/\S+\s*/g)].map((m) => ({ start: m.index, end: m.index + m[0].length, word: m[0] }));
  const widthOf = (start: number, end: number): number => measure(text.slice(start, end).replace(BIDI_CONTROLS, '').trimEnd());
  const lines: [number, number][] = [];
  let lineStart: number | null = null;
  let lineEnd = 0;
  for (const { start, end } of words) {
    if (lineStart !== null && widthOf(lineStart, end) <= maxWidth) {
      lineEnd = end;
      continue;
    }
    if (lineStart !== null) lines.push([lineStart, lineEnd]);
    // A word wider than the line alone (a long e-mail address in a narrow cell) is broken between letters.
    let from = start;
    while (widthOf(from, end) > maxWidth) {
      let cut = from;
      for (const { index, segment } of graphemes.segment(text.slice(from, end))) {
        const next = from + index + segment.length;
        if (cut > from && widthOf(from, next) > maxWidth) break;
        cut = next;
      }
      if (cut >= end) break;
      lines.push([from, cut]);
      from = cut;
    }
    lineStart = from;
    lineEnd = end;
  }
  if (lineStart !== null) lines.push([lineStart, lineEnd]);
  return lines.map(([start, end]) => [start, start + text.slice(start, end).trimEnd().length]);
}

/** Drops graphemes from the logical end of `line` until it fits with "…" after it. */
function shortenWithEllipsis(line: string, maxWidth: number, measure: MeasureText): string {
  const parts = [...graphemes.segment(line.trimEnd())].map((s) => s.segment);
  while (parts.length > 0 && measure(`${parts.join('').replace(BIDI_CONTROLS, '').trimEnd()}${ELLIPSIS}`) > maxWidth) parts.pop();
  return `${parts.join('').trimEnd()}${ELLIPSIS}`;
}

const isStrongRtl = (char: string): boolean => {
  const type = bidi.getBidiCharTypeName(char);
  return type === 'R' || type === 'AL';
};

/** One line's runs in visual order, placed from its left end. */
function visualLine(text: string, levels: Uint8Array, start: number, end: number, measure: MeasureText): VisualLine {
  const runs: { level: number; chars: string[] }[] = [];
  for (let i = start; i < end; i++) {
    const char = text[i]!;
    if (isBidiControl(char)) continue;
    const level = levels[i]!;
    const shown = level % 2 === 1 ? (bidi.getMirroredCharacter(char) ?? char) : char;
    const last = runs.at(-1);
    if (last && last.level === level) last.chars.push(shown);
    else runs.push({ level, chars: [shown] });
  }
  // Rule L2: from the highest level down to the lowest odd one, reverse every sequence of runs at that level or higher.
  const highest = Math.max(0, ...runs.map((r) => r.level));
  const lowestOdd = Math.min(...runs.map((r) => r.level).filter((l) => l % 2 === 1), highest + 1);
  for (let level = highest; level >= lowestOdd; level--) {
    for (let i = 0; i < runs.length; i++) {
      if (runs[i]!.level < level) continue;
      let j = i;
      while (j + 1 < runs.length && runs[j + 1]!.level >= level) j++;
      runs.splice(i, j - i + 1, ...runs.slice(i, j + 1).reverse());
      i = j;
    }
  }
  let x = 0;
  const placed = runs.map(({ level, chars }) => {
    const rtl = level % 2 === 1;
    const logical = chars.join('');
    const text =
      rtl && !chars.some(isStrongRtl)
        ? [...graphemes.segment(logical)]
            .map((s) => s.segment)
            .reverse()
            .join('')
        : logical;
    const width = measure(text);
    const run = { text, rtl, x, width };
    x += width;
    return run;
  });
  return { runs: placed, width: x };
}

/**
 * A paragraph (which may contain "\n") as lines no wider than `maxWidth`, each with its runs in visual order. Widths
 * come from `measure`, so the caller sets the font and size first.
 */
export function layoutBidiParagraph(
  text: string,
  maxWidth: number,
  measure: MeasureText,
  { maxLines = Infinity, direction = 'rtl' }: LayoutOptions = {},
): VisualLine[] {
  const lines: VisualLine[] = [];
  for (const paragraph of text.split('\n')) {
    if (lines.length >= maxLines) break;
    const ranges = breakLines(paragraph, maxWidth, measure);
    const room = maxLines - lines.length;
    let source = paragraph;
    if (ranges.length > room) {
      // The text that is cut off goes; the levels are resolved again for what is left with its "…".
      const kept = ranges.slice(0, room);
      const [lastStart, lastEnd] = kept.at(-1)!;
      const shortened = shortenWithEllipsis(paragraph.slice(lastStart, lastEnd), maxWidth, measure);
      source = paragraph.slice(0, lastStart) + shortened;
      kept[kept.length - 1] = [lastStart, source.length];
      ranges.splice(0, ranges.length, ...kept);
    }
    if (ranges.length === 0) {
      lines.push({ runs: [], width: 0 });
      continue;
    }
    const { levels } = bidi.getEmbeddingLevels(source, direction);
    for (const [start, end] of ranges) lines.push(visualLine(source, levels, start, end, measure));
  }
  return lines;
}
