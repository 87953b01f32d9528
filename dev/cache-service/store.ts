/**
 * The cache's bookkeeping, with GitHub's rules: identity, immutability, lookup order,
 * last-access updates, listing, and eviction. Pure: time comes in as an argument and blobs
 * are somebody else's business (removed entries are returned so the caller can delete them).
 */

export interface StoredEntry {
  id: number
  key: string
  version: string
  /** The ref scope the entry was written to (the token's writable scope). */
  ref: string
  sizeBytes: number
  createdAt: number
  lastAccessedAt: number
  /** False while reserved: invisible to lookups and listings, yet it blocks a second reserve. */
  committed: boolean
}

export const LIST_SORTS = ['created_at', 'last_accessed_at', 'size_in_bytes'] as const
export type ListSort = (typeof LIST_SORTS)[number]
export const LIST_DIRECTIONS = ['asc', 'desc'] as const
export type ListDirection = (typeof LIST_DIRECTIONS)[number]

export interface ListQuery {
  /** A key prefix, as the REST API's `key` parameter. */
  key?: string
  /** An exact ref. */
  ref?: string
  sort: ListSort
  direction: ListDirection
}

export interface StorePolicy {
  limitBytes: number
  unusedExpiryMs: number
  /** How long a reservation may stay uncommitted before a sweep drops it. */
  reservationTimeoutMs: number
}

export interface EvictionReport {
  at: number
  limitBytes: number
  /** Committed bytes before the run. */
  bytesBefore: number
  bytesAfter: number
  /** Not accessed for `unusedExpiryMs`. */
  expired: StoredEntry[]
  /** Least recently accessed first, removed while the repository was over its limit. */
  evicted: StoredEntry[]
  /** Reservations never committed within `reservationTimeoutMs`. */
  abandoned: StoredEntry[]
}

const SORT_FIELD: Record<ListSort, 'createdAt' | 'lastAccessedAt' | 'sizeBytes'> = {
  created_at: 'createdAt',
  last_accessed_at: 'lastAccessedAt',
  size_in_bytes: 'sizeBytes',
}

export class CacheStore {
  #policy: StorePolicy
  #nextId = 1
  readonly #byId = new Map<number, StoredEntry>()
  readonly #byRef = new Map<string, Map<string, StoredEntry>>()
  #committedBytes = 0
  #committedCount = 0
  /**
   * Sorted listings are kept between pages (a pruner pages through tens of thousands of
   * entries) until a change could reorder them: an entry committed or removed, or, for the
   * last-access order only, a hit. Rows are the live entries, so values are always current.
   */
  #membership = 0
  /** Commits only: with removals alone since a listing was sorted, filtering it keeps its order. */
  #additions = 0
  #accesses = 0
  #listCache = new Map<
    string,
    { membership: number; additions: number; accesses: number; rows: StoredEntry[] }
  >()

  constructor(policy: StorePolicy) {
    this.#policy = { ...policy }
  }

  get policy(): Readonly<StorePolicy> {
    return this.#policy
  }

  setLimitBytes(limitBytes: number): void {
    this.#policy = { ...this.#policy, limitBytes }
  }

  /** Reserves (ref, key, version); undefined when that identity already exists in any state. */
  reserve(ref: string, key: string, version: string, now: number): StoredEntry | undefined {
    const scope = this.#scope(ref)
    const identity = identityOf(key, version)
    if (scope.has(identity)) return undefined
    const entry: StoredEntry = {
      id: this.#nextId++,
      key,
      version,
      ref,
      sizeBytes: 0,
      createdAt: now,
      lastAccessedAt: now,
      committed: false,
    }
    scope.set(identity, entry)
    this.#byId.set(entry.id, entry)
    return { ...entry }
  }

  /** Makes a reservation visible with its final size. */
  commit(id: number, sizeBytes: number): StoredEntry {
    const entry = this.#byId.get(id)
    if (!entry) throw new Error(`no cache entry with id ${id}`)
    if (entry.committed) throw new Error(`cache entry ${id} is already committed`)
    entry.committed = true
    entry.sizeBytes = sizeBytes
    this.#committedBytes += sizeBytes
    this.#committedCount++
    this.#membership++
    this.#additions++
    return { ...entry }
  }

  /** Inserts an already committed entry (seeding simulations); undefined if the identity exists. */
  insert(e: Omit<StoredEntry, 'id' | 'committed'>): StoredEntry | undefined {
    const reserved = this.reserve(e.ref, e.key, e.version, e.createdAt)
    if (!reserved) return undefined
    this.commit(reserved.id, e.sizeBytes)
    this.#byId.get(reserved.id)!.lastAccessedAt = e.lastAccessedAt
    return this.get(reserved.id)
  }

  get(id: number): StoredEntry | undefined {
    const entry = this.#byId.get(id)
    return entry && { ...entry }
  }

  find(ref: string, key: string, version: string): StoredEntry | undefined {
    const entry = this.#byRef.get(ref)?.get(identityOf(key, version))
    return entry && { ...entry }
  }

