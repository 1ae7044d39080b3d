/**
 * The first reads of a window (core/ipc/first-reads.ts): the session, the kept settings, the link's
 * state, the locations and today's schedule. Main answers them beside the page, so the hooks start
 * from them and the first render is the desk itself; a page without them (Electron's preload today)
 * sends the reads as soon as the bundle runs rather than after React's first commit. Each answer is
 * taken once; every later read goes through the hooks as usual.
 */
import type { FirstLoad, FirstReads } from '../../core/ipc/first-reads';
import { FIRST_READS_ELEMENT_ID } from '../../core/ipc/first-reads';
import { dateIn } from '../lib/time';

type Sent = {
  [C in keyof FirstReads]: C extends 'schedule:getDay'
    ? { date: string; answer: Promise<FirstReads[C]['answer']> }
    : Promise<FirstReads[C]>;
};

let inPage: Partial<FirstReads> = {};
let sent: Partial<Sent> = {};
/** The position of main's events the page's reads were taken at; null without it (Electron). */
let eventsAfter: number | null = null;

/** Takes `reads` as the answers the hooks start from. */
function carry(reads: FirstReads): void {
  inPage = reads;
  sent = {
    'session:status': Promise.resolve(reads['session:status']),
    'settings:get': Promise.resolve(reads['settings:get']),
    'sync:status': Promise.resolve(reads['sync:status']),
    'schedule:locations': Promise.resolve(reads['schedule:locations']),
    'schedule:getDay': {
      date: reads['schedule:getDay'].date,
      answer: Promise.resolve(reads['schedule:getDay'].answer),
    },
  };
}

/**
 * Gets the first reads: from the address the page preloads (the local bridge), else sent at once
 * through `window.bookdesk`. Resolves when the page's answers are in (at once for sent reads).
 */
export async function startFirstLoad(): Promise<void> {
  const link = document.getElementById(FIRST_READS_ELEMENT_ID);
  if (link instanceof HTMLLinkElement && link.href) {
    try {
      const response = await fetch(link.href, { credentials: 'same-origin' });
      // Main's answers through the IPC gate, checked there against each channel's result schema.
      if (response.ok) {
        const load = (await response.json()) as FirstLoad;
        eventsAfter = load.eventsAfter;
        return carry(load.reads);
      }
    } catch {
      // The reads are sent below, like a page that carries none.
    }
  }
  const api = window.bookdesk;
  if (!api) return;
  const date = dateIn(Intl.DateTimeFormat().resolvedOptions().timeZone);
  sent = {
    'session:status': api.session.status({}),
    'settings:get': api.settings.get({}),
    'sync:status': api.sync.status({}),
    'schedule:locations': api.schedule.locations({}),
    'schedule:getDay': { date, answer: api.schedule.getDay({ date }) },
  };
}

/** Where the page's event stream starts, so it hears of every change made since its reads were taken. */
export const firstEventsAfter = (): number | null => eventsAfter;

/** The answer the page carried for `channel`, for a hook's first state, until {@link takeFirst} takes it. */
export function firstInPage<C extends keyof FirstReads>(channel: C): FirstReads[C] | null {
  return inPage[channel] ?? null;
}

/** The answer to `channel` carried by the page or sent ahead, once; null when there is none (or it was taken). */
export function takeFirst<C extends keyof FirstReads>(channel: C): Sent[C] | null {
  const found = sent[channel] ?? null;
  delete sent[channel];
  delete inPage[channel];
  return found;
}
