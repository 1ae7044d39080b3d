import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../api/api.client';
import type { CalendarConnectSession } from './calendar-connect.service';
import { CalendarConnectService } from './calendar-connect.service';

const signedIn: CalendarConnectSession = { apiBaseUrl: () => 'https://api.example', accessToken: async () => 'token' };

function sut(answer: ApiResult<unknown>, session: CalendarConnectSession = signedIn) {
  const calls: unknown[][] = [];
  const service = new CalendarConnectService(session, () => ({
    call: async <T>(...args: unknown[]) => {
      calls.push(args);
      return answer as ApiResult<T>;
    },
  }));
  return { service, calls };
}

describe(CalendarConnectService.name, () => {
  it("answers the provider's page the API starts OAuth with", async () => {
    const { service, calls } = sut({ ok: true, value: { authorizeUrl: 'https://accounts.example/o' } });

    await expect(service.connect({ provider: 'google', staffId: 's-1' })).resolves.toEqual({
      authorizeUrl: 'https://accounts.example/o',
    });
    expect(calls).toEqual([
      ['POST', '/v1/calendar-connections', 'token', { provider: 'google', staffId: 's-1' }],
    ]);
  });

  it('disconnects through the API', async () => {
    const { service, calls } = sut({ ok: true, value: undefined });

    await expect(service.disconnect({ id: 'c-1' })).resolves.toEqual({});
    expect(calls[0]!.slice(0, 2)).toEqual(['DELETE', '/v1/calendar-connections/c-1']);
  });

  it("says the API's reason when it refuses, and that the line is down when it is", async () => {
    const refused = sut({
      ok: false,
      status: 422,
      problem: { type: 'x', title: 'Invalid', detail: 'Google is not configured' },
    });
    const down = sut({ ok: false, status: 0, problem: { type: 'x', title: 'Network' } });

    await expect(refused.service.connect({ provider: 'google', staffId: 's' })).rejects.toThrow(
      'Google is not configured',
    );
    await expect(down.service.disconnect({ id: 'c' })).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('refuses without a sign-in', async () => {
    const { service } = sut(
      { ok: true, value: {} },
      { apiBaseUrl: () => null, accessToken: async () => null },
    );

    await expect(service.connect({ provider: 'microsoft', staffId: 's' })).rejects.toMatchObject({
      code: 'unavailable',
    });
  });
});
