import { describe, expect, it } from 'vitest';
import { canMoveStatus, customFieldValueErrors } from './booking-rules';
import { BOOKING_STATUSES } from './schemas';
import type { BookingStatus } from './schemas';

describe(canMoveStatus.name, () => {
  it('allows exactly the moves of the API contract', () => {
    const allowed = BOOKING_STATUSES.flatMap((from) =>
      BOOKING_STATUSES.filter((to) => canMoveStatus(from, to)).map((to) => `${from}→${to}`),
    );
    expect(allowed.sort()).toEqual(
      [
        'booked→checked_in',
        'booked→no_show',
        'booked→cancelled',
        'checked_in→in_service',
        'checked_in→no_show',
        'checked_in→cancelled',
        'in_service→completed',
        'in_service→cancelled',
      ].sort(),
    );
  });

  it('never leaves an ended booking', () => {
    for (const ended of ['completed', 'no_show', 'cancelled'] as BookingStatus[]) {
      for (const to of BOOKING_STATUSES) expect(canMoveStatus(ended, to)).toBe(false);
    }
  });
});

describe(customFieldValueErrors.name, () => {
  const sut = customFieldValueErrors;
  const fields = [
    { key: 'notes', type: 'text' as const, required: true },
    { key: 'age', type: 'number' as const, required: false },
    { key: 'consent', type: 'checkbox' as const, required: true },
    { key: 'style', type: 'select' as const, required: false, options: ['short', 'long'] },
  ];

  it('accepts values of the right types', () => {
    expect(sut(fields, { notes: 'hi', age: 30, consent: true, style: 'long' })).toEqual([]);
    expect(sut(fields, { notes: 'hi', consent: true })).toEqual([]);
  });

  it('names every missing required field, wrong type, unknown option and unknown key', () => {
    expect(sut(fields, { notes: '  ', age: '30', consent: false, style: 'medium', colour: 'red' })).toEqual([
      { key: 'colour', message: 'no such custom field' },
      { key: 'notes', message: 'required' },
      { key: 'age', message: 'expected a number' },
      { key: 'consent', message: 'must be ticked' },
      { key: 'style', message: 'not one of the options' },
    ]);
    expect(sut(fields, {})).toEqual([
      { key: 'notes', message: 'required' },
      { key: 'consent', message: 'required' },
    ]);
  });
});
