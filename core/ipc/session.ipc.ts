/** The `session` domain: who is signed in and whether changes are waiting to reach the API. */
import { z } from 'zod';
import { TimeZoneName } from '../domain/schemas';
import { channel } from './channel';

export const SessionStatus = z.object({
  signedIn: z.boolean(),
  businessName: z.string().nullable(),
  userName: z.string().nullable(),
  /** The business's zone, so the renderer knows which calendar day is "today". */
  timeZone: TimeZoneName.nullable(),
  online: z.boolean(),
  pendingChanges: z.number().int().min(0),
});
export type SessionStatus = z.infer<typeof SessionStatus>;

export const sessionIpc = {
  'session:status': channel(z.object({}).strict(), SessionStatus),
} as const;
