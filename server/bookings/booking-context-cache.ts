/**
 * Per instance (PostgreSQL): the configuration part of recent booking contexts (service, custom
 * field definitions, candidate staff) by tenant, service and staff member named, with the tenant's
 * configuration version they were read at (migration BookingConfigVersion). BookingService creates a
 * booking from it in one round trip, inserting only if the tenant's version is still that one, so a
 * stale copy never decides anything: it only costs the create a second attempt that reads afresh.
 */
import type { BookingContext } from './booking-context';

/** What a cached create checks against: a BookingContext's configuration and its version. */
export type CachedBookingContext = Pick<BookingContext, 'service' | 'definitions' | 'staff'> & {
  configVersion: number;
};

/** Bounds: tenants kept, and contexts (service × staff member named) per tenant. */
const MAX_TENANTS = 1000;
const MAX_PER_TENANT = 256;

export class BookingContextCache {
  /** By tenant, least recently used first; every context of a tenant has the tenant's version. */
  readonly #tenants = new Map<string, { version: number; contexts: Map<string, CachedBookingContext> }>();

  get(tenantId: string, serviceId: string, staffId: string | undefined): CachedBookingContext | undefined {
    const tenant = this.#tenants.get(tenantId);
    if (!tenant) return undefined;
    this.#tenants.delete(tenantId);
    this.#tenants.set(tenantId, tenant);
    return tenant.contexts.get(key(serviceId, staffId));
  }

  /**
   * Keeps `context`, read at its configVersion. A read at a newer version replaces every context of
   * the tenant (they may have changed); one at an older version than those kept is dropped.
   */
  set(tenantId: string, serviceId: string, staffId: string | undefined, context: CachedBookingContext): void {
    let tenant = this.#tenants.get(tenantId);
    if (tenant && context.configVersion < tenant.version) return;
    if (!tenant || context.configVersion > tenant.version) {
      tenant = { version: context.configVersion, contexts: new Map() };
    }
    this.#tenants.delete(tenantId);
    this.#tenants.set(tenantId, tenant);
    const k = key(serviceId, staffId);
    tenant.contexts.delete(k);
    tenant.contexts.set(k, context);
    if (tenant.contexts.size > MAX_PER_TENANT) tenant.contexts.delete(tenant.contexts.keys().next().value!);
    if (this.#tenants.size > MAX_TENANTS) this.#tenants.delete(this.#tenants.keys().next().value!);
  }
}

function key(serviceId: string, staffId: string | undefined): string {
  return `${serviceId}:${staffId ?? '*'}`;
}
