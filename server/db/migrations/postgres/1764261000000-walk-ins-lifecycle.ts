import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_GROUP_ROLE } from '../../postgres-roles';
import { enableTenantRls } from './tenant-rls';

/**
 * Walk-in queue (one row per arrival; the queue is today's waiting/called rows of a location in
 * arrival order) and account cancellation (`tenant_cancellations`: when, by whom, and when the
 * tenant's data is due for deletion). The purge (server/tenants/tenant-lifecycle.service.ts) deletes
 * every row of a cancelled tenant inside that tenant's RLS context, so the app role also needs DELETE
 * on the tables the earlier migrations granted without it.
 */
export class WalkInsLifecycle1764261000000 implements MigrationInterface {
  name = 'WalkInsLifecycle1764261000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE walk_ins (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        location_id uuid NOT NULL,
        customer_id uuid,
        service_id uuid NOT NULL,
        staff_id uuid,
        party_size integer NOT NULL CHECK (party_size BETWEEN 1 AND 20),
        notes text,
        status text NOT NULL CHECK (status IN ('waiting', 'called', 'started', 'no_show', 'left')),
        queue_seq bigint NOT NULL,
        arrived_at timestamptz NOT NULL,
        called_at timestamptz,
        ended_at timestamptz,
        booking_id uuid,
        updated_at timestamptz NOT NULL,
        version bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id),
        FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
        FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id),
        FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id),
        FOREIGN KEY (tenant_id, booking_id) REFERENCES bookings (tenant_id, id)
      )`);
    await q.query(`CREATE INDEX walk_ins_queue_idx ON walk_ins (tenant_id, location_id, arrived_at)`);
    await q.query(`CREATE INDEX walk_ins_customer_idx ON walk_ins (tenant_id, customer_id)`);
    await q.query(`
      CREATE TABLE tenant_cancellations (
        tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
        cancelled_at timestamptz NOT NULL,
        cancelled_by text,
        deletion_due_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id)
      )`);
    const dml = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const;
    await enableTenantRls(q, 'walk_ins', dml);
    await enableTenantRls(q, 'tenant_cancellations', dml);
    // The purge of a cancelled tenant (still limited to that tenant by RLS).
    await q.query(`GRANT DELETE ON tenants, audit_chains, audit_anchors TO ${APP_GROUP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE DELETE ON tenants, audit_chains, audit_anchors FROM ${APP_GROUP_ROLE}`);
    await q.query(`DROP TABLE tenant_cancellations`);
    await q.query(`DROP TABLE walk_ins`);
  }
}
