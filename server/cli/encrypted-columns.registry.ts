/**
 * Every database column holding a SecretCipher ciphertext, so `rotate-keys` can re-encrypt them all.
 * A feature that stores a new kind of secret (e.g. calendar credentials) adds its column here; the AAD
 * of each value must be `secretAad({tenantId, table, column, recordId: <recordColumn value>})`.
 */

/** One encrypted column of a tenant table. */
export interface EncryptedColumn {
  table: string;
  column: string;
  /** The column whose value is the `recordId` bound into each ciphertext's associated data. */
  recordColumn: string;
}

export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: 'users', column: 'mfa_secret', recordColumn: 'id' },
  { table: 'audit_chains', column: 'hmac_key', recordColumn: 'tenant_id' },
  { table: 'calendar_connections', column: 'credential', recordColumn: 'id' },
  { table: 'calendar_oauth_states', column: 'code_verifier', recordColumn: 'id' },
];
