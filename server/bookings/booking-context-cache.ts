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

/**
 * Bounds: contexts per tenant, and the whole cache's weight (a context weighs one plus its staff
 * records, about a kilobyte each), so that neither many tenants nor staff ids made up by a client
 * grow it without limit. Least recently used first out.
 */
const MAX_PER_TENANT = 256;
const MAX_WEIGHT = 50_000;

type TenantContexts = { version: number; contexts: Map<string, CachedBookingContext>; weight: number };

export class BookingContextCache {
  /** By tenant, least recently used first; every context of a tenant has the tenant's version. */
  readonly #tenants = new Map<string, TenantContexts>();
  #weight = 0;

  get(tenantId: string, serviceId: string, staffId: string | undefined): CachedBookingContext | undefined {
    const tenant = this.#tenants.get(tenantId);
    if (!tenant) return undefined;
    const k = key(serviceId, staffId);
    const context = tenant.contexts.get(k);
    if (!context) return undefined;
    this.#tenants.delete(tenantId);
    this.#tenants.set(tenantId, tenant);
    tenant.contexts.delete(k);
    tenant.contexts.set(k, context);
    return context;
  }

  /**
   * Keeps `context`, read at its configVersion. A read at a newer version replaces every context of
   * the tenant (they may have changed); one at an older version than those kept is dropped.
   */
  set(tenantId: string, serviceId: string, staffId: string | undefined, context: CachedBookingContext): void {
    let tenant = this.#tenants.get(tenantId);
    if (tenant && context.configVersion < tenant.version) return;
    if (tenant && context.configVersion > tenant.version) this.#drop(tenantId);
    if (!tenant || context.configVersion > tenant.version) {
      tenant = { version: context.configVersion, contexts: new Map(), weight: 0 };
    }
    this.#tenants.delete(tenantId);
    this.#tenants.set(tenantId, tenant);
    const k = key(serviceId, staffId);
    this.#remove(tenant, k);
    tenant.contexts.set(k, context);
    tenant.weight += weightOf(context);
    this.#weight += weightOf(context);
    if (tenant.contexts.size > MAX_PER_TENANT) this.#remove(tenant, tenant.contexts.keys().next().value!);
    while (this.#weight > MAX_WEIGHT && this.#tenants.size > 1)
      this.#drop(this.#tenants.keys().next().value!);
  }

  /** The number of contexts kept (for tests). */
  get size(): number {
    let n = 0;
    for (const tenant of this.#tenants.values()) n += tenant.contexts.size;
    return n;
  }

  #remove(tenant: TenantContexts, k: string): void {
    const context = tenant.contexts.get(k);
    if (!context) return;
    tenant.contexts.delete(k);
    tenant.weight -= weightOf(context);
    this.#weight -= weightOf(context);
  }

  #drop(tenantId: string): void {
    const tenant = this.#tenants.get(tenantId);
    if (!tenant) return;
    this.#tenants.delete(tenantId);
    this.#weight -= tenant.weight;
  }
}

function weightOf(context: CachedBookingContext): number {
  return 1 + context.staff.length;
}

function key(serviceId: string, staffId: string | undefined): string {
  return `${serviceId}:${staffId ?? '*'}`;
}
