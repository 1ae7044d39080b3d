/** The desk's settings as main keeps them; every window follows `settings:changed`. */
import { useCallback, useEffect, useState } from 'react';
import type { DeskSettings } from '../../core/ipc/settings.ipc';
import { DEFAULT_SETTINGS } from '../../core/ipc/settings-defaults';
import type { ArgsOf } from '../../core/ipc/contract';
import { firstInPage, takeFirst } from '../app/first-load';

export interface Settings {
  settings: DeskSettings;
  /** False until main has answered (the first paint uses the defaults). */
  loaded: boolean;
  change(change: ArgsOf<'settings:set'>): Promise<void>;
}

export function useSettings(): Settings {
  // Settings the page carried are the first state (the effect below takes the same object again).
  const [settings, setSettings] = useState<DeskSettings>(() => {
    const first = firstInPage('settings:get');
    return first?.ok ? first.value : DEFAULT_SETTINGS;
  });
  const [loaded, setLoaded] = useState(() => firstInPage('settings:get') !== null);
  useEffect(() => {
    const api = window.bookdesk;
    if (!api) return;
    void (takeFirst('settings:get') ?? api.settings.get({})).then((result) => {
      if (result.ok) setSettings(result.value);
      setLoaded(true);
    });
    return api.events.on('settings:changed', setSettings);
  }, []);
  const change = useCallback(async (next: ArgsOf<'settings:set'>) => {
    const result = await window.bookdesk.settings.set(next);
    if (result.ok) setSettings(result.value);
  }, []);
  return { settings, loaded, change };
}
