/** The pull's bulk instant formatter gives exactly core's formatInZone text, DST edges included. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInZone } from '../../core/domain/zoned-instant';
import { createZonedFormatter } from '../../server/sync/zoned-format';

const ZONES = [
  'UTC',
  'Etc/UTC',
  'Etc/GMT+5',
  'Europe/London',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'America/St_Johns',
  'Asia/Kathmandu',
];

describe(createZonedFormatter.name, () => {
  it('matches formatInZone for any instant and zone (milliseconds included)', () => {
    const sut = createZonedFormatter();
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.constantFrom(...ZONES),
        (ms, zone) => {
          expect(sut(new Date(ms), zone)).toBe(formatInZone(ms, zone));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('matches formatInZone minute by minute across DST changes', () => {
    const sut = createZonedFormatter();
    const days = [
      Date.UTC(2026, 2, 8, 4),
      Date.UTC(2026, 2, 29, 0),
      Date.UTC(2026, 3, 5, 13),
      Date.UTC(2026, 10, 1, 4),
    ];
    for (const zone of ZONES) {
      for (const day of days) {
        for (let m = 0; m < 8 * 60; m++) {
          const ms = day + m * 60_000;
          expect(sut(new Date(ms), zone)).toBe(formatInZone(ms, zone));
        }
      }
    }
  });
});
