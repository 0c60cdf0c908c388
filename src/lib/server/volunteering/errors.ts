/**
 * Broken rules of the volunteering domain. Each code says what kind of refusal it is and which message the
 * person reads (next to the field it concerns, if any), so the Action layer answers them like every other
 * `DomainError` and no page or Action maps codes itself.
 */
import { DomainError, type DomainErrorKind } from '../errors';
import type { MessageKey } from '../../../i18n';

export type VolunteeringErrorCode =
  'programme_not_found' | 'programme_inactive' | 'no_help_requests' | 'slug_taken' | 'not_found' | 'already_matched' | 'no_account' | 'not_allowed';

const refusals: Record<VolunteeringErrorCode, { kind: DomainErrorKind; key: MessageKey; field?: string }> = {
  programme_not_found: { kind: 'not_found', key: 'volunteering.error.programme' },
  programme_inactive: { kind: 'conflict', key: 'volunteering.error.inactive' },
  no_help_requests: { kind: 'conflict', key: 'volunteering.error.inactive' },
  slug_taken: { kind: 'conflict', key: 'volunteering.error.slug', field: 'slug' },
  not_found: { kind: 'not_found', key: 'volunteering.error.notFound' },
  already_matched: { kind: 'conflict', key: 'volunteering.error.alreadyMatched' },
  no_account: { kind: 'conflict', key: 'volunteering.admin.noAccount' },
  not_allowed: { kind: 'forbidden', key: 'volunteering.error.forbidden' },
};

export class VolunteeringError extends DomainError {
  constructor(readonly code: VolunteeringErrorCode) {
    const { kind, key, field } = refusals[code];
    super(kind, field ? { key, field } : { key });
  }
}
