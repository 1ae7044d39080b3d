import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MasterKeyring } from './master-key.keyring';
import { SecretCipher, SecretDecryptionError, secretAad } from './secret.cipher';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };
const tenantA = '0b6f3c1e-8a4e-4c0e-9d55-1f2a3b4c5d6e';
const tenantB = '7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6';
const aad = secretAad({
  tenantId: tenantA,
  table: 'calendar_connections',
  column: 'refresh_token',
  recordId: 'r-1',
});
const secret = '1//0gRefreshTokenFromGoogle-Ünïcødé-🔑';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function decryptionFailure(run: () => unknown): SecretDecryptionError {
  try {
    run();
  } catch (error) {
    if (error instanceof SecretDecryptionError) return error;
    throw error;
  }
  throw new Error('expected decryption to fail');
}

describe(SecretCipher.name, () => {
  const sut = new SecretCipher(new MasterKeyring([k1]));

  it('round-trips a secret and writes the documented format', () => {
    const ciphertext = sut.encrypt(secret, aad);

    expect(ciphertext).toMatch(/^v1:k1:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(ciphertext).not.toContain('Refresh');
    expect(sut.decrypt(ciphertext, aad)).toBe(secret);
  });

  it('round-trips an empty secret', () => {
    expect(sut.decrypt(sut.encrypt('', aad), aad)).toBe('');
  });

  it('uses a fresh salt and nonce each time, so equal plaintexts give unrelated ciphertexts', () => {
    const first = sut.encrypt(secret, aad).split(':');
    const second = sut.encrypt(secret, aad).split(':');

    expect(second[2]).not.toBe(first[2]);
    expect(second[3]).not.toBe(first[3]);
    expect(second[4]).not.toBe(first[4]);
  });

  it.each([
    ['version', 0],
    ['key id', 1],
    ['salt', 2],
    ['nonce', 3],
    ['ciphertext', 4],
  ])('refuses a ciphertext whose %s was changed in any character', (_part, index) => {
    const parts = sut.encrypt(secret, aad).split(':');
    const original = parts[index]!;
    for (let position = 0; position < original.length; position++) {
      // Flip the lowest and the highest of the character's six bits: the lowest one is a padding bit
      // in the last character of a salt, which a lenient base64 decoder would silently ignore.
      for (const mask of [1, 32]) {
        const value = BASE64URL.indexOf(original[position]!);
        const tampered = [...parts];
        tampered[index] =
          original.slice(0, position) + BASE64URL[value ^ mask] + original.slice(position + 1);

        expect(() => sut.decrypt(tampered.join(':'), aad)).toThrow(SecretDecryptionError);
      }
    }
  });

  it('refuses a truncated or extended ciphertext', () => {
    const ciphertext = sut.encrypt(secret, aad);

    expect(decryptionFailure(() => sut.decrypt(ciphertext.slice(0, -4), aad)).reason).toBe(
      'authentication_failed',
    );
    expect(decryptionFailure(() => sut.decrypt(`${ciphertext}AAAA`, aad)).reason).toBe(
      'authentication_failed',
    );
    expect(decryptionFailure(() => sut.decrypt(`${ciphertext}:x`, aad)).reason).toBe('malformed');
    expect(decryptionFailure(() => sut.decrypt('plain text token', aad)).reason).toBe('malformed');
  });

  it.each([
    [
      'another tenant',
      { tenantId: tenantB, table: 'calendar_connections', column: 'refresh_token', recordId: 'r-1' },
    ],
    [
      'another record',
      { tenantId: tenantA, table: 'calendar_connections', column: 'refresh_token', recordId: 'r-2' },
    ],
    [
      'another column',
      { tenantId: tenantA, table: 'calendar_connections', column: 'access_token', recordId: 'r-1' },
    ],
    ['another table', { tenantId: tenantA, table: 'users', column: 'refresh_token', recordId: 'r-1' }],
  ])('refuses a ciphertext moved to %s', (_where, location) => {
    const ciphertext = sut.encrypt(secret, aad);

    expect(decryptionFailure(() => sut.decrypt(ciphertext, secretAad(location))).reason).toBe(
      'authentication_failed',
    );
  });

  it('rejects associated data parts that could make two locations look alike', () => {
    expect(() => secretAad({ tenantId: tenantA, table: 'a.b', column: 'c', recordId: 'r' })).toThrow(
      TypeError,
    );
    expect(() => secretAad({ tenantId: tenantA, table: 'a', column: 'c', recordId: 'r|x' })).toThrow(
      TypeError,
    );
    expect(() => secretAad({ tenantId: '', table: 'a', column: 'c', recordId: 'r' })).toThrow(TypeError);
  });

  describe('key rotation', () => {
    const before = new SecretCipher(new MasterKeyring([k1]));
    const after = new SecretCipher(new MasterKeyring([k2, k1]));

    it('still decrypts values written under the old key and encrypts new ones under the newest', () => {
      const old = before.encrypt(secret, aad);

      expect(after.decrypt(old, aad)).toBe(secret);
      expect(after.encrypt(secret, aad)).toMatch(/^v1:k2:/);
    });

    it('flags old-key values for re-encryption and rewrites them under the newest key', () => {
      const old = before.encrypt(secret, aad);

      expect(after.needsReencryption(old)).toBe(true);
      const rotated = after.reencrypt(old, aad);

      expect(rotated).toMatch(/^v1:k2:/);
      expect(after.needsReencryption(rotated)).toBe(false);
      expect(after.decrypt(rotated, aad)).toBe(secret);
      expect(after.reencrypt(rotated, aad)).toBe(rotated);
      expect(new SecretCipher(new MasterKeyring([k2])).decrypt(rotated, aad)).toBe(secret);
    });

    it('refuses to re-encrypt a value bound to another location', () => {
      const old = before.encrypt(secret, aad);
      const elsewhere = secretAad({
        tenantId: tenantB,
        table: 'calendar_connections',
        column: 'refresh_token',
        recordId: 'r-1',
      });

      expect(() => after.reencrypt(old, elsewhere)).toThrow(SecretDecryptionError);
    });

    it('reports a key that was removed from the keyring as unknown', () => {
      const old = before.encrypt(secret, aad);
      const withoutOldKey = new SecretCipher(new MasterKeyring([k2]));

      expect(decryptionFailure(() => withoutOldKey.decrypt(old, aad)).reason).toBe('unknown_key');
    });

    it('does not decrypt with a different key that reuses the old id', () => {
      const old = before.encrypt(secret, aad);
      const impostor = new SecretCipher(new MasterKeyring([{ id: 'k1', key: randomBytes(32) }]));

      expect(decryptionFailure(() => impostor.decrypt(old, aad)).reason).toBe('authentication_failed');
    });
  });
});
