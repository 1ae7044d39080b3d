import type { BookingStatus } from '../../core/domain/schemas';
import type { DaySchedule } from '../../core/ipc/schedule.ipc';
import { useFormat, useT } from '../i18n/use-t';
import { STATUS_LABEL } from './StatusChip';

const ORDER: BookingStatus[] = ['in_service', 'checked_in', 'booked', 'completed', 'no_show'];

/**
 * The day at a glance: how many appointments are in each state (doubles as the colour legend). A day
 * other than today is named, since the queue beside it is always today's.
 */
export function DaySummary({ day, isToday }: { day: DaySchedule; isToday: boolean }) {
  const t = useT();
  const f = useFormat();
  const active = day.bookings.filter((b) => b.status !== 'cancelled');
  const count = (status: BookingStatus) => active.filter((b) => b.status === status).length;
  const title = isToday ? t('summary.title') : t('summary.titleOn', { date: f.shortDate(day.date) });
  return (
    <section className="panel summary" aria-label={title}>
      <div className="panel__head">
        <h2>{title}</h2>
        <span className="summary__total">{t('schedule.appointments', { count: active.length })}</span>
      </div>
      <ul className="summary__list">
        {ORDER.map((status) => (
          <li key={status} className="summary__row">
            <span className={`chip chip--${status}`}>{t(STATUS_LABEL[status])}</span>
            <span className="summary__value">{f.number(count(status))}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
