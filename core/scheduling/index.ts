/**
 * The scheduling engine shared by the server and the offline desktop: free slots, conflict checks
 * and walk-in wait estimates. Pure functions over plain data; instants are epoch ms (UTC) and the
 * caller passes `now`.
 */
export { busyByStaff, isActiveBooking, occupiedSpan } from './busy';
export {
  checkConflicts,
  type CheckConflictsInput,
  type ConflictReport,
  type ProposedBooking,
} from './conflicts';
export { findFreeSlots, type FindFreeSlotsInput, type FreeSlot } from './free-slots';
export {
  toBusyBlock,
  toBusyBooking,
  type BusyBlock,
  type BusyBooking,
  type SchedulingLocation,
  type SchedulingService,
  type SchedulingStaff,
} from './scheduling.types';
export {
  estimateWalkInWaits,
  type EstimateWalkInWaitsInput,
  type QueuedWalkIn,
  type TodayBooking,
  type WalkInEstimate,
  type WalkInService,
  type WalkInStaff,
  type WalkInUnservedReason,
  walkInServiceStart,
} from './walk-in-estimate';
export {
  isWaitOverdue,
  nowAndNext,
  WAIT_OVERDUE_GRACE_MINUTES,
  waitedMinutes,
  type NowAndNext,
} from './desk-glance';
