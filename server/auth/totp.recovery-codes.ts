import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/** How many recovery codes a user gets at MFA enrolment (or when regenerating). */
export const RECOVERY_CODE_COUNT = 10;

/** Crockford base32 (no i, l, o, u), so codes read aloud or handwritten are unambiguous. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const GROUPS = 4;
const GROUP_LENGTH = 4;

/** Fresh recovery codes: show `codes` to the user once; store only `hashes`. */
export interface RecoveryCodeSet {
  /** `xxxx-xxxx-xxxx-xxxx`, 80 random bits each. */
  codes: string[];
  /** Hex SHA-256 of each code's canonical form, in the same order. */
  hashes: string[];
}

/** Outcome of {@link consumeRecoveryCode}; on success persist `remainingHashes` in place of the old list. */
export type RecoveryCodeResult = { ok: true; remainingHashes: string[] } | { ok: false };

/**
 * Generates recovery codes. 80 random bits per code make an unsalted SHA-256 safe to store: guessing
 * one offline means searching 2^80 candidates, and online guesses are rate limited with sign-in.
 */
export function generateRecoveryCodes(count: number = RECOVERY_CODE_COUNT): RecoveryCodeSet {
  const codes = Array.from({ length: count }, () =>
    Array.from({ length: GROUPS }, () =>
      Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
    ).join('-'),
  );
  return { codes, hashes: codes.map((code) => hashRecoveryCode(code)!) };
}

/**
 * Checks `input` against the stored hashes and, when it matches, returns the list without that hash
 * (each code works once). Input is case-insensitive, ignores spaces and dashes, and reads the
 * look-alikes i/l as 1 and o as 0.
 */
export function consumeRecoveryCode(input: string, storedHashes: readonly string[]): RecoveryCodeResult {
  const candidate = hashRecoveryCode(input);
  if (!candidate) return { ok: false };
  const wanted = Buffer.from(candidate, 'hex');
  let matchIndex = -1;
  // Compare against every hash in constant time so the position of a match is not observable.
  storedHashes.forEach((stored, index) => {
    const bytes = Buffer.from(stored, 'hex');
    if (bytes.length === wanted.length && timingSafeEqual(bytes, wanted) && matchIndex < 0)
      matchIndex = index;
  });
  if (matchIndex < 0) return { ok: false };
  return { ok: true, remainingHashes: storedHashes.filter((_, index) => index !== matchIndex) };
}

/** Hex SHA-256 of the canonical form of a code, or undefined when `code` cannot be a recovery code. */
function hashRecoveryCode(code: string): string | undefined {
  const canonical = code.toLowerCase().replace(/[\s-]/g, '').replace(/[il]/g, '1').replace(/o/g, '0');
  if (
    canonical.length !== GROUPS * GROUP_LENGTH ||
    ![...canonical].every((char) => ALPHABET.includes(char))
  ) {
    return undefined;
  }
  return createHash('sha256').update(`bookdesk-recovery:${canonical}`).digest('hex');
}
