/**
 * Main's answers to a window's first reads (core/ipc/first-reads.ts), asked through the same IPC gate
 * as any message from that window, so the page can carry them and paint without waiting for them.
 */
import type { ValueOf } from '../../core/ipc/contract';
import type { FirstReads } from '../../core/ipc/first-reads';
import type { Result } from '../../core/ipc/result';
import type { IpcRegistry, IpcSender } from './ipc-registry';

/** `YYYY-MM-DD` of now in `zone`. */
const todayIn = (zone: string) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());

/**
 * The session, the settings, the link's state, the locations and today's schedule, today being the
 * business's day (the computer's when no business zone is known, as the renderer decides it).
 */
export async function answerFirstReads(
  registry: Pick<IpcRegistry, 'dispatch'>,
  sender: IpcSender,
  localZone: string = Intl.DateTimeFormat().resolvedOptions().timeZone,
): Promise<FirstReads> {
  const [session, settings, sync, locations] = await Promise.all([
    registry.dispatch('session:status', {}, sender) as Promise<Result<ValueOf<'session:status'>>>,
    registry.dispatch('settings:get', {}, sender) as Promise<Result<ValueOf<'settings:get'>>>,
    registry.dispatch('sync:status', {}, sender) as Promise<Result<ValueOf<'sync:status'>>>,
    registry.dispatch('schedule:locations', {}, sender) as Promise<Result<ValueOf<'schedule:locations'>>>,
  ]);
  const date = todayIn((session.ok ? session.value.timeZone : null) ?? localZone);
  const answer = (await registry.dispatch('schedule:getDay', { date }, sender)) as Result<
    ValueOf<'schedule:getDay'>
  >; // the registry checked it against the channel's result schema
  return {
    'session:status': session,
    'settings:get': settings,
    'sync:status': sync,
    'schedule:locations': locations,
    'schedule:getDay': { date, answer },
  };
}
