/** Wire shapes of the privacy routes (../shared/API.md "Privacy, audit, operations"). */
import { z } from 'zod';
import { Booking, Customer, Instant, Uuid } from '../../core/domain/schemas';
import { WalkInView } from '../walk-ins/walk-in.schemas';

/** `GET /v1/customers/:id/export`: everything the business holds about one customer. */
export const CustomerExport = z.object({
  exportedAt: Instant,
  customer: Customer,
  /** With custom field values and notes. */
  bookings: z.array(Booking),
  walkIns: z.array(WalkInView),
});
export type CustomerExport = z.infer<typeof CustomerExport>;

/** `POST /v1/customers/:id/erase`: the customer as now stored and what was anonymised. */
export const CustomerErasure = z.object({
  customer: Customer,
  /** Bookings kept (anonymised) for the business's statistics. */
  bookingsKept: z.number().int().min(0),
  walkInsKept: z.number().int().min(0),
  /** False when there was nothing personal left (an earlier erasure). */
  changed: z.boolean(),
});
export type CustomerErasure = z.infer<typeof CustomerErasure>;

/** `GET /v1/tenant/export` (streamed): every table's rows of the tenant, secrets left out. */
export const TenantExport = z.object({
  format: z.literal('bookdesk-tenant-export/1'),
  tenantId: Uuid,
  exportedAt: Instant,
  /** Rows by table name, columns as stored (snake_case); hashes, secrets and ciphertexts omitted. */
  tables: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
});

/** `DELETE /v1/tenant` body: the owner's password, checked again. */
export const CancelAccountBody = z.strictObject({ password: z.string().min(1).max(1024) });
export type CancelAccountBody = z.infer<typeof CancelAccountBody>;

export const AccountCancelled = z.object({
  status: z.literal('cancelled'),
  cancelledAt: Instant,
  /** When the purge deletes every row of the business. */
  deletionDueAt: Instant,
});
export type AccountCancelled = z.infer<typeof AccountCancelled>;
