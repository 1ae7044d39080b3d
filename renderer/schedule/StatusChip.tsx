import type { BookingStatus } from '../../core/domain/schemas';
import { useT } from '../i18n/use-t';
import type { MessageId } from '../i18n/messages.en';

/** The catalogue message of each booking status. */
export const STATUS_LABEL: Record<BookingStatus, MessageId> = {
  booked: 'status.booked',
  checked_in: 'status.checked_in',
  in_service: 'status.in_service',
  completed: 'status.completed',
  no_show: 'status.no_show',
  cancelled: 'status.cancelled',
};

export function StatusChip({ status }: { status: BookingStatus }) {
  const t = useT();
  return <span className={`chip chip--${status}`}>{t(STATUS_LABEL[status])}</span>;
}
