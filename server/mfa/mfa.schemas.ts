/** Wire shapes of `/v1/me/mfa`. */
import { z } from 'zod';

export const MfaEnrolment = z.object({
  /** Base32 TOTP secret, for manual entry in an authenticator app. */
  secret: z.string(),
  /** `otpauth://totp/...`, for a QR code. */
  otpauthUri: z.string(),
});

export const ConfirmMfaBody = z.strictObject({ code: z.string().min(1).max(16) });

export const RecoveryCodes = z.object({
  /** Ten single-use codes, shown once. */
  recoveryCodes: z.array(z.string()),
});

export const DisableMfaBody = z
  .strictObject({ code: z.string().min(1).max(64).optional(), password: z.string().max(1024).optional() })
  .refine(
    (body) => body.code !== undefined || body.password !== undefined,
    'give a current code or your password',
  );
export type DisableMfaBody = z.infer<typeof DisableMfaBody>;
