import { describe, expect, it } from '@jest/globals'
import { parseRetryAfterMs } from '../src/retry-after.js'

const NOW = Date.parse('2026-01-01T00:00:00Z')

describe('parseRetryAfterMs: delta-seconds or an HTTP-date (RFC 9110), as both clients read it', () => {
  it.each([
    ['5', 5000],
    ['0', 0],
    [' 60 ', 60000],
    [new Date(NOW + 10_000).toUTCString(), 10000],
    [new Date(NOW - 10_000).toUTCString(), 0],
    ['soon', undefined],
    ['', undefined],
    ['-3', undefined],
    ['1.5', undefined],
    ['Thu, 01 Jan 2026 00:00:10 GMT', 10_000],
    [null, undefined],
    [undefined, undefined],
  ])('%j → %j', (header, expected) => {
    expect(parseRetryAfterMs(header, NOW)).toBe(expected)
  })
})
