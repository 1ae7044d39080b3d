/**
 * Main's events as Electron's preload hears them, from the page's first moment. The page's hooks
 * listen only once it has drawn from its first reads; the events heard before the first listener (a
 * pull that landed while the page loaded) are handed, in order, to the listeners that subscribe with
 * it (in the same task: one commit's effects), so no change made meanwhile is lost. Later listeners
 * hear what comes after they subscribe, as before.
 */
import type { Subscribe } from './bookdesk-api';
import type { DeskEvent } from './desk-events';

/** The most events kept before the first listener (the oldest go first). */
const KEPT = 500;

export interface EarlyEvents {
  /** An event main sent. */
  deliver(event: DeskEvent): void;
  subscribe: Subscribe;
}

/** `later` runs the hand-over once the first listener's task is done (a 0 ms timer in the preload). */
export function earlyEvents(later: (run: () => void) => void): EarlyEvents {
  const listeners = new Set<(event: DeskEvent) => void>();
  /** Events not yet handed over; null once they were. */
  let early: DeskEvent[] | null = [];
  const handOver = () => {
    const heard = early ?? [];
    early = null;
    for (const event of heard) for (const listener of listeners) listener(event);
  };
  return {
    deliver(event) {
      if (early === null) {
        for (const listener of listeners) listener(event);
        return;
      }
      // Kept in order with the ones before, until the hand-over.
      early.push(event);
      if (early.length > KEPT) early.shift();
    },
    subscribe(listener) {
      if (early !== null && listeners.size === 0) later(handOver);
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
