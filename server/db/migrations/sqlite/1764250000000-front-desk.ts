import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Front-desk tables on SQLite: same shape and keys as the PostgreSQL migration of the same name.
 * SQLite has no exclusion constraints: double booking is refused by checking inside a write
 * transaction that holds SQLite's single write lock from its first statement (see
 * server/bookings/booking.repository.ts), so no other writer can slip in between check and insert.
 */
export class FrontDesk1764250000000 implements MigrationInterface {
  name = 'FrontDesk1764250000000';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE services (
        tenant_id TEXT NOT NULL REFERENCES tenants (tenant_id),
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
        buffer_before_minutes INTEGER NOT NULL CHECK (buffer_before_minutes >= 0),
        buffer_after_minutes INTEGER NOT NULL CHECK (buffer_after_minutes >= 0),
        min_notice_minutes INTEGER NOT NULL,
        max_advance_days INTEGER NOT NULL,
        price_cents INTEGER,
        created_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, id)
      )`,
      `CREATE TABLE staff (
        tenant_id TEXT NOT NULL,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        email TEXT,
        location_id TEXT NOT NULL,
        color TEXT NOT NULL,
        weekly_hours TEXT NOT NULL,
        created_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id)
      )`,
      `CREATE TABLE staff_services (
        tenant_id TEXT NOT NULL,
        staff_id TEXT NOT NULL,
        service_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (tenant_id, staff_id, service_id),
        FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id) ON DELETE CASCADE,
        FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id) ON DELETE CASCADE
      )`,
      `CREATE INDEX staff_services_service_idx ON staff_services (tenant_id, service_id)`,
      `CREATE TABLE staff_time_off (
        tenant_id TEXT NOT NULL,
        id TEXT NOT NULL,
        staff_id TEXT NOT NULL,
        start_at TEXT NOT NULL,
        end_at TEXT NOT NULL CHECK (end_at > start_at),
        reason TEXT,
        created_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id) ON DELETE CASCADE
      )`,
      `CREATE INDEX staff_time_off_staff_idx ON staff_time_off (tenant_id, staff_id, start_at)`,
      `CREATE TABLE customers (
        tenant_id TEXT NOT NULL REFERENCES tenants (tenant_id),
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        phone TEXT,
        email TEXT,
        notes TEXT,
        created_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, id)
      )`,
      `CREATE TABLE custom_fields (
        tenant_id TEXT NOT NULL REFERENCES tenants (tenant_id),
        id TEXT NOT NULL,
        key TEXT NOT NULL,
        label TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('text', 'number', 'select', 'checkbox')),
        required BOOLEAN NOT NULL,
        options TEXT,
        created_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, key)
      )`,
      `CREATE TABLE bookings (
        tenant_id TEXT NOT NULL,
        id TEXT NOT NULL,
        location_id TEXT NOT NULL,
        service_id TEXT NOT NULL,
        staff_id TEXT NOT NULL,
        customer_id TEXT,
        start_at TEXT NOT NULL,
        end_at TEXT NOT NULL,
        busy_from TEXT NOT NULL,
        busy_to TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('booked', 'checked_in', 'in_service', 'completed', 'no_show', 'cancelled')),
        source TEXT NOT NULL CHECK (source IN ('desk', 'phone', 'walk_in', 'online')),
        fields TEXT,
        notes TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, id),
        CHECK (end_at > start_at AND busy_from <= start_at AND busy_to >= end_at),
        FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id),
        FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id),
        FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id),
        FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
      )`,
      `CREATE INDEX bookings_staff_busy_idx ON bookings (tenant_id, staff_id, busy_from)`,
      `CREATE INDEX bookings_start_idx ON bookings (tenant_id, start_at)`,
      `CREATE INDEX bookings_customer_idx ON bookings (tenant_id, customer_id)`,
      `CREATE TABLE external_busy (
        tenant_id TEXT NOT NULL,
        id TEXT NOT NULL,
        staff_id TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('google', 'microsoft', 'caldav')),
        connection_id TEXT,
        event_id_hash TEXT,
        subject TEXT NOT NULL,
        start_at TEXT NOT NULL,
        end_at TEXT NOT NULL CHECK (end_at >= start_at),
        duration_minutes INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, connection_id, event_id_hash),
        FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id) ON DELETE CASCADE
      )`,
      `CREATE INDEX external_busy_staff_idx ON external_busy (tenant_id, staff_id, start_at)`,
    ];
    for (const statement of statements) await q.query(statement);
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
