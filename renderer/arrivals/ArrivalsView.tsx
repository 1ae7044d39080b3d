/**
 * Today's arrivals: every booking not yet finished, in time order; with one focused, I checks in
 * (or the button). Only a booking the status rules let check in has the button; one already checked
 * in or in service shows its state alone. After a check-in the keyboard moves on to the next booking
 * still to check in, so I checks the next person in too. The list is the day's, read from main.
 */
import type { KeyboardEvent } from 'react';
import { useRef } from 'react';
import type { ScheduleBooking } from '../../core/ipc/schedule.ipc';
import type { FrontDesk } from '../app/use-front-desk';
import type { BookingCommand } from '../bookings/BookingMenu';
import { commandForKey, isCommandAllowed } from '../bookings/booking-commands';
import { useFormat, useT } from '../i18n/use-t';
import { holdFocus } from '../lib/hold-focus';
import { StatusChip } from '../schedule/StatusChip';

/**
 * Who is checked in next after `checked`: the first booking after it still to check in, else (someone
 * late) the first before it, else no one.
 */
function nextToCheckIn(list: ScheduleBooking[], checked: ScheduleBooking): ScheduleBooking | null {
  const at = list.indexOf(checked);
  const waiting = (b: ScheduleBooking) => isCommandAllowed(b, 'checkIn');
  return list.slice(at + 1).find(waiting) ?? list.slice(0, at).find(waiting) ?? null;
}

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
  const rows = useRef<HTMLUListElement>(null);
  const list = (day?.bookings ?? [])
    // Not finished: core's rules still let it be cancelled (booked, checked in, in service).
    .filter((b) => isCommandAllowed(b, 'cancel'))
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const checkIn = (b: ScheduleBooking) => {
    onCommand(b, 'checkIn');
    // After onCommand, so this hold replaces the desk's, which follows the booking's block on the day
    // grid (not drawn here). The next row has the keyboard at once, and again if main's redraw loses it.
    const next = nextToCheckIn(list, b);
    const row = () =>
      (next && rows.current?.querySelector<HTMLElement>(`[data-booking-id="${CSS.escape(next.id)}"]`)) ||
      rows.current;
    row()?.focus();
    holdFocus(row);
  };
  const onKey = (b: ScheduleBooking) => (event: KeyboardEvent) => {
    if (commandForKey(event.nativeEvent) === 'checkIn' && isCommandAllowed(b, 'checkIn')) {
      event.preventDefault();
      checkIn(b);
    }
  };
  return (
    <main className="page">
      <h1 className="page__title">{t('nav.arrivals')}</h1>
      <p className="page__hint">{t('arrivals.hint')}</p>
      <ul ref={rows} className="rows" aria-label={t('nav.arrivals')} tabIndex={-1}>
        {list.map((b) => {
          const who = b.customerName ?? t('common.walkIn');
          return (
            <li
              key={b.id}
              className="rows__item"
              data-booking-id={b.id}
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
                <button type="button" className="btn" onClick={() => checkIn(b)} aria-keyshortcuts="I">
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
