/**
 * electron-builder's afterPack hook (electron-builder.yml): flips the Electron fuses of the packed
 * binary. It runs before signing, so the OS code signature then covers the flipped bits and they
 * cannot be flipped back without breaking it. tests/desktop/electron-package.test.ts checks each one.
 */
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS hook: electron-builder require()s it */

const { FuseV1Options, FuseVersion } = require('@electron/fuses');
const { Arch } = require('electron-builder');

/** Each fuse by its @electron/fuses name, and what it closes. */
const FUSES = Object.freeze({
  /** ELECTRON_RUN_AS_NODE would turn the signed binary into a plain Node.js for any script. */
  RunAsNode: false,
  /** NODE_OPTIONS (`--require evil.js`) would run code inside main. */
  EnableNodeOptionsEnvironmentVariable: false,
  /** `--inspect` and friends would attach a debugger to main, keys and tokens included. */
  EnableNodeCliInspectArguments: false,
  /** The session's cookies are encrypted at rest with the OS key store. */
  EnableCookieEncryption: true,
  /** app.asar is checked against the hash embedded at pack time before anything is loaded from it. */
  EnableEmbeddedAsarIntegrityValidation: true,
  /** The app loads only from app.asar, never from a loose `app/` folder dropped next to it. */
  OnlyLoadAppFromAsar: true,
  /** Pages come from app://bookdesk/; file:// gets none of its old extra privileges. */
  GrantFileProtocolExtraPrivileges: false,
});

/** The @electron/fuses configuration for one packed target. */
function fuseConfig(context) {
  const config = {
    version: FuseVersion.V1,
    // Flipping invalidates the ad-hoc signature Apple Silicon requires before the real signing.
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === Arch.arm64,
  };
  for (const [name, value] of Object.entries(FUSES)) {
    if (!(name in FuseV1Options)) throw new Error(`Unknown Electron fuse ${name}`);
    config[FuseV1Options[name]] = value;
  }
  return config;
}

/** afterPack: electron-builder finds the packed binary (name and extension per platform) itself. */
async function afterPack(context) {
  await context.packager.addElectronFuses(context, fuseConfig(context));
}

module.exports = { FUSES, fuseConfig, afterPack };
