/**
 * Checking a user's second factor: a TOTP code (replay-protected by the last accepted time step) or
 * one of their single-use recovery codes. Shared by sign-in and the MFA routes.
 */
import type { SecretCipher } from '../crypto/secret.cipher';
import { secretAad } from '../crypto/secret.cipher';
import { consumeRecoveryCode } from '../auth/totp.recovery-codes';
import { verifyTotpCode } from '../auth/totp.authenticator';
import type { UserRow } from '../db/entities/platform.entities';

/** Where a user's TOTP secret lives, bound into its ciphertext. */
export function mfaSecretAad(tenantId: string, userId: string): string {
  return secretAad({ tenantId, table: 'users', column: 'mfa_secret', recordId: userId });
}

/** A passed check says what to persist: the TOTP step used, or the recovery hashes left. */
export type SecondFactorResult =
  | { ok: true; kind: 'totp'; usedStep: number }
  | { ok: true; kind: 'recovery_code'; remainingHashes: string[] }
  | { ok: false };

export async function checkSecondFactor(input: {
  cipher: SecretCipher;
  user: Pick<UserRow, 'tenantId' | 'id' | 'mfaSecret' | 'mfaRecoveryHashes'>;
  code: string | undefined;
  totpLastStep: number | null;
  now: Date;
  /** Whether recovery codes are accepted (not while confirming an enrolment). */
  allowRecoveryCode?: boolean;
}): Promise<SecondFactorResult> {
  const { user, code } = input;
  if (!code || !user.mfaSecret) return { ok: false };
  if (/^\s*\d{3}\s?\d{3}\s*$/.test(code)) {
    const secret = input.cipher.decrypt(user.mfaSecret, mfaSecretAad(user.tenantId, user.id));
    const result = await verifyTotpCode({ secret, code, lastUsedStep: input.totpLastStep, now: input.now });
    return result.ok ? { ok: true, kind: 'totp', usedStep: result.usedStep } : { ok: false };
  }
  if (input.allowRecoveryCode === false) return { ok: false };
  const consumed = consumeRecoveryCode(code, user.mfaRecoveryHashes ?? []);
  return consumed.ok
    ? { ok: true, kind: 'recovery_code', remainingHashes: consumed.remainingHashes }
    : { ok: false };
}
