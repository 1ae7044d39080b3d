/**
 * The desk window once an account is open: header, notices, the screen of the route, and the dialogs
 * (new walk-in, new booking, move/edit) that any screen may open. Shortcuts: N new walk-in, B new booking.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ScheduleBooking } from '../../core/ipc/schedule.ipc';
import type { BookingCommand } from '../bookings/BookingMenu';
import { confirmationOf } from '../bookings/booking-commands';
import { BookingDialog } from '../bookings/BookingDialog';
import { MoveDialog } from '../bookings/MoveDialog';
import { runStatusCommand } from '../bookings/run-booking-command';
import type { BookingPrefill } from '../bookings/use-booking-form';
import { sendBookingSlotsAhead, warmBookingSlots } from '../bookings/use-booking-form';
import { CalendarReconnectBanner } from '../calendars/CalendarReconnectBanner';
import { Header } from '../header/Header';
import { ScreenNav } from '../header/ScreenNav';
import { useFormat, useT } from '../i18n/use-t';
import { ConfirmDialog } from '../lib/ConfirmDialog';
import { bookingBlock, holdFocus, staffLane } from '../lib/hold-focus';
import { DayView } from '../schedule/DayView';
import { SignedOutBanner } from '../session/SignedOutBanner';
import type { SignIn } from '../session/use-sign-in';
import type { Settings } from '../settings/use-settings';
import { useSync } from '../sync/use-sync';
import { WalkInDialog } from '../walk-ins/WalkInDialog';
import type { Route } from './routes';
import { Screen } from './Screen';
import type { FrontDesk } from './use-front-desk';
import { useShortcuts } from './use-shortcuts';

interface Props {
  route: Route;
  desk: FrontDesk;
  signIn: SignIn;
  settings: Settings;
}

export function Desk({ route, desk, signIn, settings }: Props) {
  const t = useT();
  const sync = useSync();
  const [walkIn, setWalkIn] = useState(false);
  const [booking, setBooking] = useState<BookingPrefill | null>(null);
  const [changing, setChanging] = useState<{ booking: ScheduleBooking; mode: 'move' | 'edit' } | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<{ booking: ScheduleBooking; command: BookingCommand } | null>(
    null,
  );
  const f = useFormat();
  const day = desk.day;
  // The dialog's free times are asked for as it opens, so main answers while React draws it.
  const openBooking = useCallback(
    (prefill: BookingPrefill) => {
      if (day) sendBookingSlotsAhead(day, prefill);
      setBooking(prefill);
    },
    [day],
  );
  useShortcuts({ KeyN: () => setWalkIn(true), KeyB: () => openBooking({}) });
  // B's dialog opens with its free times listed: they are asked for as soon as each day is shown
  // (a receptionist may press B at once), and asked again as the dialog opens.
  useEffect(() => {
    if (day) void warmBookingSlots(day);
  }, [day]);

  const command = useCallback(async (target: ScheduleBooking, what: BookingCommand) => {
    if (what === 'move' || what === 'edit') return setChanging({ booking: target, mode: what });
    // A no-show or a cancellation cannot be taken back: asked first, sent once confirmed.
    if (confirmationOf(what)) return setConfirming({ booking: target, command: what });
    holdFocus(() => bookingBlock(target.id));
    setActionError(await runStatusCommand(target.id, what));
  }, []);
  const confirm = confirming && confirmationOf(confirming.command);

  const onCommand = useCallback((b: ScheduleBooking, c: BookingCommand) => void command(b, c), [command]);
  const online = sync.status
    ? sync.status.connection.state === 'online' || sync.status.connection.state === 'syncing'
    : (desk.session?.online ?? false);
  return (
    <div className="app">
      <Header
        desk={desk}
        sync={sync}
        onNewWalkIn={() => setWalkIn(true)}
        onNewBooking={() => openBooking({})}
      />
      <ScreenNav route={route} />
      <SignedOutBanner session={desk.session} signIn={signIn} />
      <CalendarReconnectBanner connections={desk.calendars} zone={desk.zone} now={desk.now} />
      {actionError && (
        <div className="notice" role="alert">
          <p className="notice__text">{t('booking.refused', { reason: actionError })}</p>
          <button type="button" className="btn" onClick={() => setActionError(null)}>
            {t('problems.dismiss')}
          </button>
        </div>
      )}
      {route === 'day' ? (
        <DayView desk={desk} onNewBooking={openBooking} onCommand={onCommand} />
      ) : (
        <Screen route={route} desk={desk} signIn={signIn} settings={settings} onCommand={onCommand} />
      )}
      {walkIn && <WalkInDialog day={desk.day} onClose={() => setWalkIn(false)} />}
      {booking && desk.day && (
        <BookingDialog day={desk.day} prefill={booking} online={online} onClose={() => setBooking(null)} />
      )}
      {confirming && confirm && (
        <ConfirmDialog
          question={t(confirm.question, {
            name: confirming.booking.customerName ?? t('common.walkIn'),
            time: f.time(desk.day?.location.timeZone ?? desk.zone, confirming.booking.start),
          })}
          action={t(confirm.action)}
          onClose={() => setConfirming(null)}
          onConfirm={() => {
            setConfirming(null);
            // A cancelled booking leaves the grid: its staff member's column has the keyboard then.
            const { id, staffId } = confirming.booking;
            holdFocus(() => bookingBlock(id) ?? staffLane(staffId));
            void runStatusCommand(id, confirming.command).then(setActionError);
          }}
        />
      )}
      {changing && desk.day && (
        <MoveDialog
          day={desk.day}
          booking={changing.booking}
          mode={changing.mode}
          onClose={() => {
            // Moved to another column, the booking is drawn anew there: the keyboard follows it.
            const { id } = changing.booking;
            holdFocus(() => bookingBlock(id));
            setChanging(null);
          }}
        />
      )}
    </div>
  );
}
