/** Connects Electron's ipcMain to the IpcRegistry: every contract channel goes through its one gate. */
import { ipcMain } from 'electron';
import { channelNames } from '../../core/ipc/contract';
import type { IpcRegistry } from '../ipc/ipc-registry';

export function registerIpc(registry: Pick<IpcRegistry, 'dispatch'>): () => void {
  for (const channel of channelNames) {
    ipcMain.handle(channel, (event, args: unknown) =>
      registry.dispatch(channel, args, {
        url: event.senderFrame?.url ?? '',
        // Only the window's own top-level document may call main, never an embedded frame.
        isTopFrame: event.senderFrame !== null && event.senderFrame === event.sender.mainFrame,
      }),
    );
  }
  return () => channelNames.forEach((channel) => ipcMain.removeHandler(channel));
}
