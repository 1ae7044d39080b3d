/**
 * Users of a tenant: creation by owners and admins (password policy, platform-wide unique email),
 * role changes (audited; the owner's role is never changed and never granted), and the signed-in
 * user's own password change.
 */
import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log.service';
import type { PasswordHasher } from '../auth/password.hasher';
import type { PasswordPolicy } from '../auth/password.policy';
import type { AuthContext } from '../auth/request-auth';
import type { UserRow } from '../db/entities/platform.entities';
import type { TenantScope } from '../db/tenant-scope';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { OAuthTokenRepository } from '../oauth/oauth-token.repository';
import { TenantRepository } from '../tenants/tenant.repository';
import { decodeOffsetCursor, encodeOffsetCursor } from './offset-cursor';
import type { ChangePasswordBody, CreateUserBody, UpdateUserBody, UserView } from './user.schemas';
import { normalizeEmail, UserRepository } from './user.repository';

export function toUserView(user: UserRow): UserView {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    mfaEnabled: user.mfaEnabled,
    createdAt: user.createdAt.toISOString(),
  };
}

/** Who acted, for the audit log: the user, else the API key. */
export function actorOf(auth: AuthContext): string {
  return auth.userId ?? auth.credentialId;
}

export class UserService {
  constructor(
    private readonly passwords: Pick<PasswordHasher, 'hash' | 'verify'>,
    private readonly policy: Pick<PasswordPolicy, 'check'>,
    private readonly audit: AuditLog,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(scope: TenantScope, auth: AuthContext, body: CreateUserBody): Promise<UserView> {
    const email = normalizeEmail(body.email);
    const tenant = await scope.transaction((tx) => tx.get(TenantRepository).get());
    const verdict = this.policy.check(body.password, { email, name: body.name, businessName: tenant?.name });
    if (!verdict.ok)
      throw new ValidationError(verdict.message, [{ path: 'body.password', message: verdict.message }]);
    const passwordHash = await this.passwords.hash(body.password);
    const id = body.id ?? randomUUID();
    return scope.transaction(async (tx) => {
      const users = tx.get(UserRepository);
      if (await users.findById(id))
        throw new ConflictError('already-exists', 'a user with this id already exists');
      if ((await users.claimEmail(email)) === 'taken') {
        throw new ConflictError('already-exists', 'an account with this email already exists');
      }
      await users.create({
        id,
        name: body.name,
        email,
        passwordHash,
        role: body.role,
        createdAt: this.now(),
      });
      await this.audit.append(tx, {
        type: 'role.changed',
        actorId: actorOf(auth),
        data: { userId: id, from: null, to: body.role },
      });
      return toUserView((await users.findById(id))!);
    });
  }

  async list(
    scope: TenantScope,
    query: { limit: number; cursor?: string },
  ): Promise<{ items: UserView[]; nextCursor: string | null }> {
    const offset = decodeOffsetCursor(query.cursor);
    const users = await scope.transaction((tx) => tx.get(UserRepository).list());
    const page = users.slice(offset, offset + query.limit);
    return {
      items: page.map(toUserView),
      nextCursor: offset + query.limit < users.length ? encodeOffsetCursor(offset + query.limit) : null,
    };
  }

  async get(scope: TenantScope, id: string): Promise<UserView> {
    const user = await scope.transaction((tx) => tx.get(UserRepository).findById(id));
    if (!user) throw new NotFoundError('user not found');
    return toUserView(user);
  }

  async update(scope: TenantScope, auth: AuthContext, id: string, body: UpdateUserBody): Promise<UserView> {
    return scope.transaction(async (tx) => {
      const users = tx.get(UserRepository);
      const user = await users.findById(id);
      if (!user) throw new NotFoundError('user not found');
      if (body.role !== undefined && body.role !== user.role) {
        if (user.role === 'owner') throw new ForbiddenError("the owner's role cannot be changed");
        if (id === auth.userId) throw new ForbiddenError('you cannot change your own role');
        await users.update(id, { role: body.role });
        await this.audit.append(tx, {
          type: 'role.changed',
          actorId: actorOf(auth),
          data: { userId: id, from: user.role, to: body.role },
        });
      }
      if (body.name !== undefined) await users.update(id, { name: body.name });
      return toUserView((await users.findById(id))!);
    });
  }

  /**
   * The signed-in user's own password change; 8 characters suffice once they have MFA. Every other
   * sign-in of the user ends (their refresh tokens and other access tokens are revoked).
   */
  async changePassword(
    scope: TenantScope,
    auth: AuthContext,
    userId: string,
    body: ChangePasswordBody,
  ): Promise<void> {
    const { user, tenant } = await scope.transaction(async (tx) => ({
      user: await tx.get(UserRepository).findById(userId),
      tenant: await tx.get(TenantRepository).get(),
    }));
    if (!user) throw new NotFoundError('user not found');
    const verdict = this.policy.check(body.newPassword, {
      hasMfa: user.mfaEnabled,
      email: user.email,
      name: user.name,
      businessName: tenant?.name,
    });
    if (!verdict.ok)
      throw new ValidationError(verdict.message, [{ path: 'body.newPassword', message: verdict.message }]);
    if (!(await this.passwords.verify(user.passwordHash, body.currentPassword)).ok) {
      throw new ValidationError('the current password is not correct', [
        { path: 'body.currentPassword', message: 'not correct' },
      ]);
    }
    const passwordHash = await this.passwords.hash(body.newPassword);
    await scope.transaction(async (tx) => {
      await tx.get(UserRepository).update(userId, { passwordHash });
      const signedOut = await tx
        .get(OAuthTokenRepository)
        .revokeOtherSessions(userId, auth.credentialId, this.now());
      await this.audit.append(tx, { type: 'password.changed', actorId: userId, data: { userId, signedOut } });
    });
  }
}
