import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

/** Argon2id with the OWASP-recommended minimum (m=19 MiB, t=2, p=1), which are @node-rs/argon2's defaults. */
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

export const MIN_PASSWORD_LENGTH = 10;
/** Argon2 handles any length, but a cap keeps a login request from becoming a CPU job. */
export const MAX_PASSWORD_LENGTH = 200;

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'contains_email';

let commonPasswords: Set<string> | undefined;

function isCommonPassword(password: string): boolean {
  // The list from zxcvbn-ts (about 30,000 leaked passwords) is loaded once, on first use.
  commonPasswords ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  const lower = password.toLowerCase();
  // "Passwort123!" is as weak as "passwort": strip trailing digits and symbols before looking it up.
  const stem = lower.replace(/[\d\W_]+$/u, '');
  return commonPasswords.has(lower) || (stem.length >= 4 && commonPasswords.has(stem)) || /^(.)\1+$/u.test(lower);
}

/** Why a new password is not acceptable, or null (NIST SP 800-63B: length and a blocklist, no composition rules). */
export function checkNewPassword(password: string, email?: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (length > MAX_PASSWORD_LENGTH) return 'too_long';
  if (isCommonPassword(password)) return 'common';
  const local = email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && password.toLowerCase().includes(local)) return 'contains_email';
  return null;
}
