/**
 * Creating and placing bookings: a create from the desk or the API (any free qualified staff member
 * when none is named; on PostgreSQL first against this instance's copy of the configuration, in one
 * round trip) and the `in_service` booking of a walk-in starting. BookingService exposes them.
 */
import { randomUUID } from 'node:crypto';
import { customFieldValueErrors } from '../../core/domain/booking-rules';
import type { CreateBookingBody } from '../../core/domain/requests';
import type { Booking } from '../../core/domain/schemas';
import type { AuditLog } from '../audit/audit-log.service';
import type { AuthContext } from '../auth/request-auth';
import { CatalogRepository } from '../catalog/catalog.repository';
import type { ServiceRecord } from '../catalog/catalog.repository';
import type { CustomerService } from '../customers/customer.service';
import { constraintViolation } from '../db/sql-repository';
import type { TenantScope, TenantTransaction } from '../db/tenant-scope';
import { AppError, ConflictError, ForbiddenError } from '../errors';
import type { FieldError } from '../errors';
import { DESK_ROLES } from '../front-desk/front-desk.access';
import { alreadyExists, throwIfInvalid } from '../front-desk/front-desk.errors';
import type { StaffRecord } from '../staff/staff.repository';
import { ChangeFeed } from '../sync/change-feed';
import { inPushedMutation } from '../sync/mutation-context';
import { heldTimeFor, loadBookingContext } from './booking-context';
import type { BookingContext } from './booking-context';
import { BookingContextCache } from './booking-context-cache';
import {
  auditOverlapOverride,
  placeBooking,
  qualifiedCandidates,
  slotTaken,
  WRITE_ATTEMPTS,
} from './booking-placement';
import type { Placement, ProposedSpan } from './booking-placement';
import { BookingRepository } from './booking.repository';
import type { BookingRecord } from './booking.repository';
import { toBookingView } from './booking.view';

const MINUTE_MS = 60_000;

/** What creating bookings needs from the rest of the server. */
export interface BookingCreationDeps {
  now: () => Date;
  /** `allowOverlap` is audited in the same transaction as the booking it allowed. */
  audit: Pick<AuditLog, 'append'>;
  customers: Pick<CustomerService, 'createIn'>;
}

/** Creates bookings: checks them against the configuration, places them, writes them with their change. */
export class BookingCreationService {
  /** Configuration read by this instance's creates, for the next creates (PostgreSQL). */
  private readonly contexts = new BookingContextCache();

  constructor(private readonly deps: BookingCreationDeps) {}

  async create(scope: TenantScope, auth: AuthContext, body: CreateBookingBody): Promise<Booking> {
    try {
      return await this.createOnce(scope, auth, body);
    } catch (error) {
      // A client retrying with the same id a create whose answer it lost (its API instance died after
      // the commit) finds its own booking holding the slot: that is 409 /already-exists, not
      // /slot-taken, which would tell it the booking it has was not made. Checked only on refusal.
      const id = body.id;
      if (
        id !== undefined &&
        error instanceof ConflictError &&
        error.slug === 'slot-taken' &&
        (await scope.transaction((tx) => tx.get(BookingRepository).findById(id)))
      )
        throw alreadyExists();
      throw error;
    }
  }

  private async createOnce(scope: TenantScope, auth: AuthContext, body: CreateBookingBody): Promise<Booking> {
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
    await auditOverlapOverride(this.deps.audit, tx, auth, record, placement);
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
