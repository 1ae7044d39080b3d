/**
 * Online backups of the embedded SQLite database (README.md "Operations"): a full copy through
 * SQLite's backup API (better-sqlite3 `backup()`, on a connection of its own, so requests keep being
 * served), checked with `PRAGMA integrity_check`, switched to a single self-contained file
 * (journal_mode=DELETE), then encrypted under the master keys (./backup-envelope.ts) into
 * `<backupDir>/<id>.bdbk`. A plaintext copy never outlives the call.
 *
 * Kinds and retention (by the service's clock): every copy is a point; the first copy of each 24 h is
 * also a daily. Points are kept {@link DEFAULT_RETENTION}.pointHours (48 h), dailies dailyDays (30 days),
 * and the newest backup always.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readlink, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SecretCipher } from '../crypto/secret.cipher';
import type { BackupHeader } from './backup-envelope';
import { decryptBackupFile, encryptBackupFile, readBackupHeader } from './backup-envelope';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const EXTENSION = '.bdbk';

export interface RetentionPolicy {
  /** How long every 5-minute point is kept. */
  pointHours: number;
  /** How long dailies are kept. */
  dailyDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { pointHours: 48, dailyDays: 30 };

/** A stored backup. */
export interface BackupEntry {
  file: string;
  header: BackupHeader;
  takenAt: Date;
  /** Encrypted size on disk. */
  storedBytes: number;
}

/** What one backup run did (printed by `npm run backup`). */
export interface BackupReport {
  id: string;
  kind: BackupHeader['kind'];
  file: string;
  takenAt: string;
  databaseBytes: number;
  storedBytes: number;
  /** Copy + integrity check + encryption, wall clock. */
  durationMs: number;
  pruned: string[];
}

/** Thrown when a restore would be unsafe (the server still has the file open, no backup fits). */
export class RestoreRefusedError extends Error {
  override name = 'RestoreRefusedError';
}

export class SqliteBackupService {
  constructor(
    private readonly deps: {
      /** The live database file. */
      databaseFile: string;
      backupDir: string;
      cipher: SecretCipher;
      now: () => Date;
      retention?: RetentionPolicy;
    },
  ) {}

  get backupDir(): string {
    return this.deps.backupDir;
  }

