import { DomainError } from '../../lib/server/errors';

/**
 * Runs a domain read that refuses another Quartier's object with a 'forbidden' DomainError, for pages that render
 * the 403 page instead: 'forbidden', else the read's own answer (null = not found).
 */
export function readGuarded<T>(read: () => T | null): T | null | 'forbidden' {
  try {
    return read();
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'forbidden') return 'forbidden';
    throw error;
  }
}
