/**
 * Loads the session and one day's schedule through `window.bookdesk`; main's events keep them fresh
 * (the renderer never polls). The one timer is the clock that makes waits tick live.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CalendarConnectionStatus } from '../../core/ipc/calendars.ipc';
import type { DaySchedule } from '../../core/ipc/schedule.ipc';
import type { SessionStatus } from '../../core/ipc/session.ipc';
import { afterFirstPaint } from '../lib/first-paint';
import { dateIn } from '../lib/time';
import { firstInPage, takeFirst } from './first-load';

export interface FrontDesk {
  session: SessionStatus | null;
  day: DaySchedule | null;
  /** The staff's connected calendars (empty until known, or when main cannot say). */
  calendars: CalendarConnectionStatus[];
  date: string | null;
  /** The business's zone (falls back to the computer's until the session is known). */
  zone: string;
  now: Date;
  error: string | null;
  setDate: (date: string) => void;
  today: () => void;
}

const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** How often the clock ticks, for live waits and the now line. */
const TICK_MS = 10_000;

/**
 * The session and day the page carried (first-load.ts), when the day is the one the desk opens on: the
 * first render is then the desk with its day, not a loading screen.
 */
function carriedDesk(): { session: SessionStatus; day: DaySchedule; date: string } | null {
  const status = firstInPage('session:status');
  const first = firstInPage('schedule:getDay');
  if (!status?.ok || !first?.answer.ok) return null;
  if (first.date !== dateIn(status.value.timeZone ?? localZone())) return null;
  return { session: status.value, day: first.answer.value, date: first.date };
}

export function useFrontDesk(): FrontDesk {
  const [carried] = useState(carriedDesk);
  const [session, setSession] = useState<SessionStatus | null>(carried?.session ?? null);
  const [day, setDay] = useState<DaySchedule | null>(carried?.day ?? null);
  const [calendars, setCalendars] = useState<CalendarConnectionStatus[]>([]);
  const [date, setDate] = useState<string | null>(carried?.date ?? null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => new Date());
  const zone = day?.location.timeZone ?? session?.timeZone ?? localZone();

  /** Set when a load picked the date itself: the date's change must not load the same day again. */
  const picked = useRef(false);
  const load = useCallback(async () => {
    const api = window.bookdesk;
    if (!api) return setError('not-connected');
    // The day is asked for at once, by the computer's idea of today, alongside the session; a business
    // whose zone is on another date is asked again below. An answer the page carried is used once
    // (the same objects as the first state, so nothing draws again).
    const ahead = takeFirst('schedule:getDay');
    const guess = date ?? ahead?.date ?? dateIn(localZone());
    const [status, first] = await Promise.all([
      takeFirst('session:status') ?? api.session.status({}),
      ahead?.date === guess ? ahead.answer : api.schedule.getDay({ date: guess }),
    ]);
    if (!status.ok) return setError(status.error.message);
    setSession(status.value);
    // Independent of the day: a calendar that needs reconnecting is shown whatever day is open.
    void afterFirstPaint()
      .then(() => api.calendars.status({}))
      .then((result) => {
        if (result.ok) setCalendars(result.value.connections);
      });
    const wanted = date ?? dateIn(status.value.timeZone ?? localZone());
    if (date === null) {
      picked.current = true;
      setDate(wanted);
    }
    const result = wanted === guess ? first : await api.schedule.getDay({ date: wanted });
    if (result.ok) {
      setDay(result.value);
      setError(null);
    } else {
      setDay(null);
      setError(result.error.message);
    }
  }, [date]);

  useEffect(() => {
    if (picked.current) {
      picked.current = false;
      return;
    }
    void load();
  }, [load]);

  // main says what changed: the session as it stands, and which cached dates to read again. Another
  // account, or a sign-in gained or lost, means another cache: read everything again.
  const account = useRef<string | null>(null);
  useEffect(() => {
    const events = window.bookdesk?.events;
    if (!events) return;
    const offSession = events.on('session:status', (status) => {
      // The stream repeats the session as it connects: the same one draws nothing again.
      setSession((before) => (JSON.stringify(before) === JSON.stringify(status) ? before : status));
      const key = `${status.apiBaseUrl} ${status.businessName} ${status.signedIn}`;
      if (account.current !== null && account.current !== key) void load();
      account.current = key;
    });
    const offSchedule = events.on('schedule:changed', () => void load());
    return () => {
      offSession();
      offSchedule();
    };
  }, [load]);

  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), TICK_MS);
    return () => clearInterval(timer);
  }, []);

  return { session, day, calendars, date, zone, now, error, setDate, today: () => setDate(dateIn(zone)) };
}
