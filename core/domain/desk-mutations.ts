/**
 * The desk's guess of what a push mutation (API.md "Sync") does, applied to the cached rows before
 * the API has answered. Beside the request schemas so the desk's guess and the server's rules come
 * from one place; the server stays authoritative (its rows replace these once a pull confirms).
 *
 * Pure: the caller passes what the cache holds ({@link DeskRows}) and the clock; the result is the
 * rows to write. `refuse` is set only for what the desk can already see is wrong (a slot its cache
 * shows taken, a status move the rules forbid); everything else is left to the server.
 */
import { checkConflicts, toBusyBlock, toBusyBooking, walkInServiceStart } from '../scheduling';
import { canMoveStatus } from './booking-rules';
import type {
  Booking,
  BookingStatus,
  Customer,
  ExternalBusy,
  Location,
  Service,
  Staff,
  WalkIn,
} from './schemas';
import type { DeskText } from '../i18n/desk-texts';
import { deskText } from '../i18n/desk-texts';
import { formatInZone } from './zoned-instant';

const MINUTE_MS = 60_000;

/** The push mutations the desk sends, with the args it sends (REST body plus id). */
export type DeskMutation =
  | { name: 'booking.create'; args: BookingCreateArgs }
  | { name: 'booking.update'; args: { id: string; start?: string; staffId?: string; notes?: string | null } }
  | { name: 'booking.setStatus'; args: { id: string; status: BookingStatus; at?: string } }
  | { name: 'booking.cancel'; args: { id: string } }
  | { name: 'walkIn.create'; args: WalkInCreateArgs }
  | { name: 'walkIn.action'; args: WalkInActionArgs }
  | { name: 'customer.create'; args: CustomerFields & { id: string; name: string } }
  | { name: 'customer.update'; args: { id: string } & Partial<NullableCustomerFields> };

export type DeskMutationName = DeskMutation['name'];

export interface BookingCreateArgs {
  id: string;
  serviceId: string;
  staffId?: string;
  customerId?: string;
  start: string;
  source: Booking['source'];
  fields?: Booking['fields'];
  notes?: string;
}

export interface WalkInCreateArgs {
  id: string;
  locationId?: string;
  serviceId: string;
  customerId?: string;
  customer?: { name: string; phone?: string; email?: string };
  staffId?: string;
  partySize?: number;
  notes?: string;
  arrivedAt?: string;
}

export interface WalkInActionArgs {
  id: string;
  action: 'call' | 'start' | 'no_show' | 'leave';
  staffId?: string;
  at?: string;
}

interface CustomerFields {
  name?: string;
  phone?: string;
  email?: string;
  notes?: string;
}
type NullableCustomerFields = { name: string } & { [K in 'phone' | 'email' | 'notes']: string | null };

/** What the cache can answer, read inside the same local transaction as the write. */
export interface DeskRows {
  location(): Location | null;
  booking(id: string): Booking | null;
  walkIn(id: string): WalkIn | null;
  customer(id: string): Customer | null;
  service(id: string): Service | null;
  staffMember(id: string): Staff | null;
  /** Bookings of one staff member overlapping `[from, to)` (epoch ms), any status. */
  bookingsOf(staffId: string, from: number, to: number): Booking[];
  busyOf(staffId: string, from: number, to: number): ExternalBusy[];
  /** Absences of one staff member overlapping `[from, to)`, epoch ms. */
  timeOffOf(staffId: string, from: number, to: number): { start: number; end: number }[];
}

/** One row to write (`row`) or remove (`row: null`). */
export type RowChange =
  | { entity: 'booking'; id: string; row: Booking | null }
  | { entity: 'walkIn'; id: string; row: WalkIn | null }
  | { entity: 'customer'; id: string; row: Customer | null };

/** Why the desk refuses at once, in the API's problem vocabulary. */
export interface DeskRefusal {
  /** `slot-taken`, `invalid-transition`, `not-found`, `invalid`. */
  type: 'slot-taken' | 'invalid-transition' | 'not-found' | 'invalid';
  /** The reason in the receptionist's words (main says it in the desk's language). */
  text: DeskText;
}

export type DeskApplyResult = { ok: true; changes: RowChange[] } | { ok: false; refusal: DeskRefusal };

export interface DeskApplyOptions {
  now: number;
  /** Refuse what the cache shows is taken (a new action); a rebase re-applies without checking. */
  checkConflicts: boolean;
  /** Who the desk expects to take a booking or walk-in start that names nobody (from free slots). */
  assumedStaffId?: string | null;
  /** Id for the in-service booking a walk-in start creates on the desk (the server picks its own). */
  localBookingId?: string;
}

