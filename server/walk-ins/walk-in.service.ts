import { randomUUID } from 'node:crypto';
import { recordedAtProblem } from '../../core/domain/requests';
import type { CreateWalkInBody, WalkInActionBody } from '../../core/domain/requests';
import { formatInZone } from '../../core/domain/zoned-instant';
import { walkInServiceStart } from '../../core/scheduling';
import type { WalkInEstimate } from '../../core/scheduling';
import type { AuditLog } from '../audit/audit-log.service';
import type { AuthContext } from '../auth/request-auth';
import type { BookingService } from '../bookings/booking.service';
import { slotTaken } from '../bookings/booking-placement';
import { CatalogRepository } from '../catalog/catalog.repository';
import { CustomerRepository } from '../customers/customer.repository';
import type { CustomerService } from '../customers/customer.service';
import type { LocationRow } from '../db/entities/platform.entities';
import type { MaintenanceLookups } from '../db/maintenance-lookups';
import type { TenantScope, TenantScopes, TenantTransaction } from '../db/tenant-scope';
import { ConflictError, NotFoundError } from '../errors';
import type { FieldError } from '../errors';
import { constraintViolation } from '../db/sql-repository';
import { alreadyExists, throwIfInvalid } from '../front-desk/front-desk.errors';
import { LocationRepository } from '../locations/location.repository';
import { StaffRepository } from '../staff/staff.repository';
import type { StaffRecord } from '../staff/staff.repository';
import { ChangeFeed } from '../sync/change-feed';
import { estimateQueue, localDay } from './walk-in-queue';
import { QUEUED_STATUSES, WalkInRepository } from './walk-in.repository';
import type { WalkInRecord } from './walk-in.repository';
import type { WalkInQueueQuery, WalkInView } from './walk-in.schemas';

/** Attempts of a `start` on PostgreSQL, where concurrent booking inserts can deadlock (see BookingService). */
const WRITE_ATTEMPTS = 3;

/** What the walk-in queue needs from the rest of the server. */
export interface WalkInServiceDeps {
  now: () => Date;
  customers: Pick<CustomerService, 'createIn'>;
  bookings: Pick<BookingService, 'startInServiceIn'>;
  /** Records the parties closed at the end of their day (`walk_in.closed_at_day_end`). */
  audit?: Pick<AuditLog, 'append'>;
}

/**
 * The walk-in queue of each location for today: add, call, start (an `in_service` booking from the
 * action's time), no-show, leave. Positions and waits come from core's `estimateWalkInWaits` on every
 * read and change. `createIn`/`actIn` run inside a caller's transaction (the sync push's
 * `walkIn.create|action`).
 *
 * Times the desk recorded (API.md): a party's `arrivedAt` and an action's `at` may lie up to 12 hours
 * before the server's clock and 1 minute after it (a desk that worked offline pushes later; 422 naming
 * the field otherwise), default now. The queue orders by `arrivedAt`, so a party recorded offline at
 * 10:05 and pushed at 10:40 queues at 10:05. An action's `at` is its time (`calledAt`, `endedAt`) and
 * may not precede the arrival; `start` places the in-service booking from `at` with the same conflict
 * check as any booking, so a start recorded in the past is refused (409 `/slot-taken`) if the staff
 * member's time from then on is taken meanwhile: the server's bookings win, never a double booking.
 */
export class WalkInService {
  constructor(private readonly deps: WalkInServiceDeps) {}

  /** Today's queue(s) in order, with positions and estimated waits. */
  queue(scope: TenantScope, query: WalkInQueueQuery): Promise<{ items: WalkInView[]; nextCursor: null }> {
    return scope.transaction(async (tx) => {
      const locations = tx.get(LocationRepository);
      let targets: LocationRow[];
      if (query.locationId !== undefined) {
        const location = await locations.findById(query.locationId);
        if (!location) throwIfInvalid([{ path: 'query.locationId', message: 'no such location' }]);
        targets = [location!];
      } else {
        targets = await locations.list();
      }
      const now = this.deps.now();
      const items: WalkInView[] = [];
      for (const location of targets) {
        const { queue, estimates } = await estimateQueue(tx, location, now);
        queue.forEach((w, i) => items.push(toView(w, estimates[i])));
      }
      return { items, nextCursor: null };
    });
  }

