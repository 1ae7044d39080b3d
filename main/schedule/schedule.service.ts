/** Answers the schedule IPC domain from the local cache (works offline). */
import { deskText } from '../../core/i18n/desk-texts';
import type { DaySchedule, DeskLocations } from '../../core/ipc/schedule.ipc';
import type { ScheduleCache } from '../cache/schedule.cache';
import { IpcFailure } from '../ipc/ipc-registry';

export class ScheduleService {
  constructor(private readonly cache: Pick<ScheduleCache, 'getDay' | 'locations' | 'deskLocation'>) {}

  getDay({ date }: { date: string }): DaySchedule {
    const day = this.cache.getDay(date);
    if (!day) throw new IpcFailure('not_found', deskText('desk.notDownloaded'));
    return day;
  }

  /** The business's locations from the last sync, and the one the desk shows now. */
  locations(): DeskLocations {
    return { locations: this.cache.locations(), currentId: this.cache.deskLocation()?.id ?? null };
  }
}
