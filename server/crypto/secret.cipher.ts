import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { MasterKeyring } from './master-key.keyring';

const VERSION = 'v1';
const HKDF_INFO = 'bookdesk/v1';
const SALT_BYTES = 16;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL_PATTERN = /^[A-Za-z0-9_-]*$/;
const IDENTIFIER_PATTERN = /^[A-Za-z0-9_-]+$/;

/** Why a ciphertext could not be decrypted. */
export type SecretDecryptionReason = 'malformed' | 'unknown_key' | 'authentication_failed';

/**
 * Thrown by {@link SecretCipher.decrypt}. `authentication_failed` covers a tampered ciphertext and a
 * ciphertext moved to another tenant, record or column (its associated data no longer matches).
 * The message never contains plaintext or key material.
 */
export class SecretDecryptionError extends Error {
  override readonly name = 'SecretDecryptionError';
  constructor(
    readonly reason: SecretDecryptionReason,
    message: string,
  ) {
    super(message);
  }
}

/** Where an encrypted value lives; bound into the ciphertext as AES-GCM associated data. */
export interface SecretLocation {
  tenantId: string;
  /** Table name, e.g. `calendar_connections`. */
  table: string;
  /** Column name, e.g. `refresh_token`. */
  column: string;
  /** Primary key of the row (without the tenant id). */
  recordId: string;
}

/**
 * The associated data string for a stored secret: `${tenantId}|${table}.${column}|${recordId}`.
 * Every part is validated so that no two different locations produce the same string.
 */
export function secretAad({ tenantId, table, column, recordId }: SecretLocation): string {
  // Identifiers are restricted and the record id may not contain "|", so the string is unambiguous.
  for (const [name, part] of Object.entries({ tenantId, table, column })) {
    if (!IDENTIFIER_PATTERN.test(part))
      throw new TypeError(`secretAad: ${name} must match ${IDENTIFIER_PATTERN.source}`);
  }
  if (recordId.length === 0 || recordId.includes('|')) {
    throw new TypeError('secretAad: recordId must be non-empty and must not contain "|"');
  }
  return `${tenantId}|${table}.${column}|${recordId}`;
}

interface ParsedCiphertext {
  keyId: string;
  salt: Buffer;
  nonce: Buffer;
  sealed: Buffer;
}

/**
 * AES-256-GCM envelope encryption of secrets that must be read back (calendar tokens, an iCloud
 * app-specific password, TOTP secrets).
 *
 * Format: `v1:<keyId>:<salt>:<nonce>:<ciphertext+tag>`, the last three in unpadded base64url.
 * Each call draws a fresh 16-byte salt and 96-bit nonce; the data key is
 * HKDF-SHA256(master key, salt, "bookdesk/v1"), so no (key, nonce) pair ever repeats in practice and
 * the master key never touches data directly. The associated data (see {@link secretAad}) is
 * authenticated together with the `v1:<keyId>` header.
 *
 * Rotation: put a new key first in the keyring; `needsReencryption` then flags every value written
 * under an older key, and `reencrypt` rewrites it under the active one (see README.md beside this file).
 */
export class SecretCipher {
  constructor(private readonly keyring: Pick<MasterKeyring, 'activeKeyId' | 'keyFor'>) {}

  /** Encrypts `plaintext` (UTF-8) under the active master key, bound to `aad`. */
  encrypt(plaintext: string, aad: string): string {
    const keyId = this.keyring.activeKeyId;
    const salt = randomBytes(SALT_BYTES);
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.dataKey(keyId, salt), nonce, {
      authTagLength: TAG_BYTES,
    });
    cipher.setAAD(associatedData(keyId, aad));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return [VERSION, keyId, ...[salt, nonce, sealed].map((part) => part.toString('base64url'))].join(':');
  }

  /**
   * Decrypts a value produced by {@link encrypt} with the same `aad`.
   * @throws SecretDecryptionError when the value is malformed, names an unknown key, was altered, or
   *   was encrypted for another location.
   */
  decrypt(ciphertext: string, aad: string): string {
    const { keyId, salt, nonce, sealed } = parse(ciphertext);
    const key = this.keyring.keyFor(keyId);
    if (!key)
      throw new SecretDecryptionError('unknown_key', `no master key with id "${keyId}" is configured`);
    const decipher = createDecipheriv('aes-256-gcm', this.dataKey(keyId, salt), nonce, {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(associatedData(keyId, aad));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    try {
      const body = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
      return Buffer.concat([body, decipher.final()]).toString('utf8');
    } catch {
      throw new SecretDecryptionError(
        'authentication_failed',
        'the secret was altered or belongs to another record',
      );
    }
  }

  /**
   * True when `ciphertext` was written under a key other than the active one.
   * @throws SecretDecryptionError (`malformed`) when it is not a v1 ciphertext.
   */
  needsReencryption(ciphertext: string): boolean {
    return parse(ciphertext).keyId !== this.keyring.activeKeyId;
  }

  /**
   * The `rotate-keys` primitive: decrypts with whichever key wrote `ciphertext` and encrypts again
   * under the active key with a fresh salt and nonce. Returns `ciphertext` unchanged when it is already
   * under the active key, so a caller can skip the write.
   * @throws SecretDecryptionError as {@link decrypt} does; the stored value is then left as it is.
   */
  reencrypt(ciphertext: string, aad: string): string {
    const plaintext = this.decrypt(ciphertext, aad);
    if (!this.needsReencryption(ciphertext)) return ciphertext;
    return this.encrypt(plaintext, aad);
  }

  private dataKey(keyId: string, salt: Buffer): Buffer {
    const masterKey = this.keyring.keyFor(keyId);
    if (!masterKey)
      throw new SecretDecryptionError('unknown_key', `no master key with id "${keyId}" is configured`);
    return Buffer.from(hkdfSync('sha256', masterKey, salt, HKDF_INFO, 32));
  }
}

function associatedData(keyId: string, aad: string): Buffer {
  // The header is authenticated too, so a value cannot be relabelled with another key id or version.
  return Buffer.from(`${VERSION}:${keyId}|${aad}`, 'utf8');
}

function parse(ciphertext: string): ParsedCiphertext {
  const parts = ciphertext.split(':');
  if (parts.length !== 5 || parts[0] !== VERSION) {
    throw new SecretDecryptionError('malformed', 'not a v1 encrypted secret');
  }
  const [, keyId, salt, nonce, sealed] = parts as [string, string, string, string, string];
  const decoded = {
    keyId,
    salt: decodeCanonical(salt),
    nonce: decodeCanonical(nonce),
    sealed: decodeCanonical(sealed),
  };
  if (
    keyId.length === 0 ||
    decoded.salt?.length !== SALT_BYTES ||
    decoded.nonce?.length !== NONCE_BYTES ||
    decoded.sealed === undefined ||
    decoded.sealed.length < TAG_BYTES
  ) {
    throw new SecretDecryptionError('malformed', 'not a v1 encrypted secret');
  }
  return decoded as ParsedCiphertext;
}

/** Decodes base64url, refusing non-canonical spellings so every changed character is detected. */
function decodeCanonical(text: string): Buffer | undefined {
  if (!BASE64URL_PATTERN.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}
