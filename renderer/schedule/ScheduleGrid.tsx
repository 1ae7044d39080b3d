import type { CSSProperties } from 'react';
import { useEffect, useRef } from 'react';
import type { DaySchedule, ScheduleBooking } from '../../core/ipc/schedule.ipc';
import { dateIn, formatMinutes, minutesIn, timeIn } from '../lib/time';
import { dayWindow, offBlocks, staffHours } from './day-layout';
import { initials } from './Header';
import { StatusChip } from './StatusChip';

/** Pixels per minute of the time grid: a 30-minute appointment is 48 px tall. */
const PX = 1.6;

export function ScheduleGrid({ day, now }: { day: DaySchedule; now: Date }) {
  const zone = day.location.timeZone;
  const window = dayWindow(day);
  const height = (window.end - window.start) * PX;
  const y = (minute: number) => (minute - window.start) * PX;
  const nowMinute = dateIn(zone, now) === day.date ? minutesIn(zone, now) : null;
  const showNow = nowMinute !== null && nowMinute >= window.start && nowMinute <= window.end;
  const scroller = useRef<HTMLDivElement>(null);
  const services = new Map(day.services.map((s) => [s.id, s]));

  useEffect(() => {
    // Bring "now" into view once per day shown, a little below the top, so the next appointments are visible.
    if (showNow && scroller.current) scroller.current.scrollTop = Math.max(0, y(nowMinute!) - 160);
  }, [day.date]);

  const hours: number[] = [];
  for (let m = window.start; m <= window.end; m += 60) hours.push(m);

  return (
    <div className="grid" style={{ '--columns': day.staff.length } as CSSProperties}>
      <div className="grid__head">
        <div className="grid__corner">{zoneLabel(zone)}</div>
        {day.staff.map((member) => {
          const count = day.bookings.filter(
            (b) => b.staffId === member.id && b.status !== 'cancelled',
          ).length;
          const shifts = staffHours(day, member.id);
          return (
            <div
              key={member.id}
              className="staffhead"
              style={{ '--staff': member.color } as CSSProperties}
              role="columnheader"
            >
              <span className="staffhead__avatar" aria-hidden="true">
                {initials(member.name)}
              </span>
              <div className="staffhead__text">
                <div className="staffhead__name">{member.name}</div>
                <div className="staffhead__meta" title={describeShifts(shifts)}>
                  {describeShifts(shifts).split(' · ')[0]}
                </div>
              </div>
              <span
                className="staffhead__count"
                title={`${count} ${count === 1 ? 'appointment' : 'appointments'}`}
              >
                {count}
              </span>
            </div>
          );
        })}
      </div>

      <div className="grid__body" ref={scroller}>
        <div className="grid__canvas" style={{ height }}>
          <div className="gutter">
            {hours.map((m) => (
              <div key={m} className="gutter__label" style={{ top: y(m) }}>
                {formatMinutes(m)}
              </div>
            ))}
          </div>
          <div className="lanes">
            {hours.map((m) => (
              <div key={m} className="hourline" style={{ top: y(m) }} />
            ))}
            {hours.slice(0, -1).map((m) => (
              <div key={`h${m}`} className="hourline hourline--half" style={{ top: y(m + 30) }} />
            ))}
            {day.staff.map((member) => (
              <div
                key={member.id}
                className="lane"
                style={{ '--staff': member.color } as CSSProperties}
                data-staff={member.name}
              >
                {offBlocks(window, staffHours(day, member.id)).map((block) => (
                  <div
                    key={block.start}
                    className={`off off--${block.kind}`}
                    style={{ top: y(block.start), height: (block.end - block.start) * PX }}
                  >
                    {block.kind === 'break' && <span>Break</span>}
                  </div>
                ))}
                {day.busy
                  .filter((x) => x.staffId === member.id)
                  .map((x) => (
                    <div
                      key={x.id}
                      className="busy"
                      style={{ top: y(minutesIn(zone, x.start)), height: x.durationMinutes * PX - 2 }}
                    >
                      <span className="busy__subject">{x.subject}</span>
                      <span className="busy__source">Busy · {SOURCE[x.source]}</span>
                    </div>
                  ))}
                {day.bookings
                  .filter((b) => b.staffId === member.id && b.status !== 'cancelled')
                  .map((b) => (
                    <BookingCard
                      key={b.id}
                      booking={b}
                      zone={zone}
                      top={y(minutesIn(zone, b.start))}
                      serviceName={services.get(b.serviceId)?.name ?? 'Service'}
                    />
                  ))}
              </div>
            ))}
            {showNow && (
              <div
                className="nowline"
                style={{ top: y(nowMinute!) }}
                aria-label={`Now ${formatMinutes(nowMinute!)}`}
              >
                <span className="nowline__label">{formatMinutes(nowMinute!)}</span>
              </div>
            )}
          </div>
        </div>
      </div>
    </div>
  );
}

const SOURCE = { google: 'Google', microsoft: 'Outlook', caldav: 'iCloud' } as const;

function BookingCard({
  booking,
  zone,
  top,
  serviceName,
}: {
  booking: ScheduleBooking;
  zone: string;
  top: number;
  serviceName: string;
}) {
  const minutes = (Date.parse(booking.end) - Date.parse(booking.start)) / 60_000;
  const height = Math.max(minutes * PX - 3, 22);
  const size = height < 38 ? 'tiny' : height < 64 ? 'short' : 'full';
  const time = `${timeIn(zone, booking.start)} – ${timeIn(zone, booking.end)}`;
  const customer = booking.customerName ?? 'Walk-in';
  return (
    <article
      className={`booking booking--${booking.status} booking--${size}`}
      style={{ top, height }}
      aria-label={`${time} ${customer}, ${serviceName}`}
    >
      {size === 'tiny' ? (
        <div className="booking__row">
          <span className="booking__time">{timeIn(zone, booking.start)}</span>
          <span className="booking__customer">{customer}</span>
          <StatusChip status={booking.status} />
        </div>
      ) : (
        <>
          <div className="booking__row">
            <span className="booking__time">{size === 'full' ? time : timeIn(zone, booking.start)}</span>
            <StatusChip status={booking.status} />
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
    </article>
  );
}

/** `09:00–18:00 · break 12:30–13:30`, or `Off today`. */
function describeShifts(shifts: [number, number][]): string {
  if (shifts.length === 0) return 'Off today';
  const span = `${formatMinutes(shifts[0]![0])}–${formatMinutes(shifts.at(-1)![1])}`;
  const breaks = shifts
    .slice(1)
    .map(([start], i) => `${formatMinutes(shifts[i]![1])}–${formatMinutes(start)}`);
  return breaks.length ? `${span} · break ${breaks.join(', ')}` : span;
}

function zoneLabel(zone: string): string {
  const part = new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'short' })
    .formatToParts(new Date())
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? zone;
}
