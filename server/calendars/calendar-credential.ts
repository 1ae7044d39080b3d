/**
 * What a connection keeps secret, sealed as ONE SecretCipher ciphertext in
 * `calendar_connections.credential`: the provider credential (OAuth tokens, the MSAL cache with its
 * id-token claims, a CalDAV app-specific password) and the sync cursor (a Graph delta link carries a
 * token; CalDAV state names the calendar's objects). The AAD binds tenant, table, column and row, so
 * a ciphertext copied to another row or tenant does not decrypt. Both columns are in
 * server/cli/encrypted-columns.registry.ts, so `npm run rotate-keys` re-encrypts them.
 */
import { secretAad } from '../crypto/secret.cipher';
import type { SecretCipher } from '../crypto/secret.cipher';
import type { SyncState } from './calendar-provider';

export const CONNECTION_SECRET = { table: 'calendar_connections', column: 'credential', recordColumn: 'id' };
export const OAUTH_VERIFIER = { table: 'calendar_oauth_states', column: 'code_verifier', recordColumn: 'id' };

/** The decrypted content of a connection's `credential` column. */
export interface ConnectionSecret {
  credential: unknown;
  state: SyncState | null;
}

export function sealConnectionSecret(
  cipher: SecretCipher,
  tenantId: string,
  connectionId: string,
  secret: ConnectionSecret,
): string {
  return cipher.encrypt(JSON.stringify(secret), connectionAad(tenantId, connectionId));
}

export function openConnectionSecret(
  cipher: SecretCipher,
  tenantId: string,
  connectionId: string,
  ciphertext: string,
): ConnectionSecret {
  return JSON.parse(cipher.decrypt(ciphertext, connectionAad(tenantId, connectionId))) as ConnectionSecret;
}

function connectionAad(tenantId: string, recordId: string): string {
  return secretAad({ tenantId, table: CONNECTION_SECRET.table, column: CONNECTION_SECRET.column, recordId });
}

export function verifierAad(tenantId: string, stateId: string): string {
  return secretAad({
    tenantId,
    table: OAUTH_VERIFIER.table,
    column: OAUTH_VERIFIER.column,
    recordId: stateId,
  });
}
