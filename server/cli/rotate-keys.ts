/**
 * `npx tsx server/cli/rotate-keys.ts [--add-key]`: re-encrypts every encrypted column of every tenant
 * under the newest master key (server/crypto/README.md "Rotating"), then prints what it did as JSON.
 * `--add-key` (embedded key file only) first prepends a fresh key to `<BOOKDESK_DATA_DIR>/master.key`.
 * Reads the same environment as the server. Exit status 1 when some value did not decrypt.
 */
import { ConfigError, loadConfig } from '../config';
import { addMasterKeyToFile } from '../crypto/master-key.keyring';
import { openPlatform } from '../platform';

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((arg) => arg !== '--add-key');
  if (unknown.length > 0) {
    console.error(`rotate-keys: unknown argument ${unknown[0]}\nusage: rotate-keys [--add-key]`);
    return 2;
  }
  const config = loadConfig();
  if (argv.includes('--add-key')) {
    if (config.masterKeys) {
      console.error(
        'rotate-keys: --add-key edits the embedded key file; with BOOKDESK_MASTER_KEYS set, put the new key first there',
      );
      return 2;
    }
    const keyring = addMasterKeyToFile(config.dataDir);
    console.error(`rotate-keys: added master key ${keyring.activeKeyId}`);
  }
  const platform = await openPlatform({ ...config, logLevel: 'silent' });
  try {
    const report = await platform.keyRotation.rotate();
    console.log(JSON.stringify(report, null, 2));
    return report.failed.length > 0 ? 1 : 0;
  } finally {
    await platform.close();
  }
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    console.error(
      `rotate-keys: ${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
