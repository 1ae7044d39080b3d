/**
 * One staff member's column for the day: off hours and breaks shaded, external busy time hatched with
 * its subject, and the bookings. The empty time is a grid cell: click it, or focus it and move with
 * the arrow keys and press Enter, to book there.
 */
import type { CSSProperties, KeyboardEvent, MouseEvent, ReactNode } from 'react';
import type { ExternalBusy, Staff } from '../../core/domain/schemas';
import { useFormat, useT } from '../i18n/use-t';
import type { DayWindow, OffBlock } from './day-layout';
import { gridStepAt } from './grid-snap';
import { SNAP_MINUTES } from './use-drag-move';

interface Props {
  member: Staff;
  index: number;
  window: DayWindow;
  px: number;
  off: OffBlock[];
  busy: ExternalBusy[];
  busyTop(busy: ExternalBusy): number;
  /** The minute the keyboard cursor is on when this lane has focus. */
  cursor: number;
  style: CSSProperties;
  children: ReactNode;
  onCursor(minute: number): void;
  onPick(staffId: string, minute: number): void;
  onStep(direction: -1 | 1): void;
}

const SOURCE = { google: 'Google', microsoft: 'Outlook', caldav: 'iCloud' } as const;

export function Lane({
  member,
  index,
  window,
  px,
  off,
  busy,
  busyTop,
  cursor,
  style,
  children,
  onCursor,
  onPick,
  onStep,
}: Props) {
  const t = useT();
  const f = useFormat();
  const y = (minute: number) => (minute - window.start) * px;
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    if (target.closest('.booking, .busy')) return;
    const top = event.currentTarget.getBoundingClientRect().top;
    onPick(member.id, gridStepAt(window, window.start + (event.clientY - top) / px));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    const rtl = document.dir === 'rtl';
    const moves: Record<string, () => void> = {
      ArrowUp: () => onCursor(Math.max(window.start, cursor - SNAP_MINUTES)),
      ArrowDown: () => onCursor(Math.min(window.end - SNAP_MINUTES, cursor + SNAP_MINUTES)),
      ArrowLeft: () => onStep(rtl ? 1 : -1),
      ArrowRight: () => onStep(rtl ? -1 : 1),
      Enter: () => onPick(member.id, cursor),
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      move();
    }
  };
  return (
    <div
      className="lane"
      role="gridcell"
      tabIndex={0}
      aria-describedby={`lane-${member.id}`}
      style={{ ...style, '--staff': member.color } as CSSProperties}
      data-staff={member.name}
      data-staff-id={member.id}
      data-index={index}
      data-start-minute={window.start}
      onClick={onClick}
      onKeyDown={onKeyDown}
    >
      <span id={`lane-${member.id}`} className="sr-only">
        {t('schedule.cell', { staff: member.name, time: f.clock(cursor) })}
      </span>
      {off.map((block) => (
        <div
          key={block.start}
          className={`off off--${block.kind}`}
          style={{ top: y(block.start), height: (block.end - block.start) * px }}
        >
          {block.kind === 'break' && <span>{t('schedule.break')}</span>}
        </div>
      ))}
      <div
        className="lane__cursor"
        style={{ top: y(cursor), height: SNAP_MINUTES * px }}
        aria-hidden="true"
      />
      {busy.map((x) => (
        <div
          key={x.id}
          className="busy"
          style={{ top: busyTop(x), height: Math.max(x.durationMinutes * px - 2, 18) }}
        >
          <span className="busy__subject">{x.subject}</span>
          <span className="busy__source">{t('schedule.busy', { source: SOURCE[x.source] })}</span>
        </div>
      ))}
      {children}
    </div>
  );
}
