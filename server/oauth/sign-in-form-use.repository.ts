/** `sign_in_form_uses`: the sign-in forms that already produced a code (a form signs in once). */
import { returnedRows } from '../db/scoped-repository';
import { SqlRepository } from '../db/sql-repository';

export class SignInFormUseRepository extends SqlRepository {
  /**
   * Records that the form whose token hashes to `tokenHash` signed in; false when it already had.
   * Forms of the tenant whose token expired are forgotten on the way (they can no longer be posted).
   */
  async consume(tokenHash: string, expiresAt: Date, now: Date): Promise<boolean> {
    await this.sql(`DELETE FROM sign_in_form_uses WHERE tenant_id = ? AND expires_at <= ?`, [
      this.tenantId,
      this.at(now),
    ]);
    const inserted = returnedRows(
      await this.sql<unknown>(
        `INSERT INTO sign_in_form_uses (tenant_id, token_hash, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (tenant_id, token_hash) DO NOTHING RETURNING token_hash`,
        [this.tenantId, tokenHash, this.at(expiresAt)],
      ),
    );
    return inserted.length === 1;
  }
}
