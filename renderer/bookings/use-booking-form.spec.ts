import { describe, expect, it } from 'vitest';
import { customerMissing } from './use-booking-form';

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
