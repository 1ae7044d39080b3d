import { describe, expect, it } from 'vitest';
import { consumeRecoveryCode, generateRecoveryCodes } from './totp.recovery-codes';

describe('recovery codes', () => {
  describe(generateRecoveryCodes.name, () => {
    it('generates 10 distinct xxxx-xxxx-xxxx-xxxx codes and only their hashes for storage', () => {
      const sut = generateRecoveryCodes();

      expect(sut.codes).toHaveLength(10);
      expect(new Set(sut.codes).size).toBe(10);
      for (const code of sut.codes)
        expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/);
      expect(sut.hashes).toHaveLength(10);
      for (const hash of sut.hashes) expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(sut.hashes.join()).not.toContain(sut.codes[0]!.replace(/-/g, ''));
    });
  });

  describe(consumeRecoveryCode.name, () => {
    it('accepts each code once and returns the remaining hashes', () => {
      const { codes, hashes } = generateRecoveryCodes();

      const first = consumeRecoveryCode(codes[3]!, hashes);
      expect(first).toEqual({ ok: true, remainingHashes: hashes.filter((_, index) => index !== 3) });
      if (!first.ok) return;

      expect(consumeRecoveryCode(codes[3]!, first.remainingHashes)).toEqual({ ok: false });
      expect(consumeRecoveryCode(codes[4]!, first.remainingHashes)).toMatchObject({ ok: true });
    });

    it('accepts a code typed in capitals, without dashes, or with look-alike letters', () => {
      const { codes, hashes } = generateRecoveryCodes();
      const code = codes[0]!;
      const withLookAlikes = code.replace(/1/g, 'l').replace(/0/g, 'O');

      expect(consumeRecoveryCode(code.toUpperCase(), hashes)).toMatchObject({ ok: true });
      expect(consumeRecoveryCode(` ${code.replace(/-/g, '')} `, hashes)).toMatchObject({ ok: true });
      expect(consumeRecoveryCode(withLookAlikes, hashes)).toMatchObject({ ok: true });
    });

    it('refuses a code from another set, a malformed input and an empty list', () => {
      const mine = generateRecoveryCodes();
      const other = generateRecoveryCodes();

      expect(consumeRecoveryCode(other.codes[0]!, mine.hashes)).toEqual({ ok: false });
      expect(consumeRecoveryCode('not-a-code', mine.hashes)).toEqual({ ok: false });
      expect(consumeRecoveryCode('', mine.hashes)).toEqual({ ok: false });
      expect(consumeRecoveryCode(mine.codes[0]!, [])).toEqual({ ok: false });
    });
  });
});
