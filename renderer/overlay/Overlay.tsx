/**
 * The small always-on-top window: for each staff member, who is in the chair now and the next
 * appointments, and the walk-in queue's length with the next estimated wait. Kept live by main's
 * events like the day view; which parts it shows comes from the desk's settings.
 */
import type { CSSProperties } from 'react';
import type { ScheduleBooking } from '../../core/ipc/schedule.ipc';
import type { OverlaySettings } from '../../core/ipc/settings.ipc';
import { nowAndNext } from '../../core/scheduling/desk-glance';
import type { FrontDesk } from '../app/use-front-desk';
import { useFormat, useT } from '../i18n/use-t';
import { minutesIn } from '../lib/time';
import { shiftAt, staffHours } from '../schedule/day-layout';
import { duration } from '../walk-ins/WalkInItem';

export function Overlay({ desk, options }: { desk: FrontDesk; options: OverlaySettings }) {
  const t = useT();
  const f = useFormat();
  const { day, now } = desk;
  if (!day) return <main className="overlay overlay--empty">{desk.error ?? t('schedule.loading')}</main>;
  const zone = day.location.timeZone;
  const services = new Map(day.services.map((s) => [s.id, s.name]));
  // One line each: who and their status first, whole (wrapping only if they alone do not fit), then
  // the service in what room is left, shortened with an ellipsis.
  const customer = (b: ScheduleBooking) => (
    <span className="ostaff__customer">{b.customerName ?? t('common.walkIn')}</span>
  );
  const service = (b: ScheduleBooking) => (
    <span className="ostaff__service">· {services.get(b.serviceId) ?? t('common.service')}</span>
  );
  const minute = minutesIn(zone, now);
  const idle = { on: 'overlay.free', break: 'schedule.break', off: 'overlay.off' } as const;
  const queue = day.walkIns;
  const nextWalkIn = queue[0];
  return (
    <main className="overlay" aria-label={t('overlay.title')}>
      <div className="overlay__head">
        <h1 className="overlay__title">{t('overlay.title')}</h1>
        <span className="overlay__clock">{f.time(zone, now)}</span>
      </div>
      <ul className="overlay__list">
        {day.staff.map((member) => {
          const glance = nowAndNext(
            day.bookings.filter((b) => b.staffId === member.id),
            now.getTime(),
            options.nextCount,
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
                <span className="ostaff__label">{t('overlay.now')}</span>
                {glance.now ? (
                  <span className="ostaff__value">
                    <span className="ostaff__who">
                      {customer(glance.now)}{' '}
                      <span className="ostaff__until">
                        {t('overlay.until', { time: f.time(zone, glance.now.end) })}
                      </span>
                    </span>
                    {service(glance.now)}
                  </span>
                ) : (
                  <span className="ostaff__value ostaff__value--free">
                    {t(idle[shiftAt(staffHours(day, member.id), minute)])}
                  </span>
                )}
              </div>
              {options.nextCount > 0 && (
                <div className="ostaff__row">
                  <span className="ostaff__label">{t('overlay.next')}</span>
                  {glance.next.length > 0 ? (
                    <span className="ostaff__values">
                      {glance.next.map((next) => (
                        <span key={next.id} className="ostaff__value">
                          <span className="ostaff__who">
                            <strong className="ostaff__time">{f.time(zone, next.start)}</strong>{' '}
                            {customer(next)}
                            {next.status === 'checked_in' && (
                              <>
                                {' · '}
                                <span className="ostaff__here">{t('overlay.here')}</span>
                              </>
                            )}
                          </span>
                          {service(next)}
                        </span>
                      ))}
                    </span>
                  ) : (
                    <span className="ostaff__value ostaff__value--free">{t('overlay.nothing')}</span>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {options.showQueue && (
        <div className="overlay__foot" role="status">
          {nextWalkIn
            ? t('overlay.queue', { count: queue.length, name: nextWalkIn.customerName }) +
              (nextWalkIn.estimatedWaitMinutes === null
                ? ''
                : nextWalkIn.estimatedWaitMinutes === 0
                  ? ` (${t('queue.now')})`
                  : ` (~${duration(t, nextWalkIn.estimatedWaitMinutes)})`)
            : t('overlay.noQueue')}
        </div>
      )}
    </main>
  );
}
