/**
 * Bundles the Electron entry points with esbuild: main/index.ts → dist/main/main/index.js (ESM, the
 * package.json "main") and preload/index.ts → dist/main/preload/index.cjs (CommonJS, as sandboxed
 * preloads require). `electron` stays external; native modules are loaded from node_modules. Run as a
 * script (`npm run build`), it then stages dist/app, the folder electron-builder packs.
 */
import { build } from 'esbuild';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DESKTOP_NATIVE_MODULES, stageDesktopApp } from './electron-app';

export const EXTERNAL = ['electron', ...DESKTOP_NATIVE_MODULES];

export async function buildElectron(root: string): Promise<void> {
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node22',
    sourcemap: true,
    logLevel: 'warning',
  } as const;
  await build({
    ...common,
    entryPoints: [join(root, 'main', 'index.ts')],
    outfile: join(root, 'dist', 'main', 'main', 'index.js'),
    format: 'esm',
    external: EXTERNAL,
    // Bundled CommonJS dependencies call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire as __bdRequire } from 'node:module'; const require = __bdRequire(import.meta.url);",
    },
  });
  await build({
    ...common,
    entryPoints: [join(root, 'preload', 'index.ts')],
    outfile: join(root, 'dist', 'main', 'preload', 'index.cjs'),
    format: 'cjs',
    external: ['electron'],
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
  buildElectron(root)
    .then(() => console.log('Built dist/main/main/index.js and dist/main/preload/index.cjs'))
    .then(() => console.log(`Staged ${stageDesktopApp(root)} for electron-builder`))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
