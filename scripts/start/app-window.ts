/** Opens the desktop UI: Electron when its binary is installed, else a Chromium app window. */
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Electron executable if `npm install` managed to download it. Reads electron's own path.txt
 * instead of `require('electron')`, which would try to download the binary.
 */
export function findElectronBinary(root: string): string | null {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', 'chromium', 'chromium-browser', 'google-chrome'];

export function findChromium(): string | null {
  for (const candidate of CHROMIUM_CANDIDATES) {
    if (candidate.startsWith('/')) {
      if (existsSync(candidate)) return candidate;
      continue;
    }
    const found = spawnSync('sh', ['-c', `command -v ${candidate}`], { encoding: 'utf8' });
    if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  }
  return null;
}

/** Whether a window can appear at all (Linux without X11/Wayland cannot show one). */
export const hasDisplay = (env: NodeJS.ProcessEnv = process.env, platform = process.platform): boolean =>
  platform !== 'linux' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);

export function launchChromiumApp(binary: string, url: string, profileDir: string): ChildProcess {
  return spawn(
    binary,
    [
      `--app=${url}`,
      `--user-data-dir=${profileDir}`,
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-sync',
      '--disable-background-networking',
      '--window-size=1440,900',
      '--class=Bookdesk',
      '--disable-component-update',
      // Chromium refuses to start as root with its sandbox (containers, CI boxes); a desktop user is never root.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
    { stdio: 'ignore' },
  );
}

/** Starts Electron; resolves null if it fails within the first seconds (missing libs, no display). */
export async function launchElectron(
  binary: string,
  root: string,
  env: NodeJS.ProcessEnv,
): Promise<ChildProcess | null> {
  const child = spawn(binary, [root], { stdio: 'inherit', env });
  return new Promise((settle) => {
    const ready = setTimeout(() => settle(child), 3000);
    child.once('error', () => {
      clearTimeout(ready);
      settle(null);
    });
    child.once('exit', () => {
      clearTimeout(ready);
      settle(null);
    });
  });
}
