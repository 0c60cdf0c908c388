/**
 * The right-to-left line layout of the PDF (UAX #9 through bidi-js) on mixed Arabic and Latin lines, measured one unit
 * per character: runs come out in visual order (left to right as drawn), Latin names, numbers, dates and e-mail
 * addresses stay left to right inside the Arabic line, lines break in logical order, and bidi controls are not drawn.
 */
import { describe, expect, it } from 'vitest';
import { layoutBidiParagraph, type VisualLine } from '../../src/lib/server/reports/pdf-bidi';

const perChar = (text: string): number => [...text].length;
const runs = (lines: VisualLine[]): [string, boolean][][] => lines.map((line) => line.runs.map((run) => [run.text, run.rtl]));

describe('right-to-left line layout', () => {
  it.each([
    {
      name: 'an e-mail address between Arabic words',
      text: 'اكتب إلى info@example.org اليوم',
      visual: [
        [' اليوم', true],
        ['info@example.org', false],
        ['اكتب إلى ', true],
      ],
    },
    {
      name: 'numbers: the page of the footer',
      text: 'الصفحة 1 من 12',
      visual: [
        ['12', false],
        [' من ', true],
        ['1', false],
        ['الصفحة ', true],
      ],
    },
    {
      name: 'a German name of two words stays one left-to-right run',
      text: 'مرحبا Bürgerverein Kray في',
      visual: [
        [' في', true],
        ['Bürgerverein Kray', false],
        ['مرحبا ', true],
      ],
    },
    {
      // fontkit reverses a run of Arabic letters by itself, but not one of neutrals only: that one is reversed here.
      name: 'a run of neutrals between a number and a name is reversed',
      text: 'مرحبا 2026: Kray',
      visual: [
        ['Kray', false],
        [' :', true],
        ['2026', false],
        ['مرحبا ', true],
      ],
    },
    {
      name: 'brackets around a year are mirrored in the right-to-left runs',
      text: 'عام (2026) فقط',
      visual: [
        ['( فقط', true],
        ['2026', false],
        ['عام )', true],
      ],
    },
    {
      // The date as Intl formats it for Arabic, with right-to-left marks, inside the isolates the messages put round it.
      name: 'isolates and marks steer the order and are not drawn',
      text: 'الفترة: من \u206801\u200f/03\u200f/2026\u2069',
      visual: [
        ['2026', false],
        ['/', true],
        ['03', false],
        ['/', true],
        ['01', false],
        ['الفترة: من ', true],
      ],
    },
  ])('orders $name visually', ({ text, visual }) => {
    const lines = layoutBidiParagraph(text, 100, perChar);
    expect(runs(lines)).toEqual([visual]);
    // Placed from the left end without gaps, so the caller can right-align the line by its width.
    const [line] = lines;
    line!.runs.forEach((run, i) => expect(run.x).toBe(i === 0 ? 0 : line!.runs[i - 1]!.x + line!.runs[i - 1]!.width));
    expect(line!.width).toBe(line!.runs.reduce((sum, run) => sum + run.width, 0));
  });

  it('breaks lines by width in logical order, the first words on the first line', () => {
    const lines = layoutBidiParagraph('واحد اثنان ثلاثة أربعة 2026 خمسة', 12, perChar);
    expect(runs(lines)).toEqual([
      [['واحد اثنان', true]],
      [['ثلاثة أربعة', true]],
      [
        [' خمسة', true],
        ['2026', false],
      ],
    ]);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(12);
  });

  it('breaks a word longer than the line between letters', () => {
    const lines = layoutBidiParagraph('راسل verein-kray@example.org', 10, perChar);
    expect(lines.map((line) => line.runs.map((run) => run.text).join(''))).toEqual(['راسل', 'verein-kra', 'y@example.', 'org']);
  });

  it('ends the last allowed line in an ellipsis on its left, the logical end', () => {
    const lines = layoutBidiParagraph('واحد اثنان ثلاثة أربعة', 11, perChar, { maxLines: 1 });
    expect(runs(lines)).toEqual([[['واحد اثنان…', true]]]);
    expect(lines[0]!.width).toBeLessThanOrEqual(11);
  });

  it('keeps a left-to-right paragraph in logical order', () => {
    expect(runs(layoutBidiParagraph('Kray 2026 مرحبا', 100, perChar, { direction: 'ltr' }))).toEqual([
      [
        ['Kray 2026 ', false],
        ['مرحبا', true],
      ],
    ]);
  });
});
