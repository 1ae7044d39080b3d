/**
 * Layer 2 of tenant isolation on PostgreSQL (issue 3, tenancy test (b)): every tenant table has
 * RLS enabled AND forced with a tenant policy, the app role cannot bypass it, and raw SQL as the
 * app role sees nothing without a tenant context and cannot write into another tenant.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant, startTestApp } from '../support/api';
import type { SeededTenant, TestApp } from '../support/api';

describe('PostgreSQL row-level security', () => {
  let sut: TestApp;
  let a: SeededTenant;
  let b: SeededTenant;
  let app: pg.Client;
  let tenantTables: string[];

  beforeAll(async () => {
    sut = await startTestApp('postgres');
    a = await seedTenant(sut.platform);
    b = await seedTenant(sut.platform);
    app = new pg.Client({ connectionString: sut.db.appUrl });
    await app.connect();
    const rows = await sut.db.superuserQuery<{ table_name: string }>(
      `SELECT c.table_name FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = 'public' AND c.column_name = 'tenant_id' AND t.table_type = 'BASE TABLE'
        ORDER BY 1`,
    );
    tenantTables = rows.map((row) => row.table_name);
  });
  afterAll(async () => {
    await app?.end();
    await sut?.close();
  });

  /** Runs `fn` in a transaction of the app role with `tenantId` as context, then rolls back. */
  async function asAppRole<T>(tenantId: string | null, fn: () => Promise<T>): Promise<T> {
    await app.query('BEGIN');
    try {
      if (tenantId) await app.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
      return await fn();
    } finally {
      await app.query('ROLLBACK');
    }
  }

  it('covers the platform tables', () => {
    expect(tenantTables).toEqual(
      expect.arrayContaining(['tenants', 'users', 'locations', 'access_tokens', 'api_keys', 'audit_events']),
    );
  });

  it('has RLS enabled, forced and a tenant policy (USING and WITH CHECK) on every table with tenant_id', async () => {
    const rows = await sut.db.superuserQuery<{
      relname: string;
      relrowsecurity: boolean;
      relforcerowsecurity: boolean;
      policies: number | string;
    }>(
      `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
              (SELECT count(*) FROM pg_policies p
                WHERE p.schemaname = 'public' AND p.tablename = c.relname AND p.cmd = 'ALL'
                  AND p.qual LIKE '%app.tenant_id%' AND p.with_check LIKE '%app.tenant_id%') AS policies
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relname = ANY($1)`,
      [tenantTables],
    );
    const failing = rows
      .filter((row) => !row.relrowsecurity || !row.relforcerowsecurity || Number(row.policies) === 0)
      .map(
        (row) =>
          `${row.relname} (rls=${row.relrowsecurity}, force=${row.relforcerowsecurity}, policies=${row.policies})`,
      );
    expect(rows).toHaveLength(tenantTables.length);
    expect(
      failing,
      'tables lacking RLS, FORCE or a tenant policy: use enableTenantRls in the migration',
    ).toEqual([]);
  });

  it('connects the API as a role that is no superuser, has no BYPASSRLS and owns no table', async () => {
    const [role] = (
      await app.query('SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user')
    ).rows;
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    const owned = await app.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND pg_has_role(current_user, tableowner, 'USAGE')`,
    );
    expect(owned.rows).toEqual([]);
    await expect(app.query('ALTER TABLE users DISABLE ROW LEVEL SECURITY')).rejects.toThrow(/owner/);
  });

  it('returns no rows from any tenant table to a raw query without tenant context', async () => {
    for (const table of tenantTables) {
      const { rows } = await asAppRole(null, () => app.query(`SELECT count(*)::int AS n FROM ${table}`));
      expect(rows[0].n, table).toBe(0);
    }
    // …although the rows are there.
    const [all] = await sut.db.superuserQuery<{ n: number }>('SELECT count(*)::int AS n FROM users');
    expect(all!.n).toBeGreaterThanOrEqual(2);
  });

  it('returns only the context tenant rows', async () => {
    const { rows } = await asAppRole(a.tenantId, () => app.query('SELECT DISTINCT tenant_id FROM users'));
    expect(rows).toEqual([{ tenant_id: a.tenantId }]);
  });

  it('refuses a cross-tenant INSERT and cannot update or delete another tenant rows', async () => {
    await expect(
      asAppRole(a.tenantId, () =>
        app.query(
          `INSERT INTO locations (tenant_id, id, name, time_zone, opening_hours, created_at)
           VALUES ($1, gen_random_uuid(), 'Injected', 'UTC', '{}', now())`,
          [b.tenantId],
        ),
      ),
    ).rejects.toThrow(/row-level security/);
    const updated = await asAppRole(a.tenantId, () =>
      app.query(`UPDATE users SET name = 'pwned' WHERE tenant_id = $1`, [b.tenantId]),
    );
    expect(updated.rowCount).toBe(0);
    const deleted = await asAppRole(a.tenantId, () =>
      app.query(`DELETE FROM locations WHERE tenant_id = $1`, [b.tenantId]),
    );
    expect(deleted.rowCount).toBe(0);
    await expect(
      asAppRole(a.tenantId, () =>
        app.query(`UPDATE users SET tenant_id = $1 WHERE tenant_id = $2`, [b.tenantId, a.tenantId]),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('keeps the audit log append-only for the app role', async () => {
    await expect(
      asAppRole(a.tenantId, () => app.query(`UPDATE audit_events SET type = 'x'`)),
    ).rejects.toThrow(/permission denied/);
  });

  it('answers the pre-tenant lookup functions with ids only, and only for the exact secret', async () => {
    const { rows } = await app.query('SELECT * FROM bookdesk_users_by_email($1)', [a.email]);
    expect(rows).toEqual([{ tenant_id: a.tenantId, user_id: a.userId }]);
    const none = await app.query('SELECT * FROM bookdesk_authenticate($1)', ['0'.repeat(64)]);
    expect(none.rows).toEqual([]);
  });
});
