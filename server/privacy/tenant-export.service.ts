import { Readable } from 'node:stream';
import type { AuditLog } from '../audit/audit-log.service';
import type { AuthContext } from '../auth/request-auth';
import type { TenantScope } from '../db/tenant-scope';
import { TenantDataRepository } from '../tenants/tenant-data.repository';

/**
 * Tables left out whole: they hold nothing but credentials or integrity material (token and code
 * hashes, the audit chain's encrypted key and MACs, sign-in lockout state, OAuth handshakes).
 */
const SECRET_TABLES = new Set([
  'access_tokens',
  'refresh_tokens',
  'oauth_authorization_codes',
  'audit_chains',
  'audit_anchors',
  'user_sign_in_states',
  'calendar_oauth_states',
]);

/**
 * Columns left out of every other table: password and token hashes, TOTP secrets and recovery-code
 * hashes, encrypted provider credentials, PKCE verifiers. Matching by name means a new table's
 * secret column is left out too as long as it is named for what it is.
 */
const SECRET_COLUMN = /hash|secret|password|cipher|encrypt|credential|token|verifier|(^|_)mac$/i;

/** Rows per read: each page is its own short transaction, so a large export never holds the database. */
const PAGE_ROWS = 500;

/** The tables and columns an export contains (exported for the tests' secret checks). */
export function exportedColumns(table: string, columns: readonly string[]): string[] {
  if (SECRET_TABLES.has(table)) return [];
  return columns.filter((c) => !SECRET_COLUMN.test(c));
}

/**
 * `GET /v1/tenant/export`: every row of every table of the tenant as one JSON document, streamed
 * table by table in pages (`{format, tenantId, exportedAt, tables: {<table>: [rows]}}`), without
 * secrets. Audited (data.exported) before the first byte.
 */
export class TenantExportService {
  constructor(
    private readonly deps: {
      now: () => Date;
      audit: Pick<AuditLog, 'record'>;
      /** Rows per read (default {@link PAGE_ROWS}). */
      pageRows?: number;
    },
  ) {}

  async export(scope: TenantScope, auth: AuthContext): Promise<Readable> {
    const exportedAt = this.deps.now();
    const plan = await scope.transaction(async (tx) => {
      const data = tx.get(TenantDataRepository);
      const tables: { table: string; columns: string[]; orderBy: string[] }[] = [];
      for (const table of [...(await data.tablesChildrenFirst())].sort()) {
        const columns = exportedColumns(table, await data.columns(table));
        if (columns.length === 0) continue;
        const key = await data.primaryKey(table);
        tables.push({ table, columns, orderBy: key.length > 0 ? key : columns });
      }
      return tables;
    });
    await this.deps.audit.record(scope, {
      type: 'data.exported',
      actorId: auth.userId ?? auth.credentialId,
      data: { subject: 'tenant', tables: plan.length },
    });
    return Readable.from(documentOf(scope, plan, exportedAt, this.deps.pageRows ?? PAGE_ROWS));
  }
}

async function* documentOf(
  scope: TenantScope,
  plan: { table: string; columns: string[]; orderBy: string[] }[],
  exportedAt: Date,
  pageRows: number,
): AsyncGenerator<string> {
  yield (
    `{"format":"bookdesk-tenant-export/1","tenantId":${JSON.stringify(scope.tenantId)},` +
    `"exportedAt":${JSON.stringify(exportedAt.toISOString())},"tables":{`
  );
  for (const [i, { table, columns, orderBy }] of plan.entries()) {
    yield `${i > 0 ? ',' : ''}${JSON.stringify(table)}:[`;
    for (let offset = 0, first = true; ; offset += pageRows) {
      const rows = await scope.transaction((tx) =>
        tx.get(TenantDataRepository).page(table, columns, orderBy, offset, pageRows),
      );
      if (rows.length > 0) {
        yield `${first ? '' : ','}${rows.map((row) => JSON.stringify(row)).join(',')}`;
        first = false;
      }
      if (rows.length < pageRows) break;
    }
    yield ']';
  }
  yield '}}';
}
