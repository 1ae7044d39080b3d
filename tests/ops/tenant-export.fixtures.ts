/**
 * Shared by the restore-tenant suites (SQLite backups and pgBackRest): a tenant's export as text, to
 * compare byte for byte, and the tables a restore deliberately leaves moving forward.
 */
import type { Readable } from 'node:stream';
import type { AuthContext } from '../../server/auth/request-auth';
import { TenantExportService } from '../../server/privacy/tenant-export.service';
import type { SeededTenant, TestApp } from '../support/api';

/** Tables whose rows a restore leaves moving forward (server/ops/restore-tenant.service.ts). */
export const FORWARD_ONLY = [
  'audit_events',
  'sync_changes',
  'sync_clients',
  'sync_retention',
  'tenant_versions',
  'tenant_config_versions',
];

async function text(stream: Readable): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += String(chunk);
  return out;
}

/**
 * The owner's export of a tenant of `app()` (read when called: suites start their app in beforeAll),
 * through an export service that records no audit event, so exporting does not change what it exports.
 */
export function tenantExportOf(app: () => TestApp, now: () => Date): (t: SeededTenant) => Promise<string> {
  const exporter = new TenantExportService({ now, audit: { record: async () => ({}) as never } });
  return async (t) =>
    text(
      await exporter.export(app().platform.scopes.forTenant(t.tenantId), {
        tenantId: t.tenantId,
        userId: t.userId,
        role: 'owner',
        credentialId: t.userId,
        kind: 'access_token',
      } as AuthContext),
    );
}
