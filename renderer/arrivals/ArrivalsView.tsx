/**
 * Today's arrivals: every booking not yet finished, in time order; with one focused, I checks in
 * (or the button). Only a booking the status rules let check in has the button; one already checked
 * in or in service shows its state alone. The list is the day's, read from main.
 */
import type { KeyboardEvent } from 'react';
import type { ScheduleBooking } from '../../core/ipc/schedule.ipc';
import type { FrontDesk } from '../app/use-front-desk';
import type { BookingCommand } from '../bookings/BookingMenu';
import { commandForKey, isCommandAllowed } from '../bookings/booking-commands';
import { useFormat, useT } from '../i18n/use-t';
import { StatusChip } from '../schedule/StatusChip';

export function ArrivalsView({
  desk,
  onCommand,
}: {
  desk: FrontDesk;
  onCommand(b: ScheduleBooking, c: BookingCommand): void;
}) {
  const t = useT();
  const f = useFormat();
  const day = desk.day;
  const list = (day?.bookings ?? [])
    // Not finished: core's rules still let it be cancelled (booked, checked in, in service).
    .filter((b) => isCommandAllowed(b, 'cancel'))
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const onKey = (b: ScheduleBooking) => (event: KeyboardEvent) => {
    if (commandForKey(event.nativeEvent) === 'checkIn' && isCommandAllowed(b, 'checkIn')) {
      event.preventDefault();
      onCommand(b, 'checkIn');
    }
  };
  return (
    <main className="page">
      <h1 className="page__title">{t('nav.arrivals')}</h1>
      <p className="page__hint">{t('arrivals.hint')}</p>
      <ul className="rows" aria-label={t('nav.arrivals')}>
        {list.map((b) => {
          const who = b.customerName ?? t('common.walkIn');
          return (
            <li
              key={b.id}
              className="rows__item"
              tabIndex={0}
              onKeyDown={onKey(b)}
              aria-label={`${f.time(day!.location.timeZone, b.start)} ${who}`}
            >
              <strong>{f.time(day!.location.timeZone, b.start)}</strong>
              <span>{who}</span>
              <span>{day!.services.find((s) => s.id === b.serviceId)?.name}</span>
              <span>{day!.staff.find((s) => s.id === b.staffId)?.name}</span>
              <StatusChip status={b.status} />
              {isCommandAllowed(b, 'checkIn') && (
                <button
                  type="button"
                  className="btn"
                  onClick={() => onCommand(b, 'checkIn')}
                  aria-keyshortcuts="I"
                >
                  {t('menu.checkIn')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {list.length === 0 && <p>{t('arrivals.none')}</p>}
    </main>
  );
}
