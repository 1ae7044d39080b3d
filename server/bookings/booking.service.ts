import { randomUUID } from 'node:crypto';
import { canMoveStatus, customFieldValueErrors } from '../../core/domain/booking-rules';
import { recordedAtProblem } from '../../core/domain/requests';
import type { BookingListQuery, CreateBookingBody, UpdateBookingBody } from '../../core/domain/requests';
import { ACTIVE_BOOKING_STATUSES } from '../../core/domain/schemas';
import type { Booking, BookingStatus } from '../../core/domain/schemas';
import type { AuditLog } from '../audit/audit-log.service';
import type { AuthContext } from '../auth/request-auth';
import { CatalogRepository } from '../catalog/catalog.repository';
import type { CustomerService } from '../customers/customer.service';
import type { TenantScope, TenantTransaction } from '../db/tenant-scope';
import { AppError, ConflictError, ForbiddenError, NotFoundError } from '../errors';
import type { FieldError } from '../errors';
import { rangeErrors } from '../external-busy/external-busy.service';
import { constraintViolation } from '../db/sql-repository';
import { DESK_ROLES } from '../front-desk/front-desk.access';
import {
  alreadyExists,
  decodeIdCursor,
  encodeIdCursor,
  throwIfInvalid,
} from '../front-desk/front-desk.errors';
import { StaffRepository } from '../staff/staff.repository';
import type { StaffRecord } from '../staff/staff.repository';
import { heldTimeFor, loadBookingContext } from './booking-context';
import type { BookingContext } from './booking-context';
import { BookingContextCache } from './booking-context-cache';
import { placeBooking, slotTaken } from './booking-placement';
import type { Placement, ProposedSpan } from './booking-placement';
import { BookingRepository } from './booking.repository';
import { toBookingView } from './booking.view';
import type { BookingRecord } from './booking.repository';
import { ChangeFeed } from '../sync/change-feed';
import { inPushedMutation } from '../sync/mutation-context';
import type { ServiceRecord } from '../catalog/catalog.repository';

const MINUTE_MS = 60_000;
const MAX_LIST_DAYS = 93;
/**
 * Attempts of one booking write on PostgreSQL: a deadlock victim (concurrent inserts waiting on each
 * other in the exclusion constraint) retries, and so does a create without a staff member whose
 * chosen staff member was taken by a concurrent booking. The retry re-checks from scratch.
 */
const WRITE_ATTEMPTS = 3;

/** What bookings need from the rest of the server. */
export interface BookingServiceDeps {
  now: () => Date;
  /** `allowOverlap` is audited in the same transaction as the booking it allowed. */
  audit: Pick<AuditLog, 'append'>;
  customers: Pick<CustomerService, 'createIn'>;
}

/** Bookings: create (any free qualified staff when none is named), move, status moves, cancel. */
export class BookingService {
  /** Configuration read by this instance's creates, for the next creates (PostgreSQL). */
  private readonly contexts = new BookingContextCache();

  constructor(private readonly deps: BookingServiceDeps) {}

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

  async create(scope: TenantScope, auth: AuthContext, body: CreateBookingBody): Promise<Booking> {
    if (body.allowOverlap && !DESK_ROLES.includes(auth.role))
      throw new ForbiddenError('only desk roles may book over a busy block');
    const cached = await this.createFromCache(scope, body);
    if (cached) return cached;
    for (let attempt = 1; ; attempt++) {
      try {
        // Formatted after the commit (on PostgreSQL the INSERT itself travels with the COMMIT).
        const created = await scope.transaction((tx) => this.createIn(tx, auth, body));
        return toBookingView(created.record, created.timeZone);
      } catch (error) {
        const violation = constraintViolation(error);
        const retry = violation === 'deadlock' || (violation === 'exclusion' && body.staffId === undefined);
        if (retry && attempt < WRITE_ATTEMPTS) continue;
        if (violation === 'exclusion' || violation === 'deadlock') throw slotTaken();
        if (violation === 'unique') throw alreadyExists();
        throw error;
      }
    }
  }

