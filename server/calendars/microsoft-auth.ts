/**
 * Microsoft identity for connected calendars through MSAL Node: a confidential client per call whose
 * token cache is loaded from, and saved back to, the stored (encrypted) credential string. MSAL's
 * HTTP goes through axios with the same https agent as Graph, so a deployment (or a test) can pass
 * its own trust store without NODE_EXTRA_CA_CERTS.
 */
import type { Agent } from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import {
  AuthError,
  ConfidentialClientApplication,
  InteractionRequiredAuthError,
  ServerError,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import { ProviderAuthError } from './calendar-provider';
import { isTransientNetworkError, type RetryVerdict } from './provider-retry';

/**
 * Delegated, read-only, and the narrowest Graph permission that covers calendarView/delta:
 * Calendars.ReadBasic excludes bodies, previews, attachments and extensions.
 */
export const MICROSOFT_SCOPES = ['Calendars.ReadBasic'];

export interface MicrosoftConfig {
  clientId: string;
  clientSecret: string;
  /** `${PUBLIC_URL}/v1/calendar-connections/callback/microsoft` */
  redirectUri: string;
  /** e.g. https://login.microsoftonline.com/common (MSAL accepts only https authorities). */
  authority: string;
  /** Graph root including the version, e.g. https://graph.microsoft.com/v1.0 */
  graphBase: string;
  /** Custom trust (a private CA); defaults to Node's. */
  httpsAgent?: Agent;
}

/** The stored (encrypted) Microsoft credential. */
export interface MicrosoftCredential {
  /** MSAL's serialised token cache (account, refresh token, access token). */
  tokenCache: string;
  homeAccountId: string;
}

/** Microsoft's production endpoints, used unless MICROSOFT_* endpoint variables move them. */
export const MICROSOFT_DEFAULT_ENDPOINTS = {
  authority: 'https://login.microsoftonline.com/common',
  graphBase: 'https://graph.microsoft.com/v1.0',
};

/** One axios instance per config: timeouts and trust shared by MSAL and Graph. */
export function createHttp(config: MicrosoftConfig, timeoutMs: number): AxiosInstance {
  return axios.create({ timeout: timeoutMs, httpsAgent: config.httpsAgent, validateStatus: () => true });
}

/** MSAL's INetworkModule on axios (MSAL expects the parsed JSON body and lower-case headers). */
class AxiosNetworkModule implements INetworkModule {
  constructor(private readonly http: AxiosInstance) {}

  async sendGetRequestAsync<T>(
    url: string,
    options?: NetworkRequestOptions,
    timeout?: number,
  ): Promise<NetworkResponse<T>> {
    const r = await this.http.get<T>(url, { headers: options?.headers, ...(timeout ? { timeout } : {}) });
    return { status: r.status, body: r.data, headers: lowerCaseHeaders(r.headers) };
  }

  async sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    const r = await this.http.post<T>(url, options?.body, { headers: options?.headers });
    return { status: r.status, body: r.data, headers: lowerCaseHeaders(r.headers) };
  }
}

function lowerCaseHeaders(headers: object): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
}

const MICROSOFT_CLOUD_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.microsoft.com',
  'login.windows.net',
]);

/** A fresh confidential client whose cache starts as `tokenCache`. */
export async function createMsalClient(
  config: MicrosoftConfig,
  http: AxiosInstance,
  tokenCache?: string,
): Promise<ConfidentialClientApplication> {
  const host = new URL(config.authority).host;
  const client = new ConfidentialClientApplication({
    auth: {
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      authority: config.authority,
      // Any other host (a sovereign cloud, a test authority) is trusted explicitly instead of through
      // Microsoft's instance discovery, which would only know Microsoft's own hosts.
      knownAuthorities: MICROSOFT_CLOUD_HOSTS.has(host) ? [] : [host],
    },
    system: { networkClient: new AxiosNetworkModule(http) },
  });
  if (tokenCache) client.getTokenCache().deserialize(tokenCache);
  return client;
}

/** invalid_grant, interaction_required and a cache with no usable account all mean "reconnect". */
export function toProviderAuthError(error: unknown): unknown {
  if (error instanceof InteractionRequiredAuthError) {
    return new ProviderAuthError(
      'microsoft',
      `Microsoft needs the user to sign in again (${error.errorCode})`,
      {
        cause: error,
      },
    );
  }
  if (
    error instanceof AuthError &&
    /invalid_grant|no_account|no_tokens_found|token_refresh_required/.test(error.errorCode)
  ) {
    return new ProviderAuthError('microsoft', `Microsoft refused the credential (${error.errorCode})`, {
      cause: error,
    });
  }
  return error;
}

/** Token endpoint trouble worth retrying: throttling, server errors, the network. */
export function classifyMsalError(error: unknown): RetryVerdict {
  if (
    error instanceof ServerError &&
    error.status !== undefined &&
    (error.status === 429 || error.status >= 500)
  ) {
    return { retry: true, reason: `token endpoint HTTP ${error.status}` };
  }
  if ((error instanceof AuthError && error.errorCode === 'network_error') || isTransientNetworkError(error)) {
    return { retry: true, reason: 'network' };
  }
  return { retry: false };
}
