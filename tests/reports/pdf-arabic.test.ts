/**
 * The Quartiersbericht PDF in Arabic, on the demo city (a real SQLite file) plus a goal whose title mixes Arabic with a
 * German name, a year and an e-mail address: read back with pdf.js (unpdf), independent of pdfkit, the Arabic text is
 * there in reading order, the Latin parts and numbers are not turned round, every line ends at the right margin and
 * the tables start on the right. pdf.js joins the runs of one line into one item and gives it in logical order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDocumentProxy } from 'unpdf';
import type { DbConnection } from '../../db/client';
import * as s from '../../db/schema';
import { demoDb } from '../helpers/db';
import { translator, type MessageKey } from '../../src/i18n';
import { computeReport } from '../../src/lib/server/reports/report';
import { presetPeriod } from '../../src/lib/server/reports/period';
import { goalsReportSection } from '../../src/lib/server/goals/report';
import { renderReportPdf } from '../../src/lib/server/reports/pdf';

interface Item {
  page: number;
  text: string;
  left: number;
  right: number;
  baseline: number;
}

const now = new Date('2026-11-20T10:00:00Z');
const t = translator('ar');
/** A4 is 595.28 points wide; the PDF keeps 56 points on each side. */
const rightMargin = 595.28 - 56;
const leftMargin = 56;
const goalTitle = 'حديقة الحي مع Bürgerverein Kray حتى 2027، للتواصل: garten@kray.example';
/** Shaped Arabic may be extracted as presentation forms (U+FB50–U+FEFF); NFKC maps them back to the letters. */
const plain = (text: string): string => text.normalize('NFKC').replace(/\s+/g, ' ').trim();

describe('Quartiersbericht PDF in Arabic', () => {
  let db: DbConnection;
  let items: Item[];

  beforeAll(async () => {
    ({ db } = await demoDb(now));
    const kray = db.select().from(s.quartiere).where(eq(s.quartiere.slug, 'kray')).get()!;
    db.insert(s.goals)
      .values({ quartierId: kray.id, title: goalTitle, createdAt: new Date('2026-06-01T10:00:00Z') })
      .run();
    const report = computeReport(db, kray, presetPeriod('jahr', now), now, [goalsReportSection]);
    const pdf = await getDocumentProxy(new Uint8Array(await renderReportPdf(report, t, 'ar')));
    items = [];
    for (let page = 1; page <= pdf.numPages; page++) {
      const content = await (await pdf.getPage(page)).getTextContent();
      for (const item of content.items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        const [, , , , x, y] = item.transform as number[];
        items.push({ page, text: plain(item.str), left: x!, right: x! + item.width, baseline: y! });
      }
    }
  });
  afterAll(() => db?.$client.close());

  const find = (text: string): Item[] => items.filter((item) => item.text === plain(text));
  const containing = (part: string): Item[] => items.filter((item) => item.text.includes(part));

  it('has the Arabic title, headings and column heads in reading order, each ending at the right margin', () => {
    const headings: MessageKey[] = ['reports.title', 'reports.section.events', 'reports.section.rooms', 'reports.section.goals', 'reports.table.goalMeasures'];
    for (const key of headings) {
      const found = find(t(key));
      expect(found, t(key)).toHaveLength(1);
      expect(found[0]!.right).toBeCloseTo(rightMargin, 1);
      expect(found[0]!.left).toBeGreaterThan(leftMargin + 100);
    }
  });

  it('keeps a German name, a year and an e-mail address left to right inside an Arabic line', () => {
    // The goal's title takes two lines of its cell: Arabic, the name and the year on the first, the address on the second.
    const [first, ...more] = containing('Bürgerverein Kray');
    expect(more).toEqual([]);
    expect(first!.text).toContain('حديقة الحي مع');
    expect(first!.text).toContain('2027');
    const mail = containing('garten@kray.example');
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toContain('للتواصل');
    expect(mail[0]!.baseline).toBeLessThan(first!.baseline);
    expect(items.filter((item) => /elpmaxe|yarK|7202/.test(item.text))).toEqual([]);
    // The period line: Arabic words and the dates of the period.
    const period = containing(plain(t('reports.pdf.period', { from: '', to: '' })).split(' ')[0]!);
    expect(period.length).toBeGreaterThan(0);
    expect(period[0]!.text).toMatch(/2025.*2026|2026.*2025/);
    expect(period[0]!.right).toBeCloseTo(rightMargin, 1);
    // The footer on every page: "الصفحة 1 من 6" with its numbers as written.
    const footers = containing(plain(t('reports.pdf.page', { page: 1, pages: 2 })).split(' ')[0]!);
    const pages = Math.max(...items.map((item) => item.page));
    expect(footers).toHaveLength(pages);
    footers.forEach((footer, i) => expect(footer.text).toBe(plain(t('reports.pdf.page', { page: i + 1, pages }))));
  });

  it('mirrors the tables: the first column on the right, the figures on the left', () => {
    // The goal's row: its title in the first column, each line right-aligned at the right margin (less the cell padding).
    for (const line of [...containing('Bürgerverein Kray'), ...containing('garten@kray.example')]) expect(line.right).toBeCloseTo(rightMargin - 4, 1);
    const [goalHead] = find(t('reports.col.goal'));
    // "الملاحظات في الفترة", the last column's head, takes two lines; its first word is on the left edge.
    const [notesHead] = find(plain(t('reports.col.notes')).split(' ')[0]!);
    expect(goalHead!.right).toBeCloseTo(rightMargin - 4, 1);
    expect(notesHead!.left).toBeCloseTo(leftMargin + 4, 1);
    expect(goalHead!.left).toBeGreaterThan(notesHead!.right);
  });
});
