import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Connected calendars (issue 5); see the PostgreSQL migration of the same name for the design. */
export class CalendarConnections1764280000000 implements MigrationInterface {
  name = 'CalendarConnections1764280000000';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE calendar_connections (
        tenant_id TEXT NOT NULL,
        id TEXT NOT NULL,
        staff_id TEXT NOT NULL,
        provider TEXT NOT NULL CHECK (provider IN ('google', 'microsoft', 'caldav')),
        status TEXT NOT NULL CHECK (status IN ('active', 'needs_reconnect', 'error')),
        credential TEXT NOT NULL,
        sync_generation INTEGER NOT NULL DEFAULT 0,
        last_synced_at TEXT,
        last_error TEXT,
        next_sync_at TEXT NOT NULL,
        sync_lease_until TEXT,
        created_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id) ON DELETE CASCADE
      )`,
      `CREATE INDEX calendar_connections_staff_idx ON calendar_connections (tenant_id, staff_id)`,
      `CREATE INDEX calendar_connections_due_idx ON calendar_connections (next_sync_at)`,
      `CREATE TABLE calendar_oauth_states (
        tenant_id TEXT NOT NULL,
        id TEXT NOT NULL,
        state_hash TEXT NOT NULL,
        provider TEXT NOT NULL CHECK (provider IN ('google', 'microsoft')),
        user_id TEXT NOT NULL,
        staff_id TEXT NOT NULL,
        code_verifier TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, state_hash),
        FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id) ON DELETE CASCADE,
        FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
      )`,
    ];
    for (const statement of statements) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_oauth_states`);
    await q.query(`DROP TABLE calendar_connections`);
  }
}
