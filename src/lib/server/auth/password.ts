import { hash, verify } from '@node-rs/argon2';

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
