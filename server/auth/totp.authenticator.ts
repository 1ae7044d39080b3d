import { generateSecret, generateURI, verify } from 'otplib';

/** Issuer shown by authenticator apps. */
export const TOTP_ISSUER = 'Bookdesk';
/** RFC 6238 defaults, which every authenticator app supports: SHA-1, 6 digits, 30-second steps. */
export const TOTP_PERIOD_SECONDS = 30;
const DIGITS = 6;
/** Clock drift tolerated: one step before and one after the current one. */
const WINDOW_STEPS = 1;

/** What the enrolment endpoint hands to the user (and, encrypted, to the database). */
export interface TotpEnrolment {
  /**
   * Base32 shared secret (160 random bits). Store it encrypted with `SecretCipher` (it must be read
   * back to verify codes) and only mark MFA enabled after the user confirms a first code.
   */
  secret: string;
  /** `otpauth://totp/Bookdesk:<email>?secret=...&issuer=Bookdesk...`, to show as a QR code. */
  otpauthUri: string;
}

/** Input of {@link verifyTotpCode}. */
export interface TotpVerification {
  secret: string;
  /** What the user typed; spaces are ignored. */
  code: string;
  /**
   * The time step of the last code accepted for this user (persisted by the caller), or null if none.
   * Codes from this step or earlier are refused, so an observed code cannot be replayed.
   */
  lastUsedStep: number | null;
  /** Current time; injectable for tests. */
  now?: Date;
}

/** Outcome of {@link verifyTotpCode}. On success the caller must persist `usedStep` as `lastUsedStep`. */
export type TotpVerificationResult =
  { ok: true; usedStep: number } | { ok: false; reason: 'malformed' | 'invalid' | 'replayed' };

/** Creates a new TOTP secret for `email` and its `otpauth://` URI. */
export function createTotpEnrolment(email: string): TotpEnrolment {
  const secret = generateSecret({ length: 20 });
  const otpauthUri = generateURI({
    issuer: TOTP_ISSUER,
    label: email,
    secret,
    digits: DIGITS,
    period: TOTP_PERIOD_SECONDS,
  });
  return { secret, otpauthUri };
}

/**
 * Verifies a 6-digit TOTP code (RFC 6238) within ±1 time step, refusing any code from a step at or
 * before `lastUsedStep` (replay protection: each step's code works at most once per user).
 */
export async function verifyTotpCode({
  secret,
  code,
  lastUsedStep,
  now = new Date(),
}: TotpVerification): Promise<TotpVerificationResult> {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return { ok: false, reason: 'malformed' };
  const epoch = Math.floor(now.getTime() / 1000);
  const currentStep = Math.floor(epoch / TOTP_PERIOD_SECONDS);
  const options = { secret, token, epoch, period: TOTP_PERIOD_SECONDS, digits: DIGITS } as const;
  const tolerance = WINDOW_STEPS * TOTP_PERIOD_SECONDS;

  // otplib throws when afterTimeStep lies beyond the window (a step from the future): nothing in the
  // window can be newer, so that is a replay by definition.
  if (lastUsedStep !== null && lastUsedStep >= currentStep + WINDOW_STEPS) {
    return { ok: false, reason: 'replayed' };
  }
  const fresh = await verify({
    ...options,
    epochTolerance: tolerance,
    ...(lastUsedStep !== null && lastUsedStep >= 0 ? { afterTimeStep: lastUsedStep } : {}),
  });
  if (fresh.valid && 'timeStep' in fresh) return { ok: true, usedStep: fresh.timeStep };
  if (lastUsedStep !== null) {
    const any = await verify({ ...options, epochTolerance: tolerance });
    if (any.valid) return { ok: false, reason: 'replayed' };
  }
  return { ok: false, reason: 'invalid' };
}
