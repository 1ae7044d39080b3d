/**
 * The `rotate-keys` walk (server/crypto/README.md "Rotating"): every registered encrypted column of
 * every tenant, one transaction per tenant and column, re-encrypted under the active master key.
 * Idempotent: values already under the active key are counted and left alone.
 */
import type { SecretCipher } from '../crypto/secret.cipher';
import { SecretDecryptionError, secretAad } from '../crypto/secret.cipher';
import type { MaintenanceLookups } from '../db/maintenance-lookups';
import type { TenantScopes } from '../db/tenant-scope';
import { EncryptedColumnRepository } from './encrypted-column.repository';
import type { EncryptedColumn } from './encrypted-columns.registry';
import { ENCRYPTED_COLUMNS } from './encrypted-columns.registry';

/** What a rotation run did. */
export interface RotationReport {
  activeKeyId: string;
  tenants: number;
  /** Values examined. */
  scanned: number;
  /** Values rewritten under the active key. */
  reencrypted: number;
  /** Values already under the active key. */
  current: number;
  /** Values that did not decrypt (tampered, moved or under an unknown key): left as they are. */
  failed: { table: string; column: string; tenantId: string; recordId: string; reason: string }[];
}

export class KeyRotationService {
  constructor(
    private readonly scopes: TenantScopes,
    private readonly tenants: MaintenanceLookups,
    private readonly cipher: SecretCipher,
    private readonly activeKeyId: string,
    private readonly columns: readonly EncryptedColumn[] = ENCRYPTED_COLUMNS,
  ) {}

  async rotate(): Promise<RotationReport> {
    const report: RotationReport = {
      activeKeyId: this.activeKeyId,
      tenants: 0,
      scanned: 0,
      reencrypted: 0,
      current: 0,
      failed: [],
    };
    for (const tenantId of await this.tenants.tenantIds()) {
      report.tenants += 1;
      for (const column of this.columns) {
        await this.scopes.forTenant(tenantId).transaction(async (tx) => {
          const repository = tx.get(EncryptedColumnRepository);
          for (const { recordId, value } of await repository.values(column)) {
            report.scanned += 1;
            const aad = secretAad({ tenantId, table: column.table, column: column.column, recordId });
            try {
              const next = this.cipher.reencrypt(value, aad);
              if (next === value) report.current += 1;
              else if (await repository.replace(column, recordId, value, next)) report.reencrypted += 1;
            } catch (error) {
              if (!(error instanceof SecretDecryptionError)) throw error;
              report.failed.push({
                table: column.table,
                column: column.column,
                tenantId,
                recordId,
                reason: error.reason,
              });
            }
          }
        });
      }
    }
    return report;
  }
}
