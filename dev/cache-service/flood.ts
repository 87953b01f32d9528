/**
 * A flood: entries one ref writes at a steady rate for as long as the service runs, computed from
 * the clock instead of stored, so that a benchmark can hold the two million entries a pull
 * request writing 200 a minute keeps alive under a 7-day retention. Entry `i` is created at
 * `start + i × 60 s / perMinute`, never read again, and expires `retentionMs` after. It shows in
 * the REST listing (merged into the stored entries in the listing's order, with total_count and
 * pagination as for any other) and in the usage endpoint; GitHub's eviction above the limit does
 * not take it (its bytes are small beside a repository's layers), lookups in its ref do not find
 * it, and deleting one is refused (422) and counted (no model of a flood with holes).
 */
import { indexKey, indexKeyBase } from '../../src/buildkit/keys.js'
import type { ListDirection, ListSort, StoredEntry } from './store.js'

export interface FloodSpec {
  /** The ref it writes in (`refs/pull/<n>/merge`). */
  ref: string
  /** Entry `i`'s key is the BuildKit index key of scope `${scopePrefix}${i}`, generation 1. */
  scopePrefix: string
  version: string
  /** When entry 0 was created (ms). */
  start: number
  perMinute: number
  sizeBytes: number
  /** An entry unused this long is gone (GitHub's retention). */
  retentionMs: number
}

/** Flood entries' ids start here, above any the store gives. */
export const FLOOD_ID_BASE = 1e12

export class Flood {
  readonly #stepMs: number
  readonly #keyPrefix: string
  /** Deletes asked of flood entries (refused). */
  refusedDeletes = 0

  constructor(readonly spec: FloodSpec) {
    this.#stepMs = 60_000 / spec.perMinute
    this.#keyPrefix = `index-${spec.scopePrefix}`
  }

  #createdAt(i: number): number {
    return Math.floor(this.spec.start + i * this.#stepMs)
  }

  /** Entries `[lo, hi)` are alive at `now`. */
  range(now: number): [number, number] {
    const { start, retentionMs } = this.spec
    const hi = now < start ? 0 : Math.floor((now - start) / this.#stepMs) + 1
    const expired = now - retentionMs < start ? 0 : this.#firstAtOrAfter(now - retentionMs + 1)
    return [Math.min(expired, hi), hi]
  }

  /** The first i created at or after `t`. */
  #firstAtOrAfter(t: number): number {
    let i = Math.max(0, Math.ceil((t - this.spec.start) / this.#stepMs) - 1)
    while (this.#createdAt(i) < t) i++
    return i
  }

  entry(i: number): StoredEntry {
    const createdAt = this.#createdAt(i)
    return {
      id: FLOOD_ID_BASE + i,
      ref: this.spec.ref,
      key: indexKey(indexKeyBase(`${this.spec.scopePrefix}${i}`, this.spec.ref), 1),
      version: this.spec.version,
      createdAt,
      lastAccessedAt: createdAt,
      sizeBytes: this.spec.sizeBytes,
      committed: true,
    }
  }

  isFloodId(id: number): boolean {
    return id >= FLOOD_ID_BASE
  }

  /** Whether a listing filtered so holds the flood's entries (all or none of them). */
  matches(q: { key?: string | undefined; ref?: string | undefined }): boolean {
    if (q.ref !== undefined && q.ref !== this.spec.ref) return false
    if (q.key === undefined || this.#keyPrefix.startsWith(q.key)) return true
    if (q.key.startsWith(this.#keyPrefix))
      throw new Error(`the flood does not model listing its entries by key (${q.key})`)
    return false
  }

  usage(now: number): { count: number; bytes: number } {
    const [lo, hi] = this.range(now)
    return { count: hi - lo, bytes: (hi - lo) * this.spec.sizeBytes }
  }

  /**
   * Rows `[from, to)` of the listing that merges the stored `rows` (already in the listing's
   * order, ties by id) with the flood's live entries, and the merged total. The flood's ids are
   * larger than any stored one, so on equal times its entries come after stored ones when
   * ascending and before them when descending, as the store orders ties.
   */
  page(
    rows: ReadonlyArray<Readonly<StoredEntry>>,
    sort: ListSort,
    direction: ListDirection,
    now: number,
    from: number,
    to: number,
  ): { total: number; items: StoredEntry[] } {
    const field =
      sort === 'created_at'
        ? 'createdAt'
        : sort === 'last_accessed_at'
          ? 'lastAccessedAt'
          : 'sizeBytes'
    const [lo, hi] = this.range(now)
    const count = hi - lo
    const asc = direction === 'asc'
    // The flood's k-th entry in listing order, and how many of its entries precede a stored row.
    const nth = (k: number) => (asc ? lo + k : hi - 1 - k)
    const size = this.spec.sizeBytes
    const before = (t: number) => {
      // One size for all: all of them precede a row, or none (ties as the store orders them).
      if (field === 'sizeBytes') return (asc ? size < t : size >= t) ? count : 0
      const older = Math.min(hi, Math.max(lo, this.#firstAtOrAfter(t))) - lo
      return asc ? older : count - older
    }
    // Stored rows among the first `from` merged: row r sits at r + before(its time).
    let a = 0
    let b = rows.length
    while (a < b) {
      const mid = (a + b) >> 1
      if (mid + before(rows[mid][field]) < from) a = mid + 1
      else b = mid
    }
    let r = a
    let f = from - r
    const items: StoredEntry[] = []
    while (items.length < to - from && (r < rows.length || f < count)) {
      const flood = f < count ? this.entry(nth(f)) : undefined
      const stored = r < rows.length ? rows[r] : undefined
      const floodFirst =
        flood !== undefined &&
        (stored === undefined ||
          (asc ? flood[field] < stored[field] : flood[field] >= stored[field]))
      if (floodFirst) {
        items.push(flood)
        f++
      } else {
        items.push({ ...stored! })
        r++
      }
    }
    return { total: rows.length + count, items }
  }
}
