/**
 * Push mutations by name. Each one validates its `args` with the REST route's own zod schema,
 * checks the same roles as the route's guard, and calls the same service method, so a pushed
 * mutation behaves exactly like the REST request (API.md: `args` are the REST body plus `id`).
 * Each feature defines its own in `<feature>.sync.ts` (e.g. `walkIn.create|action`) and the
 * composition root registers them (./sync.module.ts `openSync`).
 */
import { z } from 'zod';
import { Uuid } from '../../core/domain/schemas';
import type { AuthContext } from '../auth/request-auth';
import type { Role } from '../db/entities/platform.entities';
import type { TenantScope } from '../db/tenant-scope';

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

/** Keeps `args`' inferred type flowing into `apply`. */
export function define<A>(definition: MutationDefinition<A>): MutationDefinition {
  return definition as MutationDefinition;
}
