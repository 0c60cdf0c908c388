/**
 * The period a report covers, as Berlin calendar dates (both inclusive), and who may read it for which Quartier.
 * Presets name the two periods committees ask for: the last full quarter (the default) and the last twelve full months.
 */
import { DateTime } from 'luxon';
import type { Db } from '../db';
import type { Quartier } from '../../../../db/schema';
import { isAdmin, staffQuartierIds, type Actor } from '../auth/permissions';
import { getQuartierBySlug, listQuartiere } from '../quartiere';
import { DomainError, ForbiddenError, problem, type Problem } from '../errors';
import { berlinZone, isIsoDate } from '../../time';

export const periodPresets = ['quartal', 'jahr'] as const;
export type PeriodPreset = (typeof periodPresets)[number];

export const MAX_PERIOD_YEARS = 5;

export interface ReportPeriod {
  /** First and last day, `YYYY-MM-DD`, Berlin, inclusive. */
  from: string;
  to: string;
  /** The instants that bound it: start of `from`, start of the day after `to` (exclusive). */
  startsAt: Date;
  endsAt: Date;
  preset: PeriodPreset | null;
}

/** What the report form sends (all optional: an empty form gives the default report). */
export interface ReportRequest {
  quartier?: string | null;
  zeitraum?: string | null;
  von?: string | null;
  bis?: string | null;
}

function periodOf(from: DateTime, to: DateTime, preset: PeriodPreset | null): ReportPeriod {
  return {
    from: from.toISODate()!,
    to: to.toISODate()!,
    startsAt: from.startOf('day').toJSDate(),
    endsAt: to.plus({ days: 1 }).startOf('day').toJSDate(),
    preset,
  };
}

export function presetPeriod(preset: PeriodPreset, now: Date): ReportPeriod {
  const today = DateTime.fromJSDate(now).setZone(berlinZone).startOf('day');
  if (preset === 'jahr') {
    const end = today.startOf('month').minus({ days: 1 });
    return periodOf(end.minus({ months: 11 }).startOf('month'), end, preset);
  }
  const start = today.startOf('quarter').minus({ quarters: 1 });
  return periodOf(start, start.endOf('quarter').startOf('day'), preset);
}

/** The period asked for; every problem at once, each naming its field. */
export function resolvePeriod(request: ReportRequest, now: Date): ReportPeriod {
  const from = request.von?.trim() ?? '';
  const to = request.bis?.trim() ?? '';
  if (!from && !to) {
    const preset = periodPresets.find((p) => p === request.zeitraum) ?? 'quartal';
    return presetPeriod(preset, now);
  }
  const problems: Problem[] = [];
  if (!isIsoDate(from)) problems.push(problem('reports.period.error.from', { field: 'von' }));
  if (!isIsoDate(to)) problems.push(problem('reports.period.error.to', { field: 'bis' }));
  if (problems.length > 0) throw new DomainError('invalid', problems);
  const start = DateTime.fromISO(from, { zone: berlinZone });
  const end = DateTime.fromISO(to, { zone: berlinZone });
  if (end < start) throw new DomainError('invalid', problem('reports.period.error.endBeforeStart', { field: 'bis' }));
  if (end > start.plus({ years: MAX_PERIOD_YEARS })) {
    throw new DomainError('invalid', problem('reports.period.error.tooLong', { field: 'bis', params: { years: MAX_PERIOD_YEARS } }));
  }
  return periodOf(start, end, null);
}

/** Quartiere whose report the user may read; `cityWide` says whether the city-wide report is open to them (admins). */
export function reportableQuartiere(db: Db, user: Actor | null | undefined): { quartiere: Quartier[]; cityWide: boolean } {
  const scope = staffQuartierIds(db, user);
  const all = listQuartiere(db);
  return { quartiere: scope === 'all' ? all : all.filter((q) => scope.includes(q.id)), cityWide: isAdmin(user) };
}

/**
 * The Quartier of the report (null = city-wide). An unknown slug is a mistake in the form; a Quartier the user is not
 * responsible for, or the city-wide report for staff, is forbidden. Without a choice staff get their first Quartier.
 */
export function resolveReportQuartier(db: Db, user: Actor | null | undefined, slug: string | null | undefined): Quartier | null {
  const { quartiere, cityWide } = reportableQuartiere(db, user);
  if (!cityWide && quartiere.length === 0) throw new ForbiddenError();
  const wanted = slug?.trim() ?? '';
  if (!wanted) {
    if (cityWide) return null;
    return quartiere[0]!;
  }
  if (wanted === 'stadt') {
    if (!cityWide) throw new ForbiddenError();
    return null;
  }
  const quartier = getQuartierBySlug(db, wanted);
  if (!quartier) throw new DomainError('invalid', problem('reports.period.error.quartier', { field: 'quartier' }));
  if (!quartiere.some((q) => q.id === quartier.id)) throw new ForbiddenError();
  return quartier;
}
