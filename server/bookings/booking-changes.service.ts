/**
 * Changing bookings: PATCH (a status move, notes, a move to another start or staff member, checked
 * and placed like a create) and DELETE (cancel). BookingService exposes them.
 */
import { canMoveStatus } from '../../core/domain/booking-rules';
import { recordedAtProblem } from '../../core/domain/requests';
import type { UpdateBookingBody } from '../../core/domain/requests';
import { ACTIVE_BOOKING_STATUSES } from '../../core/domain/schemas';
import type { Booking, BookingStatus } from '../../core/domain/schemas';
import type { AuditLog } from '../audit/audit-log.service';
import type { AuthContext } from '../auth/request-auth';
import { CatalogRepository } from '../catalog/catalog.repository';
import { constraintViolation } from '../db/sql-repository';
import type { TenantScope, TenantTransaction } from '../db/tenant-scope';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import type { FieldError } from '../errors';
import { DESK_ROLES } from '../front-desk/front-desk.access';
import { throwIfInvalid } from '../front-desk/front-desk.errors';
import { StaffRepository } from '../staff/staff.repository';
import type { StaffRecord } from '../staff/staff.repository';
import { ChangeFeed } from '../sync/change-feed';
import {
  auditOverlapOverride,
  placeBooking,
  qualifiedCandidates,
  slotTaken,
  WRITE_ATTEMPTS,
} from './booking-placement';
import type { Placement } from './booking-placement';
import { BookingRepository } from './booking.repository';
import type { BookingRecord } from './booking.repository';
import { toBookingView } from './booking.view';

const MINUTE_MS = 60_000;

/** What changing bookings needs from the rest of the server. */
export interface BookingChangeDeps {
  now: () => Date;
  /** A move with `allowOverlap` is audited in the same transaction as the booking it moved. */
  audit: Pick<AuditLog, 'append'>;
}

/** Status moves, notes, moves and cancellation of existing bookings. */
export class BookingChangeService {
  constructor(private readonly deps: BookingChangeDeps) {}

