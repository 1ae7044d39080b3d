import type { TenantScope } from '../db/tenant-scope';
import { NotFoundError } from '../errors';
import { UserRepository } from '../users/user.repository';
import type { Me } from './account.schemas';

/** The signed-in user's own profile. */
export class ProfileService {
  async getMe(scope: TenantScope, userId: string): Promise<Me> {
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
