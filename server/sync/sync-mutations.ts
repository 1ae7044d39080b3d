/**
 * Push mutations by name. Each one validates its `args` with the REST route's own zod schema,
 * checks the same roles as the route's guard, and calls the same service method, so a pushed
 * mutation behaves exactly like the REST request (API.md: `args` are the REST body plus `id`).
 * Features register theirs with {@link SyncMutations.register} (e.g. `walkIn.create|action`).
 */
import { z } from 'zod';
import {
  CreateBookingBody,
  CreateCustomerBody,
  UpdateBookingBody,
  UpdateCustomerBody,
} from '../../core/domain/requests';
import { BookingStatus, Uuid } from '../../core/domain/schemas';
import type { AuthContext } from '../auth/request-auth';
import type { BookingService } from '../bookings/booking.service';
import type { CustomerService } from '../customers/customer.service';
import type { Role } from '../db/entities/platform.entities';
import type { TenantScope } from '../db/tenant-scope';
import { DESK_ROLES } from '../front-desk/front-desk.access';

/** Who pushes: the same request context a REST route gets. */
export interface MutationCaller {
  scope: TenantScope;
  auth: AuthContext;
}

/** One mutation name. */
export interface MutationDefinition<A = unknown> {
  name: string;
  /** Roles allowed, as the REST route's guard (undefined: every role; the service checks further). */
  roles?: readonly Role[];
  /** The REST body (plus `id` where the route has `:id`). */
  args: z.ZodType<A>;
  apply(caller: MutationCaller, args: A): Promise<unknown>;
}

/** Mutations by name. */
export class SyncMutations {
  readonly #definitions = new Map<string, MutationDefinition>();

  /** Adds a mutation; a second one of the same name is a wiring mistake and throws. */
  register<A>(definition: MutationDefinition<A>): void {
    if (this.#definitions.has(definition.name))
      throw new Error(`sync mutation '${definition.name}' is registered twice`);
    this.#definitions.set(definition.name, definition as MutationDefinition);
  }

  get(name: string): MutationDefinition | undefined {
    return this.#definitions.get(name);
  }

  names(): string[] {
    return [...this.#definitions.keys()];
  }
}

/** `{id}` plus the REST body of a `/:id` route (the body stays strict: unknown fields are refused). */
export function withId<T extends z.ZodType>(body: T) {
  return z.unknown().transform((value, ctx) => {
    const { id, ...rest } = (typeof value === 'object' && value !== null ? value : {}) as Record<
      string,
      unknown
    >;
    const parsedId = Uuid.safeParse(id);
    const parsedBody = body.safeParse(rest);
    if (!parsedId.success)
      ctx.addIssue({ code: 'custom', path: ['id'], message: 'expected the entity id (a UUID)' });
    if (!parsedBody.success) for (const issue of parsedBody.error.issues) ctx.addIssue({ ...issue } as never);
    if (!parsedId.success || !parsedBody.success) return z.NEVER;
    return { id: parsedId.data, body: parsedBody.data as z.output<T> };
  });
}

/** What the front desk's mutations call. */
export interface FrontDeskMutationDeps {
  bookings: BookingService;
  customers: CustomerService;
}

/** The mutations of the front desk: bookings and customers. */
export function frontDeskMutations(deps: FrontDeskMutationDeps): MutationDefinition[] {
  const { bookings, customers } = deps;
  const defs = [
    define({
      name: 'booking.create',
      roles: DESK_ROLES,
      args: CreateBookingBody,
      apply: ({ scope, auth }, args) => bookings.create(scope, auth, args),
    }),
    define({
      name: 'booking.update',
      args: withId(UpdateBookingBody),
      apply: ({ scope, auth }, { id, body }) => bookings.update(scope, auth, id, body),
    }),
    define({
      name: 'booking.cancel',
      roles: DESK_ROLES,
      args: z.strictObject({ id: Uuid }),
      apply: ({ scope }, { id }) => bookings.cancel(scope, id),
    }),
    define({
      name: 'booking.setStatus',
      args: z.strictObject({ id: Uuid, status: BookingStatus }),
      apply: ({ scope, auth }, { id, status }) => bookings.update(scope, auth, id, { status }),
    }),
    define({
      name: 'customer.create',
      roles: DESK_ROLES,
      args: CreateCustomerBody,
      apply: ({ scope }, args) => customers.create(scope, args),
    }),
    define({
      name: 'customer.update',
      roles: DESK_ROLES,
      args: withId(UpdateCustomerBody),
      apply: ({ scope }, { id, body }) => customers.update(scope, id, body),
    }),
  ];
  return defs;
}

/** Keeps `args`' inferred type flowing into `apply`. */
export function define<A>(definition: MutationDefinition<A>): MutationDefinition {
  return definition as MutationDefinition;
}
