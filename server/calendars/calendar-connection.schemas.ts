/** Wire shapes of `/v1/calendar-connections` (../shared/API.md "Connected calendars"). */
import { z } from 'zod';
import { Instant, Uuid } from '../../core/domain/schemas';

export const ConnectionStatus = z.enum(['active', 'needs_reconnect', 'error']);

export const CalendarConnection = z.object({
  id: Uuid,
  provider: z.enum(['google', 'microsoft', 'caldav']),
  staffId: Uuid,
  status: ConnectionStatus,
  /** Last successful sync; null until the first one succeeds. */
  lastSyncedAt: Instant.nullable(),
  /** Why the last sync failed (no secrets); null after a success. */
  lastError: z.string().nullable(),
  createdAt: Instant,
});

const Configured = z.object({ configured: z.boolean() });

export const CalendarConnectionList = z.object({
  items: z.array(CalendarConnection),
  /** A provider without client credentials on this server is `configured: false` (not an error). */
  providers: z.object({ google: Configured, microsoft: Configured, caldav: Configured }),
});

export const ImportCounts = z.object({
  added: z.number().int().min(0),
  updated: z.number().int().min(0),
  removed: z.number().int().min(0),
});

export const SyncReport = z.object({ connection: CalendarConnection, counts: ImportCounts });

export const ConnectBody = z.discriminatedUnion('provider', [
  z.strictObject({ provider: z.enum(['google', 'microsoft']), staffId: Uuid }),
  z.strictObject({
    provider: z.literal('caldav'),
    staffId: Uuid,
    serverUrl: z.url({ protocol: /^https?$/ }).max(2048),
    username: z.string().min(1).max(320),
    /** An app-specific password (iCloud); stored encrypted, never returned. */
    password: z.string().min(1).max(1024),
  }),
]);

export const AuthorizeResponse = z.object({ authorizeUrl: z.url() });

export const CallbackParams = z.strictObject({ provider: z.enum(['google', 'microsoft']) });

/** What providers append to the redirect (others, e.g. `scope` or `session_state`, are ignored). */
export const CallbackQuery = z.object({
  code: z.string().max(4096).optional(),
  state: z.string().max(512).optional(),
  error: z.string().max(256).optional(),
});

export const ConnectionParams = z.strictObject({ id: Uuid });
