/**
 * restore-tenant on the embedded store: the newest backup taken at or before `at` is decrypted into a
 * scratch database (migrated to the current schema when it is older), read, and closed and deleted
 * again; see ./restore-tenant.service.ts for what is replaced.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditLog } from '../audit/audit-log.service';
import { openDatabase } from '../db/data-source';
import { TenantScopes } from '../db/tenant-scope';
import type { SqliteBackupService } from './backup.service';
import type { RestoreTenantReport } from './restore-tenant.service';
import { RestoreTenantError, RestoreTenantService } from './restore-tenant.service';

export async function restoreTenantFromSqliteBackup(
  deps: {
    backups: SqliteBackupService;
    live: TenantScopes;
    audit: Pick<AuditLog, 'append'>;
    now: () => Date;
  },
  tenantId: string,
  at: Date,
): Promise<RestoreTenantReport & { backupTakenAt: string }> {
  const backup = await deps.backups.latestAtOrBefore(at);
  if (!backup) throw new RestoreTenantError(`no backup taken at or before ${at.toISOString()}`);
  const dir = await mkdtemp(join(tmpdir(), 'bookdesk-scratch-'));
  try {
    const file = join(dir, 'scratch.sqlite');
    await deps.backups.decryptTo(backup, file);
    const scratch = await openDatabase({ store: 'sqlite', url: file });
    try {
      const report = await new RestoreTenantService(deps).restore(tenantId, new TenantScopes(scratch), {
        at,
        backupId: backup.header.id,
      });
      return { ...report, backupTakenAt: backup.header.takenAt };
    } finally {
      await scratch.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
