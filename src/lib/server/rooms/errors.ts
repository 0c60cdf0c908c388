/**
 * Typed errors of the room-booking domain. The edge (Actions, endpoints) maps each code to a German/English
 * message from the `rooms` catalogue (`rooms.error.<code>`), with the params filled in.
 */

/** A rule a requested time slot breaks. */
export type SlotRuleCode =
  | 'in_past'
  | 'lead_time'
  | 'too_far_ahead'
  | 'too_short'
  | 'too_long'
  | 'outside_hours'
  | 'closure'
  | 'overlap';

/** A rule the request as a whole breaks (no date of a series could fix it). */
export type RequestRuleCode = 'end_before_start' | 'over_capacity' | 'organisation_not_allowed' | 'room_inactive' | 'no_dates';

export type BookingRuleCode = SlotRuleCode | RequestRuleCode;

export interface RuleViolation {
  code: BookingRuleCode;
  params?: Record<string, string | number>;
}

/** A single booking breaks one or more rules; nothing was stored. */
export class BookingRuleError extends Error {
  override name = 'BookingRuleError';
  constructor(readonly violations: RuleViolation[]) {
    super(violations.map((v) => v.code).join(', '));
  }
  get isConflict(): boolean {
    return this.violations.some((v) => v.code === 'overlap');
  }
}

export interface SlotCheck {
  startsAt: Date;
  endsAt: Date;
  violations: RuleViolation[];
}

/** Some dates of a series cannot be booked; nothing was stored. The caller may book only the free ones. */
export class SeriesConflictError extends Error {
  override name = 'SeriesConflictError';
  constructor(
    readonly conflicts: SlotCheck[],
    readonly free: SlotCheck[],
  ) {
    super(`${conflicts.length} of ${conflicts.length + free.length} dates cannot be booked`);
  }
}

export type BookingStateCode = 'not_pending' | 'not_active' | 'cancel_deadline_passed' | 'reason_required' | 'already_offered' | 'not_confirmed';

/** The booking is not in a state that allows the step (e.g. already decided, deadline passed). */
export class BookingStateError extends Error {
  override name = 'BookingStateError';
  constructor(
    readonly code: BookingStateCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
  }
}

/** The user may not do this with this booking or room. */
export class BookingForbiddenError extends Error {
  override name = 'BookingForbiddenError';
}

/** Invalid room settings (e.g. maximum shorter than minimum). */
export class RoomRuleError extends Error {
  override name = 'RoomRuleError';
  constructor(
    readonly field: string,
    readonly code: string,
  ) {
    super(`${field}: ${code}`);
  }
}

/** The room (or booking) does not exist, or is not visible to this user. */
export class RoomNotFoundError extends Error {
  override name = 'RoomNotFoundError';
}
