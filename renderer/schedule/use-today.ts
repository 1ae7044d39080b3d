import { useEffect, useState } from 'react';
import type { DaySchedule } from '../../core/ipc/schedule.ipc';
import type { FrontDesk } from '../app/use-front-desk';
import { dateIn } from '../lib/time';

/**
 * Today's schedule at the desk's location, whatever day the desk shows: the walk-in queue is the live
 * line at the counter, not a property of the day being looked at. It is the shown day when that is
 * today; otherwise today is read apart and kept fresh by main's events.
 */
export function useToday(desk: Pick<FrontDesk, 'day' | 'zone' | 'now'>): DaySchedule | null {
  const today = dateIn(desk.zone, desk.now);
  const shown = desk.day?.date === today ? desk.day : null;
  const [apart, setApart] = useState<DaySchedule | null>(null);
  const needed = shown === null && desk.day !== null;
  // The shown day's location: another location chosen means another queue.
  const location = desk.day?.location.id;

  useEffect(() => {
    const api = window.bookdesk;
    if (!needed || !api) return;
    let live = true;
    const read = () =>
      void api.schedule.getDay({ date: today }).then((result) => {
        if (live) setApart(result.ok ? result.value : null);
      });
    read();
    const off = api.events.on('schedule:changed', ({ from, to }) => {
      if (from <= today && today <= to) read();
    });
    return () => {
      live = false;
      off();
    };
  }, [needed, today, location]);

  if (shown) return shown;
  return apart?.date === today && apart.location.id === location ? apart : null;
}
