import { describe, expect, it } from 'vitest';
import { CacheCipher, CacheDecryptError } from './cache.cipher';

describe(CacheCipher.name, () => {
  const sut = CacheCipher.withRandomKey();
  const at = { table: 'customers', column: 'phone', rowId: 'c-1' };

  it('reads back what it sealed, in any script', () => {
    for (const text of ['+44 20 7946 0101', 'مریم احمدی', '', 'é'.repeat(4000)])
      expect(sut.decrypt(sut.encrypt(text, at), at)).toBe(text);
  });

  it('seals the same value differently each time (a fresh nonce)', () => {
    expect(sut.encrypt('Emma Laurent', at).equals(sut.encrypt('Emma Laurent', at))).toBe(false);
  });

  it('never hands out a nonce twice, across its draws from the CSPRNG', () => {
    const nonces = new Set(
      Array.from({ length: 2000 }, () => sut.encrypt('x', at).subarray(1, 13).toString('hex')),
    );

    expect(nonces.size).toBe(2000);
  });

  it.each([
    ['another row', { ...at, rowId: 'c-2' }],
    ['another column', { ...at, column: 'email' }],
    ['another table', { ...at, table: 'walk_ins' }],
  ])('refuses a ciphertext copied to %s', (_, elsewhere) => {
    const sealed = sut.encrypt('+44 20 7946 0101', at);

    expect(() => sut.decrypt(sealed, elsewhere)).toThrow(CacheDecryptError);
  });

  it('refuses another key and a flipped bit', () => {
    const sealed = sut.encrypt('Emma Laurent', at);
    const flipped = Buffer.from(sealed);
    flipped[20]! ^= 1;

    expect(() => CacheCipher.withRandomKey().decrypt(sealed, at)).toThrow(CacheDecryptError);
    expect(() => sut.decrypt(flipped, at)).toThrow(CacheDecryptError);
  });

  it('comes back from its exported key, and the key check tells keys apart', () => {
    const again = CacheCipher.fromExportedKey(sut.exportKey());

    expect(again.decrypt(sut.encrypt('x', at), at)).toBe('x');
    expect(again.keyCheck()).toBe(sut.keyCheck());
    expect(CacheCipher.withRandomKey().keyCheck()).not.toBe(sut.keyCheck());
  });
});
