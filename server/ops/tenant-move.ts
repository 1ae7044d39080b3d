/**
 * Moving a business between regions (README.md "Operations", regions): each region is its own
 * deployment (API + database + master keys). The source exports every row of the tenant with its
 * encrypted values decrypted (`exportForMove`), the target imports them in one transaction, encrypting
 * those values again under ITS master keys (`importMovedTenant`, behind POST /v1/ops/tenant-import),
 * both sides compute the same digest of what they hold (plaintext secrets hashed), and only when
 * they agree, and the source still holds exactly what it exported (checked inside the purge's own
 * transaction), does the source purge the tenant (`purgeTenant`). Its sessions end first. Sessions do not move (tokens, codes,
 * sign-in lockout state, OAuth handshakes): the desk signs in again at the target.
 */
import { createHash } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log.service';
import { ENCRYPTED_COLUMNS } from '../cli/encrypted-columns.registry';
import type { SecretCipher } from '../crypto/secret.cipher';
import { secretAad } from '../crypto/secret.cipher';
import type { GlobalLookups } from '../db/global-lookups';
import type { TenantScopes } from '../db/tenant-scope';
import { ConflictError, ValidationError } from '../errors';
import { TenantDataRepository } from '../tenants/tenant-data.repository';
import { TenantRowsRepository } from './restore-tenant.repository';
import type { TableRows } from './restore-tenant.service';
import { readTenantRowsIn } from './restore-tenant.service';
import { writeTenantRows } from './tenant-copy';

/** Tables that do not move: sessions and handshakes, and what the database maintains itself. */
export const NOT_MOVED: ReadonlySet<string> = new Set([
  'access_tokens',
  'refresh_tokens',
  'oauth_authorization_codes',
  'calendar_oauth_states',
  'user_sign_in_states',
  'sign_in_throttles',
  'sign_in_form_uses',
  'tenant_config_versions',
]);

/** One encrypted value, decrypted for the move (travels only over the operator's TLS connection). */
export interface MovedSecret {
  table: string;
  column: string;
  recordId: string;
  value: string;
}

export interface TenantMovePayload {
  format: 'bookdesk-tenant-move/1';
  tenantId: string;
  fromRegion: string;
  tables: TableRows[];
  secrets: MovedSecret[];
}

/** What the target answers after importing. */
export interface TenantImportResult {
  tenantId: string;
  region: string;
  rows: number;
  digest: string;
}

const encryptedColumnsOf = (table: string) => ENCRYPTED_COLUMNS.filter((c) => c.table === table);

/** Blanks every registered encrypted value of `tables` (in place) and returns them decrypted. */
function takeSecrets(tables: TableRows[], cipher: SecretCipher, tenantId: string): MovedSecret[] {
  const secrets: MovedSecret[] = [];
  for (const { table, rows } of tables) {
    for (const column of encryptedColumnsOf(table)) {
      for (const row of rows) {
        const value = row[column.column];
        if (typeof value !== 'string') continue;
        const recordId = String(row[column.recordColumn]);
        secrets.push({
          table,
          column: column.column,
          recordId,
          value: cipher.decrypt(value, secretAad({ tenantId, table, column: column.column, recordId })),
        });
        row[column.column] = '';
      }
    }
  }
  return secrets;
}

/**
 * Reads the tenant for a move in ONE transaction (a consistent snapshot), every encrypted value
 * decrypted into `secrets` (and blanked in the rows).
 */
export async function exportForMove(
  scopes: TenantScopes,
  cipher: SecretCipher,
  tenantId: string,
  fromRegion: string,
): Promise<TenantMovePayload> {
  const tables = await scopes.forTenant(tenantId).transaction(async (tx) => {
    if (!(await tx.get(TenantRowsRepository).tenantExists()))
      throw new Error(`tenant ${tenantId} is not here`);
    return readTenantRowsIn(tx, NOT_MOVED);
  });
  const secrets = takeSecrets(tables, cipher, tenantId);
  return { format: 'bookdesk-tenant-move/1', tenantId, fromRegion, tables, secrets };
}