  async create(scope: TenantScope, auth: AuthContext, body: CreateWalkInBody): Promise<WalkInView> {
    try {
      return await scope.transaction((tx) => this.createIn(tx, auth, body));
    } catch (error) {
      throw constraintViolation(error) === 'unique' ? alreadyExists() : error;
    }
  }

  /** Adds a party to its location's queue (creating the customer given inline). */
  async createIn(tx: TenantTransaction, _auth: AuthContext, body: CreateWalkInBody): Promise<WalkInView> {
    const errors: FieldError[] = [];
    const service = await tx.get(CatalogRepository).findById(body.serviceId);
    if (!service) errors.push({ path: 'body.serviceId', message: 'no such service' });
    if (body.customerId !== undefined && !(await tx.get(CustomerRepository).findById(body.customerId))) {
      errors.push({ path: 'body.customerId', message: 'no such customer' });
    }
    let staff: StaffRecord | null = null;
    if (body.staffId !== undefined) {
      staff = await tx.get(StaffRepository).findById(body.staffId);
      if (!staff) errors.push({ path: 'body.staffId', message: 'no such staff member' });
      else if (!staff.serviceIds.includes(body.serviceId))
        errors.push({ path: 'body.staffId', message: 'does not perform this service' });
    }
    const location = await this.locationOf(tx, body, staff, errors);
    const now = this.deps.now();
    const arrivedAt = body.arrivedAt !== undefined ? new Date(body.arrivedAt) : now;
    const late = body.arrivedAt !== undefined ? recordedAtProblem(arrivedAt, now) : null;
    if (late) errors.push({ path: 'body.arrivedAt', message: late });
    throwIfInvalid(errors);

    const walkIns = tx.get(WalkInRepository);
    const id = body.id ?? randomUUID();
    if (body.id !== undefined && (await walkIns.findById(id))) throw alreadyExists();
    const customerId = body.customer
      ? (await this.deps.customers.createIn(tx, body.customer)).id
      : body.customerId!;
    await walkIns.insert(
      {
        id,
        locationId: location!.id,
        customerId,
        serviceId: body.serviceId,
        staffId: body.staffId ?? null,
        partySize: body.partySize ?? 1,
        notes: body.notes ?? null,
        status: 'waiting',
        arrivedAt,
        calledAt: null,
        endedAt: null,
        bookingId: null,
      },
      now,
    );
    if (body.customer) await ChangeFeed.recordPut(tx, 'customer', customerId);
    await ChangeFeed.recordPut(tx, 'walkIn', id);
    return this.viewIn(tx, id);
  }

  /** The location named, else the named staff member's, else the tenant's only one (422 otherwise). */
  private async locationOf(
    tx: TenantTransaction,
    body: CreateWalkInBody,
    staff: StaffRecord | null,
    errors: FieldError[],
  ): Promise<LocationRow | null> {
    const locations = tx.get(LocationRepository);
    if (body.locationId !== undefined) {
      const location = await locations.findById(body.locationId);
      if (!location) errors.push({ path: 'body.locationId', message: 'no such location' });
      else if (staff && staff.locationId !== location.id)
        errors.push({ path: 'body.staffId', message: 'works at another location' });
      return location;
    }
    if (staff) return locations.findById(staff.locationId);
    const all = await locations.list();
    if (all.length !== 1) {
      errors.push({ path: 'body.locationId', message: 'required when the business has several locations' });
      return null;
    }
    return all[0]!;
  }

