/** Shows the desk's notices (main/shell/desk-notifications.ts) as desktop notifications. */
import { Notification } from 'electron';
import type { DeskNotice } from '../shell/desk-notifications';

export function showDeskNotice(notice: DeskNotice, onClick: () => void): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({ title: notice.title, body: notice.body, silent: false });
  notification.on('click', onClick);
  notification.show();
}
