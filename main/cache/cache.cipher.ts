/**
 * Encryption of personal data in the desktop cache: customers' name, phone, e-mail and notes, a
 * walk-in's name and notes, a booking's notes and custom fields. AES-256-GCM under one random data key
 * per cache file (kept in the SecretStore, see desk-cache.ts), a fresh 96-bit nonce per value, and
 * associated data naming the table, column and row: a ciphertext copied to another row or column
 * fails to decrypt instead of showing one customer's phone on another's card.
 */
import type { KeyObject } from 'node:crypto';
import { createCipheriv, createDecipheriv, createHmac, createSecretKey, randomBytes } from 'node:crypto';

/** Where a value lives; bound into the ciphertext as associated data. */
export interface CellAddress {
  table: string;
  column: string;
  rowId: string;
}

/** A value that does not decrypt: wrong key, or a ciphertext moved from its row or column. */
export class CacheDecryptError extends Error {
  override readonly name = 'CacheDecryptError';
}

const VERSION = 1;
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Nonces drawn from the CSPRNG at once: one randomBytes call per value cost more than the AES. */
const NONCES_PER_DRAW = 512;

const associatedData = ({ table, column, rowId }: CellAddress) =>
  Buffer.from(`bookdesk-cache\0${table}\0${column}\0${rowId}`, 'utf8');

export class CacheCipher {
  private readonly key: Buffer;
  private readonly keyObject: KeyObject;
  private nonces = Buffer.alloc(0);
  private nextNonce = 0;

  /** @param key the 32-byte data key. */
  constructor(key: Uint8Array) {
    if (key.length !== KEY_BYTES) throw new Error(`a cache data key has ${KEY_BYTES} bytes`);
    this.key = Buffer.from(key);
    this.keyObject = createSecretKey(this.key);
  }

  /** A cipher under a new random key (a first run, a key that was lost, tests). */
  static withRandomKey(): CacheCipher {
    return new CacheCipher(randomBytes(KEY_BYTES));
  }

  /** The key, for the SecretStore; never written to the cache itself. */
  exportKey(): string {
    return this.key.toString('base64');
  }

  static fromExportedKey(exported: string): CacheCipher {
    return new CacheCipher(Buffer.from(exported, 'base64'));
  }

  /**
   * A value that identifies the key without revealing it (HMAC of a fixed label), kept in the cache
   * so a later run can tell whether the key it loaded is the one the rows were written with.
   */
  keyCheck(): string {
    return createHmac('sha256', this.key).update('bookdesk-cache-key-check').digest('base64url').slice(0, 22);
  }

  /** `[version][nonce][ciphertext][tag]` as one BLOB. */
  encrypt(plaintext: string, at: CellAddress): Buffer {
    const nonce = this.freshNonce();
    const cipher = createCipheriv('aes-256-gcm', this.keyObject, nonce);
    cipher.setAAD(associatedData(at));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.of(VERSION), nonce, body, cipher.getAuthTag()]);
  }

  decrypt(sealed: Uint8Array, at: CellAddress): string {
    if (sealed.length < 1 + NONCE_BYTES + TAG_BYTES || sealed[0] !== VERSION)
      throw new CacheDecryptError(`not a sealed value (${at.table}.${at.column})`);
    const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.length);
    const decipher = createDecipheriv('aes-256-gcm', this.keyObject, bytes.subarray(1, 1 + NONCE_BYTES));
    decipher.setAAD(associatedData(at));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(bytes.subarray(1 + NONCE_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new CacheDecryptError(`${at.table}.${at.column} of ${at.rowId} does not decrypt with this key`);
    }
  }

  /**
   * 96 random bits, never handed out twice: slices of one CSPRNG draw, each used once. Random nonces
   * keep GCM safe for about 2^32 values under one key; a cache rewrites far fewer in its life.
   */
  private freshNonce(): Buffer {
    if (this.nextNonce + NONCE_BYTES > this.nonces.length) {
      this.nonces = randomBytes(NONCE_BYTES * NONCES_PER_DRAW);
      this.nextNonce = 0;
    }
    const nonce = this.nonces.subarray(this.nextNonce, this.nextNonce + NONCE_BYTES);
    this.nextNonce += NONCE_BYTES;
    return nonce;
  }

  /** {@link encrypt} for an optional value: null stays null. */
  encryptOptional(plaintext: string | null | undefined, at: CellAddress): Buffer | null {
    return plaintext === null || plaintext === undefined ? null : this.encrypt(plaintext, at);
  }

  decryptOptional(sealed: Uint8Array | null, at: CellAddress): string | null {
    return sealed === null ? null : this.decrypt(sealed, at);
  }
}
