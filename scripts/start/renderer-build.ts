/** Builds the renderer with vite when dist/renderer is missing or older than its sources. */
import { existsSync, readdirSync, statSync } from 'node:fs';
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

/** Returns whether a build ran. With `watch`, vite keeps rebuilding on change (npm run dev). */
export async function buildRendererIfStale(root: string, watch = false): Promise<boolean> {
  if (!watch && !rendererIsStale(root)) return false;
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
