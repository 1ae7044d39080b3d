/** Wall-clock helpers over Intl: everything on screen is in the location's zone, not the computer's. */

const partsCache = new Map<string, Intl.DateTimeFormat>();
const formatter = (key: string, make: () => Intl.DateTimeFormat) => {
  let f = partsCache.get(key);
  if (!f) partsCache.set(key, (f = make()));
  return f;
};

/** `YYYY-MM-DD` of `at` in `zone`. */
export function dateIn(zone: string, at: Date = new Date()): string {
  return formatter(
    `date|${zone}`,
    () =>
      new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }),
  ).format(at);
}

/** Answers of minutesIn for instants given as text, by zone: a day view asks for the same ones many times. */
const minuteCache = new Map<string, Map<string, number>>();
let cachedMinutes = 0;

/** Minutes since local midnight of an instant, in `zone`. */
export function minutesIn(zone: string, at: Date | string): number {
  let inZone = typeof at === 'string' ? minuteCache.get(zone) : undefined;
  const known = typeof at === 'string' ? inZone?.get(at) : undefined;
  if (known !== undefined) return known;
  const parts = formatter(
    `hm|${zone}`,
    () =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: zone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }),
  ).formatToParts(typeof at === 'string' ? new Date(at) : at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const minutes = get('hour') * 60 + get('minute');
  if (typeof at === 'string') {
    if (cachedMinutes > 50_000) {
      minuteCache.clear();
      cachedMinutes = 0;
      inZone = undefined;
    }
    if (!inZone) minuteCache.set(zone, (inZone = new Map()));
    inZone.set(at, minutes);
    cachedMinutes++;
  }
  return minutes;
}

/** The zone's short name at `at` (`GMT`, `BST`, `GMT+1`), for the grid's corner. */
export function zoneName(zone: string, at: Date = new Date()): string {
  const part = formatter(
    `name|${zone}`,
    () => new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'short' }),
  )
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? zone;
}

/** `HH:MM` → minutes. */
export const wallMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** `09:30` from minutes since midnight. */
export const formatMinutes = (m: number): string =>
  `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Time of day of an instant in `zone`, `09:30`. */
export const timeIn = (zone: string, at: Date | string): string => formatMinutes(minutesIn(zone, at));

/** `Friday, 27 November 2026` for a `YYYY-MM-DD`. */
export function longDate(date: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${date}T12:00:00Z`));
}

/** The weekday key (`mon`…`sun`) of a `YYYY-MM-DD`. */
export function weekdayOf(date: string): 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun' {
  const keys = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
  return keys[new Date(`${date}T12:00:00Z`).getUTCDay()]!;
}

/** `YYYY-MM-DD` shifted by whole days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** "1 h 05 min" / "35 min" / "now". */
export function formatWait(minutes: number): string {
  if (minutes <= 0) return 'now';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** The instant (ISO, UTC) at `minutes` past midnight of `date` in `zone` (the later pass of a repeated hour is not chosen). */
export function instantAt(zone: string, date: string, minutes: number): string {
  const wanted = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  const local = (at: number) => {
    const parts = formatter(
      `ymdhm|${zone}`,
      () =>
        new Intl.DateTimeFormat('en-GB', {
          timeZone: zone,
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        }),
    ).formatToParts(new Date(at));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  };
  let guess = wanted;
  // Two corrections settle the zone's offset, also across a DST change between the guesses.
  for (let i = 0; i < 2; i++) guess -= local(guess) - wanted;
  return new Date(guess).toISOString();
}
