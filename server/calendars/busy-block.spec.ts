import { describe, expect, it } from 'vitest';
import { allDayRange, hashEventId, isSameWindow, toBusyBlock, windowKey } from './busy-block';
import { MAX_SUBJECT_LENGTH } from './calendar-provider';

describe(allDayRange.name, () => {
  it.each([
    ['2027-10-03', 'Australia/Lord_Howe', '2027-10-02T13:30:00.000Z', '2027-10-03T13:00:00.000Z', 1410],
    ['2027-04-04', 'Australia/Lord_Howe', '2027-04-03T13:00:00.000Z', '2027-04-04T13:30:00.000Z', 1470],
    ['2027-10-31', 'Europe/London', '2027-10-30T23:00:00.000Z', '2027-11-01T00:00:00.000Z', 1500],
    ['2027-03-14', 'America/New_York', '2027-03-14T05:00:00.000Z', '2027-03-15T04:00:00.000Z', 1380],
    ['2027-03-21', 'Asia/Tehran', '2027-03-20T20:30:00.000Z', '2027-03-21T20:30:00.000Z', 1440],
  ])('blocks %s in %s from local midnight to local midnight', (day, zone, start, end, minutes) => {
    const sut = allDayRange(day, null, zone);

    expect([sut.start.toISOString(), sut.end.toISOString()]).toEqual([start, end]);
    expect(toBusyBlock('h', 'Day off', sut.start, sut.end).durationMinutes).toBe(minutes);
  });

  it('spans several days up to the exclusive end date', () => {
    const sut = allDayRange('2027-03-27', '2027-03-30', 'Europe/London');

    expect([sut.start.toISOString(), sut.end.toISOString()]).toEqual([
      '2027-03-27T00:00:00.000Z',
      '2027-03-29T23:00:00.000Z',
    ]);
  });
});

describe(toBusyBlock.name, () => {
  it('keeps exactly five fields and cuts the subject to 200 characters without splitting an emoji', () => {
    const subject = `${'a'.repeat(MAX_SUBJECT_LENGTH - 1)}💇‍♀️ and more`;

    const sut = toBusyBlock(
      'hash',
      subject,
      new Date('2027-01-01T10:00:00Z'),
      new Date('2027-01-01T10:45:00Z'),
    );

    expect(Object.keys(sut).sort()).toEqual(['durationMinutes', 'end', 'eventIdHash', 'start', 'subject']);
    expect(Array.from(sut.subject)).toHaveLength(MAX_SUBJECT_LENGTH);
    expect(sut.subject.endsWith('💇')).toBe(true);
    expect(sut.durationMinutes).toBe(45);
  });
});

describe(hashEventId.name, () => {
  it('is a stable SHA-256 that keeps the parts apart', () => {
    expect(hashEventId('ab', 'c')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashEventId('ab', 'c')).toBe(hashEventId('ab', 'c'));
    expect(hashEventId('ab', 'c')).not.toBe(hashEventId('a', 'bc'));
  });
});

describe(isSameWindow.name, () => {
  it('accepts a cursor only for the window it was made for', () => {
    const window = { from: new Date('2027-01-01T00:00:00Z'), to: new Date('2027-04-01T00:00:00Z') };
    const state = { provider: 'google' as const, window: windowKey(window) };

    expect(isSameWindow(state, window)).toBe(true);
    expect(isSameWindow(state, { ...window, to: new Date('2027-04-02T00:00:00Z') })).toBe(false);
    expect(isSameWindow(null, window)).toBe(false);
  });
});