/**
 * The digest both sides compare: every moved row (in table and key order), encrypted values replaced
 * by the SHA-256 of their plaintext, the tenant's region left out (it changes by design).
 */
export function moveDigest(tables: readonly TableRows[], secrets: readonly MovedSecret[]): string {
  const plain = new Map(secrets.map((s) => [`${s.table}|${s.column}|${s.recordId}`, s.value]));
  const hash = createHash('sha256');
  for (const { table, rows } of [...tables].sort((a, b) => a.table.localeCompare(b.table))) {
    const encrypted = encryptedColumnsOf(table);
    hash.update(`${table}\n`);
    for (const row of rows) {
      const copy: Record<string, unknown> = { ...row };
      if (table === 'tenants') delete copy.region;
      for (const column of encrypted) {
        const secret = plain.get(`${table}|${column.column}|${String(row[column.recordColumn])}`);
        if (secret !== undefined) copy[column.column] = createHash('sha256').update(secret).digest('hex');
      }
      hash.update(`${JSON.stringify(Object.entries(copy).sort(([a], [b]) => a.localeCompare(b)))}\n`);
    }
  }
  return hash.digest('hex');
}

/**
 * The target's side: refuses a tenant it already has and any table or column it does not know,
 * writes every row in one transaction (the tenant's region set to this deployment's, secrets
 * encrypted under this deployment's keys), re-reads and digests what it now holds, and audits the move.
 */
export async function importMovedTenant(
  deps: {
    scopes: TenantScopes;
    cipher: SecretCipher;
    audit: Pick<AuditLog, 'record'>;
    lookups: Pick<GlobalLookups, 'findUsersByEmail'>;
    region: string;
  },
  payload: TenantMovePayload,
): Promise<TenantImportResult> {
  const { tenantId } = payload;
  // Emails are unique across every business of a deployment (sign-in names no tenant).
  for (const user of payload.tables.find((t) => t.table === 'users')?.rows ?? []) {
    if ((await deps.lookups.findUsersByEmail(String(user.email))).length > 0)
      throw new ConflictError(
        'already-exists',
        `a user with the email of user ${String(user.id)} exists here`,
      );
  }
  const scope = deps.scopes.forTenant(tenantId);
  const known = await scope.transaction(async (tx) => {
    if (await tx.get(TenantRowsRepository).tenantExists())
      throw new ConflictError('already-exists', `tenant ${tenantId} already exists in region ${deps.region}`);
    const columns = new Map<string, Set<string>>();
    for (const table of await tx.get(TenantDataRepository).tablesChildrenFirst())
      if (!NOT_MOVED.has(table))
        columns.set(table, new Set(await tx.get(TenantRowsRepository).writableColumns(table)));
    return columns;
  });
  for (const { table, rows } of payload.tables) {
    const columns = known.get(table);
    if (!columns) throw new ValidationError(`table ${table} is not a tenant table of this deployment`);
    for (const row of rows)
      for (const key of Object.keys(row))
        if (!columns.has(key)) throw new ValidationError(`column ${table}.${key} is not known here`);
  }
  const secrets = new Map(payload.secrets.map((s) => [`${s.table}|${s.column}|${s.recordId}`, s.value]));
  const rows = await writeTenantRows(deps.scopes, tenantId, payload.tables, (table, row) => {
    const out: Record<string, unknown> = { ...row };
    if (table === 'tenants') out.region = deps.region;
    for (const column of encryptedColumnsOf(table)) {
      const recordId = String(row[column.recordColumn]);
      const value = secrets.get(`${table}|${column.column}|${recordId}`);
      if (value !== undefined)
        out[column.column] = deps.cipher.encrypt(
          value,
          secretAad({ tenantId, table, column: column.column, recordId }),
        );
    }
    return out;
  });
  const stored = await exportForMove(deps.scopes, deps.cipher, tenantId, payload.fromRegion);
  const digest = moveDigest(stored.tables, stored.secrets);
  await deps.audit.record(scope, {
    type: 'tenant.moved',
    actorId: null,
    data: { from: payload.fromRegion, to: deps.region, rows },
  });
  return { tenantId, region: deps.region, rows, digest };
}

