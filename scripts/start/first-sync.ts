/** Waits for the desk's first completed sync, so the window opens on a filled schedule. */
import type { DeskEventBus } from '../../main/ipc/desk-event-bus';

/** True once a sync status says online with a completed pull; false after `timeoutMs`. */
export function waitForFirstSync(
  events: Pick<DeskEventBus, 'subscribe'>,
  timeoutMs: number,
): Promise<boolean> {
  return new Promise((settle) => {
    let settled = false;
    let unsubscribe: (() => void) | null = null;
    const done = (synced: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe?.();
      settle(synced);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    unsubscribe = events.subscribe(
      (event) => {
        if (
          event.name === 'sync:status' &&
          event.payload.connection.state === 'online' &&
          event.payload.lastSyncAt
        )
          done(true);
      },
      { replay: true },
    );
    if (settled) unsubscribe();
  });
}
