/**
 * `window.bookdesk` for the Chromium fallback: the same typed object preload exposes in Electron, carried
 * over `POST /ipc/<channel>` to the local bridge with the per-launch secret the bridge put in the page,
 * and main's events read from the bridge's `GET /events` stream (with fetch, since EventSource cannot
 * send the secret header).
 */
import { createParser } from 'eventsource-parser';
import type { Subscribe } from '../core/ipc/bookdesk-api';
import { buildBookdeskApi } from '../core/ipc/bookdesk-api';
import type { BookdeskApi } from '../core/ipc/contract';
import type { DeskEvent } from '../core/ipc/desk-events';
import type { Result } from '../core/ipc/result';
import { afterFirstPaint } from './lib/first-paint';

export const SECRET_META = 'bookdesk-bridge-secret';
const SECRET_HEADER = 'x-bookdesk-secret';
/** Reconnect delays after the stream drops: doubling from 500 ms up to 10 s. */
const RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;

/**
 * One event stream for the page, opened with the first listener and closed with the last; it
 * reconnects after a drop. The bridge starts each stream with the latest session and sync status and
 * every change since a position: first the one the page's reads were taken at (`startAfter`), after
 * a drop the last one this stream heard.
 */
export function bridgeEvents(
  secret: string,
  fetchFn: typeof fetch = fetch,
  startAfter: () => number | null = () => null,
): Subscribe {
  const listeners = new Set<(event: DeskEvent) => void>();
  let controller: AbortController | null = null;
  let heard: number | null = null;

  const run = async (signal: AbortSignal) => {
    let delay = RETRY_MS;
    while (!signal.aborted) {
      try {
        const after = heard ?? startAfter();
        const response = await fetchFn(after === null ? '/events' : `/events?after=${after}`, {
          headers: { [SECRET_HEADER]: secret, accept: 'text/event-stream' },
          signal,
        });
        if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
        delay = RETRY_MS;
        const parser = createParser({
          onEvent: ({ id, event, data }) => {
            if (id) heard = Number(id);
            if (!event) return;
            const deskEvent = { name: event, payload: JSON.parse(data) } as DeskEvent; // sent by main from deskEvents
            for (const listener of listeners) listener(deskEvent);
          },
        });
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parser.feed(value);
        }
      } catch {
        // A dropped stream or a bridge that is restarting: try again below.
      }
      if (signal.aborted) return;
      await new Promise((wake) => setTimeout(wake, delay));
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    }
  };

  return (listener) => {
    listeners.add(listener);
    if (!controller) {
      controller = new AbortController();
      // Opened once the first picture is up: the states it replays would otherwise draw it again.
      const { signal } = controller;
      void afterFirstPaint().then(() => run(signal));
    }
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) {
        controller?.abort();
        controller = null;
      }
    };
  };
}

export function createBridgeClient(
  secret: string,
  fetchFn: typeof fetch = fetch,
  eventsAfter: () => number | null = () => null,
): BookdeskApi {
  return buildBookdeskApi(
    async (channel, args) => {
      try {
        const response = await fetchFn(`/ipc/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SECRET_HEADER]: secret },
          body: JSON.stringify(args ?? {}),
        });
        return (await response.json()) as Result<unknown>;
      } catch {
        return { ok: false, error: { code: 'unavailable', message: 'Bookdesk is not running.' } };
      }
    },
    bridgeEvents(secret, fetchFn, eventsAfter),
  );
}

/**
 * Installs the bridge client unless a preload already exposed `window.bookdesk` (Electron);
 * `eventsAfter` is where its event stream starts (the position of the page's first reads).
 */
export function installBridgeClient(eventsAfter: () => number | null = () => null): void {
  if (window.bookdesk) return;
  const secret = document.querySelector<HTMLMetaElement>(`meta[name="${SECRET_META}"]`)?.content;
  if (!secret) return;
  window.bookdesk = createBridgeClient(secret, fetch, eventsAfter);
  // The page was opened by its one-time launch link: its spent token leaves the address bar, once
  // the desk is on screen (rewriting the address costs the page's main thread a few milliseconds).
  if (new URLSearchParams(location.search).has('launch'))
    void afterFirstPaint().then(() =>
      history.replaceState(history.state, '', location.pathname + location.hash),
    );
}
