/**
 * The live set of the cache-effectiveness benchmark: the newest index each open (ref, scope)
 * exported and the blobs it references. Two sizes: each blob counted once whoever holds it (the
 * goal's measure), and the stored entries the live indexes resolve to, each ref's own copy first,
 * then the default branch's (what the live indexes actually use: a pull request that built a
 * layer before the default branch did keeps its own copy, and so does every such pull request).
 */
import {
  marshalCacheConfig,
  toCacheConfig,
  type BuildRecord,
} from '../dev/buildkit/cache-config.js'
import { blobKey } from '../src/buildkit/keys.js'

/** A stored cache entry, as far as resolving keys needs it. */
export interface StoredEntry {
  id: number
  ref: string
  key: string
  sizeBytes: number
}

export class LiveSet {
  private readonly indexes = new Map<
    string,
    { ref: string; blobs: Map<string, number>; indexBytes: number }
  >()

  constructor(private readonly defaultRef: string) {}

  record(ref: string, scope: string, exported: readonly BuildRecord[]): void {
    const blobs = new Map<string, number>()
    for (const r of exported) for (const l of r.result?.chain ?? []) blobs.set(l.blob, l.size)
    this.indexes.set(`${ref} ${scope}`, {
      ref,
      blobs,
      indexBytes: marshalCacheConfig(toCacheConfig(exported)).length,
    })
  }

  dropRef(ref: string): void {
    for (const [key, value] of this.indexes) if (value.ref === ref) this.indexes.delete(key)
  }

  /** Blob digests the live indexes reference, by the ref of the index. */
  blobsByRef(): Map<string, Set<string>> {
    const byRef = new Map<string, Set<string>>()
    for (const index of this.indexes.values()) {
      const blobs = byRef.get(index.ref) ?? new Set<string>()
      for (const blob of index.blobs.keys()) blobs.add(blob)
      byRef.set(index.ref, blobs)
    }
    return byRef
  }

  /** Index bytes plus each referenced blob once, whoever holds it. */
  bytes(): number {
    const distinct = new Map<string, number>()
    let total = 0
    for (const index of this.indexes.values()) {
      total += index.indexBytes
      for (const [blob, size] of index.blobs) distinct.set(blob, size)
    }
    for (const size of distinct.values()) total += size
    return total
  }

  /**
   * The stored entries the live indexes resolve to: the index's own ref first, then the default
   * branch (what an import finds). A blob stored nowhere they can read resolves to nothing.
   */
  resolve(stored: readonly StoredEntry[]): Map<number, StoredEntry> {
    const byRefKey = new Map(stored.map((e) => [`${e.ref}\n${e.key}`, e]))
    const used = new Map<number, StoredEntry>()
    for (const index of this.indexes.values()) {
      for (const blob of index.blobs.keys()) {
        const key = blobKey(blob)
        const entry =
          byRefKey.get(`${index.ref}\n${key}`) ?? byRefKey.get(`${this.defaultRef}\n${key}`)
        if (entry) used.set(entry.id, entry)
      }
    }
    return used
  }

  /** Index bytes plus the entries the live indexes resolve to, each once. */
  resolvedBytes(stored: readonly StoredEntry[]): number {
    let total = 0
    for (const index of this.indexes.values()) total += index.indexBytes
    for (const entry of this.resolve(stored).values()) total += entry.sizeBytes
    return total
  }
}
