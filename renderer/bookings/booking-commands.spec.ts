import { describe, expect, it } from 'vitest';
import { commandForKey, commandRefusal, confirmationOf, isCommandAllowed } from './booking-commands';

const start = '2026-12-02T16:30:00Z';
const booked = { status: 'booked' as const, start };
const before = Date.parse(start) - 60_000;
const after = Date.parse(start) + 60_000;
const press = (key: string, code: string, modifiers: Partial<KeyboardEvent> = {}) => ({
  key,
  code,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  ...modifiers,
});

describe('booking commands', () => {
  it('offers no-show only once the booking’s start time has come, saying why before it', () => {
    expect(isCommandAllowed(booked, 'noShow', before)).toBe(false);
    expect(commandRefusal(booked, 'noShow', before)).toBe('menu.noShowBeforeStart');
    expect(isCommandAllowed(booked, 'noShow', Date.parse(start))).toBe(true);
    expect(isCommandAllowed(booked, 'noShow', after)).toBe(true);
  });

  it('keeps the status rules: a completed booking is no no-show, whatever the time', () => {
    expect(commandRefusal({ status: 'completed', start }, 'noShow', after)).toBe('menu.notNow');
    expect(isCommandAllowed(booked, 'cancel', before)).toBe(true);
  });

  it('asks before a no-show or a cancellation, and before nothing else', () => {
    expect(confirmationOf('noShow')?.question).toBe('confirm.noShow');
    expect(confirmationOf('cancel')?.question).toBe('confirm.cancel');
    for (const command of ['checkIn', 'start', 'complete', 'move', 'edit'] as const)
      expect(confirmationOf(command)).toBeUndefined();
  });

  it('takes letter keys by the physical key, so a Persian layout works too', () => {
    expect(commandForKey(press('o', 'KeyO'))).toBe('noShow');
    expect(commandForKey(press('خ', 'KeyO'))).toBe('noShow');
    expect(commandForKey(press('ه', 'KeyI'))).toBe('checkIn');
    expect(commandForKey(press('Delete', 'Delete'))).toBe('cancel');
    expect(commandForKey(press('Delete', 'NumpadDecimal'))).toBe('cancel');
    expect(commandForKey(press('c', 'KeyC', { ctrlKey: true }))).toBeNull();
  });
});
