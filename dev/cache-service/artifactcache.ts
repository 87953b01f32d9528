import type { IncomingMessage, ServerResponse } from 'node:http'
import { Transform } from 'node:stream'
import { HttpError, readJson, sendEmpty, sendJson } from './http.js'
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
} from './service-state.js'
import type { StoredEntry } from './store.js'
import { rateLimited } from './twirp.js'

/**
 * Cache service v1, the `_apis/artifactcache` REST API that GHES still serves and BuildKit
 * speaks with `version=1` (go-actions-cache cache.go; @actions/cache lib/internal/cacheHttpClient.js).
 * Chunks are staged as Azure blocks keyed by their offset, so they may arrive in any order
 * and nothing is visible until the commit checks they cover the declared size.
 */
export const ARTIFACTCACHE_PREFIX = '/_apis/artifactcache/'

/** The API version both clients send in `Accept`. */
const API_VERSION = /^6\.0-preview(\.1)?$/

const malformed = (detail: string): HttpError => new HttpError(400, detail)

export type ArtifactCacheRoute =
  | { endpoint: 'v1.getCacheEntry' | 'v1.listCaches' | 'v1.reserveCache' }
  | { endpoint: 'v1.uploadChunk' | 'v1.commitCache'; cacheId: number }

export function routeArtifactCache(method: string, rest: string): ArtifactCacheRoute | undefined {
  if (method === 'GET' && rest === 'cache') return { endpoint: 'v1.getCacheEntry' }
  if (method === 'GET' && rest === 'caches') return { endpoint: 'v1.listCaches' }
  if (method === 'POST' && rest === 'caches') return { endpoint: 'v1.reserveCache' }
  const m = /^caches\/(\d{1,15})$/.exec(rest)
  if (m && method === 'PATCH') return { endpoint: 'v1.uploadChunk', cacheId: Number(m[1]) }
  if (m && method === 'POST') return { endpoint: 'v1.commitCache', cacheId: Number(m[1]) }
  return undefined
}

export class ArtifactCacheApi {
  /** Staged chunk ranges per reserved entry: start offset -> inclusive end. */
  readonly #chunks = new Map<number, Map<number, number>>()

  constructor(private readonly state: ServiceState) {}

  forget(entryIds: readonly number[]): void {
    for (const id of entryIds) this.#chunks.delete(id)
  }

  async handle(
    route: ArtifactCacheRoute,
    url: URL,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    checkApiVersion(req)
    const grant = authenticate(this.state, req)
    const { store, clock } = this.state
    const now = clock.now()

    switch (route.endpoint) {
      case 'v1.getCacheEntry': {
        const keys = (url.searchParams.get('keys') ?? '').split(',').filter((k) => k.length > 0)
        const version = url.searchParams.get('version') ?? ''
        if (keys.length === 0)
          throw new HttpError(400, 'keys is required: a comma-separated list of cache keys')
        if (keys.length > 10) throw new HttpError(400, 'at most 10 keys per lookup')
        if (!version) throw new HttpError(400, 'version is required')
        if (grant.readable.length === 0) throw new HttpError(403, READ_DENIED)
        const admission = this.state.downloads.take(now)
        if (!admission.ok) throw rateLimited('cache downloads', admission.retryAfterSeconds)
        const hit = store.lookup(grant.readable, keys, version, now)
        if (!hit) return sendEmpty(res, 204)
        return sendJson(res, 200, {
          ...describe(hit),
          archiveLocation: downloadUrlOf(this.state, hit.id),
        })
      }

      case 'v1.listCaches': {
        const key = url.searchParams.get('key') ?? ''
        if (!key) throw new HttpError(400, 'key is required')
        const found = grant.readable.flatMap((ref) =>
          store
            .list({ key, ref, sort: 'created_at', direction: 'desc' })
            .filter((e) => e.key === key),
        )
        return sendJson(res, 200, { totalCount: found.length, artifactCaches: found.map(describe) })
      }

      case 'v1.reserveCache': {
        const body = asRecord(await readJson(req, malformed), malformed)
        const key = requireString(body, 'key')
        const version = requireString(body, 'version')
        const cacheSize = int64Field(body, ['cacheSize'])
        if (!grant.writable) throw new HttpError(403, WRITE_DENIED)
        if (this.state.readOnlyForBilling) throw new HttpError(403, INSUFFICIENT_USAGE)
        // GHES checks the size at reserve time (@actions/cache skips its own check there).
        if (cacheSize > store.policy.limitBytes) {
          throw new HttpError(
            400,
            `Cache size of ~${Math.round(cacheSize / (1024 * 1024))} MB (${cacheSize} B) is over the data cap limit, not saving cache.`,
          )
        }
        if (store.find(grant.writable, key, version)) {
          throw new HttpError(
            409,
            `Cache already exists. Scope: ${grant.writable}, Key: ${key}, Version: ${version}`,
          )
        }
        const admission = this.state.uploads.take(now)
        if (!admission.ok) throw rateLimited('cache uploads', admission.retryAfterSeconds)
        const entry = store.reserve(grant.writable, key, version, now)!
        this.#chunks.set(entry.id, new Map())
        return sendJson(res, 201, { cacheId: entry.id })
      }

      case 'v1.uploadChunk': {
        const entry = this.#reserved(route.cacheId, grant.writable)
        const range = parseContentRange(req.headers['content-range'])
        const length = range.end - range.start + 1
        try {
          await stageExactly(this.state, blobNameOf(entry.id), blockIdOf(range.start), req, length)
        } catch (e) {
          throw new HttpError(
            400,
            `chunk ${range.start}-${range.end} was not stored: ${(e as Error).message.split('\n')[0]}`,
          )
        }
        this.#chunks.get(entry.id)?.set(range.start, range.end)
        return sendEmpty(res, 204)
      }

      case 'v1.commitCache': {
        const entry = this.#reserved(route.cacheId, grant.writable)
        const body = asRecord(await readJson(req, malformed), malformed)
        if (body.size === undefined) throw new HttpError(400, 'size is required')
        const size = int64Field(body, ['size'])
        const chunks = [...(this.#chunks.get(entry.id) ?? new Map<number, number>())].sort(
          (a, b) => a[0] - b[0],
        )
        if (!this.state.declaredSizes) checkCoverage(chunks, size)
        const name = blobNameOf(entry.id)
        if (chunks.length > 0)
          await this.state.blobs.commitBlocks(
            name,
            chunks.map(([start]) => blockIdOf(start)),
          )
        else await this.state.blobs.put(name, Buffer.alloc(0))
        const current = store.get(entry.id)
        if (!current || current.committed)
          throw new HttpError(404, `Cache ${entry.id} was removed during commit`)
        const stored = this.state.declaredSizes ? size : ((await this.state.blobs.size(name)) ?? 0)
        store.commit(entry.id, stored)
        this.#chunks.delete(entry.id)
        return sendEmpty(res, 204)
      }
    }
  }

  /** A reservation this token may write to; anything else is not found, as an id alone proves nothing. */
  #reserved(cacheId: number, writable: string | undefined): StoredEntry {
    const entry = this.state.store.get(cacheId)
    if (!entry || entry.committed || entry.ref !== writable) {
      throw new HttpError(404, `Cache with id ${cacheId} was not found or is not open for upload`)
    }
    return entry
  }
}

