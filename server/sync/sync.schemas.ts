/** Wire shapes of `/v1/sync/*` (../shared/API.md "Sync (desktop)"). */
import { z } from 'zod';
import { ProblemSchema } from '../http/problem';
import { SYNC_ENTITIES } from './sync-entities';

/** Most changes one pull returns. */
export const MAX_PULL_LIMIT = 5000;

export const PullBody = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(MAX_PULL_LIMIT).default(1000),
});
export type PullBody = z.infer<typeof PullBody>;

export const SyncChange = z.object({
  entity: z.enum(SYNC_ENTITIES),
  op: z.enum(['put', 'del']),
  id: z.string(),
  version: z.number().int(),
  // The entity's REST wire shape, built by the same mapper as its GET (checked by the tests).
  data: z.unknown().optional(),
});
export type SyncChange = z.infer<typeof SyncChange>;

export const PullResponse = z.object({
  cursor: z.string(),
  hasMore: z.boolean(),
  changes: z.array(SyncChange),
  lastMutationIds: z.record(z.string(), z.number().int()),
  /** First snapshot page only (no cursor): the number of items the snapshot sends (a progress bar's). */
  total: z.number().int().min(0).optional(),
});
export type PullResponse = z.infer<typeof PullResponse>;

/** A desktop client's id (one per installation). */
export const ClientId = z.string().min(1).max(100);

export const Mutation = z.strictObject({
  id: z.number().int().min(1),
  name: z.string().min(1).max(100),
  args: z.unknown(),
});
export type Mutation = z.infer<typeof Mutation>;

export const PushBody = z.strictObject({
  clientId: ClientId,
  mutations: z.array(Mutation).max(500),
});
export type PushBody = z.infer<typeof PushBody>;

export const MutationResult = z.object({
  id: z.number().int(),
  status: z.enum(['applied', 'rejected', 'duplicate']),
  problem: ProblemSchema.optional(),
});
export type MutationResult = z.infer<typeof MutationResult>;

export const PushResponse = z.object({ results: z.array(MutationResult) });
export type PushResponse = z.infer<typeof PushResponse>;
