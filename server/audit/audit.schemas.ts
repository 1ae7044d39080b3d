/** Wire shapes of `/v1/audit`. */
import { z } from 'zod';
import { Instant, Uuid } from '../../core/domain/schemas';
import { AUDIT_EVENT_TYPES } from './audit-chain';

export const AuditQuery = z.strictObject({
  from: Instant.optional(),
  to: Instant.optional(),
  type: z.enum(AUDIT_EVENT_TYPES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(100).optional(),
});

export const AuditEventView = z.object({
  id: Uuid,
  seq: z.number().int(),
  type: z.enum(AUDIT_EVENT_TYPES),
  actorId: z.string().nullable(),
  at: z.string(),
  data: z.record(z.string(), z.unknown()),
});

export const AuditPage = z.object({ items: z.array(AuditEventView), nextCursor: z.string().nullable() });

export const AuditVerificationView = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBadId: z.string().optional(),
});
