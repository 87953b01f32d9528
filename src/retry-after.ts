/** The `Retry-After` header, as both HTTP clients (the cache service's and the REST API's) read it. Pure. */

/**
 * Parses `Retry-After` (delta-seconds or an HTTP-date, RFC 9110 §10.2.3) into ms from `nowMs`;
 * undefined when absent or unparsable, 0 for a date in the past.
 */
export function parseRetryAfterMs(
  value: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (value === null || value === undefined) return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  if (text === '' || /^[+-]?\d/.test(text)) return undefined
  const date = Date.parse(text)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - nowMs)
}
