/**
 * The business's locations and the one this desk shows, as main serves them from the cache; main's
 * events keep them fresh (a sync may bring a new location, another window may pick one).
 */
import { useCallback, useEffect, useState } from 'react';
import type { DeskLocations } from '../../core/ipc/schedule.ipc';
import { firstInPage, takeFirst } from '../app/first-load';

export interface LocationsView extends DeskLocations {
  /** Works at `id` from now on: kept by main, and every screen reads that location's schedule. */
  choose(id: string): Promise<void>;
}

export function useLocations(): LocationsView {
  // The locations the page carried are the first state (the effect below takes the same object again).
  const [value, setValue] = useState<DeskLocations>(() => {
    const first = firstInPage('schedule:locations');
    return first?.ok ? first.value : { locations: [], currentId: null };
  });
  useEffect(() => {
    const api = window.bookdesk;
    if (!api) return;
    const show = (result: Awaited<ReturnType<typeof api.schedule.locations>>) => {
      if (result.ok) setValue(result.value);
    };
    const load = () => void api.schedule.locations({}).then(show);
    void (takeFirst('schedule:locations') ?? api.schedule.locations({})).then(show);
    const off = [
      api.events.on('schedule:changed', load),
      api.events.on('settings:changed', load),
      api.events.on('session:status', load),
    ];
    return () => off.forEach((unsubscribe) => unsubscribe());
  }, []);
  const choose = useCallback(async (id: string) => {
    const result = await window.bookdesk.settings.set({ locationId: id });
    if (result.ok) setValue((before) => ({ ...before, currentId: id }));
  }, []);
  return { ...value, choose };
}
