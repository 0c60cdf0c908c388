/** Broken rules of the volunteering domain; the Actions map them to messages. */
export class VolunteeringError extends Error {
  constructor(
    readonly code:
      | 'programme_not_found'
      | 'programme_inactive'
      | 'no_help_requests'
      | 'slug_taken'
      | 'not_found'
      | 'invalid_status'
      | 'already_matched'
      | 'not_allowed',
    message: string = code,
  ) {
    super(message);
    this.name = 'VolunteeringError';
  }
}