/**
 * Deletes every row of the tenant in this database, in one transaction (children first). With
 * `expected`, only if what the tenant holds, read in that same transaction, still has that digest
 * (nothing was written since it was exported); otherwise nothing is deleted.
 */
export async function purgeTenant(
  scopes: TenantScopes,
  tenantId: string,
  expected?: { digest: string; cipher: SecretCipher },
): Promise<number> {
  return scopes.forTenant(tenantId).transaction(async (tx) => {
    if (expected) {
      const tables = await readTenantRowsIn(tx, NOT_MOVED);
      const now = moveDigest(tables, takeSecrets(tables, expected.cipher, tenantId));
      if (now !== expected.digest)
        throw new Error(
          `tenant ${tenantId} changed here after it was exported: nothing purged; remove the copy at the target and move again`,
        );
    }
    const data = tx.get(TenantDataRepository);
    const rows = tx.get(TenantRowsRepository);
    let deleted = 0;
    for (const table of await data.tablesChildrenFirst()) {
      deleted += await rows.count(table);
      await data.deleteAll(table);
    }
    return deleted;
  });
}

/** Ends every session of the tenant here (they do not move): desks stop writing and sign in at the target. */
async function endSessions(scopes: TenantScopes, tenantId: string): Promise<void> {
  await scopes.forTenant(tenantId).transaction(async (tx) => {
    const data = tx.get(TenantDataRepository);
    for (const table of ['access_tokens', 'refresh_tokens', 'oauth_authorization_codes'])
      await data.deleteAll(table);
  });
}

/** A report of `npm run move-tenant`. */
export interface MoveReport {
  tenantId: string;
  from: string;
  to: string;
  toUrl: string;
  rowsMoved: number;
  secretsReencrypted: number;
  digest: string;
  rowsPurgedAtSource: number;
  durationMs: number;
}

/**
 * The source's side (`npm run move-tenant -- --tenant <id> --to <url>`): export, import at the target,
 * verify (same row count and digest), then purge here. Nothing is purged unless the target verified.
 */
export async function moveTenant(
  deps: { scopes: TenantScopes; cipher: SecretCipher; region: string; fetch?: typeof fetch },
  tenantId: string,
  to: { url: string; opsToken: string },
): Promise<MoveReport> {
  const started = performance.now();
  const http = deps.fetch ?? fetch;
  const base = to.url.replace(/\/+$/, '');
  const health = (await (await http(`${base}/healthz`)).json()) as { region?: string };
  if (!health.region) throw new Error(`${base}/healthz did not report a region`);
  if (health.region === deps.region) throw new Error(`${base} is this region (${deps.region}) already`);
  await endSessions(deps.scopes, tenantId);
  const payload = await exportForMove(deps.scopes, deps.cipher, tenantId, deps.region);
  const digest = moveDigest(payload.tables, payload.secrets);
  const rowsMoved = payload.tables.reduce((n, t) => n + t.rows.length, 0);
  const response = await http(`${base}/v1/ops/tenant-import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${to.opsToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  if (response.status !== 201)
    throw new Error(`the target refused the import: ${response.status} ${await response.text()}`);
  const result = (await response.json()) as TenantImportResult;
  if (result.rows !== rowsMoved || result.digest !== digest)
    throw new Error(
      `the target holds something else than was sent (rows ${result.rows}/${rowsMoved}, digest ${result.digest} vs ${digest}); nothing purged here`,
    );
  const rowsPurgedAtSource = await purgeTenant(deps.scopes, tenantId, { digest, cipher: deps.cipher });
  return {
    tenantId,
    from: deps.region,
    to: result.region,
    toUrl: base,
    rowsMoved,
    secretsReencrypted: payload.secrets.length,
    digest,
    rowsPurgedAtSource,
    durationMs: Math.round(performance.now() - started),
  };
}
