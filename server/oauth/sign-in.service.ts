/**
 * Email + password (+ second factor) sign-in of the OAuth authorization endpoint. Failures are
 * generic to the caller, take the same time whether or not the email exists, are throttled per
 * (account, client address) and are audited; bcrypt or weaker argon2 hashes are upgraded on success.
 *
 * Throttling (NIST SP 800-63B §5.2.2 rate limiting) counts failures per account AND client address
 * (IPv6 by /64): after `maxFailures` failures of a pair, each further failure makes that pair wait a
 * delay that doubles (from 30 s, at most `lockoutSeconds`); while it waits, its attempts are refused
 * (429 + Retry-After) even with the right password. A success from the address forgets the pair, and
 * a pair is forgotten `windowSeconds` after its last failure. Someone who only knows the owner's
 * email can therefore slow down their own guesses but never lock the owner out at the desk; guesses
 * spread over many addresses are also held by the per-address limit of the form's POST.
 */
import type { AuditLog } from '../audit/audit-log.service';
import type { PasswordHasher } from '../auth/password.hasher';
import type { SecretCipher } from '../crypto/secret.cipher';
import type { GlobalLookups } from '../db/global-lookups';
import type { TenantScopes } from '../db/tenant-scope';
import { checkSecondFactor } from '../mfa/second-factor';
import { TenantRepository } from '../tenants/tenant.repository';
import { SignInStateRepository } from '../users/sign-in-state.repository';
import { normalizeEmail, UserRepository } from '../users/user.repository';
import { SignInThrottleRepository } from './sign-in-throttle.repository';
import type { SignInThrottle } from './sign-in-throttle.repository';

/** Throttling per (account, client address). */
export interface LockoutSettings {
  /** Failures of one pair that cost no delay. */
  maxFailures: number;
  /** A pair's failures are forgotten this long after its last one. */
  windowSeconds: number;
  /** The longest delay a pair waits (delays double from {@link FIRST_DELAY_SECONDS}). */
  lockoutSeconds: number;
}

export const DEFAULT_LOCKOUT: LockoutSettings = {
  maxFailures: 5,
  windowSeconds: 24 * 3600,
  lockoutSeconds: 15 * 60,
};

/** The delay after the first failure past the free ones; each further failure doubles it. */
export const FIRST_DELAY_SECONDS = 30;

/** The throttled unit of a client address: IPv4 as is, IPv6 by its /64 (one host can hold a whole /64). */
export function throttleAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return mapped;
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups]
    : headGroups;
  return `${groups
    .slice(0, 4)
    .map((g) => (parseInt(g, 16) || 0).toString(16))
    .join(':')}::/64`;
}

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
    const address = throttleAddress(attempt.address);
    const before = await scope.transaction(async (tx) => ({
      user: await tx.get(UserRepository).findById(userId),
      tenant: await tx.get(TenantRepository).get(),
      throttle: await tx.get(SignInThrottleRepository).get(userId, address),
    }));
    if (!before.user) {
      await this.passwords.verifyUnknownUser(attempt.password);
      return { ok: false, reason: 'invalid' };
    }
    const lockedFor = this.secondsBlocked(before.throttle);
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

      const throttles = tx.get(SignInThrottleRepository);
      if (failure) {
        const previous = await throttles.get(userId, address, { forUpdate: true });
        const recent =
          previous && now.getTime() - previous.lastFailureAt.getTime() < this.lockout.windowSeconds * 1000;
        const failures = recent ? previous.failures + 1 : 1;
        const delaySeconds = this.delayAfter(failures);
        await throttles.save(userId, address, {
          failures,
          lastFailureAt: now,
          blockedUntil: delaySeconds > 0 ? new Date(now.getTime() + delaySeconds * 1000) : null,
        });
        await states.save(userId, state);
        await this.audit.append(tx, {
          type: 'sign_in.failure',
          actorId: userId,
          data: {
            reason: failure,
            address: attempt.address,
            ...(delaySeconds > 0 ? { throttledSeconds: delaySeconds } : {}),
          },
        });
        return { ok: false, reason: 'invalid' } as const;
      }

      await throttles.clear(userId, address);
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

  /** How long a pair waits after its `failures`-th failure (0 while failures are free). */
  private delayAfter(failures: number): number {
    const over = failures - this.lockout.maxFailures;
    if (over < 0) return 0;
    return Math.min(this.lockout.lockoutSeconds, FIRST_DELAY_SECONDS * 2 ** Math.min(over, 20));
  }

  private secondsBlocked(throttle: SignInThrottle | null): number {
    if (!throttle?.blockedUntil) return 0;
    return Math.max(0, Math.ceil((throttle.blockedUntil.getTime() - this.now().getTime()) / 1000));
  }
}