/** Applies one mutation to the cached rows; never mutates its inputs. */
export function applyDeskMutation(
  rows: DeskRows,
  mutation: DeskMutation,
  options: DeskApplyOptions,
): DeskApplyResult {
  switch (mutation.name) {
    case 'booking.create':
      return createBooking(rows, mutation.args, options);
    case 'booking.update':
      return moveBooking(rows, mutation.args, options);
    case 'booking.setStatus':
      return setBookingStatus(rows, mutation.args.id, mutation.args.status);
    case 'booking.cancel':
      return setBookingStatus(rows, mutation.args.id, 'cancelled');
    case 'walkIn.create':
      return createWalkIn(rows, mutation.args, options);
    case 'walkIn.action':
      return actOnWalkIn(rows, mutation.args, options);
    case 'customer.create':
      return customerChange(mutation.args.id, { ...mutation.args } as Customer);
    case 'customer.update': {
      const current = rows.customer(mutation.args.id);
      if (!current) return refuse('not-found', deskText('refusal.customerNotHere'));
      const next: Record<string, unknown> = { ...current };
      for (const [key, value] of Object.entries(mutation.args)) {
        if (value === null) delete next[key];
        else if (value !== undefined) next[key] = value;
      }
      return customerChange(current.id, next as Customer);
    }
  }
}

function createBooking(rows: DeskRows, args: BookingCreateArgs, options: DeskApplyOptions): DeskApplyResult {
  const service = rows.service(args.serviceId);
  if (!service) return refuse('not-found', deskText('refusal.serviceNotHere'));
  const staffId = args.staffId ?? options.assumedStaffId ?? null;
  if (!staffId) return refuse('slot-taken', deskText('refusal.nobodyFree'));
  const start = Date.parse(args.start);
  const end = start + service.durationMinutes * MINUTE_MS;
  if (options.checkConflicts) {
    const conflict = conflictAt(rows, { staffId, start, end, service });
    if (conflict) return { ok: false, refusal: conflict };
  }
  const zone = rows.location()?.timeZone ?? 'UTC';
  const booking: Booking = {
    id: args.id,
    serviceId: args.serviceId,
    staffId,
    customerId: args.customerId ?? null,
    start: formatInZone(start, zone),
    end: formatInZone(end, zone),
    status: 'booked',
    source: args.source,
    ...(args.fields ? { fields: args.fields } : {}),
    ...(args.notes !== undefined ? { notes: args.notes } : {}),
  };
  return { ok: true, changes: [{ entity: 'booking', id: booking.id, row: booking }] };
}

function moveBooking(
  rows: DeskRows,
  args: { id: string; start?: string; staffId?: string; notes?: string | null },
  options: DeskApplyOptions,
): DeskApplyResult {
  const current = rows.booking(args.id);
  if (!current) return refuse('not-found', deskText('refusal.bookingNotHere'));
  const service = rows.service(current.serviceId);
  const duration = Date.parse(current.end) - Date.parse(current.start);
  const start = args.start !== undefined ? Date.parse(args.start) : Date.parse(current.start);
  const staffId = args.staffId ?? current.staffId;
  const moved = args.start !== undefined || args.staffId !== undefined;
  if (moved && options.checkConflicts && service) {
    const conflict = conflictAt(rows, {
      staffId,
      start,
      end: start + duration,
      service,
      replaces: current.id,
    });
    if (conflict) return { ok: false, refusal: conflict };
  }
  const zone = rows.location()?.timeZone ?? 'UTC';
  const next: Booking = {
    ...current,
    staffId,
    start: formatInZone(start, zone),
    end: formatInZone(start + duration, zone),
  };
  if (args.notes === null) delete next.notes;
  else if (args.notes !== undefined) next.notes = args.notes;
  return { ok: true, changes: [{ entity: 'booking', id: next.id, row: next }] };
}

function setBookingStatus(rows: DeskRows, id: string, status: BookingStatus): DeskApplyResult {
  const current = rows.booking(id);
  if (!current) return refuse('not-found', deskText('refusal.bookingNotHere'));
  if (current.status !== status && !canMoveStatus(current.status, status)) {
    return refuse('invalid-transition', deskText('refusal.statusMove', { from: current.status, to: status }));
  }
  return { ok: true, changes: [{ entity: 'booking', id, row: { ...current, status } }] };
}

function createWalkIn(rows: DeskRows, args: WalkInCreateArgs, options: DeskApplyOptions): DeskApplyResult {
  if (!rows.service(args.serviceId)) return refuse('not-found', deskText('refusal.serviceNotHere'));
  const customer = args.customerId ? rows.customer(args.customerId) : null;
  const zone = rows.location()?.timeZone ?? 'UTC';
  const walkIn: WalkIn = {
    id: args.id,
    ...(args.locationId ? { locationId: args.locationId } : {}),
    customerId: args.customerId ?? null,
    customerName: customer?.name ?? args.customer?.name ?? '',
    serviceId: args.serviceId,
    staffId: args.staffId ?? null,
    partySize: args.partySize ?? 1,
    ...(args.notes !== undefined ? { notes: args.notes } : {}),
    status: 'waiting',
    arrivedAt: formatInZone(args.arrivedAt ? Date.parse(args.arrivedAt) : options.now, zone),
    position: null,
    estimatedWaitMinutes: null,
  };
  return { ok: true, changes: [{ entity: 'walkIn', id: walkIn.id, row: walkIn }] };
}

