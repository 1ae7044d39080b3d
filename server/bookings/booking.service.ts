/**
 * Bookings as the routes, the sync mutations and walk-ins use them: the reads are here; creating and
 * placing is ./booking-creation.service.ts, moves, status changes and cancelling are
 * ./booking-changes.service.ts.
 */
import type { BookingListQuery, CreateBookingBody, UpdateBookingBody } from '../../core/domain/requests';
import type { Booking } from '../../core/domain/schemas';
import type { AuthContext } from '../auth/request-auth';
import type { TenantScope, TenantTransaction } from '../db/tenant-scope';
import { NotFoundError } from '../errors';
import { rangeErrors } from '../external-busy/external-busy.service';
import { decodeIdCursor, encodeIdCursor, throwIfInvalid } from '../front-desk/front-desk.errors';
import { BookingChangeService } from './booking-changes.service';
import type { BookingChangeDeps } from './booking-changes.service';
import { BookingCreationService } from './booking-creation.service';
import type { BookingCreationDeps } from './booking-creation.service';
import { BookingRepository } from './booking.repository';
import { toBookingView } from './booking.view';

const MAX_LIST_DAYS = 93;

/** What bookings need from the rest of the server. */
export type BookingServiceDeps = BookingCreationDeps & BookingChangeDeps;

/** Bookings: create (any free qualified staff when none is named), move, status moves, cancel. */
export class BookingService {
  private readonly creation: BookingCreationService;
  private readonly changes: BookingChangeService;

  constructor(deps: BookingServiceDeps) {
    this.creation = new BookingCreationService(deps);
    this.changes = new BookingChangeService(deps);
  }

  async list(
    scope: TenantScope,
    query: BookingListQuery,
  ): Promise<{ items: Booking[]; nextCursor: string | null }> {
    const from = new Date(query.from);
    const to = new Date(query.to);
    throwIfInvalid(rangeErrors(from, to, MAX_LIST_DAYS));
    const afterId = decodeIdCursor(query.cursor);
    const rows = await scope.transaction((tx) =>
      tx
        .get(BookingRepository)
        .list({ from, to, staffId: query.staffId, status: query.status, afterId, limit: query.limit }),
    );
    const more = rows.length > query.limit;
    const page = more ? rows.slice(0, query.limit) : rows;
    return {
      items: page.map((r) => toBookingView(r, r.timeZone)),
      nextCursor: more ? encodeIdCursor(page[page.length - 1]!.id) : null,
    };
  }

  get(scope: TenantScope, id: string): Promise<Booking> {
    return scope.transaction(async (tx) => {
      const row = await tx.get(BookingRepository).findById(id);
      if (!row) throw new NotFoundError('booking not found');
      return toBookingView(row, row.timeZone);
    });
  }

  /** POST (and the push mutation `booking.create`): see BookingCreationService.create. */
  create(scope: TenantScope, auth: AuthContext, body: CreateBookingBody): Promise<Booking> {
    return this.creation.create(scope, auth, body);
  }

  /** A walk-in starting, inside the caller's transaction: see BookingCreationService.startInServiceIn. */
  startInServiceIn(
    tx: TenantTransaction,
    input: Parameters<BookingCreationService['startInServiceIn']>[1],
  ): Promise<Booking> {
    return this.creation.startInServiceIn(tx, input);
  }

  /** PATCH (and the push mutations `booking.update|setStatus`): see BookingChangeService.update. */
  update(scope: TenantScope, auth: AuthContext, id: string, body: UpdateBookingBody): Promise<Booking> {
    return this.changes.update(scope, auth, id, body);
  }

  /** DELETE (and the push mutation `booking.cancel`): see BookingChangeService.cancel. */
  cancel(scope: TenantScope, id: string): Promise<void> {
    return this.changes.cancel(scope, id);
  }
}
