/**
 * BuildKit's `type=gha` cache backend (moby/buildkit cache/remotecache/gha/gha.go with
 * tonistiigi/go-actions-cache), over the real cache-service protocols: what an import loads, what
 * an export writes, in BuildKit's order. Reads go through the action's own client
 * (src/cache-service), writes through src/cache-service/writer.ts.
 */
import { blobKey, indexKeyBase } from '../../src/buildkit/keys.js'
import {
  createCacheServiceClient,
  type CacheServiceClient,
} from '../../src/cache-service/client.js'
import {
  createCacheServiceConnection,
  type CacheServiceConnectionOptions,
} from '../../src/cache-service/connection.js'
import { parseCacheConfig, toBuildRecords, type BuildRecord, type Layer } from './cache-config.js'
import { BlockBlobClient } from '@azure/storage-blob'
import { createCacheWriter, saveEntry, type CacheWriter } from '../../src/cache-service/writer.js'
import { tokenScopes, writableScope, type TokenScope } from './token-scopes.js'

export interface GhaBackendOptions extends CacheServiceConnectionOptions {
  /**
   * The bytes to upload for a layer. Default: `size` deterministic bytes. A benchmark that runs a
   * GB-scale month uploads a few bytes instead and commits the layer's size (`declaredSizes`).
   */
  payload?: (layer: Layer) => Uint8Array
  /** Commit the layer's annotated size rather than the number of bytes uploaded. */
  commitDeclaredSize?: boolean
}

export interface LoadedIndex {
  /** The ref (token scope) whose index this is. */
  ref: string
  key: string
  records: BuildRecord[]
}

export interface GhaBackend {
  readonly scopes: readonly TokenScope[]
  /** The ref exports write to. */
  readonly writeRef: string
  /** Loads the newest index of `scope` in every ref of the token, in the token's order (gha.go `importer.Resolve`). */
  loadIndexes(scope: string): Promise<LoadedIndex[]>
  /** `Info`/`Load` of a blob: a lookup that refreshes its last access; true when it resolves. */
  blobExists(blob: string): Promise<boolean>
  /** Reserves, uploads and commits a layer blob (call blobExists first, as gha.go does); 'exists' when the reserve answers 409, which gha.go treats as success. */
  saveBlob(layer: Layer, data?: Uint8Array): Promise<'uploaded' | 'exists'>
  /** Writes the next index generation with go-actions-cache's `SaveMutable`; returns its key. */
  saveIndex(scope: string, document: string): Promise<string>
}

/** go-actions-cache `SaveMutable`: after a 409, re-read for up to 15 s in 2 s steps, then skip ahead. */
const FORCE_TIMEOUT_MS = 15_000
const CONFLICT_BACKOFF_MS = 2_000

function defaultPayload(layer: Layer): Uint8Array {
  const seed = Buffer.from(layer.blob)
  const data = Buffer.alloc(layer.size)
  for (let i = 0; i < data.length; i += seed.length) seed.copy(data, i)
  return data
}

/** go-actions-cache's Azure upload: 1 MiB blocks, one Put Blob below that (cache_v2.go `UploadStream` defaults). */
const AZURE_BLOCK_SIZE = 1024 * 1024

async function uploadInBlocks(url: string, data: Uint8Array): Promise<void> {
  await new BlockBlobClient(url).uploadData(data, {
    blockSize: AZURE_BLOCK_SIZE,
    maxSingleShotSize: AZURE_BLOCK_SIZE - 1,
    concurrency: 1,
  })
}

export function createGhaBackend(options: GhaBackendOptions): GhaBackend {
  const connection = createCacheServiceConnection({
    userAgent: 'buildkit/v0.24.0-format-exporter',
    ...options,
  })
  const client: CacheServiceClient = createCacheServiceClient({
    userAgent: 'buildkit/v0.24.0-format-exporter',
    ...options,
  })
  const writer: CacheWriter = createCacheWriter(connection, { putBlob: uploadInBlocks })
  const scopes = tokenScopes(options.token)
  const writeRef = writableScope(scopes)
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const payload = options.payload ?? defaultPayload

  return {
    scopes,
    writeRef,

    async loadIndexes(scope) {
      const loaded: LoadedIndex[] = []
      for (const { scope: ref } of scopes) {
        const match = await client.lookup(indexKeyBase(scope, ref))
        if (!match) continue
        const document = (await client.download(match.downloadUrl)).toString('utf8')
        loaded.push({
          ref,
          key: match.matchedKey,
          records: toBuildRecords(parseCacheConfig(document)),
        })
      }
      return loaded
    },

    async blobExists(blob) {
      return (await client.lookup(blobKey(blob))) !== null
    },

    async saveBlob(layer, data) {
      const bytes = data ?? payload(layer)
      const saved = await saveEntry(
        writer,
        blobKey(layer.blob),
        bytes,
        options.commitDeclaredSize ? layer.size : bytes.length,
      )
      return saved ? 'uploaded' : 'exists'
    },

    async saveIndex(scope, document) {
      const base = indexKeyBase(scope, writeRef)
      const data = Buffer.from(document, 'utf8')
      let blocked = 0
      attempt: for (;;) {
        const current = await client.lookup(`${base}#`)
        if (current) {
          // Re-read: another writer may have moved on while we looked (cache.go SaveMutable).
          const again = await client.lookup(`${base}#`)
          if (!again || again.matchedKey !== current.matchedKey) continue
        }
        let generation = 0
        if (current) {
          const suffix = current.matchedKey.slice(base.length + 1)
          if (suffix === '') throw new Error(`corrupt empty index for ${base}`)
          generation = Number(suffix)
          if (!Number.isSafeInteger(generation))
            throw new Error(`failed to parse ${current.matchedKey} index`)
        }
        for (;;) {
          generation++
          const key = `${base}#${generation}`
          const reservation = await writer.reserve(key)
          if (reservation) {
            await writer.upload(reservation, data)
            await writer.commit(reservation, data.length)
            return key
          }
          if (blocked <= FORCE_TIMEOUT_MS) {
            blocked += CONFLICT_BACKOFF_MS
            await sleep(CONFLICT_BACKOFF_MS)
            continue attempt
          }
          // Still taken after the timeout: assume its writer crashed and skip to the next number.
        }
      }
    },
  }
}
