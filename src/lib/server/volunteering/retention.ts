/** How long ended applications and requests are kept before they are anonymised (env VOLUNTEER_RETENTION_MONTHS). */
export function volunteerRetentionMonths(env: Record<string, string | undefined> = process.env): number {
  const raw = env.VOLUNTEER_RETENTION_MONTHS;
  if (raw === undefined || raw === '') return 12;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 120) {
    throw new Error(`VOLUNTEER_RETENTION_MONTHS must be a whole number of months from 1 to 120, not "${raw}".`);
  }
  return Number(raw);
}
