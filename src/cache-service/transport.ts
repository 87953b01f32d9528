/**
 * One HTTP request to the cache service or its blob storage, retried by the retry policy.
 * Shared by the read client here, the BuildKit-format writer in dev/buildkit and the registry
 * client (src/registry/distribution.ts), so all speak HTTP with the same retries, timeouts and
 * error shapes.
 */
import { CacheServiceError, redactUrl } from './errors.js'
import { DEFAULT_RETRY_POLICY, decideRetry, type RetryPolicy } from './retry-policy.js'
import { parseRetryAfterMs } from '../retry-after.js'

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

export interface TransportOptions {
  fetch?: FetchLike
  sleep?: (ms: number) => Promise<void>
  /** Wall clock for `Retry-After` dates. */
  now?: () => number
  /** Jitter source for the backoff. */
  random?: () => number
  retry?: Partial<RetryPolicy>
  /** Receives one line per retry; lines hold no token and no signed query string. */
  debug?: (message: string) => void
}

export interface TransportRequest {
  method: string
  url: string
  headers?: Record<string, string>
  body?: string | Uint8Array
  /** Names the operation in errors and debug lines, e.g. `GetCacheEntryDownloadURL`. */
  label: string
  /**
   * The most bytes a 2xx answer's body may hold: a larger one is not read on (its declared length,
   * or the bytes so far, tell) and fails with code `too_large`, without a retry.
   */
  maxBodyBytes?: number
}

export interface TransportResponse {
  status: number
  headers: Headers
  body: Buffer
  /** Attempts made, the last one included. */
  attempts: number
  /** For a final 429: the wait the service asked for, in ms. */
  retryAfterMs?: number
}

export interface Transport {
  /** Sends until a non-retryable answer or the attempts run out; throws only when no answer came. */
  send(request: TransportRequest): Promise<TransportResponse>
}

/** The error code of an answer whose body is over the request's `maxBodyBytes`. */
export const TOO_LARGE = 'too_large'

/** A body over `max` bytes; never retried. */
class BodyTooLarge extends Error {}

/**
 * Reads a body, or stops as soon as it is known to be over `max` bytes (declared length or the
 * bytes so far), so that no answer can hold more than `max` bytes in memory.
 */
async function readBody(response: Response, max: number | undefined): Promise<Buffer> {
  if (max === undefined || !isSuccess(response.status)) {
    return Buffer.from(await response.arrayBuffer())
  }
  const declared = Number(response.headers.get('content-length') ?? NaN)
  if (declared > max) {
    await response.body?.cancel().catch(() => undefined)
    throw new BodyTooLarge(`declares ${declared} bytes`)
  }
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = response.body?.getReader()
  for (;;) {
    const next = await reader?.read()
    if (!next || next.done) break
    size += next.value.byteLength
    if (size > max) {
      await reader?.cancel().catch(() => undefined)
      throw new BodyTooLarge(`holds more than ${max} bytes`)
    }
    chunks.push(next.value)
  }
  return Buffer.concat(chunks)
}

/** A 2xx status. */
export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300
}

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Why a fetch threw, in words that hold no URL: `ECONNREFUSED`, `timed out after 30000 ms`, …
 * Read by shape, not `instanceof`: undici's errors may come from another realm.
 */
function describeTransportError(error: unknown, timeoutMs: number): string {
  if (error && typeof error === 'object') {
    const { name, message, cause } = error as {
      name?: unknown
      message?: unknown
      cause?: { code?: unknown; message?: unknown }
    }
    if (name === 'TimeoutError' || name === 'AbortError') return `timed out after ${timeoutMs} ms`
    if (cause && typeof cause.code === 'string') return cause.code
    if (cause && typeof cause.message === 'string') return cause.message
    if (typeof message === 'string') return message
  }
  return String(error)
}

export function createTransport(options: TransportOptions = {}): Transport {
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init))
  const sleep = options.sleep ?? defaultSleep
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry }
  const debug = options.debug ?? (() => undefined)

  return {
    async send(request) {
      let rateLimited = 0
      for (let attempt = 1; ; attempt++) {
        let status: number | undefined
        let retryAfterMs: number | undefined
        let failure: string | undefined
        try {
          const response = await fetchImpl(request.url, {
            method: request.method,
            headers: request.headers,
            body: request.body,
            signal: AbortSignal.timeout(policy.attemptTimeoutMs),
          })
          const body = await readBody(response, request.maxBodyBytes)
          status = response.status
          retryAfterMs =
            status === 429
              ? parseRetryAfterMs(response.headers.get('retry-after'), now())
              : undefined
          const decision = decideRetry(attempt, status, retryAfterMs, policy, random, rateLimited)
          if (status === 429) rateLimited++
          if (!decision.retry) {
            return { status, headers: response.headers, body, attempts: attempt, retryAfterMs }
          }
          debug(
            `${request.label}: HTTP ${status}, retrying in ${decision.delayMs} ms (attempt ${attempt}/${policy.maxAttempts})`,
          )
          await sleep(decision.delayMs)
          continue
        } catch (error) {
          if (error instanceof BodyTooLarge) {
            throw new CacheServiceError(
              `${request.label} ${request.method} ${redactUrl(request.url)}: the answer ${error.message}, over the ${request.maxBodyBytes} allowed`,
              undefined,
              attempt,
              undefined,
              TOO_LARGE,
            )
          }
          failure = describeTransportError(error, policy.attemptTimeoutMs)
        }
        const decision = decideRetry(attempt, undefined, undefined, policy, random)
        if (!decision.retry) {
          throw new CacheServiceError(
            `${request.label} ${request.method} ${redactUrl(request.url)} failed: ${failure} (after ${attempt} attempt${attempt === 1 ? '' : 's'})`,
            undefined,
            attempt,
          )
        }
        debug(
          `${request.label}: ${failure}, retrying in ${decision.delayMs} ms (attempt ${attempt}/${policy.maxAttempts})`,
        )
        await sleep(decision.delayMs)
      }
    },
  }
}
