/**
 * The portal is also read right to left (Arabic): the layout sets `dir` on <html>, and the CSS mirrors only if it
 * speaks of start and end, never of left and right. This scans every style sheet and every <style> block of the
 * components and pages and names each physical left/right it finds, with file and line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Finding {
  line: number;
  declaration: string;
}

/** Properties whose left/right values have a logical twin (start/end, inline-start/inline-end). */
const sidedValues = /^(text-align|text-align-last|float|clear|justify-content|justify-items|justify-self|caption-side)$/;
/** Shorthands whose four values run top, right, bottom, left: asymmetric left/right values do not mirror. */
const boxShorthands = /^(margin|padding|inset|border-width|border-style|border-color|scroll-margin|scroll-padding)$/;

/**
 * Physical places must stay physical in a few cases; each needs its reason. Keys are `file: declaration`.
 * (Empty today: everything is written in logical properties.)
 */
const allowed: Record<string, string> = {};

/** The space-separated values of a declaration; `var(--x, 1rem)` stays one. */
function valuesOf(value: string): string[] {
  const words: string[] = [];
  let depth = 0;
  let word = '';
  for (const char of value.trim()) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (/\s/.test(char) && depth === 0) {
      if (word) words.push(word);
      word = '';
    } else word += char;
  }
  if (word) words.push(word);
  return words;
}

function isPhysical(property: string, value: string): boolean {
  if (/(^|-)(left|right)(-|$)/.test(property)) return true; // margin-left, border-right-width, border-top-left-radius, left, right
  const words = valuesOf(value);
  if (sidedValues.test(property)) return words.some((w) => w === 'left' || w === 'right');
  if (/^(background|background-position|background-position-x|object-position|transform-origin)$/.test(property)) {
    return /(^|[\s,])(left|right)([\s,]|$)/.test(value);
  }
  // `margin: 0 1rem 0 0` is right-only; `margin: 0 1rem 0 1rem` is symmetric and mirrors to itself.
  if (boxShorthands.test(property)) return words.length === 4 && words[1] !== words[3];
  // Corners run top-left, top-right, bottom-right, bottom-left (missing ones copy the opposite corner); the
  // shape mirrors to itself only when top-left = top-right and bottom-right = bottom-left.
  if (property === 'border-radius') {
    return value.split('/').some((axis) => {
      const [tl, tr = tl, br = tl, bl = tr] = valuesOf(axis);
      return tl !== tr || br !== bl;
    });
  }
  return false;
}

/** Every declaration of a style sheet that uses a physical left or right. */
function physicalDirections(css: string): Finding[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '));
  const findings: Finding[] = [];
  // A declaration starts after `{`, `;` or `}` and ends before `;` or `}`; a selector (`a:hover {`) ends before `{`.
  const declaration = /(^|[{};])(\s*)(-?[a-z][a-z-]*)\s*:\s*([^;{}]*?)\s*(?=[;}])/g;
  for (const match of text.matchAll(declaration)) {
    const [, , space, property, value] = match as unknown as [string, string, string, string, string];
    if (!isPhysical(property.toLowerCase(), value.toLowerCase())) continue;
    const start = match.index + match[1]!.length + space.length;
    findings.push({ line: text.slice(0, start).split('\n').length, declaration: `${property}: ${value}` });
  }
  return findings;
}

/** The CSS of a file: a style sheet as it is, an .astro file's <style> blocks in place (so line numbers hold). */
function cssOf(path: string, source = readFileSync(path, 'utf8')): string {
  if (path.endsWith('.css')) return source;
  let css = '';
  let last = 0;
  for (const block of source.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)) {
    const bodyStart = block.index + block[0].indexOf('>') + 1;
    css += source.slice(last, bodyStart).replace(/[^\n]/g, ' ') + block[1]!;
    last = bodyStart + block[1]!.length;
  }
  return css;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(css|astro)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

const root = resolve(import.meta.dirname, '..', '..');

describe('logical CSS', () => {
  it.each([
    ['margin-left: 1rem', true],
    ['padding-right: 0', true],
    ['border-left: 4px solid red', true],
    ['border-right-color: red', true],
    ['border-top-left-radius: 4px', true],
    ['left: 0', true],
    ['right: var(--space-2)', true],
    ['text-align: right', true],
    ['float: left', true],
    ['clear: right', true],
    ['background-position: right 0.5rem center', true],
    ['margin: 8px 8px 8px 0', true],
    ['padding: 0 var(--space-2) 0 0', true],
    ['border-radius: 4px 0 0 4px', true],
    ['border-radius: 4px 0', true],
    ['margin-inline-start: 1rem', false],
    ['inset-inline-end: 0', false],
    ['border-inline-start: 4px solid red', false],
    ['border-start-start-radius: 4px', false],
    ['text-align: start', false],
    ['text-align: center', false],
    ['float: inline-start', false],
    ['margin: 0 auto', false],
    ['padding: var(--space-2) var(--space-3)', false],
    ['margin: 0 0 var(--space-4)', false],
    ['margin: 1px 2px 3px 2px', false],
    ['margin: 0 0 var(--space-4, 1.5rem)', false],
    ['padding: 0 var(--space-2, 8px) 0 var(--space-2, 8px)', false],
    ['border-radius: 4px', false],
    ['border-radius: 4px 4px 0 0', false],
    ['border-radius: 50% / 10%', false],
    ['top: 0', false],
    ['content: "right"', false],
  ])('%s is physical: %s', (declaration, physical) => {
    expect(physicalDirections(`.x { color: red; ${declaration}; }`).length > 0).toBe(physical);
  });

  it('finds declarations in nested rules and after selectors with colons, and gives their line', () => {
    const css = '/* margin-left: 0 in a comment */\na:hover {\n  color: red;\n}\n@media print {\n  .x { right: 0 }\n}\n';
    expect(physicalDirections(css)).toEqual([{ line: 6, declaration: 'right: 0' }]);
  });

  it('reads only the <style> blocks of an .astro file, at their lines', () => {
    const source = '---\nconst left = 1;\n---\n<p style="x">left: 0;</p>\n<style is:global>\n  .x {\n    padding-right: 1rem;\n  }\n</style>\n';
    expect(physicalDirections(cssOf('Sample.astro', source))).toEqual([{ line: 7, declaration: 'padding-right: 1rem' }]);
  });

  it('src/styles and every <style> block of src/**/*.astro speak of start and end, not left and right', () => {
    const files = [...filesUnder(join(root, 'src', 'styles')), ...filesUnder(join(root, 'src')).filter((p) => p.endsWith('.astro'))];
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((path) => {
      const file = relative(root, path);
      return physicalDirections(cssOf(path))
        .filter((f) => !(`${file}: ${f.declaration}` in allowed))
        .map((f) => `${file}:${f.line}  ${f.declaration}`);
    });
    expect(found).toEqual([]);
  });
});
