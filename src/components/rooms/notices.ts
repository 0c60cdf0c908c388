/** The success notice after a decision on a request: one date, or every open date of a series. */
import type { NoticeKey } from '../../lib/notices';

export function decisionNotice(result: { decision: 'confirm' | 'decline'; bookingIds: readonly number[] }): NoticeKey {
  const series = result.bookingIds.length > 1;
  if (result.decision === 'confirm') return series ? 'rooms.notice.seriesApproved' : 'rooms.notice.approved';
  return series ? 'rooms.notice.seriesDeclined' : 'rooms.notice.declined';
}
