import { describe, expect, it } from 'vitest';
import type { FirstReads } from './first-reads';
import { firstReadsJson } from './first-reads';

const readsNaming = (customerName: string): FirstReads =>
  ({
    'session:status': { ok: false, error: { code: 'unavailable', message: 'not asked' } },
    'settings:get': { ok: false, error: { code: 'unavailable', message: 'not asked' } },
    'schedule:getDay': {
      date: '2026-11-27',
      answer: { ok: true, value: { bookings: [{ customerName }] } },
    },
  }) as unknown as FirstReads; // only the JSON text is under test

describe(firstReadsJson.name, () => {
  it('keeps a customer named like markup from closing the script element', () => {
    const name = '</script><script>alert(1)</script><!--';

    const sut = firstReadsJson(readsNaming(name));

    expect(sut).not.toContain('<');
    const back = JSON.parse(sut) as {
      'schedule:getDay': { answer: { value: { bookings: { customerName: string }[] } } };
    };
    expect(back['schedule:getDay'].answer.value.bookings[0]!.customerName).toBe(name);
  });
});
