import type { Role, UserRow } from '../db/entities/platform.entities';
import { ENTITY } from '../db/entities/platform.entities';
import { ScopedRepository } from '../db/scoped-repository';
import { placeholders } from '../db/sql-dialect';

/** A user with their tenant, as `GET /v1/me` shows them. */
export interface UserProfileRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  tenantId: string;
  tenantName: string;
  timeZone: string;
  region: string;
}

/** Users of the scope's tenant. Emails are stored normalised (see normalizeEmail). */
export class UserRepository extends ScopedRepository {
  private readonly users = this.table<UserRow>(ENTITY.user);

  async create(user: {
    id: string;
    name: string;
    email: string;
    passwordHash: string;
    role: Role;
    createdAt: Date;
  }): Promise<void> {
    await this.users.insert({ ...user, mfaSecret: null, mfaEnabled: false, mfaRecoveryHashes: null });
  }

  findById(id: string): Promise<UserRow | null> {
    return this.users.findOne({ id });
  }

  /** The user joined with the scope's tenant in one statement (`GET /v1/me` is the hottest read). */
  async findProfile(id: string): Promise<UserProfileRow | null> {
    const [row] = await this.rawQuery<{
      id: string;
      name: string;
      email: string;
      role: Role;
      tenant_id: string;
      tenant_name: string;
      time_zone: string;
      region: string;
    }>(
      placeholders(
        this.dialect,
        `SELECT u.id, u.name, u.email, u.role, t.tenant_id, t.name AS tenant_name, t.time_zone, t.region
           FROM users u JOIN tenants t ON t.tenant_id = u.tenant_id
          WHERE u.tenant_id = ? AND u.id = ?`,
      ),
      [this.tenantId, id],
    );
    if (!row) return null;
    return {
      id: row.id,
      name: row.name,
      email: row.email,
      role: row.role,
      tenantId: row.tenant_id,
      tenantName: row.tenant_name,
      timeZone: row.time_zone,
      region: row.region,
    };
  }

  findByEmail(email: string): Promise<UserRow | null> {
    return this.users.findOne({ email });
  }

  list(): Promise<UserRow[]> {
    return this.users.find({}, { order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async update(id: string, patch: Partial<Omit<UserRow, 'tenantId' | 'id'>>): Promise<boolean> {
    return (await this.users.update({ id }, patch)) > 0;
  }

  /**
   * Reserves `email` for a user about to be created in this transaction and tells whether ANY tenant
   * already has it (emails sign in without naming a tenant, so they are unique platform-wide).
   * The deliberate cross-tenant exception of this repository: it returns a boolean, never a row.
   * PostgreSQL: a transaction-scoped advisory lock on the email serialises concurrent creations,
   * and the SECURITY DEFINER lookup sees other tenants' committed users. SQLite: transactions are
   * already serialised (one connection), so a plain existence check is race-free.
   */
  async claimEmail(email: string): Promise<'free' | 'taken'> {
    let rows: unknown[];
    if (this.dialect === 'postgres') {
      await this.rawQuery(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`email:${email}`]);
      rows = await this.rawQuery(`SELECT 1 FROM bookdesk_users_by_email($1)`, [email]);
    } else {
      rows = await this.rawQuery(`SELECT 1 FROM users WHERE email = ?`, [email]);
    }
    return rows.length > 0 ? 'taken' : 'free';
  }
}

/** Trimmed, lower-cased email: the form stored and looked up. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