  /**
   * PATCH (and the push mutations `booking.update|setStatus`). A status move may carry `at`, when the
   * desk recorded it (e.g. offline, pushed later): checked against the server's clock (12 h back to
   * 1 minute ahead, 422 naming `body.at`) and stored as the booking's `status_changed_at`, the time it
   * entered the new status (the server's clock without `at`). That is all `at` changes: the booking
   * keeps its start and end (an `in_service` or `completed` booking is not moved or shortened, so no
   * conflict check depends on a time the desk sent), and it is not the row's `updated_at`.
   */
  async update(scope: TenantScope, auth: AuthContext, id: string, body: UpdateBookingBody): Promise<Booking> {
    const deskRole = DESK_ROLES.includes(auth.role);
    if (!deskRole && Object.keys(body).some((key) => key !== 'status' && key !== 'at')) {
      throw new ForbiddenError('staff may only change the status of their own bookings');
    }
    if (body.at !== undefined) {
      const problem =
        body.status === undefined
          ? 'only with status'
          : recordedAtProblem(new Date(body.at), this.deps.now());
      if (problem) throwIfInvalid([{ path: 'body.at', message: problem }]);
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.updateOnce(scope, auth, deskRole, id, body);
      } catch (error) {
        const violation = constraintViolation(error);
        if (violation === 'deadlock' && attempt < WRITE_ATTEMPTS) continue;
        if (violation === 'exclusion' || violation === 'deadlock') throw slotTaken();
        throw error;
      }
    }
  }

  private updateOnce(
    scope: TenantScope,
    auth: AuthContext,
    deskRole: boolean,
    id: string,
    body: UpdateBookingBody,
  ): Promise<Booking> {
    return scope.transaction(async (tx) => {
      const bookings = tx.get(BookingRepository);
      await bookings.beginWrite();
      const current = await bookings.findById(id);
      if (!current) throw new NotFoundError('booking not found');
      if (!deskRole) await this.requireOwnBooking(tx, auth, current);
      const next: BookingRecord = { ...current };
      if (body.status !== undefined) {
        if (!canMoveStatus(current.status, body.status)) throw invalidTransition(current.status, body.status);
        next.status = body.status;
      }
      if (body.notes !== undefined) next.notes = body.notes;
      let placement: Placement | null = null;
      if (body.start !== undefined || body.staffId !== undefined) {
        if (!isActive(current.status))
          throw new ConflictError('invalid-transition', `a ${current.status} booking cannot be moved`);
        placement = await this.move(tx, current, next, body);
      }
      const now = this.deps.now();
      const statusChangedAt =
        body.status === undefined ? undefined : body.at !== undefined ? new Date(body.at) : now;
      await bookings.update(next, now, statusChangedAt);
      if (placement) await auditOverlapOverride(this.deps.audit, tx, auth, next, placement);
      await ChangeFeed.recordPut(tx, 'booking', next.id);
      return toBookingView(next, placement?.timeZone ?? current.timeZone);
    });
  }

  /** Re-places a booking at a new start and/or staff member, keeping its own duration and buffers. */
  private async move(
    tx: TenantTransaction,
    current: BookingRecord,
    next: BookingRecord,
    body: UpdateBookingBody,
  ): Promise<Placement | null> {
    const errors: FieldError[] = [];
    const candidates = await this.candidates(tx, current.serviceId, body.staffId ?? current.staffId, errors);
    throwIfInvalid(errors);
    const service = (await tx.get(CatalogRepository).findById(current.serviceId))!;
    const start = body.start !== undefined ? new Date(body.start) : current.start;
    const duration = current.end.getTime() - current.start.getTime();
    const span = {
      start,
      end: new Date(start.getTime() + duration),
      bufferBeforeMinutes: (current.start.getTime() - current.busyFrom.getTime()) / MINUTE_MS,
      bufferAfterMinutes: (current.busyTo.getTime() - current.end.getTime()) / MINUTE_MS,
      replacesBookingId: current.id,
    };
    next.start = span.start;
    next.end = span.end;
    next.busyFrom = new Date(start.getTime() - span.bufferBeforeMinutes * MINUTE_MS);
    next.busyTo = new Date(span.end.getTime() + span.bufferAfterMinutes * MINUTE_MS);
    // A move that also ends the booking (e.g. cancelled) holds no time: nothing to check.
    if (!isActive(next.status)) return null;
    const placement = await placeBooking(tx, {
      service,
      candidates,
      span,
      allowOverlap: body.allowOverlap === true,
      now: this.deps.now(),
    });
    next.staffId = placement.staff.id;
    next.locationId = placement.staff.locationId;
    return placement;
  }

  /** Staff who could take the booking: the one named (422 if unknown or unqualified) or every qualified one. */
  private async candidates(
    tx: TenantTransaction,
    serviceId: string,
    staffId: string | undefined,
    errors: FieldError[],
  ): Promise<StaffRecord[]> {
    const staff = tx.get(StaffRepository);
    const found =
      staffId !== undefined ? await staff.findByIds([staffId]) : await staff.findQualified(serviceId);
    return qualifiedCandidates(found, serviceId, staffId, errors);
  }

  /** DELETE: cancels an active booking (a cancelled one stays cancelled; ended ones are 409). */
  cancel(scope: TenantScope, id: string): Promise<void> {
    return scope.transaction(async (tx) => {
      const bookings = tx.get(BookingRepository);
      const current = await bookings.findById(id);
      if (!current) throw new NotFoundError('booking not found');
      if (current.status === 'cancelled') return;
      if (!canMoveStatus(current.status, 'cancelled')) throw invalidTransition(current.status, 'cancelled');
      const now = this.deps.now();
      await bookings.update({ ...current, status: 'cancelled' }, now, now);
      await ChangeFeed.recordPut(tx, 'booking', id);
    });
  }

  /** A staff-role user may touch only bookings of the staff record carrying their e-mail address. */
  private async requireOwnBooking(
    tx: TenantTransaction,
    auth: AuthContext,
    booking: BookingRecord,
  ): Promise<void> {
    const email = auth.userId ? await tx.get(BookingRepository).userEmail(auth.userId) : null;
    const member = await tx.get(StaffRepository).findById(booking.staffId);
    if (!email || member?.email?.toLowerCase() !== email.toLowerCase()) {
      throw new ForbiddenError('staff may only change the status of their own bookings');
    }
  }
}

function isActive(status: BookingStatus): boolean {
  return ACTIVE_BOOKING_STATUSES.includes(status);
}

function invalidTransition(from: BookingStatus, to: BookingStatus): ConflictError {
  return new ConflictError('invalid-transition', `a booking cannot go from ${from} to ${to}`);
}
