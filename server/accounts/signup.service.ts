import { randomUUID } from 'node:crypto';
import type { TenantScopes } from '../db/tenant-scope';
import { ConflictError, ValidationError } from '../errors';
import { LocationRepository } from '../locations/location.repository';
import { TenantRepository } from '../tenants/tenant.repository';
import { normalizeEmail, UserRepository } from '../users/user.repository';
import type { SignupBody, SignupResult } from './account.schemas';
import { DEFAULT_REGION } from './account.schemas';
import type { PasswordHasher } from '../auth/password.hasher';
import type { PasswordPolicy } from '../auth/password.policy';

/** A new location opens Monday to Friday, 09:00–17:00, in the business's zone, until edited. */
const DEFAULT_OPENING_HOURS: Record<string, [string, string][]> = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [['09:00', '17:00']]]),
);

/** Creates a business: tenant, owner user and first location, in one transaction of the new tenant. */
export class SignupService {
  constructor(
    private readonly scopes: TenantScopes,
    private readonly passwords: Pick<PasswordHasher, 'hash'>,
    private readonly policy: Pick<PasswordPolicy, 'check'>,
    private readonly now: () => Date = () => new Date(),
    /**
     * This deployment's region (`REGION`) and the others': once set, a business of another region is
     * refused (its data must never live here). Unset: any region is accepted as a label.
     */
    private readonly residency: { region?: string; regions?: { id: string; url: string }[] } = {},
  ) {}

  async signup(input: SignupBody): Promise<SignupResult> {
    const email = normalizeEmail(input.owner.email);
    const verdict = this.policy.check(input.owner.password, {
      email,
      name: input.owner.name,
      businessName: input.business.name,
    });
    if (!verdict.ok) {
      throw new ValidationError(verdict.message, [{ path: 'body.owner.password', message: verdict.message }]);
    }
    // Without a configured REGION the deployment is not pinned to one: the region is a label (as before).
    const region = this.residency.region ?? input.business.region ?? DEFAULT_REGION;
    if (input.business.region !== undefined && input.business.region !== region) {
      const elsewhere = this.residency.regions?.find((r) => r.id === input.business.region);
      const message = elsewhere
        ? `this API serves region "${region}"; sign up for "${elsewhere.id}" at ${elsewhere.url}`
        : `this API serves region "${region}"; region "${input.business.region}" is not offered (GET /v1/regions)`;
      throw new ValidationError(message, [{ path: 'body.business.region', message }]);
    }
    const passwordHash = await this.passwords.hash(input.owner.password);
    const ids = { tenantId: randomUUID(), userId: randomUUID(), locationId: randomUUID() };
    const createdAt = this.now();

    await this.scopes.forTenant(ids.tenantId).transaction(async (tx) => {
      if ((await tx.get(UserRepository).claimEmail(email)) === 'taken') {
        throw new ConflictError('already-exists', 'an account with this email already exists');
      }
      await tx.get(TenantRepository).create({
        name: input.business.name,
        timeZone: input.business.timeZone,
        region,
        createdAt,
      });
      await tx.get(UserRepository).create({
        id: ids.userId,
        name: input.owner.name,
        email,
        passwordHash,
        role: 'owner',
        createdAt,
      });
      await tx.get(LocationRepository).create({
        id: ids.locationId,
        name: input.business.name,
        timeZone: input.business.timeZone,
        openingHours: DEFAULT_OPENING_HOURS,
        createdAt,
      });
    });
    return ids;
  }
}
