/** How a domain call refused: its kind and the field and key of every problem, for domain tests to compare. */
import { DomainError } from '../../src/lib/server/errors';

export function problemsOf(run: () => unknown): { kind: string; fields: (string | undefined)[]; keys: string[] } {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return { kind: error.kind, fields: error.problems.map((p) => p.field), keys: error.problems.map((p) => p.key) };
    throw error;
  }
  throw new Error('expected a DomainError');
}