  /**
   * PostgreSQL, in one round trip: a create checked against the configuration an earlier create of
   * this instance read for the same service and staff member (BookingContextCache), with nothing
   * holding the staff member's time, then inserted under the staff member's lock only if both still
   * hold (BookingRepository.guardedInsertStatement): the tenant's configuration version is the one
   * the copy was read at, and the held-time read finds nothing. So it decides exactly as a create
   * reading everything in its own transaction would. Anything else (no copy, a check that fails, a
   * guard that fails, a deadlock) returns null and the caller creates the usual way, which reads
   * afresh and answers every refusal. Not for a new customer, an overlap or a pushed mutation (whose
   * "applied" record must commit with the booking).
   */
  private async createFromCache(scope: TenantScope, body: CreateBookingBody): Promise<Booking | null> {
    if (body.customer !== undefined || body.allowOverlap || inPushedMutation()) return null;
    const context = this.contexts.get(scope.tenantId, body.serviceId, body.staffId);
    if (!context) return null;
    let wrote = false;
    let created: { record: BookingRecord; timeZone: string };
    try {
      created = await scope.transaction(async (tx) => {
        const now = this.deps.now();
        const { service, candidates, span } = checkedAgainst({ ...context, customerExists: true }, body);
        const placement = await placeBooking(tx, {
          service,
          candidates,
          span,
          allowOverlap: false,
          now,
          held: [],
        });
        const record = newBooking(body, service, placement, span, body.customerId ?? null);
        const bookings = tx.get(BookingRepository);
        bookings.lockStaffAtCommit([record.staffId]);
        await ChangeFeed.recordPutIfWritten(
          tx,
          'booking',
          record.id,
          bookings.guardedInsertStatement(record, now, context.configVersion),
          (written) => {
            wrote = written;
          },
        );
        return { record, timeZone: placement.timeZone };
      });
    } catch (error) {
      const violation = constraintViolation(error);
      if (violation === 'unique') throw alreadyExists();
      if (error instanceof AppError || violation === 'deadlock' || violation === 'exclusion') return null;
      throw error;
    }
    return wrote ? toBookingView(created.record, created.timeZone) : null;
  }

  private async createIn(
    tx: TenantTransaction,
    auth: AuthContext,
    body: CreateBookingBody,
  ): Promise<{ record: BookingRecord; timeZone: string }> {
    const bookings = tx.get(BookingRepository);
    await bookings.beginWrite();
    const start = new Date(body.start);
    const context = await loadBookingContext(tx, {
      serviceId: body.serviceId,
      staffId: body.staffId,
      customerId: body.customerId,
      start,
    });
    if (context.configVersion !== undefined && context.service && context.staff.length > 0) {
      const { service, definitions, staff, configVersion } = context;
      this.contexts.set(tx.tenantId, body.serviceId, body.staffId, {
        service,
        definitions,
        staff,
        configVersion,
      });
    }
    const { service, candidates, span } = checkedAgainst(context, body);
    const now = this.deps.now();
    const placement = await placeBooking(tx, {
      service,
      candidates,
      span,
      allowOverlap: body.allowOverlap === true,
      now,
      held: heldTimeFor(
        context,
        candidates.map((c) => c.id),
        { from: busyFrom(span), to: busyTo(span) },
      ),
    });
    const customerId = body.customer
      ? (await this.deps.customers.createIn(tx, body.customer)).id
      : (body.customerId ?? null);
    const record = newBooking(body, service, placement, span, customerId);
    await this.auditOverride(tx, auth, record, placement);
    // Last: on PostgreSQL the INSERT, its change record and the COMMIT share one round trip.
    await ChangeFeed.recordPutWith(tx, 'booking', record.id, bookings.insertStatement(record, now));
    return { record, timeZone: placement.timeZone };
  }

