/**
 * The commands of a booking (its menu and its keys on a focused block): which are open to it now,
 * why one is not, which key takes it, and which ask before they are sent.
 */
import { canMoveStatus } from '../../core/domain/booking-rules';
import type { ScheduleBooking } from '../../core/ipc/schedule.ipc';
import type { MessageId } from '../i18n/messages.en';

export type BookingCommand = 'checkIn' | 'start' | 'complete' | 'noShow' | 'cancel' | 'move' | 'edit';

/** A booking as the command rules read it. */
type CommandTarget = Pick<ScheduleBooking, 'status' | 'start'>;

interface CommandEntry {
  command: BookingCommand;
  label: MessageId;
  /** The key as shown in the menu and announced (aria-keyshortcuts). */
  key: string;
  /**
   * `KeyboardEvent.code` of the key: the physical key, so a Persian (or any other) keyboard layout
   * takes the same shortcut as the English one. Named keys (Delete) match on `KeyboardEvent.key`.
   */
  code: string;
  /** Whether core's status rules allow the command (the time rule is {@link commandRefusal}'s). */
  allowed(b: CommandTarget): boolean;
  /** The question asked before a command that cannot be taken back. */
  confirm?: { question: MessageId; action: MessageId };
}

/** Each command, its label, its key on a focused booking, and whether the booking's status allows it. */
export const BOOKING_COMMANDS: readonly CommandEntry[] = [
  {
    command: 'checkIn',
    label: 'menu.checkIn',
    key: 'I',
    code: 'KeyI',
    allowed: (b) => canMoveStatus(b.status, 'checked_in'),
  },
  {
    command: 'start',
    label: 'menu.start',
    key: 'S',
    code: 'KeyS',
    allowed: (b) => canMoveStatus(b.status, 'in_service'),
  },
  {
    command: 'complete',
    label: 'menu.complete',
    key: 'C',
    code: 'KeyC',
    allowed: (b) => canMoveStatus(b.status, 'completed'),
  },
  {
    command: 'noShow',
    label: 'menu.noShow',
    key: 'O',
    code: 'KeyO',
    allowed: (b) => canMoveStatus(b.status, 'no_show'),
    confirm: { question: 'confirm.noShow', action: 'confirm.noShowAction' },
  },
  {
    command: 'cancel',
    label: 'menu.cancel',
    key: 'Delete',
    code: 'Delete',
    allowed: (b) => canMoveStatus(b.status, 'cancelled'),
    confirm: { question: 'confirm.cancel', action: 'confirm.cancelAction' },
  },
  {
    command: 'move',
    label: 'menu.move',
    key: 'M',
    code: 'KeyM',
    allowed: (b) => canMoveStatus(b.status, 'cancelled'),
  },
  { command: 'edit', label: 'menu.edit', key: 'E', code: 'KeyE', allowed: () => true },
];

const entryOf = (command: BookingCommand) => BOOKING_COMMANDS.find((c) => c.command === command)!;

/**
 * Why `command` cannot be taken on `booking` at `now` (epoch ms), as a message of the catalogue;
 * null when it can. A booking is a no-show only once its start time has come: before it, the
 * customer may still arrive.
 */
export function commandRefusal(
  booking: CommandTarget,
  command: BookingCommand,
  now: number,
): MessageId | null {
  if (!entryOf(command).allowed(booking)) return 'menu.notNow';
  if (command === 'noShow' && now < Date.parse(booking.start)) return 'menu.noShowBeforeStart';
  return null;
}

/** Whether `command` can be taken on `booking` at `now` (what the menu enables, what its keys do). */
export function isCommandAllowed(
  booking: CommandTarget,
  command: BookingCommand,
  now: number = Date.now(),
): boolean {
  return commandRefusal(booking, command, now) === null;
}

/** The question to ask before `command`, if it cannot be taken back. */
export function confirmationOf(command: BookingCommand): CommandEntry['confirm'] {
  return entryOf(command).confirm;
}

/**
 * The command a key press takes: letters by the physical key (`code`), so they work whatever the
 * keyboard layout; Delete by its name. Modified presses (Ctrl, Alt, Meta) take none.
 */
export function commandForKey(
  event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'altKey' | 'metaKey'>,
): BookingCommand | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  const found = BOOKING_COMMANDS.find((c) =>
    c.code.startsWith('Key') ? c.code === event.code : c.key === event.key,
  );
  return found?.command ?? null;
}
