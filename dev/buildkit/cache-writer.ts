/**
 * The write half of the cache-service protocol, as go-actions-cache speaks it for BuildKit
 * (cache.go `reserve`/`upload`/`commit`, cache_v2.go): reserve a key, upload its bytes, commit
 * its size. The action itself never writes gha entries, so this lives with the dev exporter; it
 * reuses the action's connection, transport and error shapes from src/cache-service.
 */
import { BlockBlobClient } from '@azure/storage-blob'
import { BUILDKIT_CACHE_VERSION } from '../../src/buildkit/keys.js'
import { callArtifactCache } from '../../src/cache-service/artifactcache.js'
import type { CacheServiceConnection } from '../../src/cache-service/connection.js'
import { CacheServiceError } from '../../src/cache-service/errors.js'
import { callTwirp, field } from '../../src/cache-service/twirp.js'

/** go-actions-cache's Azure upload: 1 MiB blocks, one Put Blob below that (cache_v2.go `UploadStream` defaults). */
const AZURE_BLOCK_SIZE = 1024 * 1024
/** go-actions-cache's v1 chunk size (`UploadChunkSize`). */
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

export function createCacheWriter(
  connection: CacheServiceConnection,
  version = BUILDKIT_CACHE_VERSION,
): CacheWriter {
  return {
    async reserve(key) {
      try {
        if (connection.protocol === 'v2') {
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
            throw new CacheServiceError(
              'CreateCacheEntry answered ok without signed_upload_url',
              200,
              1,
            )
          return { protocol: 'v2', key, uploadUrl }
        }
        // v1 reserve sends no cacheSize (go-actions-cache, unlike @actions/cache).
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
      } catch (error) {
        if (isAlreadyExists(error)) return null
        throw error
      }
    },

    async upload(reservation, data) {
      if (reservation.protocol === 'v2') {
        await new BlockBlobClient(reservation.uploadUrl).uploadData(data, {
          blockSize: AZURE_BLOCK_SIZE,
          maxSingleShotSize: AZURE_BLOCK_SIZE - 1,
          concurrency: 1,
        })
        return
      }
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
        // go-actions-cache sends size_bytes as a JSON number (its Go field has no `,string`), unlike
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
