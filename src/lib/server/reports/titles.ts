/**
 * What the page, the CSV and the PDF call a report: its title, its dates and its file names, in one place so that a
 * committee paper and the page it came from say the same.
 */
import type { Translate } from '../../../i18n';
import { localToInstant } from '../../time';
import type { QuartierReport } from './report';

/** A day of the period as people read it ("01.03.2026", "1 Mar 2026"). */
export function reportDate(date: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'Europe/Berlin' }).format(localToInstant(`${date}T12:00`)!);
}

/** The Quartier's name, or the city-wide report's. */
export function reportPlaceName(report: QuartierReport, t: Translate): string {
  return report.quartier?.name ?? t('reports.cityWide');
}

export function reportTitle(report: QuartierReport, t: Translate, locale: string): string {
  return t('reports.titleFor', {
    quartier: reportPlaceName(report, t),
    from: reportDate(report.period.from, locale),
    to: reportDate(report.period.to, locale),
  });
}

/** `quartiersbericht-<quartier>-<from>-<to>[-<table>].<extension>`; the city-wide report is "stadt". */
export function reportFileName(report: QuartierReport, extension: 'csv' | 'pdf', tableId?: string): string {
  const parts = ['quartiersbericht', report.quartier?.slug ?? 'stadt', report.period.from, report.period.to, ...(tableId ? [tableId] : [])];
  return `${parts.join('-')}.${extension}`;
}
