import { describe, expect, it } from 'vitest';
import { shippedBreachedPasswords } from './breached-passwords.list';
import { MAX_PASSWORD_LENGTH, PasswordPolicy, normalizePassword } from './password.policy';

const account = { email: 'sara.ahmadi@example.com', name: 'Sara Ahmadi', businessName: 'Lotus Hair Studio' };

describe(PasswordPolicy.name, () => {
  const sut = new PasswordPolicy(shippedBreachedPasswords());

  describe('length', () => {
    it('accepts 15 characters and refuses 14 for a password-only account', () => {
      expect(sut.check('vivid-otter-019', account)).toEqual({ ok: true, normalized: 'vivid-otter-019' });
      expect(sut.check('vivid-otter-01', account)).toMatchObject({ ok: false, reason: 'too_short' });
    });

    it('accepts 8 characters once the user has MFA, but not 7', () => {
      expect(sut.check('vK7#qa2z', { ...account, hasMfa: true })).toMatchObject({ ok: true });
      expect(sut.check('vK7#qa2', { ...account, hasMfa: true })).toMatchObject({
        ok: false,
        reason: 'too_short',
      });
    });

    it('names the minimum in its message', () => {
      expect(sut.check('short', account)).toEqual({
        ok: false,
        reason: 'too_short',
        message: 'Password must be at least 15 characters long.',
      });
    });

    it(`allows at least 64 and up to ${MAX_PASSWORD_LENGTH} characters, refusing longer`, () => {
      const word = 'ab3$efgh';
      expect(sut.check(word.repeat(8), account)).toMatchObject({ ok: true });
      expect(sut.check(word.repeat(32), account)).toMatchObject({ ok: true });
      expect(sut.check(`${word.repeat(32)}x`, account)).toMatchObject({ ok: false, reason: 'too_long' });
    });

    it('counts code points, so 15 emoji (30 UTF-16 units) pass and 14 do not', () => {
      const fifteenEmoji = '🦊🐙🌵🍋🚲🎻🧭🪁🦉🍄🛶🧩🪐🐝🥐';
      expect(fifteenEmoji).toHaveLength(30);

      expect(sut.check(fifteenEmoji, account)).toMatchObject({ ok: true });
      expect(sut.check([...fifteenEmoji].slice(0, 14).join(''), account)).toMatchObject({
        reason: 'too_short',
      });
    });

    it('accepts a 15-letter Persian password', () => {
      const persian = 'باغچهٔسبزپرستو';
      const fifteen = `${persian}ی`;
      expect([...normalizePassword(fifteen)]).toHaveLength(15);

      expect(sut.check(fifteen, account)).toMatchObject({ ok: true });
    });

    it('counts after NFKC normalisation, so compatibility ligatures do not inflate the length', () => {
      // "ﬃ" (U+FB03) is one code point that NFKC expands to "ffi"; full-width letters fold to ASCII.
      const password = 'ｗａｌｌｅｔ-ﬃ-ｒｉｖｅｒ';
      expect(normalizePassword(password)).toBe('wallet-ffi-river');

      expect(sut.check(password, account)).toEqual({ ok: true, normalized: 'wallet-ffi-river' });
    });
  });

  it('has no composition rules: all lower-case letters and spaces are fine', () => {
    expect(sut.check('purple monkeys dance at noon', account)).toMatchObject({ ok: true });
  });

  describe('breached and common passwords', () => {
    it.each(['passwordpassword', 'qwertyuiopasdfg', '123456789012345', '1qaz2wsx3edc4rfv'])(
      'refuses %s, which is on the shipped list',
      (password) => {
        expect(sut.check(password, account)).toEqual({
          ok: false,
          reason: 'breached',
          message: 'This password is on a list of common or breached passwords; choose another.',
        });
      },
    );

    it('compares without regard to case or compatibility forms', () => {
      expect(sut.check('PassWordPASSWORD', account)).toMatchObject({ reason: 'breached' });
      expect(sut.check('ｐａｓｓｗｏｒｄｐａｓｓｗｏｒｄ', account)).toMatchObject({ reason: 'breached' });
    });

    it('refuses short common passwords for MFA users too', () => {
      expect(sut.check('sunshine1', { ...account, hasMfa: true })).toMatchObject({ reason: 'breached' });
    });
  });

  describe('context words', () => {
    it.each([
      ['the email address', 'sara.ahmadi@example.com'],
      ['the email local part with digits', 'SaraAhmadi2026!!!'],
      ['the name with punctuation', 'Sara Ahmadi !!! 12'],
      ['the business name', 'lotushairstudio1'],
      ['the service name', 'bookdesk-2026-2027'],
      ['a context word and a few letters', 'sara.ahmadi.x1234567'],
    ])('refuses a password built from %s', (_case, password) => {
      expect(sut.check(password, account)).toMatchObject({
        ok: false,
        reason: 'contextual',
        message: 'Password must not be based on your email, your name or the business name.',
      });
    });

    it('accepts a passphrase that merely mentions the name', () => {
      expect(sut.check('sara likes green tea at noon', account)).toMatchObject({ ok: true });
    });

    it('checks Persian context words as well', () => {
      const persianAccount = { ...account, name: 'سارا احمدی', businessName: 'آرایشگاه نیلوفر' };

      expect(sut.check('سارااحمدی۱۲۳۴۵۶۷۸', persianAccount)).toMatchObject({ reason: 'contextual' });
      expect(sut.check('آرایشگاه نیلوفر 2026', persianAccount)).toMatchObject({ reason: 'contextual' });
    });
  });
});
