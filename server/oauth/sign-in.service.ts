/**
 * Email + password (+ second factor) sign-in of the OAuth authorization endpoint. Failures are
 * generic to the caller, take the same time whether or not the email exists, count towards a
 * per-account lockout and are audited; bcrypt or weaker argon2 hashes are upgraded on success.
 */
import type { AuditLog } from '../audit/audit-log.service';
import type { PasswordHasher } from '../auth/password.hasher';
import type { SecretCipher } from '../crypto/secret.cipher';
import type { GlobalLookups } from '../db/global-lookups';
import type { TenantScopes } from '../db/tenant-scope';
import { checkSecondFactor } from '../mfa/second-factor';
import { TenantRepository } from '../tenants/tenant.repository';
import { SignInStateRepository } from '../users/sign-in-state.repository';
import type { SignInState } from '../users/sign-in-state.repository';
import { normalizeEmail, UserRepository } from '../users/user.repository';

/** Per-account throttling. */
export interface LockoutSettings {
  /** Failures within `windowSeconds` that lock the account. */
  maxFailures: number;
  windowSeconds: number;
  /** How long a locked account refuses sign-in (even with the right password). */
  lockoutSeconds: number;
}

export const DEFAULT_LOCKOUT: LockoutSettings = {
  maxFailures: 10,
  windowSeconds: 15 * 60,
  lockoutSeconds: 15 * 60,
};

export type SignInResult =
  | { ok: true; tenantId: string; userId: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; retryAfterSeconds: number };

export interface SignInAttempt {
  email: string;
  password: string;
  /** TOTP code or recovery code; required when the user has MFA on. */
  otp?: string;
  /** Client address, recorded in the audit event. */
  address: string;
}

export class SignInService {
  constructor(
    private readonly lookups: Pick<GlobalLookups, 'findUsersByEmail'>,
    private readonly scopes: TenantScopes,
    private readonly passwords: PasswordHasher,
    private readonly cipher: SecretCipher,
    private readonly audit: AuditLog,
    private readonly lockout: LockoutSettings = DEFAULT_LOCKOUT,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async signIn(attempt: SignInAttempt): Promise<SignInResult> {
    const matches = await this.lookups.findUsersByEmail(normalizeEmail(attempt.email));
    if (matches.length !== 1) {
      await this.passwords.verifyUnknownUser(attempt.password);
      return { ok: false, reason: 'invalid' };
    }
    const { tenantId, userId } = matches[0]!;
    const scope = this.scopes.forTenant(tenantId);
    const before = await scope.transaction(async (tx) => ({
      user: await tx.get(UserRepository).findById(userId),
      tenant: await tx.get(TenantRepository).get(),
      state: await tx.get(SignInStateRepository).get(userId),
    }));
    if (!before.user) {
      await this.passwords.verifyUnknownUser(attempt.password);
      return { ok: false, reason: 'invalid' };
    }
    const lockedFor = this.secondsLocked(before.state);
    if (lockedFor > 0) {
      await this.audit.record(scope, {
        type: 'sign_in.failure',
        actorId: userId,
        data: { reason: 'locked', address: attempt.address },
      });
      return { ok: false, reason: 'locked', retryAfterSeconds: lockedFor };
    }

    // argon2 runs outside any transaction: SQLite has one connection and must not wait on it.
    const password = await this.passwords.verify(before.user.passwordHash, attempt.password);
    const upgradedHash =
      password.ok && password.needsRehash ? await this.passwords.hash(attempt.password) : null;

    return scope.transaction(async (tx) => {
      const users = tx.get(UserRepository);
      const states = tx.get(SignInStateRepository);
      const state = await states.get(userId, { forUpdate: true });
      const user = await users.findById(userId);
      const now = this.now();
      let failure: 'password' | 'second_factor' | 'account' | null = null;
      let factor: 'password' | 'totp' | 'recovery_code' = 'password';
      if (!user || before.tenant?.status !== 'active') failure = 'account';
      else if (!password.ok || user.passwordHash !== before.user!.passwordHash) failure = 'password';
      else if (user.mfaEnabled) {
        const second = await checkSecondFactor({
          cipher: this.cipher,
          user,
          code: attempt.otp,
          totpLastStep: state.totpLastStep,
          now,
        });
        if (!second.ok) failure = 'second_factor';
        else if (second.kind === 'totp') {
          factor = 'totp';
          state.totpLastStep = second.usedStep;
        } else {
          factor = 'recovery_code';
          await users.update(userId, { mfaRecoveryHashes: second.remainingHashes });
        }
      }

      if (failure) {
        const windowOpen =
          state.windowStartedAt &&
          now.getTime() - state.windowStartedAt.getTime() < this.lockout.windowSeconds * 1000;
        state.failureCount = windowOpen ? state.failureCount + 1 : 1;
        state.windowStartedAt = windowOpen ? state.windowStartedAt : now;
        const locks = state.failureCount >= this.lockout.maxFailures;
        if (locks) {
          state.lockedUntil = new Date(now.getTime() + this.lockout.lockoutSeconds * 1000);
          state.failureCount = 0;
          state.windowStartedAt = null;
        }
        await states.save(userId, state);
        await this.audit.append(tx, {
          type: 'sign_in.failure',
          actorId: userId,
          data: { reason: failure, address: attempt.address, ...(locks ? { locked: true } : {}) },
        });
        return { ok: false, reason: 'invalid' } as const;
      }

      await states.save(userId, { ...state, failureCount: 0, windowStartedAt: null, lockedUntil: null });
      if (upgradedHash) await users.update(userId, { passwordHash: upgradedHash });
      await this.audit.append(tx, {
        type: 'sign_in.success',
        actorId: userId,
        data: { factor, address: attempt.address, ...(upgradedHash ? { passwordRehashed: true } : {}) },
      });
      return { ok: true, tenantId, userId } as const;
    });
  }

  private secondsLocked(state: SignInState): number {
    if (!state.lockedUntil) return 0;
    return Math.max(0, Math.ceil((state.lockedUntil.getTime() - this.now().getTime()) / 1000));
  }
}
