/** The fast formatting gives exactly luxon's text, DST edges included. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInZone, formatWithLuxon } from './zoned-instant';

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

describe(formatInZone.name, () => {
  it('matches luxon for any instant and zone (milliseconds included)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.constantFrom(...ZONES),
        (ms, zone) => {
          expect(formatInZone(new Date(ms), zone)).toBe(formatWithLuxon(ms, zone));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('matches luxon minute by minute across DST changes', () => {
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
          expect(formatInZone(new Date(ms), zone)).toBe(formatWithLuxon(ms, zone));
        }
      }
    }
  });
});
