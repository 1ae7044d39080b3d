/** Wire shapes of `/v1/api-keys`. */
import { z } from 'zod';
import { Uuid } from '../../core/domain/schemas';

export const CreateApiKeyBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** The role the key acts with (default admin); never owner: a key cannot cancel the account. */
  role: z.enum(['admin', 'receptionist', 'staff']).optional(),
});
export type CreateApiKeyBody = z.infer<typeof CreateApiKeyBody>;

export const CreatedApiKey = z.object({
  id: Uuid,
  /** The secret, shown once: only its SHA-256 hash is stored. */
  key: z.string(),
});

export const ApiKeyView = z.object({
  id: Uuid,
  name: z.string(),
  role: z.enum(['admin', 'receptionist', 'staff']),
  createdBy: Uuid,
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type ApiKeyView = z.infer<typeof ApiKeyView>;

export const ApiKeyList = z.object({ items: z.array(ApiKeyView), nextCursor: z.string().nullable() });
