/**
 * The menu of a booking block: Check in, Start, Complete, No-show, Cancel, Move…, Edit… Moves the
 * status rules of core do not allow are disabled. Arrow keys move between items, Escape closes.
 */
import type { KeyboardEvent } from 'react';
import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import { canMoveStatus } from '../../core/domain/booking-rules';
import type { ScheduleBooking } from '../../core/ipc/schedule.ipc';
import { useT } from '../i18n/use-t';
import type { MessageId } from '../i18n/messages.en';

export type BookingCommand = 'checkIn' | 'start' | 'complete' | 'noShow' | 'cancel' | 'move' | 'edit';

/** Each command, its label, its key on a focused booking, and whether the booking's status allows it. */
export const BOOKING_COMMANDS: {
  command: BookingCommand;
  label: MessageId;
  key: string;
  allowed(b: ScheduleBooking): boolean;
}[] = [
  {
    command: 'checkIn',
    label: 'menu.checkIn',
    key: 'I',
    allowed: (b) => canMoveStatus(b.status, 'checked_in'),
  },
  { command: 'start', label: 'menu.start', key: 'S', allowed: (b) => canMoveStatus(b.status, 'in_service') },
  {
    command: 'complete',
    label: 'menu.complete',
    key: 'C',
    allowed: (b) => canMoveStatus(b.status, 'completed'),
  },
  { command: 'noShow', label: 'menu.noShow', key: 'O', allowed: (b) => canMoveStatus(b.status, 'no_show') },
  {
    command: 'cancel',
    label: 'menu.cancel',
    key: 'Delete',
    allowed: (b) => canMoveStatus(b.status, 'cancelled'),
  },
  { command: 'move', label: 'menu.move', key: 'M', allowed: (b) => canMoveStatus(b.status, 'cancelled') },
  { command: 'edit', label: 'menu.edit', key: 'E', allowed: () => true },
];

/** Whether core's status rules allow `command` on `booking` (what the menu enables). */
export function isCommandAllowed(booking: ScheduleBooking, command: BookingCommand): boolean {
  return BOOKING_COMMANDS.find((c) => c.command === command)?.allowed(booking) ?? false;
}

export function commandForKey(key: string): BookingCommand | null {
  const found = BOOKING_COMMANDS.find((c) => c.key.toLowerCase() === key.toLowerCase());
  return found?.command ?? null;
}

interface Props {
  booking: ScheduleBooking;
  anchor: DOMRect;
  label: string;
  onCommand(command: BookingCommand): void;
  onClose(): void;
}

export function BookingMenu({ booking, anchor, label, onCommand, onClose }: Props) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('[role="menuitem"]:not([disabled])')?.focus();
    const away = (event: MouseEvent) => {
      if (!ref.current?.contains(event.target as Node)) onClose();
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [onClose]);

  const onKeyDown = (event: KeyboardEvent) => {
    const items = [
      ...(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not([disabled])') ?? []),
    ];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      onClose();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      items[(at + step + items.length) % items.length]?.focus();
    } else {
      const command = commandForKey(event.key);
      const entry = BOOKING_COMMANDS.find((c) => c.command === command);
      if (entry && entry.allowed(booking)) {
        event.preventDefault();
        onCommand(entry.command);
      }
    }
  };

  const top = Math.min(anchor.bottom + 4, window.innerHeight - 300);
  const inlineStart =
    document.dir === 'rtl' ? { right: window.innerWidth - anchor.right } : { left: anchor.left };
  return createPortal(
    <div
      ref={ref}
      className="menu"
      role="menu"
      aria-label={label}
      style={{ top: Math.max(8, top), ...inlineStart }}
      onKeyDown={onKeyDown}
    >
      {BOOKING_COMMANDS.map((c) => (
        <button
          key={c.command}
          type="button"
          role="menuitem"
          className="menu__item"
          disabled={!c.allowed(booking)}
          aria-keyshortcuts={c.key}
          onClick={() => onCommand(c.command)}
        >
          <span>{t(c.label)}</span>
          <kbd className="menu__key" aria-hidden="true">
            {c.key === 'Delete' ? 'Del' : c.key}
          </kbd>
        </button>
      ))}
    </div>,
    document.body,
  );
}
