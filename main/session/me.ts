/** `GET /v1/me`: who just signed in and to which business (API.md "Accounts and sign-in"). */
import { z } from 'zod';
import { deskText } from '../../core/i18n/desk-texts';
import { IpcFailure } from '../ipc/ipc-registry';

const Me = z.object({
  user: z.object({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    role: z.enum(['owner', 'admin', 'receptionist', 'staff']),
  }),
  tenant: z.object({ id: z.uuid(), name: z.string(), timeZone: z.string() }),
});
export type Me = z.infer<typeof Me>;

/** The signed-in user and tenant, read with a fresh access token. */
export async function readMe(
  apiBaseUrl: string,
  accessToken: string,
  fetchFn: typeof fetch = fetch,
): Promise<Me> {
  let response: Response;
  try {
    response = await fetchFn(new URL('/v1/me', apiBaseUrl), {
      headers: { accept: 'application/json', authorization: `Bearer ${accessToken}` },
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    throw new IpcFailure('unavailable', deskText('desk.couldNotReach', { server: apiBaseUrl }));
  }
  const parsed = response.ok ? Me.safeParse(await response.json().catch(() => null)) : null;
  if (!parsed?.success)
    throw new IpcFailure(
      'unavailable',
      deskText('desk.meUnanswered', { server: apiBaseUrl, status: String(response.status) }),
    );
  return parsed.data;
}
