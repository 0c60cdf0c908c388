/**
 * The Quartiersbericht as a PDF for committee papers, drawn on the server with pdfkit (pure JavaScript): A4, the
 * portal's colours, a title block, every section with its figures (value and how it was computed) and tables, the
 * page's bar charts from the same geometry, and "Seite X von Y" in the footer. Cells come from `showCell`, so the PDF
 * says exactly what the page and the CSV say, "< 5" included.
 *
 * The font is DejaVu Sans, which the portal's font stack names: unlike the PDF standard fonts (WinAnsi only) it also
 * covers the Turkish, Polish or Cyrillic letters an actor's name or a staff note may contain, and Arabic with its
 * joining forms (init/medi/fina), which fontkit applies when pdfkit lays out a run.
 *
 * In Arabic the page is right to left: every text goes through `drawText`, which lays its lines out with the Unicode
 * Bidirectional Algorithm (`pdf-bidi.ts`) and right-aligns them, and every box is placed through `boxX`, which
 * mirrors it, so the first column of a table, the first figure and the first bar of a chart are on the right. The
 * other languages are drawn by pdfkit as before.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { textDirection, type Translate } from '../../../i18n';
import { layoutBars } from '../../charts';
import { chartValue, showCell } from '../../reports-format';
import { formatLongDate, formatTime } from '../../time';
import { labelText } from './csv';
import { layoutBidiParagraph } from './pdf-bidi';
import type { QuartierReport, ReportFigure, ReportSection, ReportTable } from './report';
import { reportDate, reportPlaceName, reportTitle } from './titles';

/** The values of the custom properties in src/styles/global.css (a PDF cannot read CSS). */
const colour = {
  text: '#1b1b1b',
  muted: '#4a4a4a',
  border: '#8a8f94',
  surface: '#f3f5f7',
  primary: '#00507a',
  onPrimary: '#ffffff',
} as const;

/** Points (1/72 inch). A4 with 2 cm margins; the footer sits in the bottom margin. */
const MARGIN = 56;
const FOOTER_FROM_BOTTOM = 34;
const GAP = 12;
const CELL_PAD_X = 4;
const CELL_PAD_Y = 3;
const CHART_HEIGHT = 150;

const size = { title: 24, kicker: 12, lead: 12, h2: 15, h3: 11.5, body: 10, table: 9, small: 8.5, value: 18 } as const;

let fontFiles: { regular: Buffer; bold: Buffer } | null = null;

