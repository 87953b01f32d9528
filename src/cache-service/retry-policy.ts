/**
 * When to retry a cache-service request and how long to wait: pure, so the transport's timing is
 * testable without a clock.
 *
 * Mirrors @actions/cache 6.3.0's cache service client (`retryableRequest`): 5 attempts, 3 s base,
 * ×1.5 per retry with jitter, retry on 500/502/503/504 and on transport errors, never on other 4xx.
 * One deliberate difference: @actions/cache gives up on 429 (toolkit #2243), while GitHub staff ask
 * third-party clients to wait for `Retry-After` and try again (docker/actions-toolkit#944), which is
 * what BuildKit ≥ 0.27 does; we do that, bounded by `maxRetryAfterMs`.
 */

export interface RetryPolicy {
  /** Total attempts, the first included. */
  maxAttempts: number
  /** Delay before the first retry, in ms. */
  baseDelayMs: number
  /** Growth of the delay per further retry. */
  multiplier: number
  /** A 429 asking for a longer wait than this is not retried: the caller is better off without the cache. */
  maxRetryAfterMs: number
  /** Per-attempt timeout, in ms. */
  attemptTimeoutMs: number
  /**
   * 429 answers retried at most this often in one request (the action's own writes: once, so a
   * repository at its upload rate does not see a storm of retries). Undefined: up to maxAttempts.
   */
  maxRateLimitRetries?: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 3000,
  multiplier: 1.5,
  maxRetryAfterMs: 60_000,
  attemptTimeoutMs: 30_000,
}

/** Statuses @actions/cache retries (`retryableStatusCodes` in cacheTwirpClient.ts). */
const RETRYABLE_STATUSES = new Set([500, 502, 503, 504])

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status)
}

/**
 * Backoff before retry number `retry` (0 for the first retry): the base delay, then a uniformly
 * random delay in [base·m^retry, base·m^(retry+1)), as @actions/cache's `getExponentialRetryTimeMilliseconds`.
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number): number {
  if (retry <= 0) return policy.baseDelayMs
  const low = policy.baseDelayMs * policy.multiplier ** retry
  const high = low * policy.multiplier
  return Math.floor(low + random() * (high - low))
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false }

/**
 * What to do after attempt number `attempt` (1-based) ended with `status` (undefined: a transport
 * error), when `rateLimitedBefore` earlier attempts of the request were answered 429. A 429
 * without a usable `Retry-After` falls back to the backoff.
 */
export function decideRetry(
  attempt: number,
  status: number | undefined,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
  random: () => number,
  rateLimitedBefore = 0,
): RetryDecision {
  if (attempt >= policy.maxAttempts) return { retry: false }
  if (status === 429) {
    if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) return { retry: false }
    if (rateLimitedBefore >= (policy.maxRateLimitRetries ?? Infinity)) return { retry: false }
    return { retry: true, delayMs: retryAfterMs ?? backoffDelayMs(attempt - 1, policy, random) }
  }
  if (status === undefined || isRetryableStatus(status)) {
    return { retry: true, delayMs: backoffDelayMs(attempt - 1, policy, random) }
  }
  return { retry: false }
}
