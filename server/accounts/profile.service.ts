import type { TenantCache } from '../auth/tenant-cache';
import type { TenantScope } from '../db/tenant-scope';
import { NotFoundError } from '../errors';
import { UserRepository } from '../users/user.repository';
import type { Me } from './account.schemas';

/** The signed-in user's own profile. */
export class ProfileService {
  /**
   * `cache`: profiles by tenant and user, dropped with the tenant's credentials whenever a user or
   * the tenant changes (server/auth/credential-cache.ts); without one every call reads the database.
   */
  constructor(private readonly cache?: TenantCache<Me>) {}

  async getMe(scope: TenantScope, userId: string): Promise<Me> {
    const cache = this.cache;
    if (!cache) return this.#read(scope, userId);
    const me = await cache.getOrRead(`${scope.tenantId}:${userId}`, async () => ({
      value: await this.#read(scope, userId),
      tenantId: scope.tenantId,
    }));
    return me!; // #read throws rather than answering nothing
  }

  async #read(scope: TenantScope, userId: string): Promise<Me> {
    const profile = await scope.transaction((tx) => tx.get(UserRepository).findProfile(userId));
    if (!profile) throw new NotFoundError('user not found');
    return {
      user: { id: profile.id, name: profile.name, email: profile.email, role: profile.role },
      tenant: {
        id: profile.tenantId,
        name: profile.tenantName,
        timeZone: profile.timeZone,
        region: profile.region,
      },
    };
  }
}