/** Read once per process from the dejavu-fonts-ttf package (resolved through node_modules, also from dist/). */
function loadFonts(): { regular: Buffer; bold: Buffer } {
  if (!fontFiles) {
    const require = createRequire(import.meta.url);
    const file = (name: string): Buffer => readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${name}`));
    fontFiles = { regular: file('DejaVuSans.ttf'), bold: file('DejaVuSans-Bold.ttf') };
  }
  return fontFiles;
}

type Doc = PDFKit.PDFDocument;

interface Writer {
  doc: Doc;
  t: Translate;
  locale: string;
  /** Right to left (Arabic): texts through the bidi layout, boxes mirrored. */
  rtl: boolean;
  left: number;
  width: number;
  top: number;
  /** The lowest y content may reach on a page. */
  bottom: number;
}

function use(doc: Doc, font: 'regular' | 'bold', points: number, fill: string = colour.text): Doc {
  return doc.font(font).fontSize(points).fillColor(fill);
}

/**
 * Where a box of `width` that starts at `x` on a left-to-right page starts on this page: mirrored between the margins
 * when the page is right to left. Every position below is written for left to right and placed through this.
 */
function boxX(w: Writer, x: number, width: number): number {
  return w.rtl ? 2 * w.left + w.width - x - width : x;
}

interface TextOptions {
  width: number;
  /** Start is left in left-to-right languages and right in Arabic. */
  align?: 'start' | 'end' | 'center';
  /** Lines beyond this height are left out, the last one shown then ends in "…". */
  height?: number;
  ellipsis?: boolean;
  lineBreak?: boolean;
}

function pdfkitOptions({ width, align, height, ellipsis, lineBreak }: TextOptions): PDFKit.Mixins.TextOptions {
  return {
    width,
    ...(align ? { align: align === 'start' ? 'left' : align === 'end' ? 'right' : 'center' } : {}),
    ...(height !== undefined ? { height } : {}),
    ...(ellipsis !== undefined ? { ellipsis } : {}),
    ...(lineBreak !== undefined ? { lineBreak } : {}),
  };
}

/**
 * Without `features`, pdfkit shapes a text word by word and strings the words together from left to right, so in a
 * right-to-left run the words would stand in reverse order with their spaces on the wrong side. With any `features`
 * (none added: fontkit's defaults, joining forms included, still apply) it hands fontkit the whole run.
 */
const wholeRun = { features: [] };

function bidiLines(w: Writer, text: string, { width, height, lineBreak }: TextOptions): ReturnType<typeof layoutBidiParagraph> {
  const lineHeight = w.doc.currentLineHeight(true);
  const maxLines = lineBreak === false ? 1 : height !== undefined ? Math.max(1, Math.floor(height / lineHeight)) : Infinity;
  return layoutBidiParagraph(text, width, (part) => w.doc.widthOfString(part, wholeRun), { maxLines });
}

/**
 * Draws `text` in the box from `x` (on a left-to-right page) with the current font, and leaves `doc.y` below it as
 * pdfkit does. Right to left, each line's runs are drawn one by one in visual order, the line aligned to the box's
 * right edge (its start).
 */
function drawText(w: Writer, text: string, x: number, y: number, options: TextOptions): void {
  const { doc } = w;
  if (!w.rtl) {
    doc.text(text, x, y, pdfkitOptions(options));
    return;
  }
  const lineHeight = doc.currentLineHeight(true);
  const left = boxX(w, x, options.width);
  const lines = bidiLines(w, text, options);
  lines.forEach((line, i) => {
    const align = options.align ?? 'start';
    const lineLeft = align === 'start' ? left + options.width - line.width : align === 'end' ? left : left + (options.width - line.width) / 2;
    for (const run of line.runs) doc.text(run.text, lineLeft + run.x, y + i * lineHeight, { lineBreak: false, ...wholeRun });
  });
  doc.x = left;
  doc.y = y + lines.length * lineHeight;
}

/** Lam with alef, alef with madda, hamza above or below: the presentation form of their ligature (U+FEF5–U+FEFB). */
const lamAlefForms: Record<number, number> = { 0x0622: 0xfef5, 0x0623: 0xfef7, 0x0625: 0xfef9, 0x0627: 0xfefb };

/**
 * Text extractors (pdf.js, poppler) read a right-to-left line glyph by glyph and turn it round, so a ligature whose
 * text is its two letters, lam then alef, would come out as alef then lam ("الأرقام" as "األرقام") when the PDF is
 * searched, copied or read aloud. Mapped to the ligature's presentation form, which extractors normalise (NFKC) to the
 * same two letters, it reads right. pdfkit keeps the text of each glyph in the font's `unicode` table until the
 * document ends; it has no public way to set it.
 */
function mapLamAlefLigatures(doc: Doc): void {
  const fonts = (doc as unknown as { _fontFamilies: Record<string, { unicode?: number[][] }> })._fontFamilies;
  for (const font of Object.values(fonts)) {
    font.unicode?.forEach((codePoints, gid) => {
      const form = codePoints.length === 2 && codePoints[0] === 0x0644 ? lamAlefForms[codePoints[1]!] : undefined;
      if (form !== undefined) font.unicode![gid] = [form];
    });
  }
}

/** The height `drawText` will take with the current font. */
function textHeight(w: Writer, text: string, width: number): number {
  return w.rtl ? bidiLines(w, text, { width }).length * w.doc.currentLineHeight(true) : w.doc.heightOfString(text, { width });
}

/** Starts a new page unless `height` more points fit on this one. */
function ensureSpace(w: Writer, height: number): void {
  if (w.doc.y + height > w.bottom) {
    w.doc.addPage();
    w.doc.y = w.top;
  }
}

function paragraph(w: Writer, text: string, points: number, fill: string = colour.text, font: 'regular' | 'bold' = 'regular'): void {
  use(w.doc, font, points, fill);
  ensureSpace(w, textHeight(w, text, w.width));
  drawText(w, text, w.left, w.doc.y, { width: w.width });
}

function titleBlock(w: Writer, report: QuartierReport): void {
  const { doc, t, locale } = w;
  const bandHeight = 96;
  doc.rect(0, 0, doc.page.width, bandHeight).fill(colour.primary);
  use(doc, 'regular', size.kicker, colour.onPrimary);
  drawText(w, t('reports.title'), w.left, 28, { width: w.width });
  use(doc, 'bold', size.title, colour.onPrimary);
  drawText(w, reportPlaceName(report, t), w.left, 46, { width: w.width, height: bandHeight - 46, ellipsis: true });
  doc.y = bandHeight + 20;
  paragraph(
    w,
    t('reports.pdf.period', { from: reportDate(report.period.from, locale), to: reportDate(report.period.to, locale) }),
    size.lead,
    colour.text,
    'bold',
  );
  paragraph(
    w,
    t('reports.pdf.generated', { date: formatLongDate(report.generatedAt, locale), time: formatTime(report.generatedAt, locale) }),
    size.body,
    colour.muted,
  );
  doc.moveDown(0.6);
  paragraph(w, t('reports.intro'), size.body);
  doc.moveDown(0.3);
  paragraph(w, t('reports.privacy'), size.body);
  doc.moveDown(0.8);
}

function sectionHeading(w: Writer, section: ReportSection): void {
  const { doc, t } = w;
  const title = t(section.title);
  use(doc, 'bold', size.h2, colour.primary);
  const height = textHeight(w, title, w.width);
  // Keep the heading with what follows it: a heading alone at the foot of a page helps nobody.
  ensureSpace(w, height + 90);
  doc.outline.addItem(title);
  drawText(w, title, w.left, doc.y, { width: w.width });
  const ruleY = doc.y + 2;
  doc
    .moveTo(w.left, ruleY)
    .lineTo(w.left + w.width, ruleY)
    .lineWidth(1)
    .strokeColor(colour.primary)
    .stroke();
  doc.y = ruleY + 8;
}

interface FigureText {
  label: string;
  value: string;
  how: string;
}

function figureHeight(w: Writer, figure: FigureText, innerWidth: number): number {
  const { doc } = w;
  use(doc, 'bold', size.body);
  const label = textHeight(w, figure.label, innerWidth);
  use(doc, 'bold', size.value);
  const value = textHeight(w, figure.value, innerWidth);
  use(doc, 'regular', size.small);
  const how = textHeight(w, figure.how, innerWidth);
  return label + value + how + 4 + 2 * 8;
}

function drawFigure(w: Writer, figure: FigureText, x: number, y: number, boxWidth: number, boxHeight: number): void {
  const { doc } = w;
  const inner = boxWidth - 16;
  doc
    .roundedRect(boxX(w, x, boxWidth), y, boxWidth, boxHeight, 3)
    .lineWidth(0.75)
    .strokeColor(colour.border)
    .stroke();
  use(doc, 'bold', size.body);
  drawText(w, figure.label, x + 8, y + 8, { width: inner });
  use(doc, 'bold', size.value);
  drawText(w, figure.value, x + 8, doc.y + 2, { width: inner });
  use(doc, 'regular', size.small, colour.muted);
  drawText(w, figure.how, x + 8, doc.y + 2, { width: inner });
}

/** The figures two to a row, as boxes like the page's. */
function figures(w: Writer, list: ReportFigure[]): void {
  const { t, locale } = w;
  const boxWidth = (w.width - GAP) / 2;
  const texts = list.map((f) => ({
    label: t(f.label),
    value: showCell(f.value, locale),
    how: `${t('reports.how.label')} ${t(f.how.key, f.how.params)}`,
  }));
  for (let i = 0; i < texts.length; i += 2) {
    const pair = texts.slice(i, i + 2);
    const rowHeight = Math.max(...pair.map((f) => figureHeight(w, f, boxWidth - 16)));
    ensureSpace(w, rowHeight);
    const y = w.doc.y;
    pair.forEach((f, column) => drawFigure(w, f, w.left + column * (boxWidth + GAP), y, boxWidth, rowHeight));
    w.doc.y = y + rowHeight + GAP / 2;
  }
  w.doc.y += GAP / 2;
}

/** The page's bar chart: the same geometry (`layoutBars`), in points; right to left mirrored through `boxX`. */
function barChart(w: Writer, table: ReportTable): void {
  const { doc, t, locale } = w;
  const layout = layoutBars(
    table.rows.map((row) => ({ label: labelText(row.label, t), value: chartValue(row.cells[0]!), shown: showCell(row.cells[0]!, locale) })),
    { width: w.width, height: CHART_HEIGHT },
  );
  const top = doc.y;
  const slot = layout.bars.length > 1 ? layout.bars[1]!.x - layout.bars[0]!.x : layout.width;
  const labelSize = layout.bars.length > 8 ? 7 : size.small;
  doc
    .moveTo(w.left, top + layout.baseline)
    .lineTo(w.left + layout.width, top + layout.baseline)
    .lineWidth(0.75)
    .strokeColor(colour.text)
    .stroke();
  for (const bar of layout.bars) {
    if (bar.height > 0) doc.rect(boxX(w, w.left + bar.x, bar.width), top + bar.y, bar.width, bar.height).fill(colour.primary);
    const slotLeft = w.left + bar.labelX - slot / 2;
    use(doc, 'regular', labelSize);
    drawText(w, bar.shown, slotLeft, top + bar.y - labelSize - 4, { width: slot, align: 'center', lineBreak: false });
    use(doc, 'regular', labelSize);
    drawText(w, bar.label, slotLeft, top + layout.baseline + 4, {
      width: slot,
      align: 'center',
      height: CHART_HEIGHT - layout.baseline - 4,
      ellipsis: true,
    });
  }
  doc.y = top + CHART_HEIGHT + 6;
}

interface Grid {
  widths: number[];
  header: string[];
  headerHeight: number;
}

/**
 * Column widths: each value column as wide as its longest header word or widest value, so that "abgeschlossen" is not
 * broken in two; the row labels get the rest, but never less than a third (then the value columns share the rest).
 */
function tableGrid(w: Writer, table: ReportTable, rows: string[][]): Grid {
  const { doc, t } = w;
  const header = table.columns.map((key) => t(key));
  const natural = header.slice(1).map((text, i) => {
    use(doc, 'bold', size.table);
    const word = Math.max(...text.split(/\s+/).map((part) => doc.widthOfString(part)));
    use(doc, 'regular', size.table);
    const value = Math.max(0, ...rows.map((cells) => doc.widthOfString(cells[i + 1]!)));
    return Math.max(40, word, value) + 2 * CELL_PAD_X + 2;
  });
  const room = (w.width * 2) / 3;
  const total = natural.reduce((sum, n) => sum + n, 0);
  const values = total > room ? natural.map((n) => (n * room) / total) : natural;
  const widths = [w.width - values.reduce((sum, n) => sum + n, 0), ...values];
  use(doc, 'bold', size.table);
  const headerHeight = Math.max(...header.map((text, i) => textHeight(w, text, widths[i]! - 2 * CELL_PAD_X))) + 2 * CELL_PAD_Y;
  return { widths, header, headerHeight };
}

function tableRow(w: Writer, grid: Grid, cells: string[], height: number, header: boolean): void {
  const { doc } = w;
  const y = doc.y;
  if (header) doc.rect(w.left, y, w.width, height).fill(colour.surface);
  use(doc, header ? 'bold' : 'regular', size.table);
  let x = w.left;
  cells.forEach((text, i) => {
    drawText(w, text, x + CELL_PAD_X, y + CELL_PAD_Y, { width: grid.widths[i]! - 2 * CELL_PAD_X, align: i === 0 ? 'start' : 'end' });
    x += grid.widths[i]!;
  });
  doc
    .moveTo(w.left, y + height)
    .lineTo(w.left + w.width, y + height)
    .lineWidth(header ? 0.75 : 0.5)
    .strokeColor(header ? colour.text : colour.border)
    .stroke();
  doc.y = y + height;
}

function rowHeight(w: Writer, grid: Grid, cells: string[]): number {
  use(w.doc, 'regular', size.table);
  return Math.max(...cells.map((text, i) => textHeight(w, text, grid.widths[i]! - 2 * CELL_PAD_X))) + 2 * CELL_PAD_Y;
}

/** Title, chart (if the page draws one), the table with its header repeated on every page it runs onto, and how. */
function reportTable(w: Writer, table: ReportTable): void {
  const { doc, t, locale } = w;
  const title = t(table.title);
  const rows = table.rows.map((row) => [labelText(row.label, t), ...row.cells.map((c) => showCell(c, locale))]);
  const grid = tableGrid(w, table, rows);
  const heights = rows.map((cells) => rowHeight(w, grid, cells));
  const withChart = table.chart === 'bars' && table.rows.length > 0;
  use(doc, 'bold', size.h3);
  const titleHeight = textHeight(w, title, w.width);
  ensureSpace(w, titleHeight + 6 + (withChart ? CHART_HEIGHT + 6 : 0) + grid.headerHeight + (heights[0] ?? 0));
  drawText(w, title, w.left, doc.y, { width: w.width });
  doc.y += 6;
  if (withChart) barChart(w, table);
  tableRow(w, grid, grid.header, grid.headerHeight, true);
  rows.forEach((cells, i) => {
    if (doc.y + heights[i]! > w.bottom) {
      doc.addPage();
      doc.y = w.top;
      tableRow(w, grid, grid.header, grid.headerHeight, true);
    }
    tableRow(w, grid, cells, heights[i]!, false);
  });
  doc.y += 4;
  paragraph(w, `${t('reports.how.label')} ${t(table.how.key, table.how.params)}`, size.small, colour.muted);
  doc.y += GAP;
}

/** "Seite X von Y" on every page, with the report's title; written once all pages exist. */
function footers(w: Writer, title: string): void {
  const { doc, t } = w;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const margins = doc.page.margins;
    // Writing into the bottom margin would otherwise make pdfkit start a new page.
    doc.page.margins = { ...margins, bottom: 0 };
    const y = doc.page.height - FOOTER_FROM_BOTTOM;
    doc
      .moveTo(w.left, y - 6)
      .lineTo(w.left + w.width, y - 6)
      .lineWidth(0.5)
      .strokeColor(colour.border)
      .stroke();
    const pageLabel = t('reports.pdf.page', { page: i + 1 - range.start, pages: range.count });
    use(doc, 'regular', size.small, colour.muted);
    const pageWidth = doc.widthOfString(pageLabel);
    drawText(w, title, w.left, y, { width: w.width - pageWidth - GAP, lineBreak: false, ellipsis: true });
    drawText(w, pageLabel, w.left + w.width - pageWidth, y, { width: pageWidth, lineBreak: false });
    doc.page.margins = margins;
  }
}

/** The whole report as PDF bytes, in the reader's language. */
export async function renderReportPdf(report: QuartierReport, t: Translate, locale: string): Promise<Buffer> {
  const title = reportTitle(report, t, locale);
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    // No default font: pdfkit would otherwise load Helvetica's metrics for every document, never to use them.
    font: '',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: locale === 'de' ? 'de-DE' : locale,
    displayTitle: true,
    info: { Title: title, Subject: t('reports.exports') },
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  const w: Writer = {
    doc,
    t,
    locale,
    rtl: textDirection(locale) === 'rtl',
    left: MARGIN,
    width: doc.page.width - 2 * MARGIN,
    top: MARGIN,
    bottom: doc.page.height - MARGIN,
  };
  titleBlock(w, report);
  for (const section of report.sections) {
    sectionHeading(w, section);
    if (section.figures.length > 0) figures(w, section.figures);
    for (const table of section.tables) reportTable(w, table);
  }
  footers(w, title);
  if (w.rtl) mapLamAlefLigatures(doc);
  doc.end();
  return finished;
}
