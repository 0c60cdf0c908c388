/**
 * The report's PDF on a hand-made report: letters beyond WinAnsi survive (the reason for an embedded font), withheld
 * and empty cells read as on the page, and a long table runs onto further pages with its header and page numbers.
 * Read back with unpdf (pdf.js), independent of pdfkit.
 */
import { describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { translator } from '../../src/i18n';
import type { QuartierReport } from '../../src/lib/server/reports/report';
import { renderReportPdf } from '../../src/lib/server/reports/pdf';

const report: QuartierReport = {
  period: {
    from: '2026-01-01',
    to: '2026-03-31',
    startsAt: new Date('2025-12-31T23:00:00Z'),
    endsAt: new Date('2026-03-31T22:00:00Z'),
    preset: null,
  },
  quartier: null,
  generatedAt: new Date('2026-04-02T08:15:00Z'),
  sections: [
    {
      id: 'ehrenamt',
      title: 'reports.section.volunteering',
      figures: [
        { id: 'active', label: 'reports.figure.activeVolunteers', value: { value: 3, unit: 'people' }, how: { key: 'reports.how.activeVolunteers' } },
        { id: 'open', label: 'reports.figure.helpOpen', value: { value: null, unit: 'days' }, how: { key: 'reports.how.helpOpen' } },
      ],
      tables: [
        {
          id: 'raeume-organisation',
          title: 'reports.table.eventsByCategory',
          columns: ['reports.col.organiserKind', 'reports.col.eventsHeld', 'reports.col.attendance'],
          rows: Array.from({ length: 90 }, (_, i) => ({
            label: { text: i === 0 ? 'Kültür Derneği Şişli – Łódź-Partnerschaft' : `Bürgerverein Nr. ${i + 1}` },
            cells: [
              { value: i + 1, unit: 'count' as const },
              { value: i === 0 ? 2 : 1000 + i, unit: 'people' as const },
            ],
          })),
          how: { key: 'reports.how.eventsHeld', params: { events: 90 } },
          chart: 'bars',
        },
      ],
    },
  ],
};

describe('Quartiersbericht as PDF', () => {
  it('keeps non-WinAnsi letters, "< 5" and "–", and repeats the table header on every page it runs onto', async () => {
    const bytes = await renderReportPdf(report, translator('de'), 'de');
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    const { totalPages, text: pages } = await extractText(pdf, { mergePages: false });
    expect(totalPages).toBeGreaterThanOrEqual(3);
    expect(pages[0]).toContain('Ganze Stadt');
    expect(pages[0]).toContain('Zeitraum: 01.01.2026 bis 31.03.2026');
    expect(pages[0]).toContain('Erstellt am Donnerstag, 2. April 2026 um 10:15 Uhr');
    expect(pages[0]).toMatch(/Aktive Ehrenamtliche\s+< 5\s+So berechnet:/);
    expect(pages[0]).toMatch(/Davon noch offen\s+–\s+So berechnet:/);
    expect(pages.join('\n')).toMatch(/Kültür Derneği Şişli – Łódź-Partnerschaft\s+1\s+< 5/);
    expect(pages.join('\n')).toMatch(/Bürgerverein Nr\. 90\s+90\s+1\.089/);
    pages.forEach((page, i) => {
      expect(page).toContain(`Seite ${i + 1} von ${totalPages}`);
      if (i > 0) expect(page).toMatch(/Art der Organisation\s+Termine\s+Teilnehmende/);
    });
  });
});
