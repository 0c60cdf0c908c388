import { createHash } from 'node:crypto';
import { generateSecureRandomString } from '../auth/session';

/**
 * Secrets sent by mail (confirmation and manage links): only their SHA-256 hash is stored, so a leaked
 * database copy cannot be used to cancel someone's place or confirm an application.
 */
export function createSecretToken(): { token: string; hash: string } {
  const token = generateSecureRandomString();
  return { token, hash: hashSecretToken(token) };
}

export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
