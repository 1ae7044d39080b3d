/**
 * Where a booking may go: min notice and max advance from its service, then core's checkConflicts
 * for each candidate staff member (working time, active bookings with buffers, busy blocks).
 * Used inside the write transaction of a create or a move, after BookingRepository.beginWrite; it
 * takes the candidates' write locks (BookingRepository.lockStaff) before reading their bookings,
 * unless given what holds their time already read under those locks (a create on PostgreSQL).
 */
import { DateTime } from 'luxon';
import { checkConflicts } from '../../core/scheduling';
import { loadScheduleInputs, scheduleInputsFrom } from '../availability/schedule-inputs';
import type { ScheduleInputs } from '../availability/schedule-inputs';
import type { AuditLog } from '../audit/audit-log.service';
import type { AuthContext } from '../auth/request-auth';
import { BookingRepository } from './booking.repository';
import type { BookingRecord, HeldTime } from './booking.repository';
import type { ServiceRow } from '../db/entities/front-desk.entities';
import type { TenantTransaction } from '../db/tenant-scope';
import { ConflictError, ValidationError } from '../errors';
import type { FieldError } from '../errors';
import type { StaffRecord } from '../staff/staff.repository';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/**
 * Attempts of one booking write on PostgreSQL: a deadlock victim (concurrent inserts waiting on each
 * other in the exclusion constraint) retries, and so does a create without a staff member whose
 * chosen staff member was taken by a concurrent booking. The retry re-checks from scratch.
 */
export const WRITE_ATTEMPTS = 3;

/** The time a booking takes and holds. */
export interface ProposedSpan {
  start: Date;
  end: Date;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  /** When moving a booking: its id, so it does not conflict with itself. */
  replacesBookingId?: string;
}

/** The staff member chosen and, when `allowOverlap` was used, the busy blocks booked over. */
export interface Placement {
  staff: StaffRecord;
  timeZone: string;
  overriddenBusyBlockIds: string[];
}

/**
 * Picks the first candidate (in the order given) free for `span`; with `allowOverlap`, a candidate
 * whose only obstacles are busy blocks is accepted when nobody is wholly free. Never over a booking.
 * 422 naming `body.start` for notice, advance or working-hours violations; 409 `/slot-taken` otherwise.
 */
export async function placeBooking(
  tx: TenantTransaction,
  input: {
    service: Pick<ServiceRow, 'minNoticeMinutes' | 'maxAdvanceDays'>;
    candidates: readonly StaffRecord[];
    span: ProposedSpan;
    allowOverlap: boolean;
    now: Date;
    /** What holds the candidates' time over the span, if already read under their locks (BookingContext.held). */
    held?: readonly HeldTime[];
  },
): Promise<Placement> {
  const { span, service, now } = input;
  const start = span.start.getTime();
  if (start < now.getTime() + service.minNoticeMinutes * MINUTE_MS) {
    throw invalidStart(`bookings need ${service.minNoticeMinutes} minutes' notice`);
  }
  const held = {
    from: new Date(start - span.bufferBeforeMinutes * MINUTE_MS),
    to: new Date(span.end.getTime() + span.bufferAfterMinutes * MINUTE_MS),
  };
  let inputs: ScheduleInputs;
  if (input.held) {
    inputs = scheduleInputsFrom(input.candidates, input.held);
  } else {
    await tx.get(BookingRepository).lockStaff(input.candidates.map((c) => c.id));
    inputs = await loadScheduleInputs(tx, input.candidates, held.from, held.to);
  }
  let inAdvance = false;
  let inHours = false;
  let fallback: Placement | null = null;
  for (const [i, member] of input.candidates.entries()) {
    const location = inputs.locations.get(member.locationId)!;
    if (!withinAdvance(start, now, service.maxAdvanceDays, location.timeZone)) continue;
    inAdvance = true;
    const report = checkConflicts({
      proposed: {
        start,
        end: span.end.getTime(),
        bufferBeforeMinutes: span.bufferBeforeMinutes,
        bufferAfterMinutes: span.bufferAfterMinutes,
        replacesBookingId: span.replacesBookingId,
      },
      staff: inputs.staff[i]!,
      location,
      bookings: inputs.bookings,
      busyBlocks: inputs.busyBlocks,
    });
    if (!report.withinWorkingHours) continue;
    inHours = true;
    if (report.ok) return { staff: member, timeZone: location.timeZone, overriddenBusyBlockIds: [] };
    if (input.allowOverlap && report.bookingIds.length === 0 && fallback === null) {
      fallback = { staff: member, timeZone: location.timeZone, overriddenBusyBlockIds: report.busyBlockIds };
    }
  }
  if (fallback) return fallback;
  if (!inAdvance) throw invalidStart(`bookings open at most ${service.maxAdvanceDays} days ahead`);
  if (!inHours) throw invalidStart('outside working hours');
  throw slotTaken();
}

/**
 * Whether `start` is at most `days` calendar days (in `zone`) after `now`. The wall-clock limit is
 * within a day and a bit of `now + days × 24 h` (UTC offsets lie between −12 h and +14 h), so a
 * start two days short of that needs no time-zone arithmetic, which costs microseconds per call.
 */
function withinAdvance(start: number, now: Date, days: number, zone: string): boolean {
  if (start <= now.getTime() + (days - 2) * DAY_MS) return true;
  return start <= DateTime.fromJSDate(now, { zone }).plus({ days }).toMillis();
}

/**
 * The candidates among `found` (the staff member named, if found, else the qualified ones), adding
 * the 422 errors: unknown or unqualified staff member, or nobody performing the service.
 */
export function qualifiedCandidates(
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

/** Records in the audit log, in the booking's transaction, the busy blocks an `allowOverlap` booked over. */
export async function auditOverlapOverride(
  audit: Pick<AuditLog, 'append'>,
  tx: TenantTransaction,
  auth: AuthContext,
  booking: BookingRecord,
  placement: Placement,
): Promise<void> {
  if (placement.overriddenBusyBlockIds.length === 0) return;
  await audit.append(tx, {
    type: 'booking.overlap_override',
    actorId: auth.userId ?? auth.credentialId,
    data: {
      bookingId: booking.id,
      staffId: booking.staffId,
      busyBlockIds: placement.overriddenBusyBlockIds,
    },
  });
}

export function slotTaken(): ConflictError {
  return new ConflictError(
    'slot-taken',
    'the staff member already has a booking or a busy block at that time',
  );
}

function invalidStart(message: string): ValidationError {
  return new ValidationError(`body.start: ${message}`, [{ path: 'body.start', message }]);
}
