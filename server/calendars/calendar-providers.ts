/**
 * Builds the adapters from the server configuration (API.md: *_CLIENT_ID/SECRET, PUBLIC_URL and the
 * endpoint variables). Google and Microsoft exist only when their client credentials are configured;
 * CalDAV needs nothing.
 */
import type { Agent } from 'node:https';
import type { ServerConfig } from '../config';
import type { ProviderKind } from './calendar-provider';
import { CalDavProvider } from './caldav.provider';
import { GOOGLE_DEFAULT_ENDPOINTS } from './google-oauth';
import { GoogleCalendarProvider } from './google.provider';
import { MICROSOFT_DEFAULT_ENDPOINTS } from './microsoft-auth';
import { MicrosoftCalendarProvider } from './microsoft.provider';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './provider-retry';

export interface CalendarProviders {
  google?: GoogleCalendarProvider;
  microsoft?: MicrosoftCalendarProvider;
  caldav: CalDavProvider;
}

/** Where the provider sends the user back after consent (API.md). */
export function calendarCallbackUrl(publicUrl: string, provider: Exclude<ProviderKind, 'caldav'>): string {
  return `${publicUrl.replace(/\/$/, '')}/v1/calendar-connections/callback/${provider}`;
}

export function createCalendarProviders(
  config: Pick<ServerConfig, 'google' | 'microsoft' | 'providerEndpoints'>,
  publicUrl: string,
  options: { policy?: RetryPolicy; httpsAgent?: Agent; allowInternalCalDav?: boolean } = {},
): CalendarProviders {
  const endpoints = config.providerEndpoints;
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  return {
    caldav: new CalDavProvider(policy, { allowInternal: options.allowInternalCalDav ?? false }),
    google:
      config.google &&
      new GoogleCalendarProvider(
        {
          ...config.google,
          redirectUri: calendarCallbackUrl(publicUrl, 'google'),
          authUrl: endpoints.GOOGLE_AUTH_URL ?? GOOGLE_DEFAULT_ENDPOINTS.authUrl,
          tokenUrl: endpoints.GOOGLE_TOKEN_URL ?? GOOGLE_DEFAULT_ENDPOINTS.tokenUrl,
          revokeUrl: endpoints.GOOGLE_REVOKE_URL ?? GOOGLE_DEFAULT_ENDPOINTS.revokeUrl,
          apiBase: endpoints.GOOGLE_API_BASE ?? GOOGLE_DEFAULT_ENDPOINTS.apiBase,
        },
        policy,
      ),
    microsoft:
      config.microsoft &&
      new MicrosoftCalendarProvider(
        {
          ...config.microsoft,
          redirectUri: calendarCallbackUrl(publicUrl, 'microsoft'),
          authority: endpoints.MICROSOFT_AUTHORITY ?? MICROSOFT_DEFAULT_ENDPOINTS.authority,
          graphBase: endpoints.MICROSOFT_GRAPH_BASE ?? MICROSOFT_DEFAULT_ENDPOINTS.graphBase,
          httpsAgent: options.httpsAgent,
        },
        policy,
      ),
  };
}