function describe(e: StoredEntry): Record<string, string> {
  return {
    cacheKey: e.key,
    scope: e.ref,
    cacheVersion: e.version,
    creationTime: new Date(e.createdAt).toISOString(),
  }
}

function checkApiVersion(req: IncomingMessage): void {
  const accept = req.headers.accept ?? ''
  const m = /api-version=([^;,\s]+)/.exec(accept)
  if (m && !API_VERSION.test(m[1]!)) {
    throw new HttpError(
      400,
      `The requested REST API version of ${m[1]} is not supported; use 6.0-preview.1`,
      {
        code: 'VssVersionNotSupportedException',
      },
    )
  }
}

/** `bytes <start>-<end>/<total or *>`, end inclusive, as both v1 clients send it. */
export function parseContentRange(header: string | undefined): { start: number; end: number } {
  const m = /^bytes (\d{1,15})-(\d{1,15})\/(\*|\d{1,15})$/.exec(header ?? '')
  const start = Number(m?.[1])
  const end = Number(m?.[2])
  if (!m || end < start) {
    throw new HttpError(
      400,
      `Content-Range must be "bytes <start>-<end>/*" with end >= start, got ${JSON.stringify(header ?? null)}`,
    )
  }
  return { start, end }
}

/** Chunks sorted by start must tile [0, size) exactly; anything else would commit a hole. */
export function checkCoverage(
  chunks: ReadonlyArray<readonly [number, number]>,
  size: number,
): void {
  let next = 0
  for (const [start, end] of chunks) {
    if (start !== next) {
      throw new HttpError(
        400,
        `uploaded chunks do not cover the cache: expected a chunk at offset ${next}, found ${start}`,
      )
    }
    next = end + 1
  }
  if (next !== size) {
    throw new HttpError(400, `size ${size} does not match the ${next} bytes uploaded`)
  }
}

/** Azure wants equal-length block ids; the zero-padded offset also sorts them. */
function blockIdOf(start: number): string {
  return Buffer.from(`chunk-${String(start).padStart(16, '0')}`).toString('base64')
}

/**
 * Streams a chunk into a block, failing (and aborting the block upload) as soon as the body
 * turns out longer or shorter than its Content-Range: Azure would otherwise wait for bytes
 * that never come.
 */
async function stageExactly(
  state: ServiceState,
  name: string,
  blockId: string,
  body: NodeJS.ReadableStream,
  length: number,
): Promise<void> {
  const abort = new AbortController()
  let seen = 0
  const check = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length
      done(
        seen > length
          ? new Error(`body is longer than the ${length} bytes in Content-Range`)
          : null,
        chunk,
      )
    },
    flush(done) {
      done(
        seen === length ? null : new Error(`body has ${seen} bytes, Content-Range says ${length}`),
      )
    },
  })
  const failed = new Promise<never>((_, reject) => {
    const stop = (e: Error) => {
      abort.abort()
      reject(e)
    }
    check.on('error', stop)
    body.on('error', (e: Error) => check.destroy(e))
  })
  await Promise.race([
    state.blobs.stageBlock(name, blockId, body.pipe(check), length, abort.signal),
    failed,
  ])
}
