/**
 * The day by staff: one column per staff member, the time down the side, the now line. Only the
 * columns and bookings on screen are drawn. Click or Enter on empty time books there; a booking opens
 * its menu (click, Enter) or moves by dragging.
 */
import type { CSSProperties } from 'react';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { DaySchedule, ScheduleBooking } from '../../core/ipc/schedule.ipc';
import type { BookingCommand } from '../bookings/BookingMenu';
import { BookingMenu } from '../bookings/BookingMenu';
import type { BookingPrefill } from '../bookings/use-booking-form';
import { useFormat, useT } from '../i18n/use-t';
import { dateIn, instantAt, minutesIn, zoneName } from '../lib/time';
import { BookingCard } from './BookingCard';
import { dayWindow, offBlocks, placeOverlapping, staffHours } from './day-layout';
import { gridStepAt } from './grid-snap';
import { Lane } from './Lane';
import { StaffHeader } from './StaffHeader';
import type { DropTarget } from './use-drag-move';
import { useDragMove } from './use-drag-move';
import { useGridViewport } from './use-grid-viewport';

/** Pixels per minute of the time grid: a 30-minute appointment is 48 px tall. */
export const PX = 1.6;
const GUTTER = 60;
const HEAD = 62;
const MIN_COLUMN = 150;
/** The least height of a booking block, however short the booking. */
const MIN_BLOCK_PX = 22;
/**
 * Drawn beyond the visible edges so a quick scroll shows no blank; once the grid has been on screen,
 * since its first picture needs only what is on screen (about half of the blocks drawn with it).
 */
const OVERSCAN_PX = 300;

interface Props {
  day: DaySchedule;
  now: Date;
  onNewBooking(prefill: BookingPrefill): void;
  onCommand(booking: ScheduleBooking, command: BookingCommand): void;
}

