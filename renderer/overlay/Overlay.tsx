import type { CSSProperties } from 'react';
import type { FrontDesk } from '../app/use-front-desk';
import type { ScheduleBooking } from '../../core/ipc/schedule.ipc';
import { formatWait, timeIn } from '../lib/time';

/** The small always-on-top window: for each staff member, who is in the chair now and who is next. */
export function Overlay({ desk }: { desk: FrontDesk }) {
  const { day, now } = desk;
  if (!day) return <div className="overlay overlay--empty">{desk.error ?? 'Loading…'}</div>;
  const zone = day.location.timeZone;
  const services = new Map(day.services.map((s) => [s.id, s.name]));
  const t = now.getTime();
  const describe = (b: ScheduleBooking) =>
    `${b.customerName ?? 'Walk-in'} · ${services.get(b.serviceId) ?? 'Service'}`;
  const nextWalkIn = day.walkIns[0];
  return (
    <div className="overlay">
      <div className="overlay__head">
        <span className="overlay__title">Now / next</span>
        <span className="overlay__clock">{timeIn(zone, now)}</span>
      </div>
      <ul className="overlay__list">
        {day.staff.map((member) => {
          const mine = day.bookings.filter((b) => b.staffId === member.id);
          const current =
            mine.find((b) => b.status === 'in_service') ??
            mine.find(
              (b) =>
                ['booked', 'checked_in'].includes(b.status) &&
                Date.parse(b.start) <= t &&
                Date.parse(b.end) > t,
            );
          const next = mine.find(
            (b) => b !== current && ['booked', 'checked_in'].includes(b.status) && Date.parse(b.start) > t,
          );
          return (
            <li
              key={member.id}
              className="ostaff"
              style={{ '--staff': member.color } as CSSProperties}
              data-staff={member.name}
            >
              <div className="ostaff__name">{member.name}</div>
              <div className="ostaff__row">
                <span className="ostaff__label">Now</span>
                {current ? (
                  <span className="ostaff__value">
                    {describe(current)}{' '}
                    <span className="ostaff__until">until {timeIn(zone, current.end)}</span>
                  </span>
                ) : (
                  <span className="ostaff__value ostaff__value--free">Free</span>
                )}
              </div>
              <div className="ostaff__row">
                <span className="ostaff__label">Next</span>
                {next ? (
                  <span className="ostaff__value">
                    <strong>{timeIn(zone, next.start)}</strong> {describe(next)}
                    {next.status === 'checked_in' && <span className="ostaff__here"> · here</span>}
                  </span>
                ) : (
                  <span className="ostaff__value ostaff__value--free">Nothing booked</span>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      <div className="overlay__foot">
        {nextWalkIn
          ? `${day.walkIns.length} walk-in${day.walkIns.length === 1 ? '' : 's'} waiting · next ${nextWalkIn.customerName}${
              nextWalkIn.estimatedWaitMinutes !== null
                ? ` (~${formatWait(nextWalkIn.estimatedWaitMinutes)})`
                : ''
            }`
          : 'No walk-ins waiting'}
      </div>
    </div>
  );
}
