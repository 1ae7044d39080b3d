import type { BookingStatus } from '../../core/domain/schemas';
import type { DaySchedule } from '../../core/ipc/schedule.ipc';
import { STATUS_LABEL } from './StatusChip';

const ORDER: BookingStatus[] = ['in_service', 'checked_in', 'booked', 'completed', 'no_show'];

/** The day at a glance: how many appointments are in each state (doubles as the colour legend). */
export function DaySummary({ day }: { day: DaySchedule }) {
  const active = day.bookings.filter((b) => b.status !== 'cancelled');
  const count = (status: BookingStatus) => active.filter((b) => b.status === status).length;
  return (
    <section className="panel summary" aria-label="Day summary">
      <div className="panel__head">
        <h2>Today at a glance</h2>
        <span className="summary__total">{active.length} appointments</span>
      </div>
      <ul className="summary__list">
        {ORDER.map((status) => (
          <li key={status} className="summary__row">
            <span className={`chip chip--${status}`}>{STATUS_LABEL[status]}</span>
            <span className="summary__value">{count(status)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
