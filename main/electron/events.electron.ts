/**
 * main -> renderer events in Electron: each event of the bus goes to every window showing our own
 * pages, on the one channel preload listens to. Frames of other origins never receive it.
 */
import { BrowserWindow } from 'electron';
import { DESK_EVENT_CHANNEL } from '../../core/ipc/bookdesk-api';
import type { DeskEventBus } from '../ipc/desk-event-bus';

export function forwardDeskEvents(
  events: Pick<DeskEventBus, 'subscribe'>,
  isTrustedUrl: (url: string) => boolean,
): () => void {
  return events.subscribe((event) => {
    for (const window of BrowserWindow.getAllWindows()) {
      const contents = window.webContents;
      if (!contents.isDestroyed() && isTrustedUrl(contents.getURL()))
        contents.send(DESK_EVENT_CHANNEL, event);
    }
  });
}
