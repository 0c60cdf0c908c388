/**
 * The directory as a spreadsheet for the Quartiersentwickler*innen's own lists: semicolon-separated UTF-8 with BOM
 * (what German Excel and LibreOffice open without asking), one row per public offer.
 */
import type { Db } from '../db';
import type { OfferType } from '../../../../db/schema';
import { translate, type Locale, type MessageKey } from '../../../i18n';
import { berlinDate } from '../../time';
import { offerPath } from '../../paths';
import { describeWhen } from './describe';
import { emptyOfferQuery, searchOffers } from './search';

/** A cell as text; formulas are defused (a leading = + - @ would be run by spreadsheet programs). */
export function csvCell(value: string | number | boolean | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function offersCsv(db: Db, options: { baseUrl: string; locale: Locale; quartier: string | null; type: OfferType | null; now?: Date }): string {
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(options.locale, key, params);
  const { items } = searchOffers(db, { ...emptyOfferQuery, quartier: options.quartier, type: options.type }, options.now, { pageSize: 100_000 });
  const header = [
    'csv.quartier',
    'csv.actor',
    'csv.offer',
    'csv.type',
    'csv.when',
    'csv.validFrom',
    'csv.validUntil',
    'csv.where',
    'csv.languages',
    'csv.free',
    'csv.stepFree',
    'csv.checked',
    'csv.outdated',
    'csv.url',
  ].map((k) => t(`offers.${k}` as MessageKey));
  const rows = items.map((item) => [
    item.quartierName,
    item.actorName,
    item.title,
    t(`offers.type.${item.type}` as MessageKey),
    describeWhen(t, item.schedules, item.byAppointment).join('; '),
    item.validFrom,
    item.validUntil,
    [item.placeName, item.address].filter(Boolean).join(', '),
    item.languages.join(', '),
    item.isFree ? t('common.yes') : t('common.no'),
    item.stepFree ? t('common.yes') : t('common.no'),
    berlinDate(item.checkedAt),
    item.outdated ? t('common.yes') : t('common.no'),
    `${options.baseUrl}${offerPath(item)}`,
  ]);
  return '\uFEFF' + [header, ...rows].map((row) => row.map(csvCell).join(';')).join('\r\n') + '\r\n';
}
