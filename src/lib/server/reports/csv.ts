/**
 * One table of the report as a spreadsheet for committee papers: semicolon-separated UTF-8 with BOM (what German
 * Excel and LibreOffice open without asking), the values exactly as the page shows them ("< 5" included).
 */
import type { Translate } from '../../../i18n';
import { showCell } from '../../reports-format';
import { csvCell } from '../offers/csv';
import type { Label, QuartierReport, ReportTable } from './report';

export function labelText(label: Label, t: Translate): string {
  return 'text' in label ? label.text : t(label.key, label.params);
}

export function findReportTable(report: QuartierReport, id: string): ReportTable | null {
  return report.sections.flatMap((s) => s.tables).find((table) => table.id === id) ?? null;
}

export function reportTableCsv(table: ReportTable, t: Translate, locale: string): string {
  const lines = [table.columns.map((key) => t(key)), ...table.rows.map((row) => [labelText(row.label, t), ...row.cells.map((cell) => showCell(cell, locale))])];
  return '\uFEFF' + lines.map((line) => line.map(csvCell).join(';')).join('\r\n') + '\r\n';
}
