/**
 * Read client for the GitHub Actions cache service, as the post step needs it: look an entry up
 * the way BuildKit does and download it. Protocol v2 (Twirp, github.com) or v1 (REST, GHES).
 *
 * BuildKit's lookups (docs/github-cache.md): the constant
 * version, the key itself as the only restore key, so a key without `#N` is a prefix lookup that
 * the service answers with the newest entry and its full `matched_key`.
 */
import { BUILDKIT_CACHE_VERSION } from '../buildkit/keys.js'
import { MAX_KEY_LENGTH } from './limits.js'
import { callArtifactCache } from './artifactcache.js'
import {
  createCacheServiceConnection,
  sendSigned,
  type CacheServiceConnection,
  type CacheServiceConnectionOptions,
} from './connection.js'
import { CacheServiceError, redactUrl } from './errors.js'
import { callTwirp, field } from './twirp.js'

export type { CacheServiceProtocol } from './connection.js'
export { CacheServiceError } from './errors.js'

export type CacheServiceClientOptions = CacheServiceConnectionOptions

export interface CacheEntryMatch {
  /** The full key of the entry that matched, e.g. `index-app-1-f921bd05#3` for the prefix `index-app-1-f921bd05`. */
  matchedKey: string
  /** A pre-signed URL; needs no token and must not be printed (its query holds a SAS signature). */
  downloadUrl: string
}

export interface CacheServiceClient {
  readonly protocol: 'v1' | 'v2'
  /** Exact key first, then the newest prefix match, in every ref the token can read; null on a miss. */
  lookup(
    key: string,
    restoreKeys?: readonly string[],
    version?: string,
  ): Promise<CacheEntryMatch | null>
  /**
   * Downloads a signed URL that `lookup` returned; an answer over `maxBytes` fails with the code
   * `too_large` (transport.ts) without being read on.
   */
  download(url: string, maxBytes?: number): Promise<Buffer>
}

/** GitHub's key limits (@actions/cache `checkKey`): MAX_KEY_LENGTH characters, no commas (v1 joins keys with commas), 10 keys. */
const MAX_KEYS = 10

function checkKeys(keys: readonly string[]): void {
  if (keys.length > MAX_KEYS) {
    throw new Error(
      `cache lookup got ${keys.length} keys; the cache service accepts at most ${MAX_KEYS} (the key plus 9 restore keys)`,
    )
  }
  for (const key of keys) {
    if (typeof key !== 'string' || key === '')
      throw new Error('cache key is empty; expected a non-empty key such as "index-app-1-f921bd05"')
    if (key.length > MAX_KEY_LENGTH) {
      throw new Error(
        `cache key ${JSON.stringify(key.slice(0, 40))}… is ${key.length} characters long; the cache service accepts at most ${MAX_KEY_LENGTH}`,
      )
    }
    if (key.includes(','))
      throw new Error(
        `cache key ${JSON.stringify(key)} contains a comma, which the cache service does not accept`,
      )
  }
}

function requireString(value: unknown, what: string, method: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new CacheServiceError(`${method} answered ok without ${what}`, 200, 1)
  }
  return value
}

async function lookupV2(
  connection: CacheServiceConnection,
  key: string,
  restoreKeys: readonly string[],
  version: string,
): Promise<CacheEntryMatch | null> {
  const method = 'GetCacheEntryDownloadURL'
  // restore_keys is omitted when empty: proto3 JSON leaves default values out.
  const request: Record<string, unknown> = { key }
  if (restoreKeys.length > 0) request.restore_keys = [...restoreKeys]
  request.version = version
  const answer = await callTwirp(connection, method, request)
  // A miss is HTTP 200 {"ok": false}, not an error.
  if (field(answer, 'ok') !== true) return null
  return {
    downloadUrl: requireString(field(answer, 'signed_download_url'), 'signed_download_url', method),
    matchedKey: requireString(field(answer, 'matched_key'), 'matched_key', method),
  }
}

async function lookupV1(
  connection: CacheServiceConnection,
  key: string,
  restoreKeys: readonly string[],
  version: string,
): Promise<CacheEntryMatch | null> {
  const label = 'getCacheEntry'
  // BuildKit sends its single key once (`keys=<k>`), @actions/cache the key then its restore keys.
  const keys = [...new Set([key, ...restoreKeys])]
  const response = await callArtifactCache(connection, {
    method: 'GET',
    path: 'cache',
    query: { keys: keys.join(','), version },
    label,
  })
  // A miss is 204; BuildKit's client also reads an empty 2xx body or one without cacheKey as a miss.
  if (response.status === 204 || response.body.length === 0) return null
  let answer: Record<string, unknown>
  try {
    answer = JSON.parse(response.body.toString('utf8')) as Record<string, unknown>
  } catch {
    throw new CacheServiceError(
      `${label} failed: HTTP ${response.status} with a body that is not JSON`,
      response.status,
      response.attempts,
    )
  }
  if (typeof answer?.cacheKey !== 'string' || answer.cacheKey === '') return null
  return {
    matchedKey: answer.cacheKey,
    downloadUrl: requireString(answer.archiveLocation, 'archiveLocation', label),
  }
}

export function createCacheServiceClient(options: CacheServiceClientOptions): CacheServiceClient {
  const connection = createCacheServiceConnection(options)
  return {
    protocol: connection.protocol,
    async lookup(key, restoreKeys = [key], version = BUILDKIT_CACHE_VERSION) {
      checkKeys([key, ...restoreKeys])
      return connection.protocol === 'v2'
        ? lookupV2(connection, key, restoreKeys, version)
        : lookupV1(connection, key, restoreKeys, version)
    },
    async download(url, maxBytes) {
      const response = await sendSigned(
        connection,
        {
          method: 'GET',
          url,
          label: 'download',
          ...(maxBytes === undefined ? {} : { maxBodyBytes: maxBytes }),
        },
        'download of',
      )
      const declared = response.headers.get('content-length')
      if (declared !== null && Number(declared) !== response.body.length) {
        throw new CacheServiceError(
          `download of ${redactUrl(url)} was cut short: got ${response.body.length} of ${declared} bytes`,
          response.status,
          response.attempts,
        )
      }
      return response.body
    },
  }
}