  /** Takes, verifies, encrypts and stores one copy; then applies the retention policy. */
  async take(kind?: BackupHeader['kind']): Promise<BackupReport> {
    const started = performance.now();
    const takenAt = this.deps.now();
    await mkdir(this.deps.backupDir, { recursive: true, mode: 0o700 });
    const chosen = kind ?? ((await this.hasDailySince(takenAt.getTime() - DAY_MS)) ? 'point' : 'daily');
    const id = `${chosen}-${takenAt.toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
    const plain = join(this.deps.backupDir, `.${id}.sqlite`);
    const file = join(this.deps.backupDir, `${id}${EXTENSION}`);
    try {
      await copyOnline(this.deps.databaseFile, plain);
      await verifyCopy(plain);
      const header = await encryptBackupFile(this.deps.cipher, plain, file, {
        id,
        kind: chosen,
        store: 'sqlite',
        takenAt: takenAt.toISOString(),
      });
      const durationMs = Math.round(performance.now() - started);
      const pruned = await this.prune();
      return {
        id,
        kind: chosen,
        file,
        takenAt: header.takenAt,
        databaseBytes: header.bytes,
        storedBytes: (await stat(file)).size,
        durationMs,
        pruned,
      };
    } finally {
      await rm(plain, { force: true });
    }
  }

  /** Every stored backup, oldest first. */
  async list(): Promise<BackupEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.deps.backupDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const entries: BackupEntry[] = [];
    for (const name of names.filter((n) => n.endsWith(EXTENSION))) {
      const file = join(this.deps.backupDir, name);
      const { header } = await readBackupHeader(file);
      entries.push({ file, header, takenAt: new Date(header.takenAt), storedBytes: (await stat(file)).size });
    }
    return entries.sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime() || a.file.localeCompare(b.file));
  }

  /** Deletes what the retention policy no longer keeps; returns the deleted files' names. */
  async prune(): Promise<string[]> {
    const policy = this.deps.retention ?? DEFAULT_RETENTION;
    const now = this.deps.now().getTime();
    const entries = await this.list();
    const newest = entries.at(-1);
    const pruned: string[] = [];
    for (const entry of entries) {
      const age = now - entry.takenAt.getTime();
      const keep =
        entry === newest ||
        age <= policy.pointHours * HOUR_MS ||
        (entry.header.kind === 'daily' && age <= policy.dailyDays * DAY_MS);
      if (!keep) {
        await rm(entry.file, { force: true });
        pruned.push(basename(entry.file));
      }
    }
    return pruned;
  }

  /** The newest backup taken at or before `at`. */
  async latestAtOrBefore(at: Date): Promise<BackupEntry | null> {
    const candidates = (await this.list()).filter((e) => e.takenAt.getTime() <= at.getTime());
    return candidates.at(-1) ?? null;
  }

  /** Decrypts `entry` into `outFile` and checks it again (integrity_check); for scratch databases. */
  async decryptTo(entry: BackupEntry, outFile: string): Promise<void> {
    await decryptBackupFile(this.deps.cipher, entry.file, outFile);
    await verifyCopy(outFile);
  }

  /**
   * `npm run restore -- --at <time>`: replaces the live database with the newest backup taken at or
   * before `at`. Refused while any process has the database open (the server must be stopped). The
   * current file (with its -wal/-shm) is kept aside as `<file>.before-restore-<stamp>`.
   */
  async restoreDatabase(at: Date): Promise<{ backup: BackupEntry; keptAside: string; durationMs: number }> {
    const started = performance.now();
    const backup = await this.latestAtOrBefore(at);
    if (!backup) throw new RestoreRefusedError(`no backup taken at or before ${at.toISOString()}`);
    const live = this.deps.databaseFile;
    const holders = await processesHolding([live, `${live}-wal`]);
    if (holders.length > 0)
      throw new RestoreRefusedError(
        `the database is open in process ${holders.join(', ')}: stop the server before restoring`,
      );
    await mkdir(dirname(live), { recursive: true, mode: 0o700 });
    const incoming = `${live}.restoring`;
    await this.decryptTo(backup, incoming);
    const stamp = this.deps.now().toISOString().replace(/[-:.]/g, '');
    const keptAside = `${live}.before-restore-${stamp}`;
    for (const suffix of ['', '-wal', '-shm']) {
      await rename(`${live}${suffix}`, `${keptAside}${suffix}`).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    await rename(incoming, live);
    return { backup, keptAside, durationMs: Math.round(performance.now() - started) };
  }

  private async hasDailySince(sinceMs: number): Promise<boolean> {
    return (await this.list()).some((e) => e.header.kind === 'daily' && e.takenAt.getTime() > sinceMs);
  }
}

/**
 * The copy and its check run on a worker thread with connections of their own, so the server's
 * event loop never waits for them. SQLite's online backup API copies every page in one step (one
 * read transaction: the copy is one consistent instant; in WAL mode writers are not blocked), then
 * `PRAGMA integrity_check` must say ok, and the copy becomes one self-contained file
 * (journal_mode=DELETE). `source` null: only check `target`.
 */
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
async function run() {
  if (workerData.source) {
    const source = new Database(workerData.source, { fileMustExist: true });
    try {
      source.pragma('busy_timeout = 5000');
      await source.backup(workerData.target, { progress: () => 0x7fffffff });
    } finally {
      source.close();
    }
  }
  const copy = new Database(workerData.target, { fileMustExist: true });
  try {
    const verdict = copy.pragma('integrity_check').map((r) => r.integrity_check).join('; ');
    if (verdict !== 'ok') throw new Error('backup copy failed integrity_check: ' + verdict);
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}
run().then(() => parentPort.postMessage({ ok: true }), (error) => parentPort.postMessage({ error: String(error && error.message || error) }));
`;

function inWorker(source: string | null, target: string): Promise<void> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { driver, source, target } });
  return new Promise<void>((resolve, reject) => {
    worker.once('message', (message: { ok?: true; error?: string }) =>
      message.ok ? resolve() : reject(new Error(message.error)),
    );
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`backup worker exited with ${code}`)));
  }).finally(() => void worker.terminate());
}

async function copyOnline(source: string, target: string): Promise<void> {
  await inWorker(source, target);
}

async function verifyCopy(file: string): Promise<void> {
  await inWorker(null, file);
}

/** Pids (other than this one) with one of `files` open, from /proc (Linux; elsewhere none are found). */
async function processesHolding(files: string[]): Promise<number[]> {
  const targets = new Set<string>();
  for (const file of files) {
    targets.add(file);
    try {
      targets.add(await realpath(file));
    } catch {
      // absent: nothing can hold it open by that name
    }
  }
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const holders: number[] = [];
  for (const pid of pids) {
    if (Number(pid) === process.pid) continue;
    let fds: string[];
    try {
      fds = await readdir(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      if (targets.has(target)) {
        holders.push(Number(pid));
        break;
      }
    }
  }
  return holders;
}
