/** Builds the renderer with vite when dist/renderer is missing or older than its sources. */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';

const SOURCES = ['renderer', 'core'];
const SOURCE_FILES = ['vite.config.ts', 'package-lock.json'];

function newestMtime(root: string, path: string): number {
  const full = join(root, path);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(full)) {
    if (entry.endsWith('.spec.ts') || entry.endsWith('.spec.tsx')) continue;
    newest = Math.max(newest, newestMtime(root, join(path, entry)));
  }
  return newest;
}

export function rendererIsStale(root: string): boolean {
  const index = join(root, 'dist', 'renderer', 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return [...SOURCES, ...SOURCE_FILES].some((p) => newestMtime(root, p) > built);
}

/**
 * Holds a directory lock around `run`, so two processes (npm start and a test worker, say) never build
 * into dist/renderer at the same time; vite empties the folder first.
 */
async function withBuildLock<T>(root: string, run: () => Promise<T>): Promise<T> {
  const lock = join(root, 'dist', '.renderer-build.lock');
  mkdirSync(join(root, 'dist'), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than the deadline is from a build that crashed.
      if (
        Date.now() > deadline ||
        Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 180_000
      ) {
        rmSync(lock, { recursive: true, force: true });
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  // A stop of `npm start` mid-build exits at once (shutdown.ts): the lock must not outlive it.
  const release = () => rmSync(lock, { recursive: true, force: true });
  process.once('exit', release);
  try {
    return await run();
  } finally {
    process.off('exit', release);
    release();
  }
}

/** Returns whether a build ran. With `watch`, vite keeps rebuilding on change (npm run dev). */
export async function buildRendererIfStale(root: string, watch = false): Promise<boolean> {
  if (watch) return runViteBuild(root, true);
  if (!rendererIsStale(root)) return false;
  return withBuildLock(root, async () => (rendererIsStale(root) ? runViteBuild(root, false) : false));
}

async function runViteBuild(root: string, watch: boolean): Promise<boolean> {
  // Under vitest NODE_ENV is "test", which would make vite bundle React's development build into dist.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(root, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: watch ? { watch: {} } : {},
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return true;
}
