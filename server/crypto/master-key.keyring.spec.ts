import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MasterKeyConfigError,
  MasterKeyring,
  addMasterKeyToFile,
  formatMasterKeys,
  loadMasterKeyring,
  loadOrCreateMasterKeyFile,
  parseMasterKeys,
} from './master-key.keyring';
import { SecretCipher } from './secret.cipher';

describe(MasterKeyring.name, () => {
  describe(parseMasterKeys.name, () => {
    it('reads newest-first <id>:<base64> entries; the first one encrypts and all decrypt', () => {
      const newest = randomBytes(32);
      const older = randomBytes(32);

      const sut = parseMasterKeys(` k2:${newest.toString('base64')} , k1:${older.toString('base64url')}`);

      expect(sut.activeKeyId).toBe('k2');
      expect(sut.keyIds).toEqual(['k2', 'k1']);
      expect(sut.keyFor('k2')).toEqual(newest);
      expect(sut.keyFor('k1')).toEqual(older);
      expect(sut.keyFor('k3')).toBeUndefined();
    });

    it.each([
      ['an empty value', ''],
      ['a key that is not 32 bytes', `k1:${randomBytes(16).toString('base64')}`],
      ['a key that is not base64', 'k1:not base64 at all!'],
      ['an entry without an id', randomBytes(32).toString('base64')],
      ['a duplicate id', `k1:${randomBytes(32).toString('base64')},k1:${randomBytes(32).toString('base64')}`],
      ['an id with a colon-free but invalid character', `k 1:${randomBytes(32).toString('base64')}`],
    ])('refuses %s', (_case, value) => {
      expect(() => parseMasterKeys(value)).toThrow(MasterKeyConfigError);
    });

    it('never puts key material in its error messages', () => {
      const shortKey = randomBytes(20).toString('base64');

      const message = (() => {
        try {
          parseMasterKeys(`k1:${shortKey}`);
        } catch (error) {
          return (error as Error).message;
        }
        return 'did not throw';
      })();

      expect(message).toMatch(/must decode to 32 bytes/);
      expect(message).not.toContain(shortKey);
    });

    it('round-trips through formatMasterKeys', () => {
      const keys = [
        { id: 'b', key: randomBytes(32) },
        { id: 'a', key: randomBytes(32) },
      ];

      const sut = parseMasterKeys(formatMasterKeys(keys));

      expect(sut.keyIds).toEqual(['b', 'a']);
      expect(sut.keyFor('a')).toEqual(keys[1]!.key);
    });
  });

  describe(loadOrCreateMasterKeyFile.name, () => {
    let dataDir: string;
    beforeEach(() => {
      dataDir = join(mkdtempSync(join(tmpdir(), 'bookdesk-keys-')), 'data');
    });
    afterEach(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));

    it('creates <dataDir>/master.key with one 32-byte key, readable by the owner only', () => {
      const sut = loadOrCreateMasterKeyFile(dataDir);

      const file = join(dataDir, 'master.key');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(sut.activeKeyId).toBe('k1');
      expect(sut.keyFor('k1')).toHaveLength(32);
      expect(readdirSync(dataDir)).toEqual(['master.key']);
    });

    it('returns the same key on the next start, so earlier secrets still decrypt', () => {
      const first = new SecretCipher(loadOrCreateMasterKeyFile(dataDir));
      const ciphertext = first.encrypt('token', 'aad');

      const second = new SecretCipher(loadOrCreateMasterKeyFile(dataDir));

      expect(second.decrypt(ciphertext, 'aad')).toBe('token');
    });

    it.each([0o644, 0o640, 0o604, 0o660])('refuses a key file with mode %o', (mode) => {
      loadOrCreateMasterKeyFile(dataDir);
      chmodSync(join(dataDir, 'master.key'), mode);

      expect(() => loadOrCreateMasterKeyFile(dataDir)).toThrow(/chmod 600/);
    });

    it('refuses a key file with unusable content instead of replacing it', () => {
      loadOrCreateMasterKeyFile(dataDir);
      writeFileSync(join(dataDir, 'master.key'), 'garbage', { mode: 0o600 });

      expect(() => loadOrCreateMasterKeyFile(dataDir)).toThrow(MasterKeyConfigError);
      expect(readFileSync(join(dataDir, 'master.key'), 'utf8')).toBe('garbage');
    });

    it('adds a newer key in front of the old ones, keeping the file private', () => {
      const before = new SecretCipher(loadOrCreateMasterKeyFile(dataDir));
      const old = before.encrypt('token', 'aad');

      const rotated = addMasterKeyToFile(dataDir);
      const reloaded = loadOrCreateMasterKeyFile(dataDir);

      expect(rotated.keyIds).toEqual(['k2', 'k1']);
      expect(reloaded.keyIds).toEqual(['k2', 'k1']);
      expect(statSync(join(dataDir, 'master.key')).mode & 0o777).toBe(0o600);
      expect(readdirSync(dataDir)).toEqual(['master.key']);
      expect(new SecretCipher(reloaded).decrypt(old, 'aad')).toBe('token');
      expect(new SecretCipher(reloaded).needsReencryption(old)).toBe(true);
    });
  });

  describe(loadMasterKeyring.name, () => {
    it('prefers BOOKDESK_MASTER_KEYS over the key file and creates no file then', () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'bookdesk-keys-'));
      try {
        const sut = loadMasterKeyring({
          masterKeys: `prod-2026:${randomBytes(32).toString('base64')}`,
          dataDir,
        });

        expect(sut.activeKeyId).toBe('prod-2026');
        expect(() => statSync(join(dataDir, 'master.key'))).toThrow();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });

    it('falls back to the key file when the variable is empty', () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'bookdesk-keys-'));
      try {
        expect(loadMasterKeyring({ masterKeys: '', dataDir }).activeKeyId).toBe('k1');
        expect(statSync(join(dataDir, 'master.key')).isFile()).toBe(true);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
});
