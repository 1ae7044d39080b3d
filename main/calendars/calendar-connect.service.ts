/**
 * Answers `calendars:connect` and `calendars:disconnect` by asking the API with the session's token
 * (`POST /v1/calendar-connections` → the provider's page, `DELETE /v1/calendar-connections/:id`).
 * Both need the line: offline, or refused, they fail with the API's reason.
 */
import type { ApiClient } from '../api/api.client';
import { deskText } from '../../core/i18n/desk-texts';
import { IpcFailure } from '../ipc/ipc-registry';

export interface CalendarConnectSession {
  apiBaseUrl(): string | null;
  accessToken(): Promise<string | null>;
}

export class CalendarConnectService {
  constructor(
    private readonly session: CalendarConnectSession,
    private readonly apiFor: (baseUrl: string) => Pick<ApiClient, 'call'>,
  ) {}

  async connect(args: {
    provider: 'google' | 'microsoft';
    staffId: string;
  }): Promise<{ authorizeUrl: string }> {
    return this.call<{ authorizeUrl: string }>('POST', '/v1/calendar-connections', args);
  }

  async disconnect({ id }: { id: string }): Promise<Record<string, never>> {
    await this.call('DELETE', `/v1/calendar-connections/${encodeURIComponent(id)}`);
    return {};
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const apiBaseUrl = this.session.apiBaseUrl();
    const token = apiBaseUrl ? await this.session.accessToken() : null;
    if (!apiBaseUrl || !token) throw new IpcFailure('unavailable', deskText('desk.signInToManageCalendars'));
    const result = await this.apiFor(apiBaseUrl).call<T>(method, path, token, body);
    if (result.ok) return result.value;
    if (result.status === 0) throw new IpcFailure('unavailable', deskText('desk.serverUnreachable'));
    throw new IpcFailure(
      result.status === 404 ? 'not_found' : result.status === 403 ? 'forbidden' : 'conflict',
      result.problem.detail ?? result.problem.title,
    );
  }
}
