import { describe, expect, it } from 'vitest';
import { addDays } from './time';
import { isoOfPersian, persianDateOf, persianMonthNames } from './persian-date';

/** The solar hijri year, month and day Intl gives a Gregorian date: an oracle independent of the library. */
const intlPersian = (iso: string) => {
  const parts = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(new Date(`${iso}T12:00:00Z`));
  const get = (type: string) => Number.parseInt(parts.find((p) => p.type === type)!.value, 10);
  return { year: get('year'), month: get('month'), day: get('day') };
};

describe('persian-date', () => {
  it('gives every day of 2024 to 2028 the solar hijri date Intl gives it, and back again', () => {
    for (let iso = '2024-01-01'; iso < '2029-01-01'; iso = addDays(iso, 1)) {
      const { year, month, day } = persianDateOf(iso);
      expect({ year, month, day }, iso).toEqual(intlPersian(iso));
      expect(isoOfPersian(year, month, day), iso).toBe(iso);
    }
  });

  it('knows Nowruz and the length of Esfand in leap and common years', () => {
    expect(isoOfPersian(1404, 1, 1)).toBe('2025-03-21');
    expect(persianDateOf('2025-03-20')).toMatchObject({ year: 1403, month: 12, day: 30, daysInMonth: 30 });
    expect(persianDateOf('2026-03-20')).toMatchObject({ year: 1404, month: 12, day: 29, daysInMonth: 29 });
    expect(persianDateOf('2026-12-02')).toMatchObject({ year: 1405, month: 9, day: 11, daysInMonth: 30 });
  });

  it('takes a day past the end of its month as the month’s last day', () => {
    expect(isoOfPersian(1404, 12, 30)).toBe(isoOfPersian(1404, 12, 29));
    expect(isoOfPersian(1405, 7, 31)).toBe(isoOfPersian(1405, 7, 30));
  });

  it('names the twelve months in Persian, Farvardin first', () => {
    const names = persianMonthNames(1405);
    expect(names).toHaveLength(12);
    expect(names[0]).toBe('فروردین');
    expect(names[8]).toBe('آذر');
    expect(names[11]).toBe('اسفند');
  });
});
