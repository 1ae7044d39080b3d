import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './tenant-rls';

/**
 * Front-desk tables (issue 4): staff (+ the services they perform, time off), services, customers,
 * custom booking fields, bookings and imported external busy blocks. Every key starts with tenant_id.
 *
 * Double booking is refused by the database: `bookings_no_overlap` excludes two active bookings of
 * one staff member whose busy ranges (`busy_from`/`busy_to`: the booking widened by its service's
 * buffers, stored explicitly) overlap. btree_gist supplies the `=` operators on uuid inside GiST;
 * it is a trusted extension, so the database owner can create it without superuser rights.
 * `version` columns are reserved for the sync protocol's per-tenant change numbers.
 */
export class FrontDesk1764250000000 implements MigrationInterface {
  name = 'FrontDesk1764250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`
      CREATE TABLE services (
        tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
        id uuid NOT NULL,
        name text NOT NULL,
        duration_minutes integer NOT NULL CHECK (duration_minutes > 0),
        buffer_before_minutes integer NOT NULL CHECK (buffer_before_minutes >= 0),
        buffer_after_minutes integer NOT NULL CHECK (buffer_after_minutes >= 0),
        min_notice_minutes integer NOT NULL,
        max_advance_days integer NOT NULL,
        price_cents integer,
        created_at timestamptz NOT NULL,
        version bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, id)
      )`);
    await q.query(`
      CREATE TABLE staff (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        name text NOT NULL,
        email text,
        location_id uuid NOT NULL,
        color text NOT NULL,
        weekly_hours jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        version bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id)
      )`);
    await q.query(`
      CREATE TABLE staff_services (
        tenant_id uuid NOT NULL,
        staff_id uuid NOT NULL,
        service_id uuid NOT NULL,
        position integer NOT NULL,
        PRIMARY KEY (tenant_id, staff_id, service_id),
        FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id) ON DELETE CASCADE,
        FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX staff_services_service_idx ON staff_services (tenant_id, service_id)`);
    await q.query(`
      CREATE TABLE staff_time_off (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        staff_id uuid NOT NULL,
        start_at timestamptz NOT NULL,
        end_at timestamptz NOT NULL CHECK (end_at > start_at),
        reason text,
        created_at timestamptz NOT NULL,
        version bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX staff_time_off_staff_idx ON staff_time_off (tenant_id, staff_id, start_at)`);
    await q.query(`
      CREATE TABLE customers (
        tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
        id uuid NOT NULL,
        name text NOT NULL,
        phone text,
        email text,
        notes text,
        created_at timestamptz NOT NULL,
        version bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, id)
      )`);
    await q.query(`
      CREATE TABLE custom_fields (
        tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
        id uuid NOT NULL,
        key text NOT NULL,
        label text NOT NULL,
        type text NOT NULL CHECK (type IN ('text', 'number', 'select', 'checkbox')),
        required boolean NOT NULL,
        options jsonb,
        created_at timestamptz NOT NULL,
        version bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, key)
      )`);
    await q.query(`
      CREATE TABLE bookings (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        location_id uuid NOT NULL,
        service_id uuid NOT NULL,
        staff_id uuid NOT NULL,
        customer_id uuid,
        start_at timestamptz NOT NULL,
        end_at timestamptz NOT NULL,
        busy_from timestamptz NOT NULL,
        busy_to timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('booked', 'checked_in', 'in_service', 'completed', 'no_show', 'cancelled')),
        source text NOT NULL CHECK (source IN ('desk', 'phone', 'walk_in', 'online')),
        fields jsonb,
        notes text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, id),
        CHECK (end_at > start_at AND busy_from <= start_at AND busy_to >= end_at),
        FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id),
        FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id),
        FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id),
        FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
        CONSTRAINT bookings_no_overlap EXCLUDE USING gist (
          tenant_id WITH =,
          staff_id WITH =,
          tstzrange(busy_from, busy_to, '[)') WITH &&
        ) WHERE (status IN ('booked', 'checked_in', 'in_service'))
      )`);
    await q.query(`CREATE INDEX bookings_start_idx ON bookings (tenant_id, start_at)`);
    await q.query(`CREATE INDEX bookings_customer_idx ON bookings (tenant_id, customer_id)`);
    await q.query(`
      CREATE TABLE external_busy (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        staff_id uuid NOT NULL,
        source text NOT NULL CHECK (source IN ('google', 'microsoft', 'caldav')),
        connection_id uuid,
        event_id_hash text,
        subject text NOT NULL,
        start_at timestamptz NOT NULL,
        end_at timestamptz NOT NULL CHECK (end_at >= start_at),
        duration_minutes integer NOT NULL,
        created_at timestamptz NOT NULL,
        version bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, connection_id, event_id_hash),
        FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX external_busy_staff_idx ON external_busy (tenant_id, staff_id, start_at)`);

    const dml = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const;
    for (const table of [
      'services',
      'staff',
      'staff_services',
      'staff_time_off',
      'customers',
      'custom_fields',
      'bookings',
      'external_busy',
    ]) {
      await enableTenantRls(q, table, dml);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'external_busy',
      'bookings',
      'custom_fields',
      'customers',
      'staff_time_off',
      'staff_services',
      'staff',
      'services',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
