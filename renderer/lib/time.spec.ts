import { describe, expect, it } from 'vitest';
import { minutesIn, zoneName } from './time';

describe(minutesIn.name, () => {
  it('reads the wall clock of the zone, across a change of its offset', () => {
    expect(minutesIn('Europe/London', '2026-03-29T00:30:00Z')).toBe(30); // 00:30 GMT
    expect(minutesIn('Europe/London', '2026-03-29T01:30:00Z')).toBe(150); // 02:30 BST
  });

  it('answers the same instant in each zone asked, whichever was asked first', () => {
    const at = '2026-12-02T00:00:00.000Z';

    const utc = minutesIn('UTC', at);
    const kathmandu = minutesIn('Asia/Kathmandu', at);
    const again = minutesIn('UTC', at);

    expect([utc, kathmandu, again]).toEqual([0, 5 * 60 + 45, 0]);
  });

  it('takes an instant as a Date as well as text', () => {
    expect(minutesIn('America/New_York', new Date('2026-07-01T16:05:00Z'))).toBe(12 * 60 + 5);
  });
});

describe(zoneName.name, () => {
  it("names the zone's offset as it stands at the moment asked", () => {
    expect(zoneName('Europe/London', new Date('2026-01-15T12:00:00Z'))).toBe('GMT');
    expect(zoneName('Europe/London', new Date('2026-07-15T12:00:00Z'))).toBe('BST');
  });
});
