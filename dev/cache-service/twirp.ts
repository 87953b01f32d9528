import type { IncomingMessage, ServerResponse } from 'node:http'
import { HttpError, readJson, sendJson } from './http.js'
import {
  READ_DENIED,
  type ServiceState,
  WRITE_DENIED,
  INSUFFICIENT_USAGE,
  asRecord,
  authenticate,
  blobNameOf,
  downloadUrlOf,
  int64Field,
  requireString,
  uploadUrlOf,
} from './service-state.js'

/**
 * Cache service v2: GitHub's Twirp `github.actions.results.api.v1.CacheService`, JSON only,
 * snake_case fields, int64 as strings, as actions/toolkit's generated client and
 * go-actions-cache cache_v2.go speak it.
 */
export const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.CacheService/'

export const TWIRP_METHODS = [
  'CreateCacheEntry',
  'FinalizeCacheEntryUpload',
  'GetCacheEntryDownloadURL',
] as const
export type TwirpMethod = (typeof TWIRP_METHODS)[number]

const malformed = (detail: string): HttpError => new HttpError(400, detail, { code: 'malformed' })

/** Rejects what a Twirp server rejects before it reads a body (twirp spec: bad_route). */
export function checkTwirpRequest(req: IncomingMessage): void {
  if (req.method !== 'POST') {
    throw new HttpError(404, `unsupported method ${req.method} (only POST is allowed)`, {
      code: 'bad_route',
    })
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'application/json') {
    throw new HttpError(
      404,
      `unexpected Content-Type: ${JSON.stringify(type)}; this service speaks application/json`,
      {
        code: 'bad_route',
      },
    )
  }
}

export async function handleTwirp(
  state: ServiceState,
  method: TwirpMethod,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  checkTwirpRequest(req)
  const grant = authenticate(state, req)
  const body = asRecord(await readJson(req, malformed), malformed)
  const key = requireString(body, 'key')
  const version = requireString(body, 'version')
  const now = state.clock.now()

  switch (method) {
    case 'CreateCacheEntry': {
      if (!grant.writable) return sendJson(res, 200, { ok: false, message: WRITE_DENIED })
      if (state.readOnlyForBilling) throw new HttpError(403, INSUFFICIENT_USAGE)
      if (state.store.find(grant.writable, key, version)) throw alreadyExists()
      const admission = state.uploads.take(now)
      if (!admission.ok) throw rateLimited('cache uploads', admission.retryAfterSeconds)
      const entry = state.store.reserve(grant.writable, key, version, now)!
      return sendJson(res, 200, { ok: true, signed_upload_url: uploadUrlOf(state, entry.id) })
    }

    case 'FinalizeCacheEntryUpload': {
      const declared = int64Field(body, ['size_bytes', 'sizeBytes'])
      if (!grant.writable) return sendJson(res, 200, { ok: false, message: WRITE_DENIED })
      const entry = state.store.find(grant.writable, key, version)
      if (!entry)
        return sendJson(res, 200, {
          ok: false,
          message: `no cache entry is reserved for key ${key}`,
        })
      if (entry.committed)
        return sendJson(res, 200, {
          ok: false,
          message: `cache entry for key ${key} is already finalized`,
        })
      const stored = state.declaredSizes ? declared : await state.blobs.size(blobNameOf(entry.id))
      if (stored === undefined) {
        return sendJson(res, 200, {
          ok: false,
          message: `nothing was uploaded for cache entry ${key}`,
        })
      }
      if (stored !== declared) {
        return sendJson(res, 200, {
          ok: false,
          message: `size_bytes ${declared} does not match the ${stored} bytes uploaded for ${key}`,
        })
      }
      // The blob check awaited: a parallel finalize or an eviction may have got there first.
      const current = state.store.get(entry.id)
      if (!current || current.committed) {
        return sendJson(res, 200, {
          ok: false,
          message: `cache entry for key ${key} changed during finalize`,
        })
      }
      state.store.commit(entry.id, stored)
      return sendJson(res, 200, { ok: true, entry_id: String(entry.id) })
    }

    case 'GetCacheEntryDownloadURL': {
      const restoreKeys = body.restore_keys ?? body.restoreKeys ?? []
      if (
        !Array.isArray(restoreKeys) ||
        !restoreKeys.every((k) => typeof k === 'string' && k.length > 0)
      ) {
        throw new HttpError(400, 'restore_keys must be a list of non-empty strings')
      }
      if (restoreKeys.length + 1 > 10)
        throw new HttpError(400, 'at most 10 keys (key and restore_keys) per lookup')
      if (grant.readable.length === 0) throw new HttpError(403, READ_DENIED)
      const admission = state.downloads.take(now)
      if (!admission.ok) throw rateLimited('cache downloads', admission.retryAfterSeconds)
      const hit = state.store.lookup(
        grant.readable,
        [key, ...(restoreKeys as string[])],
        version,
        now,
      )
      if (!hit) return sendJson(res, 200, { ok: false })
      return sendJson(res, 200, {
        ok: true,
        signed_download_url: downloadUrlOf(state, hit.id),
        matched_key: hit.key,
      })
    }
  }
}

function alreadyExists(): HttpError {
  return new HttpError(409, 'cache entry with the same key, version, and scope already exists')
}

export function rateLimited(what: string, retryAfterSeconds: number): HttpError {
  return new HttpError(
    429,
    `rate limit exceeded for ${what}; retry after ${retryAfterSeconds} seconds`,
    {
      retryAfterSeconds,
    },
  )
}
