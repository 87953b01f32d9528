/**
 * Reads live index generations through the cache service (the runtime token is the only way to
 * their contents: the REST API lists entries but cannot download them). Each read is an exact
 * lookup plus a download; anything short of the exact entry's bytes, parsed, counts as a failed read,
 * which makes the planner keep whatever the index might reference.
 */
import { forEachLimited, REQUEST_CONCURRENCY } from '../concurrency.js'
import { IndexDocumentError, referencedBlobKeys } from '../buildkit/index-document.js'
import { parseKey } from '../buildkit/keys.js'
import type { CacheEntry } from '../github/caches.js'
import { TOO_LARGE } from '../cache-service/transport.js'
import type { IndexRead } from './analysis.js'

/** The part of the cache-service client (src/cache-service) that reading indexes needs. */
export interface IndexSource {
  lookup(key: string): Promise<{ matchedKey: string; downloadUrl: string } | null>
  /** Fails, without reading on, once the body is over `maxBytes` (client.ts `too_large`). */
  download(url: string, maxBytes?: number): Promise<Uint8Array>
}

/**
 * The most bytes read of one index document (rule 12): BuildKit's largest are a few MiB (a few
 * hundred bytes a layer and a record), and a document is parsed whole, so a far larger one is
 * a failed read instead of a risk to the step's memory.
 */
export const MAX_INDEX_BYTES = 16 * 1024 * 1024

export interface ReadStats {
  lookups: number
  downloads: number
}

function tooLarge(bytes?: number): IndexRead {
  const size = bytes === undefined ? 'more than' : `${bytes} bytes,`
  return {
    ok: false,
    cause: 'too-large',
    error: `the document holds ${size} over the ${MAX_INDEX_BYTES} bytes read of an index`,
  }
}

async function readOne(
  source: IndexSource,
  entry: CacheEntry,
  stats: ReadStats,
): Promise<IndexRead> {
  const key = parseKey(entry.key)
  if (key.kind !== 'index') {
    return { ok: false, cause: 'failed', error: `${entry.key} is not an index key` }
  }
  try {
    stats.lookups++
    const match = await source.lookup(entry.key)
    if (match === null) {
      return { ok: false, cause: 'failed', error: 'the cache service has no such entry' }
    }
    // An exact key wins over prefix matches, so another key means ours is gone: `#1` deleted
    // while `#10` exists would answer `#10`.
    if (match.matchedKey !== entry.key) {
      return {
        ok: false,
        cause: 'failed',
        error: `the cache service answered with ${match.matchedKey}`,
      }
    }
    stats.downloads++
    const bytes = await source.download(match.downloadUrl, MAX_INDEX_BYTES)
    if (bytes.length > MAX_INDEX_BYTES) return tooLarge(bytes.length)
    return { ok: true, blobKeys: referencedBlobKeys(bytes, key.signed) }
  } catch (error) {
    if (error instanceof IndexDocumentError) {
      return { ok: false, cause: 'layout', error: error.message }
    }
    if ((error as { code?: unknown }).code === TOO_LARGE) return tooLarge()
    return { ok: false, cause: 'failed', error: (error as Error).message }
  }
}

/** Reads each index with at most `concurrency` in flight; never throws. */
export async function readIndexes(
  source: IndexSource,
  entries: readonly CacheEntry[],
  concurrency = REQUEST_CONCURRENCY,
): Promise<{ reads: Map<number, IndexRead>; stats: ReadStats }> {
  const reads = new Map<number, IndexRead>()
  const stats: ReadStats = { lookups: 0, downloads: 0 }
  await forEachLimited(entries, concurrency, async (entry) => {
    reads.set(entry.id, await readOne(source, entry, stats))
  })
  return { reads, stats }
}
