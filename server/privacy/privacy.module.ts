/**
 * Privacy and account lifecycle as one unit for the composition root: platform.ts builds
 * {@link Privacy} with `buildPrivacy`, app.ts registers `privacyRoutes` in the authenticated scope
 * and starts the purge of cancelled accounts (`startTenantPurge`).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { AuditLog } from '../audit/audit-log.service';
import type { PasswordHasher } from '../auth/password.hasher';
import type { TokenService } from '../auth/token.service';
import type { MaintenanceLookups } from '../db/maintenance-lookups';
import type { TenantScopes } from '../db/tenant-scope';
import { TenantLifecycleService } from '../tenants/tenant-lifecycle.service';
import type { CalendarDisconnector } from '../tenants/tenant-lifecycle.service';
import { CustomerPrivacyService } from './customer-privacy.service';
import type { Privacy } from './privacy.routes';
import { TenantExportService } from './tenant-export.service';

export interface PrivacyDeps {
  now: () => Date;
  audit: Pick<AuditLog, 'append' | 'record'>;
  passwords: Pick<PasswordHasher, 'verify'>;
  tokens: Pick<TokenService, 'revokeEverything'>;
  calendarDisconnector?: CalendarDisconnector;
  log?: (message: string, error: unknown) => void;
}

export function buildPrivacy(deps: PrivacyDeps): Privacy {
  return {
    customers: new CustomerPrivacyService(deps),
    tenantExport: new TenantExportService(deps),
    lifecycle: new TenantLifecycleService(deps),
  };
}

/** How often the purge looks for cancelled accounts whose deletion is due. */
export const TENANT_PURGE_INTERVAL_MS = 6 * 3600_000;

/** Runs the purge periodically (first run shortly after start); returns a stop function. Failures are logged. */
export function startTenantPurge(
  privacy: Privacy,
  scopes: TenantScopes,
  maintenance: MaintenanceLookups,
  log: FastifyBaseLogger,
  intervalMs = TENANT_PURGE_INTERVAL_MS,
): () => void {
  const run = () => {
    privacy.lifecycle.purgeDue(scopes, maintenance).then(
      (report) => {
        if (report.purged.length > 0) log.info({ tenants: report.purged }, 'purged cancelled accounts');
      },
      (error: unknown) => log.error({ err: error }, 'purging cancelled accounts failed'),
    );
  };
  const first = setTimeout(run, 90_000);
  const timer = setInterval(run, intervalMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
