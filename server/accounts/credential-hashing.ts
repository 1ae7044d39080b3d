/**
 * Password hashing and policy behind small interfaces, so the full implementation of
 * server/auth/password* (NIST SP 800-63B-4 rules, breached-password list, bcrypt import) plugs in
 * through server/app.ts without touching the services that use them.
 */
import argon2 from 'argon2';

/** Hashes and verifies passwords. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

/** Decides whether a new password is acceptable; returns the reason when it is not. */
export interface PasswordPolicy {
  check(
    password: string,
    context: { mfaEnabled: boolean; email?: string; name?: string },
  ): Promise<string | null>;
}

/** argon2id with the OWASP parameters of issue 3 (m = 19 MiB, t = 2, p = 1). */
export class Argon2PasswordHasher implements PasswordHasher {
  hash(password: string): Promise<string> {
    return argon2.hash(password.normalize('NFKC'), {
      type: argon2.argon2id,
      memoryCost: 19456,
      timeCost: 2,
      parallelism: 1,
    });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password.normalize('NFKC'));
    } catch {
      return false;
    }
  }
}

export const MAX_PASSWORD_LENGTH = 256;

/** Interim policy: length only (≥ 15 code points, 8 with MFA, ≤ 256), no composition rules. */
export class LengthPasswordPolicy implements PasswordPolicy {
  async check(password: string, context: { mfaEnabled: boolean }): Promise<string | null> {
    const length = [...password.normalize('NFKC')].length;
    const min = context.mfaEnabled ? 8 : 15;
    if (length < min) return `must be at least ${min} characters`;
    if (length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
    return null;
  }
}
