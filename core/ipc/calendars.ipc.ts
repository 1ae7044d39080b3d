/**
 * The `calendars` domain: the state of the staff's connected calendars (Google, Microsoft, CalDAV), so
 * the desk can say when one needs reconnecting and its busy time may be out of date.
 */
import { z } from 'zod';
import { Instant, Uuid } from '../domain/schemas';
import { channel } from './channel';

/** `needs_reconnect`: the provider refused our credential; `error`: the last sync failed otherwise. */
export const CalendarConnectionState = z.enum(['active', 'needs_reconnect', 'error']);

export const CalendarConnectionStatus = z.object({
  id: Uuid,
  provider: z.enum(['google', 'microsoft', 'caldav']),
  staffId: Uuid,
  /** The staff member's name from the local cache, when it holds them. */
  staffName: z.string().optional(),
  status: CalendarConnectionState,
  /** Last successful sync; null until the first one succeeds. */
  lastSyncedAt: Instant.nullable(),
});
export type CalendarConnectionStatus = z.infer<typeof CalendarConnectionStatus>;

export const CalendarsStatus = z.object({ connections: z.array(CalendarConnectionStatus) });
export type CalendarsStatus = z.infer<typeof CalendarsStatus>;

export const calendarsIpc = {
  'calendars:status': channel(z.object({}).strict(), CalendarsStatus),
  /**
   * Starts connecting a staff member's Google or Microsoft calendar: the provider's own page to open
   * (OAuth through the API; the desk never sees the calendar's credentials). Online only.
   */
  'calendars:connect': channel(
    z.strictObject({ provider: z.enum(['google', 'microsoft']), staffId: Uuid }),
    z.object({ authorizeUrl: z.url({ protocol: /^https?$/ }) }),
  ),
  /** Disconnects: the API revokes at the provider and deletes every block it imported. Online only. */
  'calendars:disconnect': channel(z.strictObject({ id: Uuid }), z.object({})),
} as const;
