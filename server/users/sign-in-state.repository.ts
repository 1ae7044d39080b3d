/**
 * Per-user sign-in state of the scope's tenant: recent failures and lockout (per-account throttling)
 * and the last accepted TOTP time step (replay protection). Raw SQL: not a TypeORM entity.
 */
import { ScopedRepository } from '../db/scoped-repository';
import { instantParam, placeholders, readInteger, readOptionalInstant } from '../db/sql-dialect';

export interface SignInState {
  /** Failures since `windowStartedAt`. */
  failureCount: number;
  windowStartedAt: Date | null;
  /** Sign-in is refused until then. */
  lockedUntil: Date | null;
  /** Time step of the last TOTP code accepted; codes of this step or earlier are refused. */
  totpLastStep: number | null;
}

export const INITIAL_SIGN_IN_STATE: Readonly<SignInState> = Object.freeze({
  failureCount: 0,
  windowStartedAt: null,
  lockedUntil: null,
  totpLastStep: null,
});

type Row = {
  failure_count: number | string;
  window_started_at: Date | string | null;
  locked_until: Date | string | null;
  totp_last_step: number | string | null;
};

export class SignInStateRepository extends ScopedRepository {
  private sql<R>(text: string, parameters: unknown[]): Promise<R[]> {
    return this.rawQuery<R>(placeholders(this.dialect, text), parameters);
  }

  /**
   * The user's state; with `forUpdate` the row is created if missing and locked until the transaction
   * ends, so concurrent sign-ins of one account count every failure and consume a code once.
   */
  async get(userId: string, options: { forUpdate?: boolean } = {}): Promise<SignInState> {
    if (options.forUpdate) {
      await this.sql(
        `INSERT INTO user_sign_in_states (tenant_id, user_id, failure_count) VALUES (?, ?, 0)
         ON CONFLICT (tenant_id, user_id) DO NOTHING`,
        [this.tenantId, userId],
      );
    }
    const lock = options.forUpdate && this.dialect === 'postgres' ? ' FOR UPDATE' : '';
    const [row] = await this.sql<Row>(
      `SELECT failure_count, window_started_at, locked_until, totp_last_step FROM user_sign_in_states
        WHERE tenant_id = ? AND user_id = ?${lock}`,
      [this.tenantId, userId],
    );
    if (!row) return { ...INITIAL_SIGN_IN_STATE };
    return {
      failureCount: readInteger(row.failure_count),
      windowStartedAt: readOptionalInstant(row.window_started_at),
      lockedUntil: readOptionalInstant(row.locked_until),
      totpLastStep: row.totp_last_step === null ? null : readInteger(row.totp_last_step),
    };
  }

  async save(userId: string, state: SignInState): Promise<void> {
    const at = (value: Date | null) => (value ? instantParam(this.dialect, value) : null);
    await this.sql(
      `INSERT INTO user_sign_in_states (tenant_id, user_id, failure_count, window_started_at, locked_until, totp_last_step)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id, user_id) DO UPDATE SET failure_count = excluded.failure_count,
         window_started_at = excluded.window_started_at, locked_until = excluded.locked_until,
         totp_last_step = excluded.totp_last_step`,
      [
        this.tenantId,
        userId,
        state.failureCount,
        at(state.windowStartedAt),
        at(state.lockedUntil),
        state.totpLastStep,
      ],
    );
  }
}
