import type { TenantScope } from '../db/tenant-scope';
import { NotFoundError } from '../errors';
import { TenantRepository } from '../tenants/tenant.repository';
import { UserRepository } from '../users/user.repository';
import type { Me } from './account.schemas';

/** The signed-in user's own profile. */
export class ProfileService {
  async getMe(scope: TenantScope, userId: string): Promise<Me> {
    return scope.transaction(async (tx) => {
      const user = await tx.get(UserRepository).findById(userId);
      const tenant = await tx.get(TenantRepository).get();
      if (!user || !tenant) throw new NotFoundError('user not found');
      return {
        user: { id: user.id, name: user.name, email: user.email, role: user.role },
        tenant: { id: tenant.tenantId, name: tenant.name, timeZone: tenant.timeZone, region: tenant.region },
      };
    });
  }
}
