import { describe, expect, it } from 'vitest';
import {
  BREACHED_LIST_MIN_LENGTH,
  breachedPasswordsFromText,
  shippedBreachedPasswords,
} from './breached-passwords.list';

describe('BreachedPasswordList', () => {
  describe(shippedBreachedPasswords.name, () => {
    const sut = shippedBreachedPasswords();

    it('holds well over 100,000 entries of policy-relevant length', () => {
      expect(sut.size).toBeGreaterThan(400_000);
    });

    it('is loaded once and shared', () => {
      expect(shippedBreachedPasswords()).toBe(sut);
    });

    it.each(['passwordpassword', 'qwertyuiopasdfg', 'sunshine1', 'iloveyou'])('contains %s', (password) => {
      expect(sut.has(password)).toBe(true);
    });

    it('matches regardless of case', () => {
      expect(sut.has('QwertyUiopAsdfg')).toBe(true);
    });

    it('does not contain a random passphrase', () => {
      expect(sut.has('purple monkeys dance at noon')).toBe(false);
    });
  });

  describe(breachedPasswordsFromText.name, () => {
    it(`keeps entries of ${BREACHED_LIST_MIN_LENGTH}+ code points, normalised and lower-cased`, () => {
      const sut = breachedPasswordsFromText(
        'abc\nLetMeIn123\r\nｐａｓｓｗｏｒｄ１\n🦊🐙🌵🍋🚲🎻🧭🪁\n🦊🐙🌵\n',
      );

      expect(sut.size).toBe(3);
      expect(sut.has('letmein123')).toBe(true);
      expect(sut.has('PASSWORD1')).toBe(true);
      expect(sut.has('🦊🐙🌵🍋🚲🎻🧭🪁')).toBe(true);
      expect(sut.has('abc')).toBe(false);
    });
  });
});
