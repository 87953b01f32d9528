/** Unit tables for src/cache-service/retry-policy.ts. */
import { describe, expect, it } from '@jest/globals'
import {
  DEFAULT_RETRY_POLICY,
  backoffDelayMs,
  decideRetry,
  isRetryableStatus,
} from '../../src/cache-service/retry-policy.js'

const policy = DEFAULT_RETRY_POLICY

describe('backoffDelayMs', () => {
  it.each([
    // retry, random, expected: base, then [base·1.5^n, base·1.5^(n+1))
    [0, 0.9, 3000],
    [1, 0, 4500],
    [1, 0.5, 5625],
    [2, 0, 6750],
    [3, 0, 10125],
  ])('retry %i with random %f waits %i ms', (retry, random, expected) => {
    expect(backoffDelayMs(retry, policy, () => random)).toBe(expected)
  })

  it('stays below the next step for any jitter', () => {
    for (let retry = 1; retry < 5; retry++) {
      const delay = backoffDelayMs(retry, policy, () => 0.999999)
      expect(delay).toBeLessThan(3000 * 1.5 ** (retry + 1))
      expect(delay).toBeGreaterThanOrEqual(3000 * 1.5 ** retry)
    }
  })
})

describe('isRetryableStatus', () => {
  it.each([
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [501, false],
    [429, false],
    [409, false],
    [404, false],
    [403, false],
    [400, false],
    [200, false],
  ])('%i → %s', (status, expected) => {
    expect(isRetryableStatus(status)).toBe(expected)
  })
})

describe('decideRetry', () => {
  const fixed = () => 0
  it.each([
    ['5xx on the first attempt: base delay', 1, 503, undefined, { retry: true, delayMs: 3000 }],
    ['5xx on the second attempt: grown delay', 2, 500, undefined, { retry: true, delayMs: 4500 }],
    ['transport error', 1, undefined, undefined, { retry: true, delayMs: 3000 }],
    ['5xx on the last attempt', 5, 502, undefined, { retry: false }],
    ['transport error on the last attempt', 5, undefined, undefined, { retry: false }],
    ['404 is final', 1, 404, undefined, { retry: false }],
    ['409 (already exists) is final', 1, 409, undefined, { retry: false }],
    ['403 (read denied) is final', 1, 403, undefined, { retry: false }],
    ['429 waits what Retry-After says', 1, 429, 2000, { retry: true, delayMs: 2000 }],
    ['429 without Retry-After backs off', 2, 429, undefined, { retry: true, delayMs: 4500 }],
    ['429 asking for more than the cap gives up', 1, 429, 61_000, { retry: false }],
    ['429 on the last attempt gives up', 5, 429, 1000, { retry: false }],
  ])('%s', (_name, attempt, status, retryAfter, expected) => {
    expect(decideRetry(attempt, status, retryAfter, policy, fixed)).toEqual(expected)
  })

  it.each([
    ['the first 429 of a write waits its Retry-After', 0, { retry: true, delayMs: 2000 }],
    ['a second 429 of the same write is final', 1, { retry: false }],
  ])('maxRateLimitRetries 1: %s', (_name, before, expected) => {
    const writes = { ...policy, maxRateLimitRetries: 1 }
    expect(decideRetry(before + 1, 429, 2000, writes, fixed, before)).toEqual(expected)
    // Other failures keep their retries.
    expect(decideRetry(before + 1, 503, undefined, writes, fixed, before)).toMatchObject({
      retry: true,
    })
  })
})