  /**
   * Housekeeping: parties still waiting (or called) when their location's day is over are closed as
   * `left`, ended at the end of the day they arrived (the location's midnight), audited and sent to
   * the desks, instead of silently dropping out of the queue. Every tenant, each in its own transaction;
   * returns how many parties were closed.
   */
  async closeEndedDays(
    scopes: Pick<TenantScopes, 'forTenant'>,
    tenants: Pick<MaintenanceLookups, 'tenantIds'>,
  ): Promise<number> {
    let closed = 0;
    for (const tenantId of await tenants.tenantIds()) {
      closed += await scopes.forTenant(tenantId).transaction((tx) => this.closeEndedDaysIn(tx));
    }
    return closed;
  }

  private async closeEndedDaysIn(tx: TenantTransaction): Promise<number> {
    const now = this.deps.now();
    const walkIns = tx.get(WalkInRepository);
    let closed = 0;
    for (const location of await tx.get(LocationRepository).list()) {
      const today = localDay(location.timeZone, now);
      for (const party of await walkIns.queuedBefore(location.id, today.start)) {
        const endedAt = localDay(location.timeZone, party.arrivedAt).end;
        await walkIns.updateStatus({ ...party, status: 'left', endedAt }, now);
        await ChangeFeed.recordPut(tx, 'walkIn', party.id);
        await this.deps.audit?.append(tx, {
          type: 'walk_in.closed_at_day_end',
          actorId: null,
          data: {
            walkInId: party.id,
            locationId: location.id,
            previousStatus: party.status,
            arrivedAt: party.arrivedAt.toISOString(),
            endedAt: endedAt.toISOString(),
          },
        });
        closed += 1;
      }
    }
    return closed;
  }

