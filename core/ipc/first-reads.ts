/**
 * The reads a desk window needs for its first paint: the session, the kept settings and the day it
 * opens on. Main answers them while the page loads and puts the answers in the page itself, so the
 * window paints its day without a round trip after the bundle runs. Types only: the renderer's bundle
 * carries no schema (main validated each answer through the IPC registry).
 */
import type { ValueOf } from './contract';
import type { Result } from './result';

export interface FirstReads {
  'session:status': Result<ValueOf<'session:status'>>;
  'settings:get': Result<ValueOf<'settings:get'>>;
  /** The day by the business's clock (the computer's when the session has no zone). */
  'schedule:getDay': { date: string; answer: Result<ValueOf<'schedule:getDay'>> };
}

/** The id of the page's `<script type="application/json">` element that carries {@link FirstReads}. */
export const FIRST_READS_ELEMENT_ID = 'bookdesk-first-reads';

/**
 * The JSON of `reads` safe inside a `<script>` element: `<` is escaped, so a customer named
 * `</script><script>…` can neither end the element nor start markup.
 */
export function firstReadsJson(reads: FirstReads): string {
  return JSON.stringify(reads).replace(/</g, '\\u003c');
}
