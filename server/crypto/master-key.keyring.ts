import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/** Length in bytes of every master key (AES-256 / HKDF-SHA256 input keying material). */
export const MASTER_KEY_BYTES = 32;

/** Name of the generated key file inside the data directory (embedded default only). */
export const MASTER_KEY_FILE_NAME = 'master.key';

const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** One master key; `id` is written into every ciphertext it produces. */
export interface MasterKey {
  readonly id: string;
  readonly key: Buffer;
}

/** Thrown when a keyring definition or key file is unusable; the message never contains key material. */
export class MasterKeyConfigError extends Error {
  override readonly name = 'MasterKeyConfigError';
}

/**
 * The set of master keys the server knows. The *active* key (the first one listed) encrypts;
 * every key decrypts, so ciphertexts written under an older key keep working after rotation.
 */
export class MasterKeyring {
  private readonly byId: ReadonlyMap<string, Buffer>;

  /** @param keys newest first; at least one, unique ids, each exactly 32 bytes. */
  constructor(keys: readonly MasterKey[]) {
    if (keys.length === 0) throw new MasterKeyConfigError('the master keyring is empty');
    const byId = new Map<string, Buffer>();
    for (const { id, key } of keys) {
      if (!KEY_ID_PATTERN.test(id)) {
        throw new MasterKeyConfigError(`master key id "${id}" must match ${KEY_ID_PATTERN.source}`);
      }
      if (key.length !== MASTER_KEY_BYTES) {
        throw new MasterKeyConfigError(
          `master key "${id}" must be ${MASTER_KEY_BYTES} bytes, got ${key.length}`,
        );
      }
      if (byId.has(id)) throw new MasterKeyConfigError(`master key id "${id}" is listed twice`);
      byId.set(id, Buffer.from(key));
    }
    this.byId = byId;
    this.activeKeyId = keys[0]!.id;
  }

  /** Id of the key that encrypts new secrets. */
  readonly activeKeyId: string;

  /** Ids of every known key, newest first. */
  get keyIds(): string[] {
    return [...this.byId.keys()];
  }

  /** The key material for `id`, or undefined when this keyring does not hold it. */
  keyFor(id: string): Buffer | undefined {
    return this.byId.get(id);
  }
}

/**
 * Parses the `BOOKDESK_MASTER_KEYS` format: comma-separated `<id>:<base64 key>` entries, **newest
 * first** (the first entry encrypts; all entries decrypt). Ids are 1–32 characters of `[A-Za-z0-9_-]`;
 * keys are 32 random bytes in standard base64 or base64url. Whitespace around entries is ignored.
 *
 * Example: `BOOKDESK_MASTER_KEYS="k2:3q2+7w...=,k1:yv66vg...="`. Generate a key with
 * `node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`.
 */
export function parseMasterKeys(value: string): MasterKeyring {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  const keys = entries.map((entry, index): MasterKey => {
    const colon = entry.indexOf(':');
    if (colon <= 0)
      throw new MasterKeyConfigError(`master key entry ${index + 1} must look like <id>:<base64 key>`);
    const id = entry.slice(0, colon);
    return { id, key: decodeKey(id, entry.slice(colon + 1)) };
  });
  return new MasterKeyring(keys);
}

/** Serialises a keyring in the `BOOKDESK_MASTER_KEYS` / key-file format (newest first). */
export function formatMasterKeys(keys: readonly MasterKey[]): string {
  return keys.map(({ id, key }) => `${id}:${key.toString('base64')}`).join(',');
}

/**
 * The embedded default: reads `<dataDir>/master.key` (same format as `BOOKDESK_MASTER_KEYS`), or
 * creates it with one fresh 32-byte key `k1`, mode 0600, when it does not exist. Refuses a file that
 * group or others can read or write, since anyone who reads it can decrypt every stored secret.
 */
export function loadOrCreateMasterKeyFile(dataDir: string): MasterKeyring {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, MASTER_KEY_FILE_NAME);
  const created = createKeyFileIfMissing(path);
  if (created) return created;
  return readKeyFile(path);
}

/**
 * The server's keyring: `BOOKDESK_MASTER_KEYS` when set (production, several instances share it),
 * otherwise the generated key file in the data directory (embedded default).
 */
export function loadMasterKeyring(options: { masterKeys?: string; dataDir: string }): MasterKeyring {
  if (options.masterKeys !== undefined && options.masterKeys.trim() !== '') {
    return parseMasterKeys(options.masterKeys);
  }
  return loadOrCreateMasterKeyFile(options.dataDir);
}

/**
 * Embedded-mode rotation: prepends a fresh key (id `k<n+1>`) to `<dataDir>/master.key`, keeping the
 * old keys so existing ciphertexts still decrypt until the `rotate-keys` walk has re-encrypted them.
 * Returns the new keyring.
 */
export function addMasterKeyToFile(dataDir: string): MasterKeyring {
  const path = join(dataDir, MASTER_KEY_FILE_NAME);
  const current = readKeyFile(path);
  const highest = current.keyIds
    .map((id) => /^k(\d+)$/.exec(id)?.[1])
    .reduce((max, digits) => Math.max(max, digits ? Number(digits) : 0), 0);
  const keys: MasterKey[] = [
    { id: `k${highest + 1}`, key: randomBytes(MASTER_KEY_BYTES) },
    ...current.keyIds.map((id) => ({ id, key: current.keyFor(id)! })),
  ];
  // Written to a private temporary file and renamed over the old one: a crash never leaves a
  // half-written key file (which would make every stored secret unreadable).
  const temporary = writePrivateTemporary(path, keys);
  try {
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  return new MasterKeyring(keys);
}

function createKeyFileIfMissing(path: string): MasterKeyring | undefined {
  const keys: MasterKey[] = [{ id: 'k1', key: randomBytes(MASTER_KEY_BYTES) }];
  const temporary = writePrivateTemporary(path, keys);
  try {
    // link() fails if the file exists, so two starting processes cannot overwrite each other's key,
    // and the key file appears complete or not at all.
    linkSync(temporary, path);
    return new MasterKeyring(keys);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** Writes `keys` to a new 0600 file beside `path`, flushed to disk, and returns its name. */
function writePrivateTemporary(path: string, keys: readonly MasterKey[]): string {
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, `${formatMasterKeys(keys)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return temporary;
}

function readKeyFile(path: string): MasterKeyring {
  const fd = openSync(path, 'r');
  try {
    assertPrivate(fd, path);
    return parseMasterKeys(readFileSync(fd, 'utf8'));
  } finally {
    closeSync(fd);
  }
}

function assertPrivate(fd: number, path: string): void {
  // Windows has no POSIX mode bits; there the data directory's ACL is what protects the file.
  if (process.platform === 'win32') return;
  const mode = fstatSync(fd).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new MasterKeyConfigError(
      `${path} is accessible to group or others (mode ${mode.toString(8).padStart(4, '0')}); run chmod 600 on it`,
    );
  }
}

function decodeKey(id: string, encoded: string): Buffer {
  const trimmed = encoded.trim();
  if (!BASE64_PATTERN.test(trimmed)) {
    throw new MasterKeyConfigError(`master key "${id}" is not base64`);
  }
  const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== MASTER_KEY_BYTES) {
    throw new MasterKeyConfigError(
      `master key "${id}" must decode to ${MASTER_KEY_BYTES} bytes, got ${key.length}`,
    );
  }
  return key;
}