export function ScheduleGrid({ day, now, onNewBooking, onCommand }: Props) {
  const t = useT();
  const f = useFormat();
  const zone = day.location.timeZone;
  const span = useMemo(() => dayWindow(day), [day]);
  const height = (span.end - span.start) * PX;
  const y = (minute: number) => (minute - span.start) * PX;
  const nowMinute = dateIn(zone, now) === day.date ? minutesIn(zone, now) : null;
  const showNow = nowMinute !== null && nowMinute >= span.start && nowMinute <= span.end;
  const scroller = useRef<HTMLDivElement>(null);
  // "Now" in view once per day shown, a little below the top, so the next appointments are visible.
  const viewport = useGridViewport(scroller, showNow ? Math.max(0, y(nowMinute!) - 160) : null, day.date);
  const services = useMemo(() => new Map(day.services.map((s) => [s.id, s])), [day.services]);
  const [cursor, setCursor] = useState(() => gridStepAt(span, nowMinute ?? span.start));
  const [menu, setMenu] = useState<{ id: string; anchor: DOMRect } | null>(null);

  const columnWidth = Math.max(
    MIN_COLUMN,
    Math.floor((viewport.width - GUTTER) / Math.max(1, day.staff.length)),
  );
  const overscan = viewport.measured ? OVERSCAN_PX : 0;
  const first = Math.max(0, Math.floor((viewport.left - overscan) / columnWidth));
  const last = Math.min(
    day.staff.length - 1,
    Math.ceil((viewport.left + viewport.width + overscan) / columnWidth),
  );
  const visible = day.staff.slice(first, last + 1);
  const topMinute = span.start + (viewport.top - HEAD - overscan) / PX;
  const bottomMinute = span.start + (viewport.top + viewport.height + overscan) / PX;

  const byStaff = useMemo(() => {
    const map = new Map<string, ScheduleBooking[]>();
    for (const b of day.bookings) {
      if (b.status === 'cancelled') continue;
      const list = map.get(b.staffId);
      if (list) list.push(b);
      else map.set(b.staffId, [b]);
    }
    return map;
  }, [day.bookings]);
  /**
   * Side by side where bookings of one column overlap as drawn (a short one is drawn taller); worked
   * out for a column when it is first drawn.
   */
  const placesIn = useMemo(() => {
    const known = new Map<string, Map<string, { column: number; columns: number }>>();
    return (staffId: string) => {
      let places = known.get(staffId);
      if (!places) {
        const blocks = (byStaff.get(staffId) ?? []).map((b) => {
          const start = minutesIn(zone, b.start);
          const minutes = (Date.parse(b.end) - Date.parse(b.start)) / 60_000;
          return { id: b.id, start, end: start + Math.max(minutes, (MIN_BLOCK_PX + 3) / PX) };
        });
        known.set(staffId, (places = placeOverlapping(blocks)));
      }
      return places;
    };
  }, [byStaff, zone]);

  const drop = useCallback(
    (id: string, target: DropTarget) => {
      const booking = day.bookings.find((b) => b.id === id);
      if (!booking) return;
      const start = instantAt(zone, day.date, target.minute);
      if (Date.parse(start) === Date.parse(booking.start) && target.staffId === booking.staffId) return;
      void window.bookdesk.bookings.update({
        id,
        ...(Date.parse(start) !== Date.parse(booking.start) ? { start } : {}),
        ...(target.staffId !== booking.staffId ? { staffId: target.staffId } : {}),
      });
    },
    [day, zone],
  );
  const press = useCallback(
    (id: string, element: HTMLElement) => setMenu({ id, anchor: element.getBoundingClientRect() }),
    [],
  );
  const { drag, onPointerDown } = useDragMove(PX, drop, press);
  const menuBooking = menu ? day.bookings.find((b) => b.id === menu.id) : undefined;

  const hours: number[] = [];
  for (let m = span.start; m <= span.end; m += 60) hours.push(m);
  const width = GUTTER + columnWidth * day.staff.length;
  const pick = (staffId: string, minute: number) =>
    onNewBooking({ staffId, date: day.date, start: instantAt(zone, day.date, minute) });
  const focusBooking = (id: string) =>
    scroller.current?.querySelector<HTMLElement>(`[data-booking-id="${CSS.escape(id)}"]`)?.focus();
  const step = (index: number, direction: -1 | 1) =>
    scroller.current?.querySelector<HTMLElement>(`.lane[data-index="${index + direction}"]`)?.focus();

  return (
    <div className="grid" role="grid" aria-label={t('schedule.grid')} aria-colcount={day.staff.length + 1}>
      <div className="grid__scroller" ref={scroller}>
        <div className="grid__canvas" style={{ width, height: HEAD + height + 24 }}>
          <div className="grid__head" role="row" style={{ width, height: HEAD }}>
            <div className="grid__corner" role="columnheader" style={{ width: GUTTER }}>
              {zoneName(zone)}
            </div>
            {visible.map((member, i) => (
              <StaffHeader
                key={member.id}
                member={member}
                count={byStaff.get(member.id)?.length ?? 0}
                shifts={staffHours(day, member.id)}
                style={{ insetInlineStart: GUTTER + (first + i) * columnWidth, width: columnWidth }}
                index={first + i}
              />
            ))}
          </div>
          <div className="grid__rows" role="row" style={{ height, width }}>
            <div
              className="gutter"
              role="rowheader"
              aria-label={t('schedule.times')}
              style={{ width: GUTTER, height }}
            >
              {hours.map((m) => (
                <div key={m} className="gutter__label" style={{ top: y(m) }}>
                  {f.clock(m)}
                </div>
              ))}
            </div>
            {hours.map((m) => (
              <div
                key={m}
                className="hourline"
                aria-hidden="true"
                style={{ top: y(m), insetInlineStart: GUTTER }}
              />
            ))}
            {visible.map((member, i) => {
              const index = first + i;
              const places = placesIn(member.id);
              const bookings = (byStaff.get(member.id) ?? []).filter((b) => {
                const start = minutesIn(zone, b.start);
                return (
                  start <= bottomMinute &&
                  start + (Date.parse(b.end) - Date.parse(b.start)) / 60_000 >= topMinute
                );
              });
              return (
                <Lane
                  key={member.id}
                  member={member}
                  window={span}
                  px={PX}
                  off={offBlocks(span, staffHours(day, member.id))}
                  busy={day.busy.filter((x) => x.staffId === member.id)}
                  busyTop={(x) => y(minutesIn(zone, x.start))}
                  cursor={cursor}
                  style={
                    {
                      insetInlineStart: GUTTER + index * columnWidth,
                      width: columnWidth,
                      height,
                      '--index': index,
                    } as CSSProperties
                  }
                  onCursor={setCursor}
                  onPick={pick}
                  onStep={(direction) => step(index, direction)}
                  index={index}
                >
                  {bookings.map((b) => (
                    <BookingCard
                      key={b.id}
                      booking={b}
                      zone={zone}
                      top={y(minutesIn(zone, b.start))}
                      height={Math.max(
                        ((Date.parse(b.end) - Date.parse(b.start)) / 60_000) * PX - 3,
                        MIN_BLOCK_PX,
                      )}
                      column={places.get(b.id)?.column ?? 0}
                      columns={places.get(b.id)?.columns ?? 1}
                      serviceName={services.get(b.serviceId)?.name ?? t('common.service')}
                      pending={day.pending.includes(b.id)}
                      drag={drag?.id === b.id ? drag : null}
                      onPointerDown={onPointerDown}
                      onOpenMenu={press}
                      onCommand={onCommand}
                    />
                  ))}
                </Lane>
              );
            })}
            {showNow && (
              <div
                className="nowline"
                style={{ top: y(nowMinute!), insetInlineStart: GUTTER, width: width - GUTTER }}
                aria-hidden="true"
              >
                <span className="nowline__label">{f.clock(nowMinute!)}</span>
              </div>
            )}
          </div>
        </div>
      </div>
      {menu && menuBooking && (
        <BookingMenu
          booking={menuBooking}
          anchor={menu.anchor}
          label={t('menu.label', { name: menuBooking.customerName ?? t('common.walkIn') })}
          onClose={() => {
            // Escape or Tab gives the keyboard back to the booking; a click elsewhere keeps its own.
            const inMenu =
              document.activeElement?.closest('.menu') ?? document.activeElement === document.body;
            setMenu(null);
            if (inMenu) focusBooking(menu.id);
          }}
          onCommand={(command) => {
            setMenu(null);
            // Back on the booking first, so a dialog the command opens returns the keyboard to it.
            focusBooking(menu.id);
            onCommand(menuBooking, command);
          }}
        />
      )}
    </div>
  );
}
