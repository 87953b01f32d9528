/**
 * The write half of the cache-service protocol, as BuildKit's cache client speaks it
 * (docs/github-cache.md): reserve a key, upload its bytes, commit
 * its size. The action writes only its small marker entries with it (src/prune/marker.ts); the
 * dev exporter (dev/buildkit) writes BuildKit's entries, uploading v2 blobs in blocks as
 * go-actions-cache does.
 */
import { BUILDKIT_CACHE_VERSION } from '../buildkit/keys.js'
import { callArtifactCache } from './artifactcache.js'
import {
  createCacheServiceConnection,
  sendSigned,
  type CacheServiceConnection,
  type CacheServiceConnectionOptions,
} from './connection.js'
import {
  CacheServiceError,
  CacheStorageReadOnly,
  CacheWriteDenied,
  readOnlyForBillingAnswer,
  writeDeniedAnswer,
} from './errors.js'
import { callTwirp, field } from './twirp.js'

/** BuildKit's cache client's v1 chunk size. */
const V1_CHUNK_SIZE = 32 * 1024 * 1024

/** A reservation: where the bytes go. */
export type Reservation =
  | { protocol: 'v2'; key: string; uploadUrl: string }
  | { protocol: 'v1'; key: string; cacheId: number }

export interface CacheWriter {
  /** Reserves `key`; null when it exists (committed or reserved: HTTP 409 `already_exists`). */
  reserve(key: string): Promise<Reservation | null>
  upload(reservation: Reservation, data: Uint8Array): Promise<void>
  /** Commits with the size to record (the bytes uploaded, or a declared size for a service that records declared sizes). */
  commit(reservation: Reservation, size: number): Promise<void>
}

function isAlreadyExists(error: unknown): boolean {
  return (
    error instanceof CacheServiceError &&
    (error.status === 409 || /already.?exists/i.test(error.code ?? ''))
  )
}

export interface CacheWriterOptions {
  /** The version every key is saved with (BuildKit's by default). */
  version?: string
  /** Uploads a v2 entry's bytes to its signed URL; one Put Blob by default. */
  putBlob?: (url: string, data: Uint8Array) => Promise<void>
}

/** Azure's Put Blob: the whole body in one request, for small entries. */
function putBlobWith(connection: CacheServiceConnection) {
  return async (url: string, data: Uint8Array): Promise<void> => {
    await sendSigned(
      connection,
      {
        method: 'PUT',
        url,
        headers: {
          'Content-Type': 'application/octet-stream',
          'x-ms-blob-type': 'BlockBlob',
          'x-ms-version': '2020-10-02',
        },
        body: data,
        label: 'putBlob',
      },
      'upload to',
    )
  }
}

export function createCacheWriter(
  connection: CacheServiceConnection,
  options: CacheWriterOptions = {},
): CacheWriter {
  const version = options.version ?? BUILDKIT_CACHE_VERSION
  const putBlob = options.putBlob ?? putBlobWith(connection)
  return {
    async reserve(key) {
      try {
        return connection.protocol === 'v2'
          ? await reserveV2(connection, key, version)
          : await reserveV1(connection, key, version)
      } catch (error) {
        if (isAlreadyExists(error)) return null
        const denied = writeDeniedAnswer(error)
        if (denied !== undefined) throw new CacheWriteDenied(key, denied)
        const readOnly = readOnlyForBillingAnswer(error)
        if (readOnly !== undefined) throw new CacheStorageReadOnly(key, readOnly)
        throw error
      }
    },

    async upload(reservation, data) {
      if (reservation.protocol === 'v2') return putBlob(reservation.uploadUrl, data)
      for (let start = 0; start < data.length || start === 0; start += V1_CHUNK_SIZE) {
        const chunk = data.subarray(start, Math.min(data.length, start + V1_CHUNK_SIZE))
        await callArtifactCache(connection, {
          method: 'PATCH',
          path: `caches/${reservation.cacheId}`,
          body: chunk,
          headers: {
            'Content-Type': 'application/octet-stream',
            'Content-Range': `bytes ${start}-${start + chunk.length - 1}/*`,
          },
          label: 'uploadChunk',
        })
        if (data.length === 0) break
      }
    },

    async commit(reservation, size) {
      if (reservation.protocol === 'v2') {
        // BuildKit's client sends size_bytes as a JSON number (its Go field has no `,string`), unlike
        // @actions/cache; recorded BuildKit v0.24.0 traffic shows `"size_bytes":1064330`.
        const answer = await callTwirp(connection, 'FinalizeCacheEntryUpload', {
          key: reservation.key,
          size_bytes: size,
          version,
        })
        if (field(answer, 'ok') !== true)
          throw new CacheServiceError(`failed to commit cache ${reservation.key}`, 200, 1)
        return
      }
      await callArtifactCache(connection, {
        method: 'POST',
        path: `caches/${reservation.cacheId}`,
        json: { size },
        label: 'commitCache',
      })
    },
  }
}

async function reserveV2(
  connection: CacheServiceConnection,
  key: string,
  version: string,
): Promise<Reservation> {
  const answer = await callTwirp(connection, 'CreateCacheEntry', { key, version })
  if (field(answer, 'ok') !== true) {
    const message = field(answer, 'message')
    throw new CacheServiceError(
      `failed to reserve cache ${key}${typeof message === 'string' ? `: ${message}` : ''}`,
      200,
      1,
    )
  }
  const uploadUrl = field(answer, 'signed_upload_url')
  if (typeof uploadUrl !== 'string')
    throw new CacheServiceError('CreateCacheEntry answered ok without signed_upload_url', 200, 1)
  return { protocol: 'v2', key, uploadUrl }
}

async function reserveV1(
  connection: CacheServiceConnection,
  key: string,
  version: string,
): Promise<Reservation> {
  // v1 reserve sends no cacheSize (BuildKit's client, unlike @actions/cache).
  const response = await callArtifactCache(connection, {
    method: 'POST',
    path: 'caches',
    json: { key, version },
    label: 'reserveCache',
  })
  const answer = JSON.parse(response.body.toString('utf8')) as {
    cacheId?: unknown
    cacheID?: unknown
  }
  const cacheId = Number(answer.cacheId ?? answer.cacheID)
  if (!cacheId)
    throw new CacheServiceError(
      `reserveCache answered without a cacheId for ${key}`,
      response.status,
      response.attempts,
    )
  return { protocol: 'v1', key, cacheId }
}

/**
 * Reserves, uploads and commits a whole entry; false when the key exists already. `size` is what
 * the commit records (the bytes uploaded, unless a service that records declared sizes is told
 * otherwise).
 */
export async function saveEntry(
  writer: CacheWriter,
  key: string,
  data: Uint8Array,
  size = data.length,
): Promise<boolean> {
  const reservation = await writer.reserve(key)
  if (!reservation) return false
  await writer.upload(reservation, data)
  await writer.commit(reservation, size)
  return true
}

/** 429 answers a write of the action's own waits out: one. */
export const WRITE_RATE_LIMIT_RETRIES = 1

/** `saveEntry` over a new connection, every key under `version`. */
export function entrySaver(
  options: CacheServiceConnectionOptions,
  version: string,
): (key: string, data: Uint8Array) => Promise<boolean> {
  // The action's own writes wait for one Retry-After, not more (the upload rate is the
  // repository's: other jobs' exports compete for it).
  const writer = createCacheWriter(
    createCacheServiceConnection({
      ...options,
      retry: { ...options.retry, maxRateLimitRetries: WRITE_RATE_LIMIT_RETRIES },
    }),
    { version },
  )
  return (key, data) => saveEntry(writer, key, data)
}
