/**
 * The desk's actions: each IPC request becomes push mutations, stored and applied to the cache in
 * one local transaction before the renderer hears back. Free times come from core's engine over the
 * cache, so booking works offline and conflicts the cache can see are refused at once.
 */
import { randomUUID } from 'node:crypto';
import type { DeskMutation } from '../../core/domain/desk-mutations';
import type {
  CreateBookingBody,
  CreateCustomerBody,
  CreateWalkInBody,
  UpdateBookingBody,
  UpdateCustomerBody,
  WalkInActionBody,
} from '../../core/domain/requests';
import type { Booking, BookingStatus, Service } from '../../core/domain/schemas';
import { formatInZone } from '../../core/domain/zoned-instant';
import { deskText } from '../../core/i18n/desk-texts';
import type { AvailableSlots, DeskReceipt } from '../../core/ipc/bookings.ipc';
import { findFreeSlots, toBusyBlock, toBusyBooking } from '../../core/scheduling';
import { IpcFailure } from '../ipc/ipc-registry';
import type { DeskStore, EnqueueHints, TouchedInstants } from './desk-store';

export interface DeskActionHooks {
  /** Rows changed locally: tell the renderer, push when the line allows. */
  written(touched: TouchedInstants): void;
  /** Not online right now: the receipt says the change will be confirmed later. */
  isOffline(): boolean;
}

type Step = { mutation: DeskMutation; hints?: EnqueueHints };

export class DeskActions {
  constructor(
    private readonly store: DeskStore,
    private readonly now: () => Date,
    private readonly hooks: DeskActionHooks,
  ) {}

  createBooking(args: CreateBookingBody): DeskReceipt {
    const { customer, allowOverlap, ...rest } = args;
    const id = args.id ?? randomUUID();
    const steps: Step[] = [];
    let customerId = args.customerId;
    if (customer) {
      customerId = randomUUID();
      steps.push({ mutation: { name: 'customer.create', args: { id: customerId, ...customer } } });
    }
    const assumedStaffId = args.staffId
      ? undefined
      : this.firstFreeStaff(args.serviceId, Date.parse(args.start));
    // The API gives "anyone" to a free member of any location; where staff work at several, the desk
    // names the one it found free at its own location, so the booking stays here.
    const pinned = assumedStaffId && this.store.staffAtSeveralLocations() ? { staffId: assumedStaffId } : {};
    steps.push({
      mutation: {
        name: 'booking.create',
        args: {
          ...rest,
          ...pinned,
          id,
          ...(customerId ? { customerId } : {}),
          ...(allowOverlap ? { allowOverlap } : {}),
        },
      } as DeskMutation,
      hints: { ...(assumedStaffId !== undefined ? { assumedStaffId } : {}), checkConflicts: !allowOverlap },
    });
    return this.run(id, steps);
  }

  updateBooking(args: Omit<UpdateBookingBody, 'status' | 'at'> & { id: string }): DeskReceipt {
    const { allowOverlap, ...rest } = args;
    return this.run(args.id, [
      {
        mutation: {
          name: 'booking.update',
          args: { ...rest, ...(allowOverlap ? { allowOverlap } : {}) },
        } as DeskMutation,
        hints: { checkConflicts: !allowOverlap },
      },
    ]);
  }

  setBookingStatus(args: { id: string; status: BookingStatus; at?: string }): DeskReceipt {
    const at = args.at ?? this.now().toISOString();
    return this.run(args.id, [{ mutation: { name: 'booking.setStatus', args: { ...args, at } } }]);
  }

  cancelBooking(args: { id: string }): DeskReceipt {
    return this.run(args.id, [{ mutation: { name: 'booking.cancel', args } }]);
  }

  createWalkIn(args: CreateWalkInBody): DeskReceipt {
    const id = args.id ?? randomUUID();
    const arrivedAt = args.arrivedAt ?? this.now().toISOString();
    // The party waits at this desk's location unless the receptionist chose another.
    const locationId = args.locationId ?? this.store.rows().location()?.id;
    return this.run(id, [
      {
        mutation: {
          name: 'walkIn.create',
          args: { ...args, id, arrivedAt, ...(locationId ? { locationId } : {}) },
        } as DeskMutation,
      },
    ]);
  }

