/** Starts `server/index.ts` as a child process on embedded SQLite and waits for `listening on <url>`. */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { chmodSync, createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface RunningApi {
  url: string;
  stop(): Promise<void>;
}

export type ApiStart = { ok: true; api: RunningApi } | { ok: false; reason: string };

const READY = /listening on (\S+)/;

export async function startApi(options: {
  root: string;
  dataDir: string;
  logFile: string;
  port: number;
  timeoutMs?: number;
  /** Aborting it while the API starts stops the API process (`npm start` stopped meanwhile). */
  signal?: AbortSignal;
}): Promise<ApiStart> {
  const entry = join(options.root, 'server', 'index.ts');
  if (options.signal?.aborted) return { ok: false, reason: 'stopped before it started' };
  if (!existsSync(entry)) return { ok: false, reason: 'server/index.ts does not exist yet' };
  // The API's data and its log (which names staff and customers) are the user's alone: 0700 / 0600.
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  mkdirSync(dirname(options.logFile), { recursive: true, mode: 0o700 });
  const log = createWriteStream(options.logFile, { flags: 'a', mode: 0o600 });
  await new Promise<void>((opened, failed) => log.once('open', () => opened()).once('error', failed));
  chmodSync(options.logFile, 0o600);
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const child = spawn(process.execPath, [tsx, entry], {
    cwd: options.root,
    env: {
      ...process.env,
      BOOKDESK_DATA_DIR: options.dataDir,
      HOST: '127.0.0.1',
      PORT: String(options.port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.pipe(log);

  return new Promise<ApiStart>((settle) => {
    let buffered = '';
    const timer = setTimeout(() => {
      void stopChild(child);
      settle({
        ok: false,
        reason: `it did not print "listening on <url>" within ${(options.timeoutMs ?? 60_000) / 1000} s`,
      });
    }, options.timeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      buffered += chunk.toString('utf8');
      const match = READY.exec(buffered);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stdout.pipe(log);
      child.off('exit', onExit);
      options.signal?.removeEventListener('abort', onAbort);
      settle({ ok: true, api: { url: match[1]!.replace(/\/$/, ''), stop: () => stopChild(child) } });
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      settle({ ok: false, reason: `it exited with code ${code} before listening (log: ${options.logFile})` });
    };
    const onAbort = () => {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      void stopChild(child).then(() => settle({ ok: false, reason: 'stopped while starting' }));
    };
    child.stdout.on('data', onData);
    child.once('exit', onExit);
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** SIGTERM, then SIGKILL if it has not exited after five seconds. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    child.kill('SIGTERM');
  });
}