  /**
   * GitHub's cache key matching: in each readable ref in turn, every key (the primary key,
   * then the restore keys) is tried as an exact match and then as a prefix, where the most
   * recently created entry wins. A hit counts as an access.
   */
  lookup(
    refs: readonly string[],
    keys: readonly string[],
    version: string,
    now: number,
  ): StoredEntry | undefined {
    for (const ref of refs) {
      const scope = this.#byRef.get(ref)
      if (!scope) continue
      for (const key of keys) {
        const hit = matchIn(scope, key, version)
        if (hit) {
          hit.lastAccessedAt = now
          this.#accesses++
          return { ...hit }
        }
      }
    }
    return undefined
  }

  remove(id: number): StoredEntry | undefined {
    const entry = this.#byId.get(id)
    if (!entry) return undefined
    this.#byId.delete(id)
    const scope = this.#byRef.get(entry.ref)!
    scope.delete(identityOf(entry.key, entry.version))
    if (scope.size === 0) this.#byRef.delete(entry.ref)
    if (entry.committed) {
      this.#committedBytes -= entry.sizeBytes
      this.#committedCount--
      this.#membership++
    }
    return { ...entry }
  }

  /** Every committed entry whose key is exactly `key` (in `ref` only, when given). */
  removeByKey(key: string, ref?: string): StoredEntry[] {
    const doomed = [...this.#byId.values()].filter(
      (e) => e.committed && e.key === key && (ref === undefined || e.ref === ref),
    )
    return doomed.map((e) => this.remove(e.id)!)
  }

  /**
   * Committed entries matching the query, sorted; ties go by id in the same direction. The
   * rows are the store's own (read-only to callers): copy what you keep.
   */
  list(q: ListQuery): ReadonlyArray<Readonly<StoredEntry>> {
    const cacheKey = JSON.stringify([q.key, q.ref, q.sort, q.direction])
    const accesses = q.sort === 'last_accessed_at' ? this.#accesses : 0
    const cached = this.#listCache.get(cacheKey)
    if (cached && cached.membership === this.#membership && cached.accesses === accesses)
      return cached.rows
    // Only entries removed since (a pruner deleting between two listings): the same order, less them.
    if (cached && cached.additions === this.#additions && cached.accesses === accesses) {
      const rows = cached.rows.filter((e) => this.#byId.get(e.id)?.committed)
      this.#listCache.set(cacheKey, { ...cached, membership: this.#membership, rows })
      return rows
    }
    const field = SORT_FIELD[q.sort]
    const sign = q.direction === 'asc' ? 1 : -1
    const rows = [...this.#byId.values()]
      .filter(
        (e) =>
          e.committed &&
          (q.key === undefined || e.key.startsWith(q.key)) &&
          (q.ref === undefined || e.ref === q.ref),
      )
      .sort((a, b) => sign * (a[field] - b[field] || a.id - b.id))
    if (this.#listCache.size > 64) this.#listCache.clear()
    this.#listCache.set(cacheKey, {
      membership: this.#membership,
      additions: this.#additions,
      accesses,
      rows,
    })
    return rows
  }

  usage(): { count: number; bytes: number } {
    return { count: this.#committedCount, bytes: this.#committedBytes }
  }

  all(): StoredEntry[] {
    return [...this.#byId.values()].map((e) => ({ ...e }))
  }

  /**
   * One scheduled pass, as GitHub runs it: drop stale reservations, expire entries unused for
   * `unusedExpiryMs`, then evict least recently accessed entries until the repository is
   * within its limit ("in order of last access date, from oldest to most recent").
   */
  evict(now: number): EvictionReport {
    const { limitBytes, unusedExpiryMs, reservationTimeoutMs } = this.#policy
    const bytesBefore = this.#committedBytes
    const entries = [...this.#byId.values()]
    const abandoned = entries
      .filter((e) => !e.committed && now - e.createdAt >= reservationTimeoutMs)
      .map((e) => this.remove(e.id)!)
    const expired = entries
      .filter((e) => e.committed && now - e.lastAccessedAt >= unusedExpiryMs)
      .map((e) => this.remove(e.id)!)
    const evicted: StoredEntry[] = []
    if (this.#committedBytes > limitBytes) {
      const lru = [...this.#byId.values()]
        .filter((e) => e.committed)
        .sort(
          (a, b) => a.lastAccessedAt - b.lastAccessedAt || a.createdAt - b.createdAt || a.id - b.id,
        )
      for (const e of lru) {
        if (this.#committedBytes <= limitBytes) break
        evicted.push(this.remove(e.id)!)
      }
    }
    return {
      at: now,
      limitBytes,
      bytesBefore,
      bytesAfter: this.#committedBytes,
      expired,
      evicted,
      abandoned,
    }
  }

  #scope(ref: string): Map<string, StoredEntry> {
    let scope = this.#byRef.get(ref)
    if (!scope) {
      scope = new Map()
      this.#byRef.set(ref, scope)
    }
    return scope
  }
}

function identityOf(key: string, version: string): string {
  return `${version}\n${key}`
}

function matchIn(
  scope: Map<string, StoredEntry>,
  key: string,
  version: string,
): StoredEntry | undefined {
  const exact = scope.get(identityOf(key, version))
  if (exact?.committed) return exact
  let newest: StoredEntry | undefined
  for (const e of scope.values()) {
    if (!e.committed || e.version !== version || !e.key.startsWith(key)) continue
    if (
      !newest ||
      e.createdAt > newest.createdAt ||
      (e.createdAt === newest.createdAt && e.id > newest.id)
    ) {
      newest = e
    }
  }
  return newest
}