  walkInAction(args: WalkInActionBody & { id: string }): DeskReceipt {
    const at = args.at ?? this.now().toISOString();
    const hints: EnqueueHints = {};
    if (args.action === 'start') {
      const walkIn = this.store.rows().walkIn(args.id);
      hints.localBookingId = randomUUID();
      if (walkIn && !args.staffId && !walkIn.staffId) {
        hints.assumedStaffId = this.firstFreeStaff(walkIn.serviceId, Date.parse(at), true) ?? null;
      }
    }
    return this.run(args.id, [{ mutation: { name: 'walkIn.action', args: { ...args, at } }, hints }]);
  }

  createCustomer(args: CreateCustomerBody): DeskReceipt {
    const id = args.id ?? randomUUID();
    return this.run(id, [{ mutation: { name: 'customer.create', args: { ...args, id } } }]);
  }

  updateCustomer(args: UpdateCustomerBody & { id: string }): DeskReceipt {
    return this.run(args.id, [{ mutation: { name: 'customer.update', args } as DeskMutation }]);
  }

  /** Free times from the cache (the same engine as the API's `/v1/availability`). */
  slots(args: {
    serviceId: string;
    from: string;
    to: string;
    staffId?: string;
    movingBookingId?: string;
  }): AvailableSlots {
    const rows = this.store.rows();
    const location = rows.location();
    const service = rows.service(args.serviceId);
    if (!location || !service) throw new IpcFailure('not_found', deskText('desk.serviceNotHereYet'));
    const from = Date.parse(args.from);
    const to = Date.parse(args.to);
    const free = this.freeSlots(args.serviceId, from, to, {
      ...(args.staffId ? { onlyStaffIds: [args.staffId] } : {}),
      ...(args.movingBookingId ? { ignoreBookingId: args.movingBookingId } : {}),
    });
    return {
      slots: free.map((slot) => ({
        start: formatInZone(slot.start, location.timeZone),
        end: formatInZone(slot.end, location.timeZone),
        staffIds: slot.staffIds,
      })),
    };
  }

  private run(id: string, steps: Step[]): DeskReceipt {
    const result = this.store.enqueue(steps);
    if (!result.ok) {
      throw new IpcFailure(
        result.refusal.type === 'not-found' ? 'not_found' : 'conflict',
        result.refusal.text,
      );
    }
    this.hooks.written(result.touched);
    return { id, pending: true, toBeConfirmed: this.hooks.isOffline() };
  }

  /**
   * Who the desk expects the API to pick for "anyone": the first staff member free at `start` by
   * the cache; `anyTime`: free from `start` for the service's length even off the slot grid.
   */
  private firstFreeStaff(serviceId: string, start: number, anyTime = false): string | null {
    const minute = Math.floor(start / 60_000) * 60_000;
    const free = this.freeSlots(serviceId, minute, minute + 60_000, {
      stepMinutes: anyTime ? 1 : 15,
      honourNotice: !anyTime,
    });
    return free.find((slot) => slot.start === minute)?.staffIds[0] ?? null;
  }

  private freeSlots(
    serviceId: string,
    from: number,
    to: number,
    options: {
      onlyStaffIds?: string[];
      stepMinutes?: number;
      honourNotice?: boolean;
      ignoreBookingId?: string;
    } = {},
  ) {
    const { onlyStaffIds, stepMinutes = 15, honourNotice = true, ignoreBookingId } = options;
    const db = this.store.rows();
    const location = db.location();
    const service = db.service(serviceId);
    if (!location || !service) return [];
    const staff = this.store.allStaff();
    const margin = 24 * 3_600_000;
    const bookings: Booking[] = staff
      .flatMap((s) => db.bookingsOf(s.id, from - margin, to + margin))
      .filter((b) => b.id !== ignoreBookingId);
    const busy = staff.flatMap((s) => db.busyOf(s.id, from - margin, to + margin));
    // A business has a few services and a day hundreds of bookings: each service is read once.
    const services = new Map<string, Service | undefined>();
    const serviceOf = (id: string) => {
      if (!services.has(id)) services.set(id, db.service(id) ?? undefined);
      return services.get(id);
    };
    return findFreeSlots({
      service: honourNotice ? service : { ...service, minNoticeMinutes: 0 },
      staff: staff.map((s) => ({ ...s, timeOff: db.timeOffOf(s.id, from - margin, to + margin) })),
      location,
      bookings: bookings.map((b) => toBusyBooking(b, serviceOf(b.serviceId))),
      busyBlocks: busy.map(toBusyBlock),
      from,
      to,
      now: this.now().getTime(),
      stepMinutes,
      ...(onlyStaffIds ? { onlyStaffIds } : {}),
    });
  }
}
