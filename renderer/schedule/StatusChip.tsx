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

/**
 * The shape of each status where a card has no room for its word, in a 12 × 12 box: a tick for
 * arrived, a play mark for in the chair, two ticks for done, a cross for no-show and cancelled.
 * Told apart by shape as well as colour.
 */
const STATUS_SHAPE: Record<Exclude<BookingStatus, 'booked'>, { d: string; filled?: boolean }> = {
  checked_in: { d: 'M2.5 6.5 5 9l4.5-6' },
  in_service: { d: 'M4 2.5v7L9.5 6Z', filled: true },
  completed: { d: 'M1 6.5 3.5 9 8 3M6 8.5l.5.5L11 3' },
  no_show: { d: 'M3 3l6 6M9 3 3 9' },
  cancelled: { d: 'M3 3l6 6M9 3 3 9' },
};

/**
 * A status as a coloured chip with its word. With `marker` (on a booking card), where the card is
 * narrow the chip is drawn as a small marker of the status's shape instead, its word kept for
 * assistive tech and as a tooltip (styles.css, "Booking cards").
 */
export function StatusChip({ status, marker = false }: { status: BookingStatus; marker?: boolean }) {
  const t = useT();
  const label = t(STATUS_LABEL[status]);
  // "Booked", most cards of a day, has no marker: the plain chip (not drawn on a narrow card).
  if (!marker || status === 'booked')
    return <span className={`chip chip--${status}${marker ? ' chip--marker' : ''}`}>{label}</span>;
  const shape = STATUS_SHAPE[status];
  return (
    <span className={`chip chip--${status} chip--marker`} title={label}>
      <svg className="chip__shape" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
        <path d={shape.d} fill={shape.filled ? 'currentColor' : 'none'} />
      </svg>
      <span className="chip__word">{label}</span>
    </span>
  );
}
