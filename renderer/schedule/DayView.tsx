import type { ScheduleBooking } from '../../core/ipc/schedule.ipc';
import type { FrontDesk } from '../app/use-front-desk';
import type { BookingCommand } from '../bookings/BookingMenu';
import type { BookingPrefill } from '../bookings/use-booking-form';
import { useT } from '../i18n/use-t';
import { WalkInQueue } from '../walk-ins/WalkInQueue';
import { DaySummary } from './DaySummary';
import { ScheduleGrid } from './ScheduleGrid';
import { useToday } from './use-today';

interface Props {
  desk: FrontDesk;
  onNewBooking(prefill: BookingPrefill): void;
  onCommand(booking: ScheduleBooking, command: BookingCommand): void;
}

export function DayView({ desk, onNewBooking, onCommand }: Props) {
  const t = useT();
  const today = useToday(desk);
  return (
    <main className="workspace">
      <section className="schedule" aria-label={t('schedule.title')}>
        {desk.day ? (
          <ScheduleGrid day={desk.day} now={desk.now} onNewBooking={onNewBooking} onCommand={onCommand} />
        ) : (
          <div className="empty">
            {desk.error === 'not-connected' ? t('desk.notConnected') : (desk.error ?? t('schedule.loading'))}
          </div>
        )}
      </section>
      <aside className="side">
        <WalkInQueue day={today} now={desk.now} />
        {desk.day && <DaySummary day={desk.day} isToday={desk.day === today} />}
      </aside>
    </main>
  );
}
