/** One staff member's week (starting Monday, or Saturday in Persian), read from main's cache. */
import { useEffect, useState } from 'react';
import type { DaySchedule } from '../../core/ipc/schedule.ipc';
import type { FrontDesk } from '../app/use-front-desk';
import { useFormat, useT } from '../i18n/use-t';
import { Field } from '../lib/Field';
import { StaffSelect } from '../lib/StaffSelect';
import { addDays } from '../lib/time';
import { StatusChip } from '../schedule/StatusChip';

export function WeekView({ desk }: { desk: FrontDesk }) {
  const t = useT();
  const f = useFormat();
  const staff = desk.day?.staff ?? [];
  const [staffId, setStaffId] = useState('');
  const [days, setDays] = useState<DaySchedule[]>([]);
  // A member of another location (the desk switched location) is no choice here: the first one is.
  const chosen = staff.some((s) => s.id === staffId) ? staffId : (staff[0]?.id ?? '');
  const date = desk.date;
  const from = date
    ? addDays(date, -((new Date(`${date}T12:00:00Z`).getUTCDay() - f.weekStartsOn + 7) % 7))
    : null;

  useEffect(() => {
    if (!from) return;
    const load = () =>
      void window.bookdesk.schedule
        .getRange({ from, to: addDays(from, 6) })
        .then((r) => r.ok && setDays(r.value));
    load();
    return window.bookdesk.events.on('schedule:changed', load);
  }, [from]);

  const week = from ? Array.from({ length: 7 }, (_, i) => addDays(from, i)) : [];
  return (
    <main className="page">
      <h1 className="page__title">{t('nav.week')}</h1>
      <Field label={t('booking.staff')} inline>
        <StaffSelect staff={staff} value={chosen} onChange={setStaffId} />
      </Field>
      <div className="week" role="list">
        {week.map((d) => {
          const day = days.find((x) => x.date === d);
          const zone = day?.location.timeZone ?? desk.zone;
          const bookings = (day?.bookings ?? [])
            .filter((b) => b.staffId === chosen && b.status !== 'cancelled')
            .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
          return (
            <section key={d} className="week__day" role="listitem" aria-label={f.longDate(d)}>
              <h2 className="week__date">{f.shortDate(d)}</h2>
              {bookings.length === 0 && <p className="week__empty">{t('week.free')}</p>}
              <ul className="week__list">
                {bookings.map((b) => (
                  <li key={b.id} className="week__item">
                    <span className="booking__time">{f.time(zone, b.start)}</span>{' '}
                    {b.customerName ?? t('common.walkIn')}
                    <div>
                      <StatusChip status={b.status} />
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </main>
  );
}
