/**
 * The desk's IPC channels, answered by whichever desk is open (the session changes it on sign-in
 * and sign-out). Signed out, actions answer `unavailable` and the sync status says `signed-out`.
 */
import type { DeskText } from '../../core/i18n/desk-texts';
import { deskText } from '../../core/i18n/desk-texts';
import type { SyncStatus } from '../../core/ipc/sync.ipc';
import { staffToStartWalkIn } from '../../core/scheduling/walk-in-day';
import { DateTime } from 'luxon';
import type { IpcRegistry } from '../ipc/ipc-registry';
import { IpcFailure } from '../ipc/ipc-registry';
import type { Desk } from './desk';

const SIGNED_OUT: SyncStatus = {
  connection: { state: 'signed-out' },
  waiting: 0,
  lastSyncAt: null,
  problems: 0,
};

/**
 * @param say a text of main's catalogue in the desk's language (the problems list is said with it).
 */
export function registerDeskChannels(
  registry: IpcRegistry,
  current: () => Desk | null,
  say?: (text: DeskText) => string,
): IpcRegistry {
  const desk = (): Desk => {
    const open = current();
    if (!open) throw new IpcFailure('unavailable', deskText('desk.signInToUse'));
    return open;
  };
  return registry
    .handle('bookings:create', (args) => desk().actions.createBooking(args))
    .handle('bookings:update', (args) => desk().actions.updateBooking(args))
    .handle('bookings:setStatus', (args) => desk().actions.setBookingStatus(args))
    .handle('bookings:cancel', (args) => desk().actions.cancelBooking(args))
    .handle('walkIns:create', (args) => desk().actions.createWalkIn(args))
    .handle('walkIns:action', (args) => desk().actions.walkInAction(args))
    .handle('walkIns:startable', ({ id, date }) => {
      const day = desk().cache.getDay(date);
      return { staffIds: day ? staffToStartWalkIn(day, id, Date.now()) : [] };
    })
    .handle('customers:create', (args) => desk().actions.createCustomer(args))
    .handle('customers:update', (args) => desk().actions.updateCustomer(args))
    .handle('availability:slots', (args) => desk().actions.slots(args))
    .handle('schedule:getRange', ({ from, to }) => {
      const cache = desk().cache;
      const days = [];
      for (let d = DateTime.fromISO(from); d.toISODate()! <= to; d = d.plus({ days: 1 })) {
        const day = cache.getDay(d.toISODate()!);
        if (day) days.push(day);
      }
      return days;
    })
    .handle('sync:status', () => current()?.status() ?? SIGNED_OUT)
    .handle('sync:problems', () => current()?.store.problems(say) ?? [])
    .handle('sync:dismissProblem', ({ id }) => {
      desk().store.dismissProblem(id);
      return {};
    })
    .handle('sync:retryNow', () => {
      desk().syncNow();
      return {};
    });
}