  /**
   * A walk-in starting (server/walk-ins/walk-in.service.ts), inside the caller's transaction: an
   * `in_service` booking from `start` (now, or when the desk recorded the start, possibly hours ago)
   * on the first of `candidates` free for the whole span from `start`, with the same conflict check
   * as every booking (409 `/slot-taken` when none is). No minimum notice: the customer is at the
   * desk. The caller maps constraint violations as {@link create} does.
   */
  async startInServiceIn(
    tx: TenantTransaction,
    input: {
      id?: string;
      serviceId: string;
      candidates: readonly StaffRecord[];
      customerId: string | null;
      notes: string | null;
      start: Date;
    },
  ): Promise<Booking> {
    const bookings = tx.get(BookingRepository);
    await bookings.beginWrite();
    const service = (await tx.get(CatalogRepository).findById(input.serviceId))!;
    const span = {
      start: input.start,
      end: new Date(input.start.getTime() + service.durationMinutes * MINUTE_MS),
      bufferBeforeMinutes: service.bufferBeforeMinutes,
      bufferAfterMinutes: service.bufferAfterMinutes,
    };
    const placement = await placeBooking(tx, {
      service: { ...service, minNoticeMinutes: 0 },
      candidates: input.candidates,
      span,
      allowOverlap: false,
      now: input.start,
    });
    const record: BookingRecord = {
      id: input.id ?? randomUUID(),
      locationId: placement.staff.locationId,
      serviceId: service.id,
      staffId: placement.staff.id,
      customerId: input.customerId,
      start: span.start,
      end: span.end,
      busyFrom: busyFrom(span),
      busyTo: busyTo(span),
      status: 'in_service',
      source: 'walk_in',
      fields: null,
      notes: input.notes,
    };
    await bookings.insert(record, this.deps.now());
    await ChangeFeed.recordPut(tx, 'booking', record.id);
    return toBookingView(record, placement.timeZone);
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
      if (placement) await this.auditOverride(tx, auth, next, placement);
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

  private async auditOverride(
    tx: TenantTransaction,
    auth: AuthContext,
    booking: BookingRecord,
    placement: Placement,
  ): Promise<void> {
    if (placement.overriddenBusyBlockIds.length === 0) return;
    await this.deps.audit.append(tx, {
      type: 'booking.overlap_override',
      actorId: auth.userId ?? auth.credentialId,
      data: {
        bookingId: booking.id,
        staffId: booking.staffId,
        busyBlockIds: placement.overriddenBusyBlockIds,
      },
    });
  }
}

/**
 * What a create checks against its context in memory: the service exists, the custom fields are
 * valid, the customer named exists, the staff member named performs the service (else someone
 * does). 422 naming the fields otherwise. Returns the service, the candidates and the span.
 */
function checkedAgainst(
  context: Pick<BookingContext, 'service' | 'definitions' | 'staff' | 'customerExists'>,
  body: CreateBookingBody,
): { service: ServiceRecord; candidates: StaffRecord[]; span: ProposedSpan } {
  const service = context.service;
  if (!service) throwIfInvalid([{ path: 'body.serviceId', message: 'no such service' }]);
  const errors: FieldError[] = customFieldValueErrors(context.definitions, body.fields ?? {}).map((e) => ({
    path: `body.fields.${e.key}`,
    message: e.message,
  }));
  if (!context.customerExists) errors.push({ path: 'body.customerId', message: 'no such customer' });
  const candidates = qualifiedCandidates(context.staff, service!.id, body.staffId, errors);
  throwIfInvalid(errors);
  const start = new Date(body.start);
  const span = {
    start,
    end: new Date(start.getTime() + service!.durationMinutes * MINUTE_MS),
    bufferBeforeMinutes: service!.bufferBeforeMinutes,
    bufferAfterMinutes: service!.bufferAfterMinutes,
  };
  return { service: service!, candidates, span };
}

function busyFrom(span: ProposedSpan): Date {
  return new Date(span.start.getTime() - span.bufferBeforeMinutes * MINUTE_MS);
}

function busyTo(span: ProposedSpan): Date {
  return new Date(span.end.getTime() + span.bufferAfterMinutes * MINUTE_MS);
}

/** The row of a new booking placed with `placement`. */
function newBooking(
  body: CreateBookingBody,
  service: ServiceRecord,
  placement: Placement,
  span: ProposedSpan,
  customerId: string | null,
): BookingRecord {
  return {
    id: body.id ?? randomUUID(),
    locationId: placement.staff.locationId,
    serviceId: service.id,
    staffId: placement.staff.id,
    customerId,
    start: span.start,
    end: span.end,
    busyFrom: busyFrom(span),
    busyTo: busyTo(span),
    status: 'booked',
    source: body.source,
    fields: body.fields && Object.keys(body.fields).length > 0 ? body.fields : null,
    notes: body.notes ?? null,
  };
}

/**
 * The candidates among `found` (the staff member named, if found, else the qualified ones), adding
 * the 422 errors: unknown or unqualified staff member, or nobody performing the service.
 */
function qualifiedCandidates(
  found: StaffRecord[],
  serviceId: string,
  staffId: string | undefined,
  errors: FieldError[],
): StaffRecord[] {
  if (staffId !== undefined) {
    const member = found[0];
    if (!member) errors.push({ path: 'body.staffId', message: 'no such staff member' });
    else if (!member.serviceIds.includes(serviceId))
      errors.push({ path: 'body.staffId', message: 'does not perform this service' });
    return member ? [member] : [];
  }
  if (found.length === 0)
    errors.push({ path: 'body.serviceId', message: 'no staff member performs this service' });
  return found;
}

function isActive(status: BookingStatus): boolean {
  return ACTIVE_BOOKING_STATUSES.includes(status);
}

function invalidTransition(from: BookingStatus, to: BookingStatus): ConflictError {
  return new ConflictError('invalid-transition', `a booking cannot go from ${from} to ${to}`);
}
