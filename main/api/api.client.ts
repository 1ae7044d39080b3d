/** The desktop's calls to the hosted API (../shared/API.md): signup, then bearer-token requests. */
import type { Problem } from '../../core/domain/schemas';

export interface SignupRequest {
  business: { name: string; timeZone: string; region?: string };
  owner: { name: string; email: string; password: string };
}
export interface SignupResponse {
  tenantId: string;
  userId: string;
  locationId: string;
}

/** A response body on success, or the API's problem+json (or a network failure as status 0). */
export type ApiResult<T> =
  { ok: true; value: T } | { ok: false; status: number; problem: Pick<Problem, 'title' | 'detail' | 'type'> };

export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  signup(body: SignupRequest): Promise<ApiResult<SignupResponse>> {
    return this.request<SignupResponse>('POST', '/v1/signup', body);
  }

  /** Any `/v1` call with the caller's bearer token (REST seeding, `/v1/sync/pull`). */
  call<T>(method: string, path: string, token: string, body?: unknown): Promise<ApiResult<T>> {
    return this.request<T>(method, path, body, token);
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<ApiResult<T>> {
    let response: Response;
    try {
      response = await this.fetchFn(new URL(path, this.baseUrl), {
        method,
        headers: {
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      return {
        ok: false,
        status: 0,
        problem: { type: 'about:blank', title: 'API unreachable', detail: String(error) },
      };
    }
    let json: unknown;
    try {
      const text = await response.text();
      json = text ? (JSON.parse(text) as unknown) : null;
    } catch (error) {
      // Not the API's JSON: a proxy's HTML error page (nginx's 502 when an API instance died) or a
      // body cut off. Answered as a failure like any other, never thrown at the caller.
      return {
        ok: false,
        status: response.ok ? 0 : response.status,
        problem: {
          type: 'about:blank',
          title: response.statusText || 'unreadable answer',
          detail: String(error),
        },
      };
    }
    if (response.ok) return { ok: true, value: json as T };
    const problem = (json ?? {}) as Partial<Problem>;
    return {
      ok: false,
      status: response.status,
      problem: {
        type: problem.type ?? 'about:blank',
        title: problem.title ?? response.statusText,
        detail: problem.detail,
      },
    };
  }
}
