import type { FastifyRequest } from 'fastify';
import type { AuthContext } from '../auth/request-auth';
import type { TenantScope } from '../db/tenant-scope';
import { ForbiddenError, ValidationError } from '../errors';
import { toProblem } from '../http/problem';
import type { Problem } from '../http/problem';
import { RequestValidationError } from '../http/zod-type-provider';
import { DuplicateMutationError, runMutation } from './mutation-context';
import { SyncClientRepository } from './sync-client.repository';
import type { SyncMutations } from './sync-mutations';
import type { Mutation, MutationResult, PushBody, PushResponse } from './sync.schemas';

/**
 * `POST /v1/sync/push`: applies a client's mutations in order, each in its own transaction(s),
 * idempotent on (tenant, clientId, mutation id):
 * - an id at or below the client's last applied id is `duplicate` and changes nothing; if it was
 *   rejected, the duplicate carries that rejection's problem again (a desk whose answer was lost in
 *   a crash or a cut line learns why after all);
 * - an applied mutation's id is recorded in the transaction that applies it (./mutation-context.ts);
 * - a rejected one (the problem the REST route would answer) advances the id in its own
 *   transaction, which also remembers the problem, so it never blocks the client's queue.
 * A 5xx (a bug or the database gone) is not a rejection: the push fails and the client retries.
 */
export class SyncPushService {
  constructor(
    private readonly mutations: SyncMutations,
    private readonly now: () => Date,
  ) {}

  async push(
    scope: TenantScope,
    auth: AuthContext,
    body: PushBody,
    request: FastifyRequest,
  ): Promise<PushResponse> {
    const results: MutationResult[] = [];
    const { last: lastBefore, rejected } = await scope.transaction(async (tx) => {
      const clients = tx.get(SyncClientRepository);
      const last = await clients.lastApplied(body.clientId);
      // Only a push that sends an old id again needs what was refused.
      const resent = body.mutations.some((m) => m.id <= last);
      return { last, rejected: resent ? await clients.rejections(body.clientId) : [] };
    });
    let last = lastBefore;
    const problems = new Map(rejected.map((r) => [r.id, r.problem]));
    for (const mutation of body.mutations) {
      if (mutation.id <= last) {
        const problem = problems.get(mutation.id);
        results.push({ id: mutation.id, status: 'duplicate', ...(problem ? { problem } : {}) });
        continue;
      }
      const result = await this.applyOne(scope, auth, body.clientId, mutation, request);
      results.push(result);
      last = Math.max(last, mutation.id);
    }
    return { results };
  }

  private async applyOne(
    scope: TenantScope,
    auth: AuthContext,
    clientId: string,
    mutation: Mutation,
    request: FastifyRequest,
  ): Promise<MutationResult> {
    const at = this.now();
    let problem: Problem;
    try {
      const recorded = await runMutation(clientId, mutation.id, at, () =>
        this.dispatch(scope, auth, mutation),
      );
      // A mutation that changed nothing (cancelling a cancelled booking) records its id here.
      if (recorded || (await this.advance(scope, clientId, mutation.id, at))) {
        return { id: mutation.id, status: 'applied' };
      }
      return { id: mutation.id, status: 'duplicate' };
    } catch (error) {
      if (error instanceof DuplicateMutationError) return { id: mutation.id, status: 'duplicate' };
      problem = toProblem(error, request);
      if (problem.status >= 500) throw error;
    }
    const refused = problem;
    const advanced = await scope.transaction(async (tx) => {
      const clients = tx.get(SyncClientRepository);
      if (!(await clients.advance(clientId, mutation.id, at))) return false;
      await clients.remember(clientId, { id: mutation.id, problem: refused });
      return true;
    });
    if (!advanced) return { id: mutation.id, status: 'duplicate' };
    return { id: mutation.id, status: 'rejected', problem };
  }

  private async dispatch(scope: TenantScope, auth: AuthContext, mutation: Mutation): Promise<unknown> {
    const definition = this.mutations.get(mutation.name);
    if (!definition) {
      throw new ValidationError(`unknown mutation ${mutation.name}`, [
        { path: 'name', message: `expected one of ${this.mutations.names().join(', ')}` },
      ]);
    }
    // The role check comes before validation, as the REST guards run before the body is parsed.
    if (definition.roles && !definition.roles.includes(auth.role)) throw new ForbiddenError();
    const args = definition.args.safeParse(mutation.args);
    if (!args.success) throw new RequestValidationError('args', args.error.issues);
    return definition.apply({ scope, auth }, args.data);
  }

  private advance(scope: TenantScope, clientId: string, mutationId: number, at: Date): Promise<boolean> {
    return scope.transaction((tx) => tx.get(SyncClientRepository).advance(clientId, mutationId, at));
  }
}
