/**
 * TOTP two-step sign-in of the signed-in user: enrol (a new secret, stored encrypted and not yet in
 * force), confirm with a first code (turns it on, hands out recovery codes once), and turn it off
 * with a current code, a recovery code or the password. Enabling and disabling are audited.
 */
import type { AuditLog } from '../audit/audit-log.service';
import type { PasswordHasher } from '../auth/password.hasher';
import { createTotpEnrolment } from '../auth/totp.authenticator';
import { generateRecoveryCodes } from '../auth/totp.recovery-codes';
import type { SecretCipher } from '../crypto/secret.cipher';
import type { TenantScope } from '../db/tenant-scope';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { SignInStateRepository } from '../users/sign-in-state.repository';
import { UserRepository } from '../users/user.repository';
import type { DisableMfaBody } from './mfa.schemas';
import { checkSecondFactor, mfaSecretAad } from './second-factor';

export class MfaService {
  constructor(
    private readonly cipher: SecretCipher,
    private readonly passwords: Pick<PasswordHasher, 'verify'>,
    private readonly audit: AuditLog,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Starts (or restarts) enrolment; 409 when MFA is already on. */
  async enrol(scope: TenantScope, userId: string): Promise<{ secret: string; otpauthUri: string }> {
    return scope.transaction(async (tx) => {
      const users = tx.get(UserRepository);
      const user = await users.findById(userId);
      if (!user) throw new NotFoundError('user not found');
      if (user.mfaEnabled)
        throw new ConflictError('already-exists', 'two-step sign-in is already on; turn it off first');
      const enrolment = createTotpEnrolment(user.email);
      await users.update(userId, {
        mfaSecret: this.cipher.encrypt(enrolment.secret, mfaSecretAad(tx.tenantId, userId)),
      });
      return enrolment;
    });
  }

  /** Turns MFA on once a code from the new secret verifies; returns the recovery codes (only now). */
  async confirm(scope: TenantScope, userId: string, code: string): Promise<{ recoveryCodes: string[] }> {
    return scope.transaction(async (tx) => {
      const users = tx.get(UserRepository);
      const states = tx.get(SignInStateRepository);
      const user = await users.findById(userId);
      if (!user) throw new NotFoundError('user not found');
      if (user.mfaEnabled) throw new ConflictError('invalid-transition', 'two-step sign-in is already on');
      if (!user.mfaSecret)
        throw new ConflictError('invalid-transition', 'start enrolment with POST /v1/me/mfa first');
      const state = await states.get(userId, { forUpdate: true });
      const result = await checkSecondFactor({
        cipher: this.cipher,
        user,
        code,
        totpLastStep: state.totpLastStep,
        now: this.now(),
        allowRecoveryCode: false,
      });
      if (!result.ok || result.kind !== 'totp') {
        throw new ValidationError('the code is not correct', [{ path: 'body.code', message: 'not correct' }]);
      }
      const recovery = generateRecoveryCodes();
      await users.update(userId, { mfaEnabled: true, mfaRecoveryHashes: recovery.hashes });
      await states.save(userId, { ...state, totpLastStep: result.usedStep });
      await this.audit.append(tx, { type: 'mfa.enabled', actorId: userId, data: { userId } });
      return { recoveryCodes: recovery.codes };
    });
  }

  /** Turns MFA off after a current code, a recovery code or the password. */
  async disable(scope: TenantScope, userId: string, body: DisableMfaBody): Promise<void> {
    const before = await scope.transaction((tx) => tx.get(UserRepository).findById(userId));
    if (!before) throw new NotFoundError('user not found');
    if (!before.mfaEnabled) throw new ConflictError('invalid-transition', 'two-step sign-in is not on');
    // argon2 outside the transaction (SQLite's one connection must not wait on it).
    const passwordOk =
      body.code === undefined &&
      body.password !== undefined &&
      (await this.passwords.verify(before.passwordHash, body.password)).ok;
    await scope.transaction(async (tx) => {
      const users = tx.get(UserRepository);
      const states = tx.get(SignInStateRepository);
      const user = await users.findById(userId);
      if (!user?.mfaEnabled) throw new ConflictError('invalid-transition', 'two-step sign-in is not on');
      const state = await states.get(userId, { forUpdate: true });
      let ok = passwordOk && user.passwordHash === before.passwordHash;
      if (body.code !== undefined) {
        const result = await checkSecondFactor({
          cipher: this.cipher,
          user,
          code: body.code,
          totpLastStep: state.totpLastStep,
          now: this.now(),
        });
        ok = result.ok;
        if (result.ok && result.kind === 'totp')
          await states.save(userId, { ...state, totpLastStep: result.usedStep });
      }
      if (!ok) {
        const path = body.code !== undefined ? 'body.code' : 'body.password';
        throw new ValidationError('the code or password is not correct', [{ path, message: 'not correct' }]);
      }
      await users.update(userId, { mfaEnabled: false, mfaSecret: null, mfaRecoveryHashes: null });
      await this.audit.append(tx, { type: 'mfa.disabled', actorId: userId, data: { userId } });
    });
  }
}
