/**
 * Test helpers: cache entries written the way BuildKit names them, with labels, and a default
 * policy. Shared by the planner's table tests and the property tests.
 */
import { BUILDKIT_CACHE_VERSION, blobKey, indexKey, indexKeyBase } from '../../src/buildkit/keys.js'
import type { CacheEntry } from '../../src/github/caches.js'
import type { IndexRead } from '../../src/prune/analysis.js'
import type { PrunePolicy } from '../../src/prune/planner.js'
import { HOUR, DAY, MAIN } from '../helpers/constants.js'
export { MINUTE, HOUR, DAY, MAIN } from '../helpers/constants.js'

export const NOW = Date.parse('2026-03-01T12:00:00Z')
export const FEATURE = 'refs/heads/feature'
export const PR7 = 'refs/pull/7/merge'
export const LOCAL_PREFIX = 'buildkit-cache-action-local-'

export const digest = (name: string) =>
  `sha256:${Buffer.from(name).toString('hex').padEnd(64, '0').slice(0, 64)}`

export interface Times {
  /** Age at creation, relative to NOW. */
  age?: number
  /** Time since last access; defaults to the age. */
  idle?: number
  size?: number
}

export class World {
  private nextId = 1
  readonly entries: CacheEntry[] = []
  readonly labels = new Map<string, CacheEntry>()
  readonly reads = new Map<number, IndexRead>()

  private add(label: string, ref: string, key: string, version: string, t: Times): CacheEntry {
    const age = t.age ?? 10 * DAY
    const entry: CacheEntry = {
      id: this.nextId++,
      ref,
      key,
      version,
      createdAt: NOW - age,
      lastAccessedAt: NOW - (t.idle ?? age),
      sizeInBytes: t.size ?? 100,
    }
    this.entries.push(entry)
    this.labels.set(label, entry)
    return entry
  }

  /** An index generation; `blobs` are the blob names it references (read if given). */
  index(
    label: string,
    ref: string,
    scope: string,
    generation: number,
    blobs: string[] | 'failed-read' | undefined,
    t: Times = {},
    signed = false,
  ): CacheEntry {
    const key = indexKey(indexKeyBase(scope, ref, signed), generation)
    const entry = this.add(label, ref, key, BUILDKIT_CACHE_VERSION, { size: 2, ...t })
    if (blobs === 'failed-read') this.reads.set(entry.id, { ok: false, error: 'HTTP 500' })
    else if (blobs !== undefined) {
      this.reads.set(entry.id, { ok: true, blobKeys: blobs.map((b) => blobKey(digest(b))) })
    }
    return entry
  }

  blob(label: string, ref: string, name: string, t: Times = {}): CacheEntry {
    return this.add(label, ref, blobKey(digest(name)), BUILDKIT_CACHE_VERSION, t)
  }

  /** A raw entry: any key and version. */
  other(label: string, ref: string, key: string, version: string, t: Times = {}): CacheEntry {
    return this.add(label, ref, key, version, t)
  }

  id(label: string): number {
    const entry = this.labels.get(label)
    if (!entry) throw new Error(`no entry ${label}`)
    return entry.id
  }

  label(id: number): string {
    for (const [label, entry] of this.labels) if (entry.id === id) return label
    throw new Error(`no entry ${id}`)
  }
}

export function policy(overrides: Partial<PrunePolicy> = {}): PrunePolicy {
  return {
    graceMs: HOUR,
    orphanAgeMs: 2 * DAY,
    limitBytes: 10_000,
    targetBytes: 9_000,
    protectDefaultBranch: true,
    defaultRef: MAIN,
    readableRefs: [MAIN],
    pruneRefs: [MAIN],
    evidenceRefs: [],
    dropRefs: [],
    refStates: new Map(),
    ownKeyPrefixes: [LOCAL_PREFIX],
    exportsLookUpLayers: true,
    ...overrides,
  }
}

/** A fake API's error classifiers: nothing is a refusal or a rate limit; an error is its message. */
export const plainErrors = {
  isPermissionDenied: (_error: unknown) => false,
  isRateLimited: (_error: unknown) => false,
  describeError: (error: unknown) => (error instanceof Error ? error.message : String(error)),
}
