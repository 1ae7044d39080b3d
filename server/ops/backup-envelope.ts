/**
 * The encrypted backup file (envelope encryption under the platform's master keys, server/crypto):
 *
 * ```
 * "BDBK1\n" | header length (uint32 BE) | header JSON | AES-256-GCM ciphertext of the database | 16-byte tag
 * ```
 *
 * Each file has its own random 32-byte data key; the header carries it wrapped by SecretCipher (the
 * active master key, AAD `backup|<id>`), the GCM nonce, and what was verified before encryption
 * (`PRAGMA integrity_check`, size, SHA-256). The header is also the GCM associated data, so an edited
 * header fails authentication. Rotating master keys keeps old backups readable as long as the old key
 * stays in the keyring.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { SecretCipher } from '../crypto/secret.cipher';

const MAGIC = Buffer.from('BDBK1\n');
const TAG_BYTES = 16;

/** What a backup file says about itself (readable without decrypting). */
export interface BackupHeader {
  format: 'bookdesk-backup/1';
  /** `<kind>-<takenAt compact>`; also bound into the wrapped key's AAD. */
  id: string;
  kind: 'daily' | 'point';
  store: 'sqlite';
  /** When the copy was taken (the instant it represents). */
  takenAt: string;
  /** Plaintext size in bytes and SHA-256 (hex), checked again on decryption. */
  bytes: number;
  sha256: string;
  /** `PRAGMA integrity_check` of the copy before encryption (always "ok": others are not kept). */
  integrity: 'ok';
  /** The file's data key, wrapped by SecretCipher under a master key. */
  wrappedKey: string;
  /** GCM nonce, base64. */
  nonce: string;
}

function keyAad(id: string): string {
  return `backup|${id}`;
}

/** Encrypts `plainFile` into `outFile` (written to `<outFile>.part`, then renamed). */
export async function encryptBackupFile(
  cipher: SecretCipher,
  plainFile: string,
  outFile: string,
  meta: Omit<BackupHeader, 'format' | 'bytes' | 'sha256' | 'wrappedKey' | 'nonce' | 'integrity'>,
): Promise<BackupHeader> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(plainFile), hash);
  const bytes = (await stat(plainFile)).size;
  const dataKey = randomBytes(32);
  const nonce = randomBytes(12);
  const header: BackupHeader = {
    format: 'bookdesk-backup/1',
    ...meta,
    bytes,
    sha256: hash.digest('hex'),
    integrity: 'ok',
    wrappedKey: cipher.encrypt(dataKey.toString('base64'), keyAad(meta.id)),
    nonce: nonce.toString('base64'),
  };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(headerBytes.length);
  const gcm = createCipheriv('aes-256-gcm', dataKey, nonce);
  gcm.setAAD(headerBytes);
  const part = `${outFile}.part`;
  const out = createWriteStream(part, { mode: 0o600 });
  out.write(Buffer.concat([MAGIC, length, headerBytes]));
  try {
    await pipeline(createReadStream(plainFile), gcm, out, { end: false });
    await new Promise<void>((resolve, reject) =>
      out.end(gcm.getAuthTag(), (error?: Error | null) => (error ? reject(error) : resolve())),
    );
    await rename(part, outFile);
  } catch (error) {
    out.destroy();
    await rm(part, { force: true });
    throw error;
  }
  return header;
}

/** Reads the header of a backup file (no key needed). */
export async function readBackupHeader(
  file: string,
): Promise<{ header: BackupHeader; offset: number; raw: Buffer }> {
  const handle = await open(file, 'r');
  try {
    const start = Buffer.alloc(MAGIC.length + 4);
    await handle.read(start, 0, start.length, 0);
    if (!start.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error(`${file} is not a Bookdesk backup`);
    const length = start.readUInt32BE(MAGIC.length);
    if (length > 1_000_000) throw new Error(`${file}: header too large`);
    const raw = Buffer.alloc(length);
    await handle.read(raw, 0, length, start.length);
    return { header: JSON.parse(raw.toString('utf8')) as BackupHeader, offset: start.length + length, raw };
  } finally {
    await handle.close();
  }
}

/**
 * Decrypts a backup into `outFile` (0600), checking the GCM tag, the size and the SHA-256. Throws
 * (and leaves no output) when anything does not match.
 */
export async function decryptBackupFile(
  cipher: SecretCipher,
  file: string,
  outFile: string,
): Promise<BackupHeader> {
  const { header, offset, raw } = await readBackupHeader(file);
  const size = (await stat(file)).size;
  const end = size - TAG_BYTES;
  if (end < offset) throw new Error(`${file} is truncated`);
  const tag = Buffer.alloc(TAG_BYTES);
  const handle = await open(file, 'r');
  try {
    await handle.read(tag, 0, TAG_BYTES, end);
  } finally {
    await handle.close();
  }
  const dataKey = Buffer.from(cipher.decrypt(header.wrappedKey, keyAad(header.id)), 'base64');
  const gcm = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(header.nonce, 'base64'));
  gcm.setAAD(raw);
  gcm.setAuthTag(tag);
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  try {
    if (end > offset) {
      await pipeline(
        createReadStream(file, { start: offset, end: end - 1 }),
        gcm,
        tap,
        createWriteStream(outFile, { mode: 0o600 }),
      );
    } else {
      gcm.final();
      await pipeline(async function* () {}, createWriteStream(outFile, { mode: 0o600 }));
    }
    if (bytes !== header.bytes || hash.digest('hex') !== header.sha256)
      throw new Error(`${file}: decrypted content does not match its header (size or SHA-256)`);
  } catch (error) {
    await rm(outFile, { force: true });
    throw error;
  }
  return header;
}
