/**
 * Bounded retries with jitter for provider calls. Timeouts, 5xx and 429 are retried (429/503 after
 * the server's Retry-After, when it gives one); anything else is the caller's to classify.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ProviderUnavailableError, type ProviderKind } from './calendar-provider';

/** How hard to try before giving up with {@link ProviderUnavailableError}. */
export interface RetryPolicy {
  /** Total attempts, first one included. */
  attempts: number;
  /** Base of the exponential back-off; each wait is a random share of base * 2^n (full jitter). */
  baseDelayMs: number;
  /** Cap for one back-off wait. */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the sync fails now and runs again later. */
  maxRetryAfterMs: number;
  /** Per-request timeout. */
  timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  maxRetryAfterMs: 30_000,
  timeoutMs: 15_000,
};

/** What a failed attempt means for retrying. */
export type RetryVerdict = { retry: false } | { retry: true; retryAfterMs?: number; reason: string };

/** Parses a Retry-After header: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The verdict for an HTTP status (and its Retry-After header). */
export function verdictForStatus(status: number, retryAfter?: string | null): RetryVerdict {
  if (status === 429 || status === 408 || status >= 500) {
    return { retry: true, retryAfterMs: parseRetryAfter(retryAfter), reason: `HTTP ${status}` };
  }
  return { retry: false };
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ECONNABORTED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** True for timeouts and connection failures (Node, undici, axios and gaxios spellings). */
export function isTransientNetworkError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    if (typeof e !== 'object') return false;
    const { name, code } = e as { name?: unknown; code?: unknown };
    if (name === 'TimeoutError' || name === 'AbortError') return true;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Runs `attempt` until it succeeds, `classify` says not to retry (the error is rethrown as is), or
 * the policy is exhausted ({@link ProviderUnavailableError}).
 */
export async function withRetries<T>(
  provider: ProviderKind,
  policy: RetryPolicy,
  attempt: (n: number) => Promise<T>,
  classify: (error: unknown) => RetryVerdict,
): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      const verdict = classify(error);
      if (!verdict.retry) throw error;
      const last = n + 1 >= policy.attempts;
      if (last || (verdict.retryAfterMs ?? 0) > policy.maxRetryAfterMs) {
        throw new ProviderUnavailableError(provider, `${provider} unavailable: ${verdict.reason}`, {
          cause: error,
        });
      }
      const backoff = Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** n);
      // Honour Retry-After exactly, plus a little jitter so many connections don't return in lockstep.
      const wait = verdict.retryAfterMs !== undefined ? verdict.retryAfterMs + Math.random() * 100 : backoff;
      await sleep(wait);
    }
  }
}
