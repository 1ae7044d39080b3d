import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { TOTP_PERIOD_SECONDS, createTotpEnrolment, verifyTotpCode } from './totp.authenticator';

// RFC 6238 Appendix B: the SHA-1 seed "12345678901234567890" in base32, and its published vectors.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const rfcVectors: Array<[number, string]> = [
  [59, '287082'],
  [1111111109, '081804'],
  [1111111111, '050471'],
  [1234567890, '005924'],
  [2000000000, '279037'],
];

const now = new Date('2026-11-27T10:00:10Z');
const step = Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);

function codeAt(secret: string, stepOffset: number): Promise<string> {
  return generate({ secret, epoch: (step + stepOffset) * TOTP_PERIOD_SECONDS });
}

describe('TOTP', () => {
  describe(createTotpEnrolment.name, () => {
    it('creates a 160-bit base32 secret and an otpauth URI for Bookdesk and the email', () => {
      const sut = createTotpEnrolment('sara@example.com');

      expect(sut.secret).toMatch(/^[A-Z2-7]{32}$/);
      const uri = new URL(sut.otpauthUri);
      expect(uri.protocol).toBe('otpauth:');
      expect(uri.host).toBe('totp');
      expect(decodeURIComponent(uri.pathname)).toBe('/Bookdesk:sara@example.com');
      expect(uri.searchParams.get('secret')).toBe(sut.secret);
      expect(uri.searchParams.get('issuer')).toBe('Bookdesk');
    });

    it('creates a different secret each time', () => {
      expect(createTotpEnrolment('a@example.com').secret).not.toBe(
        createTotpEnrolment('a@example.com').secret,
      );
    });
  });

  describe(verifyTotpCode.name, () => {
    it.each(rfcVectors)('accepts the RFC 6238 code at T=%i (%s)', async (seconds, code) => {
      const result = await verifyTotpCode({
        secret: RFC_SECRET,
        code,
        lastUsedStep: null,
        now: new Date(seconds * 1000),
      });

      expect(result).toEqual({ ok: true, usedStep: Math.floor(seconds / 30) });
    });

    it('accepts codes from one step before and after the current one, but not two', async () => {
      const { secret } = createTotpEnrolment('sara@example.com');

      for (const offset of [-1, 0, 1]) {
        expect(
          await verifyTotpCode({ secret, code: await codeAt(secret, offset), lastUsedStep: null, now }),
        ).toEqual({
          ok: true,
          usedStep: step + offset,
        });
      }
      for (const offset of [-2, 2]) {
        expect(
          await verifyTotpCode({ secret, code: await codeAt(secret, offset), lastUsedStep: null, now }),
        ).toEqual({
          ok: false,
          reason: 'invalid',
        });
      }
    });

    it('refuses a code that was already used, and any older one', async () => {
      const { secret } = createTotpEnrolment('sara@example.com');
      const code = await codeAt(secret, 0);
      const first = await verifyTotpCode({ secret, code, lastUsedStep: null, now });
      expect(first).toEqual({ ok: true, usedStep: step });

      const replay = await verifyTotpCode({ secret, code, lastUsedStep: step, now });
      const older = await verifyTotpCode({ secret, code: await codeAt(secret, -1), lastUsedStep: step, now });

      expect(replay).toEqual({ ok: false, reason: 'replayed' });
      expect(older).toEqual({ ok: false, reason: 'replayed' });
    });

    it('still accepts the next step after a code was used', async () => {
      const { secret } = createTotpEnrolment('sara@example.com');

      const result = await verifyTotpCode({ secret, code: await codeAt(secret, 1), lastUsedStep: step, now });

      expect(result).toEqual({ ok: true, usedStep: step + 1 });
    });

    it('refuses everything when the last used step is ahead of the window (clock moved back)', async () => {
      const { secret } = createTotpEnrolment('sara@example.com');

      const result = await verifyTotpCode({
        secret,
        code: await codeAt(secret, 1),
        lastUsedStep: step + 5,
        now,
      });

      expect(result).toEqual({ ok: false, reason: 'replayed' });
    });

    it('refuses a wrong code', async () => {
      const { secret } = createTotpEnrolment('sara@example.com');
      const right = await codeAt(secret, 0);
      const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');

      expect(await verifyTotpCode({ secret, code: wrong, lastUsedStep: null, now })).toMatchObject({
        ok: false,
      });
    });

    it('ignores spaces in the typed code and rejects anything but six digits', async () => {
      const { secret } = createTotpEnrolment('sara@example.com');
      const code = await codeAt(secret, 0);

      expect(
        await verifyTotpCode({
          secret,
          code: `${code.slice(0, 3)} ${code.slice(3)}`,
          lastUsedStep: null,
          now,
        }),
      ).toMatchObject({
        ok: true,
      });
      for (const malformed of ['', '12345', '1234567', 'abcdef', '12345x']) {
        expect(await verifyTotpCode({ secret, code: malformed, lastUsedStep: null, now })).toEqual({
          ok: false,
          reason: 'malformed',
        });
      }
    });
  });
});