  async act(scope: TenantScope, auth: AuthContext, id: string, body: WalkInActionBody): Promise<WalkInView> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await scope.transaction((tx) => this.actIn(tx, auth, id, body));
      } catch (error) {
        const violation = constraintViolation(error);
        if (violation === 'deadlock' && attempt < WRITE_ATTEMPTS) continue;
        if (violation === 'exclusion' || violation === 'deadlock') throw slotTaken();
        throw error;
      }
    }
  }

  /** call | start | no_show | leave; a party no longer queued cannot move (409 `/invalid-transition`). */
  async actIn(
    tx: TenantTransaction,
    _auth: AuthContext,
    id: string,
    body: WalkInActionBody,
  ): Promise<WalkInView> {
    const now = this.deps.now();
    const recorded = body.at !== undefined ? new Date(body.at) : null;
    const late = recorded ? recordedAtProblem(recorded, now) : null;
    if (late) throwIfInvalid([{ path: 'body.at', message: late }]);
    const walkIns = tx.get(WalkInRepository);
    const current = await walkIns.findById(id);
    if (!current) throw new NotFoundError('walk-in not found');
    const queued = QUEUED_STATUSES.includes(current.status);
    if (!queued || (body.action === 'call' && current.status === 'called')) {
      throw new ConflictError('invalid-transition', `a ${current.status} walk-in cannot ${body.action}`);
    }
    if (body.staffId !== undefined && body.action !== 'start') {
      throwIfInvalid([{ path: 'body.staffId', message: 'only for start' }]);
    }
    if (recorded && recorded.getTime() < current.arrivedAt.getTime()) {
      throwIfInvalid([{ path: 'body.at', message: 'before the party arrived' }]);
    }
    // Without `at`, now; never before the arrival (which the desk may have recorded up to a minute ahead).
    const at = recorded ?? new Date(Math.max(now.getTime(), current.arrivedAt.getTime()));
    const next: WalkInRecord = { ...current };
    if (body.action === 'call') {
      next.status = 'called';
      next.calledAt = at;
    } else if (body.action === 'start') {
      const bookingIds = await this.start(tx, current, body.staffId, at);
      next.status = 'started';
      next.endedAt = at;
      next.bookingId = bookingIds[0]!.id;
      next.staffId = next.staffId ?? bookingIds[0]!.staffId;
      for (const booking of bookingIds) await ChangeFeed.recordPut(tx, 'booking', booking.id);
    } else {
      next.status = body.action === 'no_show' ? 'no_show' : 'left';
      next.endedAt = at;
    }
    await walkIns.updateStatus(next, now);
    await ChangeFeed.recordPut(tx, 'walkIn', id);
    return this.viewIn(tx, id);
  }

  /**
   * One `in_service` booking per member of the party, from `now` (the action's time): on the staff
   * member named (by the action, else by the walk-in), else on the free qualified staff of the
   * location, the estimate's likely one (as of `now`) first. Each member takes a different staff member.
   */
  private async start(
    tx: TenantTransaction,
    walkIn: WalkInRecord,
    staffId: string | undefined,
    now: Date,
  ): Promise<{ id: string; staffId: string }[]> {
    const staffRepository = tx.get(StaffRepository);
    const chosen = staffId ?? walkIn.staffId ?? undefined;
    let candidates: StaffRecord[];
    if (chosen !== undefined) {
      const member = await staffRepository.findById(chosen);
      const path = staffId !== undefined ? 'body.staffId' : 'staffId';
      if (!member) throwIfInvalid([{ path, message: 'no such staff member' }]);
      else if (!member.serviceIds.includes(walkIn.serviceId))
        throwIfInvalid([{ path, message: 'does not perform this service' }]);
      else if (member.locationId !== walkIn.locationId)
        throwIfInvalid([{ path, message: 'works at another location' }]);
      candidates = [member!];
    } else {
      const { queue, estimates } = await estimateQueue(
        tx,
        { id: walkIn.locationId, timeZone: walkIn.timeZone },
        now,
      );
      const likely = estimates[queue.findIndex((w) => w.id === walkIn.id)]?.staffIds ?? [];
      const qualified = await staffRepository.findQualified(walkIn.serviceId, walkIn.locationId);
      const rank = (s: StaffRecord) => (likely.includes(s.id) ? likely.indexOf(s.id) : likely.length);
      candidates = [...qualified].sort((a, b) => rank(a) - rank(b));
    }
    const started: { id: string; staffId: string }[] = [];
    for (let member = 0; member < walkIn.partySize; member++) {
      const free = candidates.filter((c) => !started.some((s) => s.staffId === c.id));
      if (free.length === 0) throw slotTaken();
      const booking = await this.deps.bookings.startInServiceIn(tx, {
        serviceId: walkIn.serviceId,
        candidates: free,
        customerId: walkIn.customerId,
        notes: walkIn.notes,
        start: new Date(walkInServiceStart(now.getTime())),
      });
      started.push({ id: booking.id, staffId: booking.staffId });
    }
    return started;
  }

  /** One walk-in as the API shows it, with its current estimate while queued. */
  private async viewIn(tx: TenantTransaction, id: string): Promise<WalkInView> {
    const record = (await tx.get(WalkInRepository).findById(id))!;
    if (!QUEUED_STATUSES.includes(record.status)) return toView(record, undefined);
    const { queue, estimates } = await estimateQueue(
      tx,
      { id: record.locationId, timeZone: record.timeZone },
      this.deps.now(),
    );
    return toView(record, estimates[queue.findIndex((w) => w.id === id)]);
  }
}

/** A walk-in as the API shows it; `estimate` only while queued today. */
export function toView(w: WalkInRecord, estimate: WalkInEstimate | undefined): WalkInView {
  return {
    id: w.id,
    locationId: w.locationId,
    customerId: w.customerId,
    customerName: w.customerName,
    serviceId: w.serviceId,
    staffId: w.staffId,
    partySize: w.partySize,
    ...(w.notes !== null ? { notes: w.notes } : {}),
    status: w.status,
    arrivedAt: formatInZone(w.arrivedAt, w.timeZone),
    position: estimate?.position ?? null,
    estimatedWaitMinutes: estimate?.estimatedWaitMinutes ?? null,
    likelyStaffId: estimate?.staffId ?? null,
    expectedStart:
      estimate?.expectedStart != null ? formatInZone(new Date(estimate.expectedStart), w.timeZone) : null,
    bookingId: w.bookingId,
  };
}
