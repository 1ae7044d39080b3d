/**
 * Loads the session and one day's schedule through `window.bookdesk`; main's events keep them fresh
 * (the renderer never polls). The one timer is the clock that makes waits tick live.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CalendarConnectionStatus } from '../../core/ipc/calendars.ipc';
import type { DaySchedule } from '../../core/ipc/schedule.ipc';
import type { SessionStatus } from '../../core/ipc/session.ipc';
import { dateIn } from '../lib/time';

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

export function useFrontDesk(): FrontDesk {
  const [session, setSession] = useState<SessionStatus | null>(null);
  const [day, setDay] = useState<DaySchedule | null>(null);
  const [calendars, setCalendars] = useState<CalendarConnectionStatus[]>([]);
  const [date, setDate] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => new Date());
  const zone = day?.location.timeZone ?? session?.timeZone ?? localZone();

  const load = useCallback(async () => {
    const api = window.bookdesk;
    if (!api) return setError('not-connected');
    const status = await api.session.status({});
    if (!status.ok) return setError(status.error.message);
    setSession(status.value);
    // Independent of the day: a calendar that needs reconnecting is shown whatever day is open.
    void api.calendars.status({}).then((result) => {
      if (result.ok) setCalendars(result.value.connections);
    });
    const wanted = date ?? dateIn(status.value.timeZone ?? localZone());
    if (date === null) setDate(wanted);
    const result = await api.schedule.getDay({ date: wanted });
    if (result.ok) {
      setDay(result.value);
      setError(null);
    } else {
      setDay(null);
      setError(result.error.message);
    }
  }, [date]);

  useEffect(() => {
    void load();
  }, [load]);

  // main says what changed: the session as it stands, and which cached dates to read again. Another
  // account, or a sign-in gained or lost, means another cache: read everything again.
  const account = useRef<string | null>(null);
  useEffect(() => {
    const events = window.bookdesk?.events;
    if (!events) return;
    const offSession = events.on('session:status', (status) => {
      setSession(status);
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
