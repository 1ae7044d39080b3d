import type { CSSProperties, KeyboardEvent, PointerEvent } from 'react';
import { memo } from 'react';
import type { ScheduleBooking } from '../../core/ipc/schedule.ipc';
import { commandForKey, isCommandAllowed } from '../bookings/booking-commands';
import type { BookingCommand } from '../bookings/BookingMenu';
import { useFormat, useT } from '../i18n/use-t';
import type { DragOffset } from './use-drag-move';
import { STATUS_LABEL, StatusChip } from './StatusChip';

interface Props {
  booking: ScheduleBooking;
  zone: string;
  top: number;
  height: number;
  /** Its sub-column of the staff column, of `columns`, where bookings overlap (day-layout.ts). */
  column: number;
  columns: number;
  serviceName: string;
  pending: boolean;
  drag: DragOffset | null;
  onPointerDown(id: string, event: PointerEvent<HTMLElement>): void;
  onOpenMenu(id: string, element: HTMLElement): void;
  onCommand(booking: ScheduleBooking, command: BookingCommand): void;
}

/**
 * One booking block: its time, customer, service and status; click or Enter opens its menu. Where the
 * card is narrow (a 150 px column, or beside another) the customer's name comes first: the status is a
 * small marker and "booked", the ordinary state, is not drawn (styles.css); the label says it in words.
 * Drawn again only when its own props change (not on every scroll of the grid).
 */
export const BookingCard = memo(function BookingCard({
  booking,
  zone,
  top,
  height,
  column,
  columns,
  serviceName,
  pending,
  drag,
  onPointerDown,
  onOpenMenu,
  onCommand,
}: Props) {
  const t = useT();
  const f = useFormat();
  const size = height < 38 ? 'tiny' : height < 64 ? 'short' : 'full';
  const time = `${f.time(zone, booking.start)} – ${f.time(zone, booking.end)}`;
  const customer = booking.customerName ?? t('common.walkIn');
  const dragging = drag?.id === booking.id;
  const style: CSSProperties = {
    top,
    height,
    ...(columns > 1 ? ({ '--column': column, '--columns': columns } as CSSProperties) : {}),
    ...(dragging ? { transform: `translate(${drag.dx}px, ${drag.dy}px)` } : {}),
  };
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      return onOpenMenu(booking.id, event.currentTarget);
    }
    const command = commandForKey(event.nativeEvent);
    if (command && isCommandAllowed(booking, command, Date.now())) {
      event.preventDefault();
      event.stopPropagation();
      onCommand(booking, command);
    }
  };
  return (
    <article
      className={`booking booking--${booking.status} booking--${size}${columns > 1 ? ' booking--beside' : ''}${pending ? ' booking--pending' : ''}${dragging ? ' booking--dragging' : ''}`}
      style={style}
      tabIndex={0}
      aria-haspopup="menu"
      aria-label={t('schedule.booking', {
        time,
        customer,
        service: serviceName,
        status: t(STATUS_LABEL[booking.status]),
      })}
      data-booking-id={booking.id}
      onPointerDown={(event) => onPointerDown(booking.id, event)}
      onKeyDown={onKeyDown}
    >
      {size === 'tiny' ? (
        <div className="booking__row">
          <span className="booking__time">{f.time(zone, booking.start)}</span>
          <span className="booking__customer">{customer}</span>
          <StatusChip status={booking.status} marker />
        </div>
      ) : (
        <>
          <div className="booking__row">
            <span className="booking__time">{size === 'full' ? time : f.time(zone, booking.start)}</span>
            <StatusChip status={booking.status} marker />
          </div>
          {size === 'full' ? (
            <>
              <div className="booking__customer">{customer}</div>
              <div className="booking__service">{serviceName}</div>
            </>
          ) : (
            <div className="booking__line">
              <span className="booking__customer">{customer}</span>
              <span className="booking__service">{serviceName}</span>
            </div>
          )}
        </>
      )}
      {pending && <span className="sr-only">{t('common.pending')}</span>}
    </article>
  );
});
