/**
 * The desktop package's own app folder (`dist/app`, electron-builder's `directories.app`): a
 * package.json that lists only what the bundled main process loads at run time (the native modules
 * esbuild leaves external), next to the bundles and the renderer. electron-builder installs and
 * rebuilds those for Electron there, so no server-only module (fastify, typeorm, pg, argon2, …)
 * can end up in the installers.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Native modules main loads at run time; esbuild bundles everything else. */
export const DESKTOP_NATIVE_MODULES = ['better-sqlite3', 'keytar'] as const;

interface RootPackage {
  name: string;
  version: string;
  description?: string;
  main?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** The app folder's package.json, from the repository's. */
export function desktopAppManifest(root: RootPackage) {
  const pick = (from: Record<string, string> | undefined) =>
    Object.fromEntries(DESKTOP_NATIVE_MODULES.flatMap((name) => (from?.[name] ? [[name, from[name]]] : [])));
  const dependencies = pick(root.dependencies);
  const optionalDependencies = pick(root.optionalDependencies);
  const missing = DESKTOP_NATIVE_MODULES.filter((name) => !dependencies[name] && !optionalDependencies[name]);
  if (missing.length > 0) throw new Error(`package.json does not declare ${missing.join(', ')}`);
  return {
    name: root.name,
    productName: 'Bookdesk',
    version: root.version,
    description: root.description ?? 'Bookdesk front desk',
    author: { name: 'Bookdesk', email: 'desk@bookdesk.example' },
    private: true,
    type: 'module',
    main: root.main ?? 'dist/main/main/index.js',
    dependencies,
    optionalDependencies,
  };
}

/** Writes `dist/app` from `dist/main` and `dist/renderer` (run after the bundles are built). */
export function stageDesktopApp(root: string): string {
  const app = join(root, 'dist', 'app');
  rmSync(app, { recursive: true, force: true });
  mkdirSync(join(app, 'dist'), { recursive: true });
  const manifest = desktopAppManifest(
    JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as RootPackage,
  );
  writeFileSync(join(app, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const part of ['main', 'renderer']) {
    const from = join(root, 'dist', part);
    if (!existsSync(from)) throw new Error(`${from} is missing: build it first (npm run build).`);
    cpSync(from, join(app, 'dist', part), { recursive: true, filter: (source) => !source.endsWith('.map') });
  }
  return app;
}
