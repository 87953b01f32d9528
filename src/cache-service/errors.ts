/**
 * The one error the cache-service client throws. It carries the HTTP status (absent for transport
 * failures) and how many attempts were made; its message never holds the runtime token or a
 * signed URL's query string.
 */
import { redactSecrets } from '../runner/secrets.js'

export class CacheServiceError extends Error {
  override readonly name = 'CacheServiceError'

  constructor(
    message: string,
    /** HTTP status of the last answer; undefined when no answer came (refused, reset, timed out). */
    readonly status: number | undefined,
    /** Attempts made, retries included. */
    readonly attempts: number,
    /** For 429: how long the service asked us to wait, in ms, when it said so. */
    readonly retryAfterMs?: number,
    /** The service's own error code when it sent one (Twirp `code`, v1 `typeKey`), e.g. `already_exists`. */
    readonly code?: string,
  ) {
    super(message)
  }
}

/**
 * The cache service refused a write because the runtime token may not write: its answer starts
 * `cache write denied:` (as @actions/cache, which turns it into a warning, reads it).
 */
export class CacheWriteDenied extends Error {
  override readonly name = 'CacheWriteDenied'
  constructor(
    readonly key: string,
    serviceMessage: string,
  ) {
    super(
      `the cache service denied writing ${key} (${serviceMessage}): the runtime token may not write the cache here. Likely causes: a read-only trigger (pull_request from a fork, pull_request_target), a job whose permissions: leave out actions: write, or cache-mode read or none`,
    )
  }
}

/**
 * The cache service refused a write because the repository's cache is read-only for billing: a
 * budget for Actions cache storage ran out. Its answer holds `insufficient usage` (as
 * @actions/cache, which turns it into a UsageError, reads it).
 */
export class CacheStorageReadOnly extends Error {
  override readonly name = 'CacheStorageReadOnly'
  constructor(
    readonly key: string,
    serviceMessage: string,
  ) {
    super(
      `the cache service refused writing ${key} (${serviceMessage}): the repository's Actions cache is read-only because a billing budget for cache storage ran out. Builds still import, but nothing is saved until the next billing cycle or until usage falls under the included 10 GB: raise the budget (the account's Billing settings, Budgets) or lower the repository's cache size limit`,
    )
  }
}

/** The service's answer in a service error, from `phrase` on; undefined when it does not hold it. */
function answerFrom(error: unknown, phrase: RegExp): string | undefined {
  if (!(error instanceof CacheServiceError)) return undefined
  const at = error.message.search(phrase)
  return at < 0 ? undefined : error.message.slice(at)
}

/** The service's "insufficient usage" answer (the cache is read-only for billing), if `error` is one. */
export function readOnlyForBillingAnswer(error: unknown): string | undefined {
  return answerFrom(error, /insufficient usage/i)
}

/** The service's "cache write denied:" answer, if `error` is one. */
export function writeDeniedAnswer(error: unknown): string | undefined {
  return answerFrom(error, /cache write denied:/i)
}

/** A URL safe to print: scheme, host and path; the query (which holds a SAS `sig=`) is dropped. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.origin}${parsed.pathname}${parsed.search ? '?…' : ''}`
  } catch {
    return '<unparsable url>'
  }
}

/**
 * The message and code inside an error body: Twirp's `{"code","msg"}`, the v1 service's
 * `{"message","typeKey"}`, or plain text. A UTF-8 BOM is stripped first, as go-actions-cache does
 * after moby/buildkit#2276. Truncated: an HTML error page is not a message.
 */
export function describeErrorBody(body: Buffer): { message: string; code?: string } {
  // Secrets go before anything is cut: a cut token would no longer match its mask.
  const text = redactSecrets(
    body
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim(),
  )
  try {
    const parsed: unknown = JSON.parse(text)
    if (parsed && typeof parsed === 'object') {
      const fields = parsed as Record<string, unknown>
      const message = [fields.msg, fields.message].find((v) => typeof v === 'string') as
        string | undefined
      const code = [fields.code, fields.typeKey].find((v) => typeof v === 'string') as
        string | undefined
      if (message !== undefined || code !== undefined) return { message: message ?? '', code }
    }
  } catch {
    // not JSON: fall through to the text itself
  }
  return { message: text.length > 200 ? `${text.slice(0, 200)}…` : text }
}
