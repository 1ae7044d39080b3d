/**
 * Dates and times as each language writes them, through Intl: positions on the grid are worked out
 * in lib/time.ts; what is shown is formatted here. Persian uses `fa-IR-u-ca-persian` (solar hijri
 * calendar, Persian digits) and a week that starts on Saturday.
 */
import { formatMinutes, minutesIn } from '../lib/time';

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';

export interface Formats {
  locale: string;
  /** The calendar dates are shown and picked in: solar hijri in Persian. */
  calendar: 'gregory' | 'persian';
  /** `Saturday` first in Persian, `Monday` in English (0 = Sunday). */
  weekStartsOn: number;
  /** Western digits of `text` written in the language's digits. */
  digits(text: string): string;
  /** `09:30` of minutes since midnight. */
  clock(minutes: number): string;
  /** Time of day of an instant in `zone`. */
  time(zone: string, at: Date | string): string;
  /** `Friday, 27 November 2026` of a `YYYY-MM-DD`. */
  longDate(date: string): string;
  /** `Fri 27 Nov` of a `YYYY-MM-DD`. */
  shortDate(date: string): string;
  /** A number in the language's digits. */
  number(value: number): string;
}

const cache = new Map<string, Formats>();

export function formatsFor(locale: string): Formats {
  let found = cache.get(locale);
  if (found) return found;
  const persian = locale.startsWith('fa');
  const dateLocale = persian ? 'fa-IR-u-ca-persian' : locale;
  const long = new Intl.DateTimeFormat(dateLocale, {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  const short = new Intl.DateTimeFormat(dateLocale, {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  });
  const numbers = new Intl.NumberFormat(locale);
  const digits = (text: string) =>
    persian ? text.replace(/[0-9]/g, (d) => PERSIAN_DIGITS[Number(d)]!) : text;
  const noon = (date: string) => new Date(`${date}T12:00:00Z`);
  found = {
    locale,
    calendar: persian ? 'persian' : 'gregory',
    weekStartsOn: persian ? 6 : 1,
    digits,
    clock: (minutes) => digits(formatMinutes(minutes)),
    time: (zone, at) => digits(formatMinutes(minutesIn(zone, at))),
    longDate: (date) => long.format(noon(date)),
    shortDate: (date) => short.format(noon(date)),
    number: (value) => numbers.format(value),
  };
  cache.set(locale, found);
  return found;
}
