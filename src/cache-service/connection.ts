/**
 * Where and how to reach the cache service: protocol, base URL, runtime token and the retrying
 * transport. Validated once; the read client and the writer (src/cache-service) both take it.
 * The protocol is chosen by the caller (src/runtime.ts decides it as @actions/cache's
 * `getCacheServiceVersion()` does: GHES → v1, else v2 when `ACTIONS_CACHE_SERVICE_V2` is set).
 */
import { CacheServiceError, describeErrorBody, redactUrl } from './errors.js'
import {
  createTransport,
  isSuccess,
  type Transport,
  type TransportOptions,
  type TransportRequest,
  type TransportResponse,
} from './transport.js'

export type CacheServiceProtocol = 'v1' | 'v2'

export interface CacheServiceConnectionOptions extends TransportOptions {
  protocol: CacheServiceProtocol
  /** v2: `ACTIONS_RESULTS_URL`; v1: `ACTIONS_CACHE_URL`. */
  url: string
  /** `ACTIONS_RUNTIME_TOKEN`; sent only as a bearer header, never printed. */
  token: string
  userAgent?: string
}

export interface CacheServiceConnection {
  readonly protocol: CacheServiceProtocol
  readonly url: string
  readonly transport: Transport
  /** Headers for the service's API (not for signed blob URLs, which must not see the token). */
  apiHeaders(extra?: Record<string, string>): Record<string, string>
}

const USER_AGENT = 'buildkit-cache-action'

export function createCacheServiceConnection(
  options: CacheServiceConnectionOptions,
): CacheServiceConnection {
  if (options.protocol !== 'v1' && options.protocol !== 'v2') {
    throw new Error(
      `cache service protocol ${JSON.stringify(options.protocol)} is not supported; expected "v1" or "v2"`,
    )
  }
  let parsed: URL
  try {
    parsed = new URL(options.url)
  } catch {
    throw new Error(
      `cache service URL ${JSON.stringify(options.url)} is not an absolute URL; expected http(s)://host[:port]/ (ACTIONS_RESULTS_URL or ACTIONS_CACHE_URL)`,
    )
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(
      `cache service URL must be http or https, got ${JSON.stringify(parsed.protocol)}`,
    )
  }
  if (typeof options.token !== 'string' || options.token.trim() === '') {
    throw new Error(
      'cache service token is empty; expected the runtime token (ACTIONS_RUNTIME_TOKEN)',
    )
  }
  const transport = createTransport(options)
  const token = options.token
  const userAgent = options.userAgent ?? USER_AGENT
  return {
    protocol: options.protocol,
    url: options.url,
    transport,
    apiHeaders: (extra = {}) => ({
      Authorization: `Bearer ${token}`,
      'User-Agent': userAgent,
      ...extra,
    }),
  }
}

/** Turns a final non-2xx answer into the client's error, with the service's own message. */
export function errorFromResponse(label: string, response: TransportResponse): CacheServiceError {
  const { message, code } = describeErrorBody(response.body)
  const tries = response.attempts === 1 ? '' : ` after ${response.attempts} attempts`
  const wait =
    response.status === 429 && response.retryAfterMs !== undefined
      ? ` (rate limited; the service asked to wait ${Math.ceil(response.retryAfterMs / 1000)} s)`
      : ''
  return new CacheServiceError(
    `${label} failed: HTTP ${response.status}${message ? ` ${message}` : ''}${wait}${tries}`,
    response.status,
    response.attempts,
    response.retryAfterMs,
    code,
  )
}

export { isSuccess }

/**
 * Sends a request to a signed blob-storage URL, which carries its own authorisation (the runtime
 * token must not travel there); an HTTP error throws, named by `what` (`download of`, …) and the
 * URL without its signature.
 */
export async function sendSigned(
  connection: CacheServiceConnection,
  request: TransportRequest,
  what: string,
): Promise<TransportResponse> {
  const response = await connection.transport.send(request)
  if (!isSuccess(response.status)) {
    const { message } = describeErrorBody(response.body)
    throw new CacheServiceError(
      `${what} ${redactUrl(request.url)} failed: HTTP ${response.status}${message ? ` ${message}` : ''}`,
      response.status,
      response.attempts,
    )
  }
  return response
}
