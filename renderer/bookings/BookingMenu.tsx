/**
 * The menu of a booking block: Check in, Start, Complete, No-show, Cancel, Move…, Edit… Commands the
 * booking cannot take now are disabled, with the reason as their title. Arrow keys move between
 * items (the pointer too: the highlighted item is the focused one), Escape closes.
 */
import type { KeyboardEvent } from 'react';
import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import type { ScheduleBooking } from '../../core/ipc/schedule.ipc';
import { useT } from '../i18n/use-t';
import type { BookingCommand } from './booking-commands';
import { BOOKING_COMMANDS, commandForKey, commandRefusal } from './booking-commands';

export type { BookingCommand } from './booking-commands';
export { BOOKING_COMMANDS, commandForKey, isCommandAllowed } from './booking-commands';

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
  const now = Date.now();
  const close = useRef(onClose);
  close.current = onClose;
  // Once, as the menu opens: a new `onClose` on each render of the grid must not refocus the first item.
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('[role="menuitem"]:not([disabled])')?.focus();
    const away = (event: MouseEvent) => {
      if (!ref.current?.contains(event.target as Node)) close.current();
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, []);

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
      const command = commandForKey(event.nativeEvent);
      if (command && commandRefusal(booking, command, Date.now()) === null) {
        event.preventDefault();
        onCommand(command);
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
      {BOOKING_COMMANDS.map((c) => {
        const refusal = commandRefusal(booking, c.command, now);
        return (
          <button
            key={c.command}
            type="button"
            role="menuitem"
            className="menu__item"
            disabled={refusal !== null}
            title={refusal ? t(refusal) : undefined}
            aria-keyshortcuts={c.key}
            onPointerMove={(event) => event.currentTarget.focus()}
            onClick={() => onCommand(c.command)}
          >
            <span>{t(c.label)}</span>
            <kbd className="menu__key" aria-hidden="true">
              {c.key === 'Delete' ? 'Del' : c.key}
            </kbd>
          </button>
        );
      })}
    </div>,
    document.body,
  );
}
