/**
 * The reads a desk window needs for its first paint: the session, the kept settings, the link's state,
 * the locations and the day it opens on. Main answers them while the page loads, beside the page
 * (fetched while the bundle loads), so the window paints its day without a round trip after the
 * bundle runs. Types only: the renderer's bundle carries no schema (main validated each answer
 * through the IPC registry).
 */
import type { ValueOf } from './contract';
import type { Result } from './result';

export interface FirstReads {
  'session:status': Result<ValueOf<'session:status'>>;
  'settings:get': Result<ValueOf<'settings:get'>>;
  /** The header says offline, syncing or online from the first frame. */
  'sync:status': Result<ValueOf<'sync:status'>>;
  /** The header's location picker. */
  'schedule:locations': Result<ValueOf<'schedule:locations'>>;
  /** The day by the business's clock (the computer's when the session has no zone). */
  'schedule:getDay': { date: string; answer: Result<ValueOf<'schedule:getDay'>> };
}

/**
 * What the local bridge's first-reads address answers: the reads, and the position of main's events
 * when they were taken, from which the page's event stream starts (so it misses no change made while
 * the page loaded).
 */
export interface FirstLoad {
  reads: FirstReads;
  eventsAfter: number;
}

/**
 * The id of the page's `<link rel="preload" as="fetch">` whose address answers {@link FirstLoad} as
 * JSON, once (the local bridge's page; Electron's preload sends the reads over IPC instead).
 */
export const FIRST_READS_ELEMENT_ID = 'bookdesk-first-reads';
