/**
 * The solar hijri (Persian) calendar for the desk's date inputs. Dates travel through the app as
 * Gregorian `YYYY-MM-DD`; only what the receptionist sees and picks is solar hijri. The calendar
 * arithmetic (month lengths, leap years, conversion) is Adobe's @internationalized/date.
 */
import {
  CalendarDate,
  DateFormatter,
  GregorianCalendar,
  PersianCalendar,
  parseDate,
  toCalendar,
} from '@internationalized/date';

const persian = new PersianCalendar();
const gregorian = new GregorianCalendar();

/** A solar hijri date, and the lengths its month and year have. */
export interface PersianDate {
  year: number;
  /** 1 = Farvardin … 12 = Esfand. */
  month: number;
  day: number;
  daysInMonth: number;
  monthsInYear: number;
}

/** The solar hijri date of a Gregorian `YYYY-MM-DD`. */
export function persianDateOf(iso: string): PersianDate {
  const date = toCalendar(parseDate(iso), persian);
  return {
    year: date.year,
    month: date.month,
    day: date.day,
    daysInMonth: persian.getDaysInMonth(date),
    monthsInYear: persian.getMonthsInYear(),
  };
}

/**
 * The Gregorian `YYYY-MM-DD` of a solar hijri year, month and day. A day past the month's end is
 * taken as its last day (Esfand 30 in a common year is Esfand 29), as when only the month changes.
 */
export function isoOfPersian(year: number, month: number, day: number): string {
  const date = new CalendarDate(persian, year, 1, 1).set({ month, day });
  return toCalendar(date, gregorian).toString();
}

/** Made on first use: building it loads Persian calendar data, at start-up even for an English desk. */
let monthFormat: DateFormatter | null = null;

/** The Persian names of the months of a solar hijri year, Farvardin first. */
export function persianMonthNames(year: number): string[] {
  monthFormat ??= new DateFormatter('fa-IR-u-ca-persian', { month: 'long', timeZone: 'UTC' });
  const format = monthFormat;
  const months = persian.getMonthsInYear();
  return Array.from({ length: months }, (_, i) =>
    format.format(new CalendarDate(persian, year, i + 1, 1).toDate('UTC')),
  );
}
