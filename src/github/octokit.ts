/**
 * The Octokit every REST call goes through: `@actions/github`'s client (GITHUB_API_URL, proxy)
 * with `@octokit/plugin-throttling` (primary and secondary rate limits), `@octokit/plugin-retry`
 * (5xx and timeouts, with backoff), a per-attempt timeout, and `Retry-After` on plain 429s.
 */
import { getOctokit } from '@actions/github'
import { defaults } from '@actions/github/lib/utils'
import type { Octokit } from '@octokit/core'
import type { OctokitOptions, OctokitPlugin } from '@octokit/core/types'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import { RequestError } from '@octokit/request-error'
import { parseRetryAfterMs } from '../retry-after.js'

export type GitHubOctokit = ReturnType<typeof getOctokit>

export interface OctokitSettings {
  token: string
  /** REST base URL, e.g. `https://api.github.com` or GHES's `https://ghe.example/api/v3`. */
  baseUrl: string
  /** Abort one attempt of a request after this long; the retry plugin then tries again. */
  requestTimeoutMs?: number
  /** Attempts after the first for 5xx, timeouts and network errors (retry plugin). */
  retries?: number
  /** Retries of one request on a rate limit (429, secondary or primary limit). */
  rateLimitRetries?: number
  /** The longest a rate limit may make one request wait; beyond it the request fails. */
  maxRateLimitWaitMs?: number
  /**
   * Start writes (DELETE) a second apart, as GitHub asks of clients making many mutating
   * requests ("Best practices for using the REST API"); the throttling plugin's default (it
   * spaces the starts; a write slower than a second overlaps the next). Tests and benchmarks
   * against the local cache service turn it off.
   */
  paceWrites?: boolean
  /** Multiplies every backoff and Retry-After delay: 1 in production, small in tests. */
  delayScale?: number
  /** Called whenever a rate limit delays a request (for a debug log). */
  onRateLimited?: (waitMs: number, route: string) => void
}

const DEFAULTS = {
  requestTimeoutMs: 30_000,
  retries: 3,
  rateLimitRetries: 3,
  maxRateLimitWaitMs: 120_000,
  paceWrites: true,
  delayScale: 1,
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * A 429 that names no secondary or primary limit is left alone by the throttling plugin, and the
 * retry plugin would retry it on its own 1s/4s/9s schedule; GitHub asks clients to wait for
 * `Retry-After` instead (docker/actions-toolkit#944). Registered first, so it is the innermost
 * wrapper and sees the 429 before the other plugins do.
 */
function retryAfter429(octokit: Octokit, options: OctokitOptions): void {
  const settings = options.retryAfter429 as Required<
    Pick<OctokitSettings, 'rateLimitRetries' | 'maxRateLimitWaitMs' | 'delayScale'>
  > &
    Pick<OctokitSettings, 'onRateLimited'>
  octokit.hook.wrap('request', async (request, requestOptions) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(requestOptions)
      } catch (error) {
        if (!(error instanceof RequestError) || error.status !== 429) throw error
        if (/secondary rate/i.test(error.message)) throw error // the throttling plugin's case
        const headers = error.response?.headers ?? {}
        const waitMs =
          parseRetryAfterMs(headers['retry-after'] as string | undefined, Date.now()) ?? 60_000
        if (attempt >= settings.rateLimitRetries || waitMs > settings.maxRateLimitWaitMs)
          throw error
        settings.onRateLimited?.(waitMs, `${requestOptions.method} ${requestOptions.url}`)
        await sleep(waitMs * settings.delayScale)
      }
    }
  })
}

/** A fetch whose every call is aborted after `timeoutMs`, on top of the caller's own signal. */
function withTimeout(fetchImpl: typeof fetch, timeoutMs: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs)
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout
    return fetchImpl(input, { ...init, signal })
  }
}

/** Builds the Octokit for the REST client; see OctokitSettings for what each knob does. */
export function createOctokit(settings: OctokitSettings): GitHubOctokit {
  const s = { ...DEFAULTS, ...settings }
  const baseFetch = (defaults.request?.fetch as typeof fetch | undefined) ?? fetch
  const scaledBase = Math.max(1, Math.round(1000 * s.delayScale))
  const withinLimits = (retryAfterSeconds: number, retryCount: number, route: string) => {
    const waitMs = retryAfterSeconds * 1000
    if (retryCount >= s.rateLimitRetries || waitMs > s.maxRateLimitWaitMs) return false
    s.onRateLimited?.(waitMs, route)
    return true
  }
  const options: OctokitOptions = {
    baseUrl: s.baseUrl.replace(/\/+$/, ''),
    request: { ...defaults.request, fetch: withTimeout(baseFetch, s.requestTimeoutMs) },
    retry: {
      retries: s.retries,
      retryAfterBaseValue: scaledBase,
      // 429 is retried by retryAfter429 and the throttling plugin, which honour Retry-After.
      doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
    },
    throttle: {
      retryAfterBaseValue: scaledBase,
      onRateLimit: (after: number, o: { method: string; url: string }, _: unknown, count: number) =>
        withinLimits(after, count, `${o.method} ${o.url}`),
      onSecondaryRateLimit: (
        after: number,
        o: { method: string; url: string },
        _: unknown,
        count: number,
      ) => withinLimits(after, count, `${o.method} ${o.url}`),
      // A duck-typed stand-in: the plugin only calls `write.key(id).schedule(options, task)`.
      ...(s.paceWrites ? {} : { write: unpacedWrites as never }),
    },
    retryAfter429: {
      rateLimitRetries: s.rateLimitRetries,
      maxRateLimitWaitMs: s.maxRateLimitWaitMs,
      delayScale: s.delayScale,
      onRateLimited: s.onRateLimited,
    },
  }
  const plugins: OctokitPlugin[] = [retryAfter429 as OctokitPlugin, throttling, retry]
  return getOctokit(s.token, options, ...plugins)
}

/**
 * Stands in for the throttling plugin's write limiter (a module-wide Bottleneck group that lets
 * one write through per second) when the caller turns pacing off: every write is let through.
 */
const unpacedWrites = {
  key: () => ({
    schedule: <T>(_options: unknown, task: () => Promise<T>): Promise<T> => task(),
  }),
}
