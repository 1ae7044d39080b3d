import type { TenantTransaction } from '../db/tenant-scope';
import { SqlRepository } from '../db/sql-repository';
import type { SyncEntity } from './sync-entities';

/**
 * Rows that a delete changes through `ON DELETE CASCADE` without their own service noticing, read
 * before the delete so their changes can be recorded in the feed too.
 */
export class SyncDependentsRepository extends SqlRepository {
  /** Time off and imported busy blocks of a staff member (deleted with them). */
  async ofStaff(staffId: string): Promise<{ entity: SyncEntity; id: string }[]> {
    const rows = await this.sql<{ entity: SyncEntity; id: string }>(
      `SELECT 'timeOff' AS entity, id FROM staff_time_off WHERE tenant_id = ? AND staff_id = ?
       UNION ALL
       SELECT 'externalBusy', id FROM external_busy WHERE tenant_id = ? AND staff_id = ?`,
      [this.tenantId, staffId, this.tenantId, staffId],
    );
    return rows.map((r) => ({ entity: r.entity, id: String(r.id) }));
  }

  /** Staff performing a service (their `serviceIds` lose it when the service is deleted). */
  async staffPerforming(serviceId: string): Promise<string[]> {
    const rows = await this.sql<{ staff_id: string }>(
      `SELECT staff_id FROM staff_services WHERE tenant_id = ? AND service_id = ?`,
      [this.tenantId, serviceId],
    );
    return rows.map((r) => String(r.staff_id));
  }
}

/** The repository of `tx` (a function so that services need no extra import of the class). */
export function syncDependents(tx: TenantTransaction): SyncDependentsRepository {
  return tx.get(SyncDependentsRepository);
}
