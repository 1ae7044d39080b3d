/**
 * The desktop package, read from its sources: electron-builder.yml, the fuse script it runs after
 * packing, and the app folder it packs. Packaging itself needs the Electron binary, which cannot be
 * downloaded here; every setting that makes the package safe is checked instead.
 */
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { Arch } from 'electron-builder';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EXTERNAL } from '../../scripts/build-electron';
import { DESKTOP_NATIVE_MODULES, desktopAppManifest, stageDesktopApp } from '../../scripts/electron-app';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const builder = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & {
  directories: Record<string, string>;
  files: string[];
  asarUnpack: string[];
  afterPack: string;
  mac: { target: string[]; hardenedRuntime: boolean };
  win: { target: string[] };
  linux: { target: string[] };
  deb: { depends: string[] };
};
const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

interface FuseScript {
  FUSES: Record<string, boolean>;
  fuseConfig(context: { electronPlatformName: string; arch: Arch }): Record<string | number, unknown>;
  afterPack(context: unknown): Promise<void>;
}
const fuseScript = createRequire(import.meta.url)(join(root, builder.afterPack)) as FuseScript;

describe('electron-builder.yml', () => {
  it('builds AppImage and deb, dmg, and an nsis installer', () => {
    expect(builder.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(builder.mac.target).toContain('dmg');
    expect(builder.win.target).toEqual(['nsis']);
    expect(builder.mac.hardenedRuntime).toBe(true);
    expect(builder.deb.depends).toContain('libsecret-1-0');
  });

  it('packs the staged app folder into an ASAR, without source maps', () => {
    expect(builder.directories.app).toBe('dist/app');
    expect(builder.asar).toBe(true);
    expect(builder.files).toEqual(['package.json', 'dist/main/**', 'dist/renderer/**', '!**/*.map']);
  });

  it('unpacks and rebuilds the native modules for Electron', () => {
    expect(builder.npmRebuild).toBe(true);
    expect(builder.buildDependenciesFromSource).toBe(false);
    expect(builder.nativeRebuilder).toBe('sequential');
    for (const name of DESKTOP_NATIVE_MODULES)
      expect(builder.asarUnpack).toContain(`**/node_modules/${name}/**`);
    expect(builder.asarUnpack).toContain('**/*.node');
  });

  it('runs the fuse script after packing, and only that (no second fuse configuration)', () => {
    expect(builder.afterPack).toBe('./scripts/electron-fuses.cjs');
    expect(existsSync(join(root, builder.afterPack))).toBe(true);
    expect(builder).not.toHaveProperty('electronFuses');
    expect(rootPackage.devDependencies['@electron/fuses']).toBeDefined();
  });
});

describe('the Electron fuses flipped at pack time', () => {
  it('turns RunAsNode, NODE_OPTIONS and the inspect arguments off', () => {
    expect(fuseScript.FUSES.RunAsNode).toBe(false);
    expect(fuseScript.FUSES.EnableNodeOptionsEnvironmentVariable).toBe(false);
    expect(fuseScript.FUSES.EnableNodeCliInspectArguments).toBe(false);
  });

  it('turns cookie encryption, ASAR integrity and ASAR-only loading on', () => {
    expect(fuseScript.FUSES.EnableCookieEncryption).toBe(true);
    expect(fuseScript.FUSES.EnableEmbeddedAsarIntegrityValidation).toBe(true);
    expect(fuseScript.FUSES.OnlyLoadAppFromAsar).toBe(true);
    expect(fuseScript.FUSES.GrantFileProtocolExtraPrivileges).toBe(false);
  });

  it('hands exactly those fuses to @electron/fuses, by their wire index', () => {
    const sut = fuseScript.fuseConfig({ electronPlatformName: 'linux', arch: Arch.x64 });
    expect(sut).toEqual({
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: false,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
  });

  it('re-signs ad hoc only for Apple Silicon builds', () => {
    expect(
      fuseScript.fuseConfig({ electronPlatformName: 'darwin', arch: Arch.arm64 }).resetAdHocDarwinSignature,
    ).toBe(true);
    expect(
      fuseScript.fuseConfig({ electronPlatformName: 'darwin', arch: Arch.x64 }).resetAdHocDarwinSignature,
    ).toBe(false);
    expect(
      fuseScript.fuseConfig({ electronPlatformName: 'win32', arch: Arch.arm64 }).resetAdHocDarwinSignature,
    ).toBe(false);
  });

  it('flips them through electron-builder on the packed binary', async () => {
    const calls: unknown[][] = [];
    const context = {
      electronPlatformName: 'win32',
      arch: Arch.x64,
      appOutDir: '/out/win-unpacked',
      packager: { addElectronFuses: async (...args: unknown[]) => void calls.push(args) },
    };
    await fuseScript.afterPack(context);
    expect(calls).toEqual([[context, fuseScript.fuseConfig(context)]]);
  });
});

describe('the packed app folder', () => {
  const manifest = desktopAppManifest({ ...rootPackage, name: 'bookdesk', version: '0.1.0' });

  it('lists only the native modules main leaves external, at the repository versions', () => {
    expect(EXTERNAL.filter((name) => name !== 'electron').sort()).toEqual([...DESKTOP_NATIVE_MODULES].sort());
    expect(manifest.dependencies).toEqual({ 'better-sqlite3': rootPackage.dependencies['better-sqlite3'] });
    expect(manifest.optionalDependencies).toEqual({ keytar: rootPackage.optionalDependencies.keytar });
    expect(manifest.main).toBe('dist/main/main/index.js');
  });

  it('carries no server-only module', () => {
    const packed = new Set([
      ...Object.keys(manifest.dependencies),
      ...Object.keys(manifest.optionalDependencies),
    ]);
    for (const serverOnly of [
      'fastify',
      '@fastify/rate-limit',
      'typeorm',
      'pg',
      'argon2',
      'googleapis',
      'tsdav',
    ])
      expect(packed.has(serverOnly), serverOnly).toBe(false);
  });

  const dir = mkdtempSync(join(tmpdir(), 'bookdesk-stage-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is staged from the bundles and the renderer, without source maps', () => {
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ ...rootPackage, name: 'bookdesk', version: '1.2.3' }),
    );
    mkdirSync(join(dir, 'dist', 'main', 'main'), { recursive: true });
    mkdirSync(join(dir, 'dist', 'main', 'preload'), { recursive: true });
    mkdirSync(join(dir, 'dist', 'renderer'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'main', 'main', 'index.js'), '');
    writeFileSync(join(dir, 'dist', 'main', 'main', 'index.js.map'), '');
    writeFileSync(join(dir, 'dist', 'main', 'preload', 'index.cjs'), '');
    writeFileSync(join(dir, 'dist', 'renderer', 'index.html'), '');
    const app = stageDesktopApp(dir);
    expect(JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'))).toMatchObject({ version: '1.2.3' });
    expect(existsSync(join(app, 'dist', 'main', 'main', 'index.js'))).toBe(true);
    expect(existsSync(join(app, 'dist', 'main', 'preload', 'index.cjs'))).toBe(true);
    expect(existsSync(join(app, 'dist', 'renderer', 'index.html'))).toBe(true);
    expect(existsSync(join(app, 'dist', 'main', 'main', 'index.js.map'))).toBe(false);
  });
});
