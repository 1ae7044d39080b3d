import type { BookingStatus } from '../../core/domain/schemas';

/** What each booking status reads as on a chip. */
export const STATUS_LABEL: Record<BookingStatus, string> = {
  booked: 'Booked',
  checked_in: 'Checked in',
  in_service: 'In service',
  completed: 'Completed',
  no_show: 'No-show',
  cancelled: 'Cancelled',
};

export function StatusChip({ status }: { status: BookingStatus }) {
  return <span className={`chip chip--${status}`}>{STATUS_LABEL[status]}</span>;
}
