/**
 * Typed errors of the room-booking domain. Each is a `DomainError` carrying `Problem`s (a key of the `rooms`
 * catalogue with its params, and the form field it is about), so the Action layer answers them all with the one
 * mapper; the typed details stay on the error for callers that need more (e.g. the dates of a series).
 */
import { DomainError, ForbiddenError, NotFoundError, problem, type Problem } from '../errors';

/** A rule a requested time slot breaks. */
export type SlotRuleCode = 'in_past' | 'lead_time' | 'too_far_ahead' | 'too_short' | 'too_long' | 'outside_hours' | 'place_closed' | 'closure' | 'overlap';

/** A rule the request as a whole breaks (no date of a series could fix it). */
export type RequestRuleCode = 'end_before_start' | 'over_capacity' | 'organisation_not_allowed' | 'room_inactive' | 'no_dates';

export type BookingRuleCode = SlotRuleCode | RequestRuleCode;

export interface RuleViolation {
  code: BookingRuleCode;
  params?: Record<string, string | number>;
}

/**
 * The field of the request form each rule is about, so the message stands next to it. A clash with another
 * booking, and rules about the room or the organisation, concern the whole request.
 */
const RULE_FIELD: Partial<Record<BookingRuleCode, string>> = {
  in_past: 'date',
  lead_time: 'date',
  too_far_ahead: 'date',
  closure: 'date',
  place_closed: 'date',
  no_dates: 'date',
  outside_hours: 'from',
  too_short: 'to',
  too_long: 'to',
  end_before_start: 'to',
  over_capacity: 'expectedAttendees',
};

/** The problem a person reads for a broken rule. */
export function violationProblem(violation: RuleViolation): Problem {
  const field = RULE_FIELD[violation.code];
  return problem(`rooms.error.${violation.code}`, { ...(field ? { field } : {}), ...(violation.params ? { params: violation.params } : {}) });
}

/** A single booking breaks one or more rules (every one it breaks is listed); nothing was stored. */
export class BookingRuleError extends DomainError {
  constructor(readonly violations: RuleViolation[]) {
    super(violations.some((v) => v.code === 'overlap') ? 'conflict' : 'invalid', violations.map(violationProblem));
  }

  get isConflict(): boolean {
    return this.kind === 'conflict';
  }
}

export interface SlotCheck {
  startsAt: Date;
  endsAt: Date;
  violations: RuleViolation[];
}

/** Some dates of a series cannot be booked; nothing was stored. The caller may book only the free ones. */
export class SeriesConflictError extends DomainError {
  constructor(
    readonly conflicts: SlotCheck[],
    readonly free: SlotCheck[],
  ) {
    super(
      'conflict',
      free.length === 0
        ? problem('rooms.error.seriesNoneFree')
        : problem('rooms.error.seriesConflict', { params: { conflicts: conflicts.length, total: conflicts.length + free.length } }),
    );
  }
}

export type BookingStateCode = 'not_pending' | 'not_active' | 'cancel_deadline_passed' | 'reason_required' | 'already_offered' | 'not_confirmed';

/** The booking is not in a state that allows the step (e.g. already decided, deadline passed). */
export class BookingStateError extends DomainError {
  constructor(
    readonly code: BookingStateCode,
    readonly params: Record<string, string | number> = {},
  ) {
    // A missing reason is the person's to fix in the reason field; the other states are facts about the booking.
    super(
      code === 'reason_required' ? 'invalid' : 'conflict',
      problem(`rooms.error.${code}`, { ...(code === 'reason_required' ? { field: 'reason' } : {}), params }),
    );
  }
}

/** The user may not do this with this booking or room. */
export class BookingForbiddenError extends ForbiddenError {}

export type RoomRuleCode = 'max_below_min' | 'max_too_long' | 'hours_pair' | 'hours_required' | 'alt_required' | 'unknown_organisation' | 'end_before_start';

export interface RoomRuleViolation {
  /** The field of the room settings (or closure) form. */
  field: string;
  code: RoomRuleCode;
}

/** Invalid room settings (e.g. maximum shorter than minimum); every broken rule is listed. */
export class RoomRuleError extends DomainError {
  constructor(readonly violations: RoomRuleViolation[]) {
    super(
      'invalid',
      violations.map((v) => problem(`rooms.settings.error.${v.code}`, { field: v.field })),
    );
  }
}

/** The room (or booking) does not exist, or is not visible to this user. */
export class RoomNotFoundError extends NotFoundError {
  constructor() {
    super('rooms.error.notFound');
  }
}
