/**
 * The first reads of a window, sent as soon as the bundle runs rather than after React's first commit:
 * the session, the kept settings and today's schedule by the computer's clock. The hooks take each
 * answer once; every later read goes through them as usual.
 */
import { dateIn } from '../lib/time';

type First = {
  'session:status': ReturnType<Window['bookdesk']['session']['status']>;
  'settings:get': ReturnType<Window['bookdesk']['settings']['get']>;
  'schedule:getDay': { date: string; answer: ReturnType<Window['bookdesk']['schedule']['getDay']> };
};

let first: Partial<First> = {};

export function startFirstLoad(): void {
  const api = window.bookdesk;
  if (!api) return;
  const date = dateIn(Intl.DateTimeFormat().resolvedOptions().timeZone);
  first = {
    'session:status': api.session.status({}),
    'settings:get': api.settings.get({}),
    'schedule:getDay': { date, answer: api.schedule.getDay({ date }) },
  };
}

/** The answer sent ahead for `channel`, once; null when there is none (or it was taken). */
export function takeFirst<C extends keyof First>(channel: C): First[C] | null {
  const found = first[channel] ?? null;
  delete first[channel];
  return found;
}
