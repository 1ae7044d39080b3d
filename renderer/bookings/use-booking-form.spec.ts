import { describe, expect, it } from 'vitest';
import { customerMissing, pickedSlot } from './use-booking-form';

describe(customerMissing.name, () => {
  it('holds the booking back while no customer is chosen', () => {
    expect(customerMissing({ kind: 'none' })).toBe(true);
  });

  it('holds the booking back for a new customer without a name', () => {
    expect(customerMissing({ kind: 'new', name: '  ', phone: '07700 900123' })).toBe(true);
  });

  it('lets a chosen customer or a named new one through', () => {
    expect(customerMissing({ kind: 'existing', id: 'c1', name: 'Zara Ahmed' })).toBe(false);
    expect(customerMissing({ kind: 'new', name: 'Nora Quick', phone: '' })).toBe(false);
  });
});

describe(pickedSlot.name, () => {
  const now = Date.parse('2026-12-02T17:37:00Z');
  const slots = [{ start: '2026-12-02T17:45:00.000Z' }, { start: '2026-12-02T18:00:00.000Z' }];

  it('selects the free time picked, as the list writes it', () => {
    expect(pickedSlot('2026-12-02T18:00:00Z', slots, now)).toBe('2026-12-02T18:00:00.000Z');
  });

  it('takes the next free time for a quarter hour already begun', () => {
    expect(pickedSlot('2026-12-02T17:30:00Z', slots, now)).toBe('2026-12-02T17:45:00.000Z');
  });

  it('keeps a picked time that is not free when nothing is free soon after now', () => {
    const later = [{ start: '2026-12-02T19:00:00.000Z' }];

    expect(pickedSlot('2026-12-02T17:30:00Z', later, now)).toBe('2026-12-02T17:30:00Z');
  });

  it('keeps a picked time ahead that is not free (the dialog says so)', () => {
    expect(pickedSlot('2026-12-02T18:15:00Z', slots, now)).toBe('2026-12-02T18:15:00Z');
  });
});