function actOnWalkIn(rows: DeskRows, args: WalkInActionArgs, options: DeskApplyOptions): DeskApplyResult {
  const current = rows.walkIn(args.id);
  if (!current) return refuse('not-found', deskText('refusal.walkInNotHere'));
  const queued = current.status === 'waiting' || current.status === 'called';
  if (!queued || (args.action === 'call' && current.status === 'called')) {
    return refuse('invalid-transition', deskText('refusal.walkInDone', { status: current.status }));
  }
  const status = ({ call: 'called', start: 'started', no_show: 'no_show', leave: 'left' } as const)[
    args.action
  ];
  const changes: RowChange[] = [
    {
      entity: 'walkIn',
      id: current.id,
      row: { ...current, status, position: null, estimatedWaitMinutes: null },
    },
  ];
  const staffId = args.staffId ?? current.staffId ?? options.assumedStaffId ?? null;
  const service = rows.service(current.serviceId);
  if (args.action === 'start' && staffId && service && options.localBookingId) {
    const start = walkInServiceStart(args.at ? Date.parse(args.at) : options.now);
    const end = start + service.durationMinutes * MINUTE_MS;
    if (options.checkConflicts) {
      const conflict = conflictAt(rows, { staffId, start, end, service, ignoreHours: true });
      if (conflict) return { ok: false, refusal: conflict };
    }
    const zone = rows.location()?.timeZone ?? 'UTC';
    changes.push({
      entity: 'booking',
      id: options.localBookingId,
      row: {
        id: options.localBookingId,
        serviceId: current.serviceId,
        staffId,
        customerId: current.customerId,
        start: formatInZone(start, zone),
        end: formatInZone(end, zone),
        status: 'in_service',
        source: 'walk_in',
      },
    });
  }
  return { ok: true, changes };
}

function customerChange(id: string, row: Customer): DeskApplyResult {
  return { ok: true, changes: [{ entity: 'customer', id, row }] };
}

/** The first thing the cache shows in the way of `[start, end)` for the staff member, in words. */
function conflictAt(
  rows: DeskRows,
  proposed: {
    staffId: string;
    start: number;
    end: number;
    service: Service;
    replaces?: string;
    ignoreHours?: boolean;
  },
): DeskRefusal | null {
  const staff = rows.staffMember(proposed.staffId);
  const location = rows.location();
  if (!staff || !location) return { type: 'not-found', text: deskText('refusal.staffNotHere') };
  const margin = 24 * 60 * MINUTE_MS;
  const bookings = rows.bookingsOf(staff.id, proposed.start - margin, proposed.end + margin);
  const busy = rows.busyOf(staff.id, proposed.start - margin, proposed.end + margin);
  const report = checkConflicts({
    proposed: {
      start: proposed.start,
      end: proposed.end,
      bufferBeforeMinutes: proposed.service.bufferBeforeMinutes,
      bufferAfterMinutes: proposed.service.bufferAfterMinutes,
      ...(proposed.replaces ? { replacesBookingId: proposed.replaces } : {}),
    },
    staff: { ...staff, timeOff: rows.timeOffOf(staff.id, proposed.start - margin, proposed.end + margin) },
    location,
    bookings: bookings.map((b) => toBusyBooking(b, rows.service(b.serviceId) ?? undefined)),
    busyBlocks: busy.map(toBusyBlock),
  });
  const span = (taken: { start: string; end: string }) => ({
    staff: staff.name,
    start: Date.parse(taken.start),
    end: Date.parse(taken.end),
  });
  const taken = bookings.find((b) => report.bookingIds.includes(b.id));
  if (taken)
    return { type: 'slot-taken', text: deskText('refusal.slotTaken', span(taken), location.timeZone) };
  const block = busy.find((b) => report.busyBlockIds.includes(b.id));
  if (block)
    return {
      type: 'slot-taken',
      text: deskText('refusal.slotBusy', { ...span(block), subject: block.subject }, location.timeZone),
    };
  if (!report.withinWorkingHours && !proposed.ignoreHours) {
    return { type: 'slot-taken', text: deskText('refusal.notWorking', { staff: staff.name }) };
  }
  return null;
}

const refuse = (type: DeskRefusal['type'], text: DeskText): DeskApplyResult => ({
  ok: false,
  refusal: { type, text },
});
