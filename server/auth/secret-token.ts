/**
 * Bearer secrets (access/refresh tokens, authorization codes, API keys): 256 random bits, base64url,
 * with a type prefix so leaked secrets are recognisable by scanners. Only SHA-256 hashes are stored.
 */
import { createHash, randomBytes } from 'node:crypto';

export const SECRET_PREFIX = {
  accessToken: 'bd_at_',
  refreshToken: 'bd_rt_',
  authorizationCode: 'bd_ac_',
  apiKey: 'bd_key_',
} as const;
export type SecretType = keyof typeof SECRET_PREFIX;

/** Hex SHA-256 of a presented secret: the value stored and looked up. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A fresh secret of `type` and its hash. */
export function generateSecret(type: SecretType): { secret: string; hash: string } {
  const secret = SECRET_PREFIX[type] + randomBytes(32).toString('base64url');
  return { secret, hash: hashSecret(secret) };
}
