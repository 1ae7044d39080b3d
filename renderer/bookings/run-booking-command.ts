/** Sends a booking command that needs no further input to main; answers the error message, if any. */
import type { BookingStatus } from '../../core/domain/schemas';
import type { BookingCommand } from './BookingMenu';

const STATUS_OF: Partial<Record<BookingCommand, BookingStatus>> = {
  checkIn: 'checked_in',
  start: 'in_service',
  complete: 'completed',
  noShow: 'no_show',
};

export async function runStatusCommand(id: string, command: BookingCommand): Promise<string | null> {
  const status = STATUS_OF[command];
  const result =
    command === 'cancel'
      ? await window.bookdesk.bookings.cancel({ id })
      : status
        ? await window.bookdesk.bookings.setStatus({ id, status })
        : null;
  return result && !result.ok ? result.error.message : null;
}
