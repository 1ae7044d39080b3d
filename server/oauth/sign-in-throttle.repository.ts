/** `sign_in_throttles`: failed sign-ins per (account, client address) of the scope's tenant. */
import { readInstant, readOptionalInstant } from '../db/sql-dialect';
import { SqlRepository } from '../db/sql-repository';

export interface SignInThrottle {
  failures: number;
  lastFailureAt: Date;
  blockedUntil: Date | null;
}

export class SignInThrottleRepository extends SqlRepository {
  async get(
    userId: string,
    address: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<SignInThrottle | null> {
    const [row] = await this.sql<{ failures: unknown; last_failure_at: unknown; blocked_until: unknown }>(
      `SELECT failures, last_failure_at, blocked_until FROM sign_in_throttles
       WHERE tenant_id = ? AND user_id = ? AND address = ?${
         options.forUpdate && this.dialect === 'postgres' ? ' FOR UPDATE' : ''
       }`,
      [this.tenantId, userId, address],
    );
    if (!row) return null;
    return {
      failures: Number(row.failures),
      lastFailureAt: readInstant(row.last_failure_at),
      blockedUntil: readOptionalInstant(row.blocked_until),
    };
  }

  async save(userId: string, address: string, throttle: SignInThrottle): Promise<void> {
    await this.sql(
      `INSERT INTO sign_in_throttles (tenant_id, user_id, address, failures, last_failure_at, blocked_until)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id, user_id, address) DO UPDATE SET
         failures = excluded.failures, last_failure_at = excluded.last_failure_at,
         blocked_until = excluded.blocked_until`,
      [
        this.tenantId,
        userId,
        address,
        throttle.failures,
        this.at(throttle.lastFailureAt),
        throttle.blockedUntil ? this.at(throttle.blockedUntil) : null,
      ],
    );
  }

  /** Forgets a pair (a successful sign-in from that address). */
  async clear(userId: string, address: string): Promise<void> {
    await this.sql(`DELETE FROM sign_in_throttles WHERE tenant_id = ? AND user_id = ? AND address = ?`, [
      this.tenantId,
      userId,
      address,
    ]);
  }
}
