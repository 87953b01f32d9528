/**
 * What a cache listing says about BuildKit's entries before anything is decided (docs/pruning-rules.md):
 * which entries are BuildKit's or ours, which index generations are live, and which live,
 * readable indexes reference each blob entry. Pure: the clock and the index contents come in
 * as arguments.
 */
import { INDEX_KEY_PREFIX, isBuildKitVersion, parseKey } from '../buildkit/keys.js'
import type { CacheEntry } from '../github/caches.js'
import { NOTE_KEY_PREFIX, parseNote } from './budget-note.js'
import { MARKER_KEY_PREFIX, MARKER_VERSION, type Marker, parseMarker } from './marker.js'
import { canRead } from '../refs.js'

export type EntryKind = 'blob' | 'index' | 'local' | 'marker' | 'note' | 'foreign'

export interface Classified {
  entry: CacheEntry
  kind: EntryKind
  /**
   * BuildKit's scope attribute for an index; for our saved generations (`type=local`, a cache
   * mount) their series, the key up to its `#` (one budget group each); undefined otherwise.
   */
  scope?: string
  /** The series of index generations that replace one another: `ref` + the key before `#`. */
  series?: string
  generation?: number
  signed?: boolean
  /** For a marker: what it declares (marker.ts). */
  marker?: Marker
  /** For a budget note: until when it asks post steps to back off (budget-note.ts). */
  until?: number
  /**
   * BuildKit's version (or a marker's) on a key this code cannot parse: a newer BuildKit or action
   * may have written it. Never deleted; a BuildKit one counts as a failed read (rule 4).
   */
  unknownLayout?: true
}

/**
 * An index generation's standing: the newest of its series, superseded within prune-grace (an
 * import may still be reading it), or superseded for longer. The first two are live.
 */
export type Generation = 'newest' | 'recently-superseded' | 'superseded'

/**
 * What reading a live index gave: the blob keys it references, or why it could not be read: a
 * layout this code does not know, a document over the bytes read of one, or any other failure.
 */
export type IndexRead =
  | { ok: true; blobKeys: readonly string[] }
  | { ok: false; error: string; cause?: 'layout' | 'too-large' | 'failed' }

export interface AnalysisPolicy {
  graceMs: number
  defaultRef: string
  /** Refs whose indexes this job's runtime token can read. */
  readableRefs: readonly string[]
  /** Key prefixes of our own `type=local` entries. */
  ownKeyPrefixes: readonly string[]
}

export interface Analysis {
  now: number
  policy: AnalysisPolicy
  entries: Classified[]
  byId: ReadonlyMap<number, Classified>
  generation: ReadonlyMap<number, Generation>
  /** Live indexes in readable refs, and what reading each gave (absent: not read). */
  reads: ReadonlyMap<number, IndexRead | undefined>
  /** Blob entries by key, in every listed ref. */
  blobsByKey: ReadonlyMap<string, readonly Classified[]>
  /** Blob entry id → ids of the live, readable indexes that reference it from a ref that sees it. */
  referencers: ReadonlyMap<number, readonly number[]>
  /**
   * Live indexes in readable refs that could not be read, and entries with BuildKit's version on a
   * key this code cannot parse in those refs: they may reference anything they see (rule 4).
   */
  failedReads: readonly Classified[]
  /** Entries with BuildKit's or a marker's version on a key this code cannot parse (rule 4). */
  unknown: readonly Classified[]
  /**
   * Live index generations in refs this job cannot read (their contents are unknown to it), from
   * a whole listing or the repository's `index-` listing, and entries there with BuildKit's
   * version on a key this code cannot parse (judged like them, rule 4); undefined when neither
   * listing was available.
   */
  outOfReach?: readonly Classified[]
  /**
   * What index entries reference, by index entry id, as markers of their own ref declare it
   * (marker.ts): a blob key the function rejects is certainly not among them.
   */
  declared: ReadonlyMap<number, (blobKey: string) => boolean>
}

/**
 * Each entry's classification, made once: a run's phases (live indexes, stale refs, the plan)
 * all ask, and the answer depends only on the key, the version and the run's own key prefixes.
 */
const classifications = new WeakMap<CacheEntry, { prefixes: readonly string[]; c: Classified }>()

export function classify(entry: CacheEntry, ownKeyPrefixes: readonly string[]): Classified {
  const known = classifications.get(entry)
  if (known?.prefixes === ownKeyPrefixes) return known.c
  const c = classifyKey(entry, ownKeyPrefixes)
  classifications.set(entry, { prefixes: ownKeyPrefixes, c })
  return c
}

function classifyKey(entry: CacheEntry, ownKeyPrefixes: readonly string[]): Classified {
  if (ownKeyPrefixes.some((prefix) => prefix !== '' && entry.key.startsWith(prefix))) {
    const hash = entry.key.indexOf('#')
    return { entry, kind: 'local', scope: hash < 0 ? entry.key : entry.key.slice(0, hash + 1) }
  }
  if (entry.key.startsWith(NOTE_KEY_PREFIX)) {
    if (entry.version !== MARKER_VERSION) return { entry, kind: 'foreign' }
    const until = parseNote(entry.key)
    return until === undefined
      ? { entry, kind: 'foreign', unknownLayout: true }
      : { entry, kind: 'note', until }
  }
  if (entry.key.startsWith(MARKER_KEY_PREFIX)) {
    if (entry.version !== MARKER_VERSION) return { entry, kind: 'foreign' }
    const marker = parseMarker(entry.key)
    return marker
      ? { entry, kind: 'marker', marker }
      : { entry, kind: 'foreign', unknownLayout: true }
  }
  if (!isBuildKitVersion(entry.version)) return { entry, kind: 'foreign' }
  const key = parseKey(entry.key)
  if (key.kind === 'blob') return { entry, kind: 'blob' }
  if (key.kind === 'index') {
    return {
      entry,
      kind: 'index',
      scope: key.scope,
      series: `${entry.ref}\n${key.base}`,
      generation: key.generation,
      signed: key.signed,
    }
  }
  // BuildKit's version on a key this code cannot parse: a newer BuildKit may have changed its key
  // layout. Never ours to delete, and it may reference anything its ref sees (rule 4).
  return { entry, kind: 'foreign', unknownLayout: true }
}

/** Latest time anybody created or touched the entry. */
export function lastUsed(entry: CacheEntry): number {
  return Math.max(entry.createdAt, entry.lastAccessedAt)
}

/**
 * Orders two generations of one series as importers see them: the prefix lookup returns the newest
 * created entry, so by created_at, then by the number after `#`, then by id.
 */
export function byGeneration(a: Classified, b: Classified): number {
  return (
    a.entry.createdAt - b.entry.createdAt ||
    (a.generation ?? 0) - (b.generation ?? 0) ||
    a.entry.id - b.entry.id
  )
}

/**
 * Sorts each series' generations as importers see them: the prefix lookup returns the newest
 * created entry, so order by created_at, then by the number after `#` (docs/buildkit-gha-format.md §2).
 * A generation is superseded when its successor was created.
 */
export function generations(
  entries: readonly Classified[],
  now: number,
  graceMs: number,
): Map<number, Generation> {
  const series = new Map<string, Classified[]>()
  for (const c of entries) {
    if (c.kind !== 'index' || c.series === undefined) continue
    const list = series.get(c.series) ?? []
    list.push(c)
    series.set(c.series, list)
  }
  const result = new Map<number, Generation>()
  for (const list of series.values()) {
    list.sort(byGeneration)
    list.forEach((c, i) => {
      const successor = list[i + 1]
      if (successor === undefined) result.set(c.entry.id, 'newest')
      else if (now - successor.entry.createdAt < graceMs)
        result.set(c.entry.id, 'recently-superseded')
      else result.set(c.entry.id, 'superseded')
    })
  }
  return result
}

/** Live generations (newest or recently superseded) in refs the token can read. */
export function liveReadableIndexes(
  entries: readonly CacheEntry[],
  policy: AnalysisPolicy,
  now: number,
): CacheEntry[] {
  const classified = entries.map((e) => classify(e, policy.ownKeyPrefixes))
  const generation = generations(classified, now, policy.graceMs)
  const readable = new Set(policy.readableRefs)
  return classified
    .filter((c) => readable.has(c.entry.ref) && isLive(generation.get(c.entry.id)))
    .map((c) => c.entry)
}

export function isLive(generation: Generation | undefined): boolean {
  return generation === 'newest' || generation === 'recently-superseded'
}

/**
 * Rule 5: whether the export that wrote `index` could have used the blob entry `blob`, judged from
 * their times alone. BuildKit's exporter looks up every layer of the index it writes, one after the
 * other, and only then writes the index (docs/buildkit-gha-format.md §3, §4); a lookup
 * that finds an entry refreshes its `last_accessed_at`, and a layer it does not find it uploads.
 * So an index uses an entry only if the entry existed before the index was written and was used
 * during that export, which lasts less than `windowMs` (prune-grace).
 *
 * In the index's own ref one more case exists: two exports racing for a new layer. The loser's
 * lookup misses the winner's reservation, its reserve gets 409 "already exists", and its index
 * references the winner's entry without having touched it (docs/buildkit-gha-format.md §4). That entry was
 * reserved during the winner's export, at most one more export earlier, and (were `created_at`
 * taken at commit) committed at most one export later. Another ref's entry is only ever found.
 *
 * A listing is not one instant: an index written after the listing began (`listedFrom`) may
 * have looked the entry up after the listing read it, so the entry's last use as listed proves
 * nothing about that index; only that the entry existed before it does.
 */
export function couldReference(
  index: CacheEntry,
  blob: CacheEntry,
  windowMs: number,
  listedFrom = Infinity,
  /** False when exports may skip their lookups (ghtoken): then only the first test holds. */
  lookups = true,
): boolean {
  const race = index.ref === blob.ref ? windowMs : 0
  if (blob.createdAt > index.createdAt + race) return false
  if (!lookups) return true
  return index.createdAt >= listedFrom || lastUsed(blob) >= index.createdAt - windowMs - race
}

/**
 * The live generations among `indexes` in refs outside `readable`: what an index listing of the
 * repository says about the indexes this job cannot read.
 */
export function liveOutOfReachIndexes(
  indexes: readonly CacheEntry[],
  policy: AnalysisPolicy,
  now: number,
): Classified[] {
  const readable = new Set(policy.readableRefs)
  const unique = new Map<number, Classified>()
  for (const e of indexes) {
    if (readable.has(e.ref)) continue
    const c = classify(e, policy.ownKeyPrefixes)
    if (c.kind === 'index') unique.set(e.id, c)
  }
  const list = [...unique.values()]
  const generation = generations(list, now, policy.graceMs)
  return list.filter((c) => isLive(generation.get(c.entry.id)))
}

/**
 * Refs this job cannot read (and does not drop) with an index generation superseded longer than
 * prune-grace ago: each had an export after which nothing could judge what the export left
 * behind (the post step that follows an export must keep the generation it superseded).
 */
export function staleOutOfReachRefs(
  indexes: readonly CacheEntry[],
  policy: AnalysisPolicy & { dropRefs: readonly string[] },
  now: number,
): string[] {
  const skip = new Set([...policy.readableRefs, ...policy.dropRefs])
  const list = indexes
    .filter((e) => !skip.has(e.ref))
    .map((e) => classify(e, policy.ownKeyPrefixes))
    .filter((c) => c.kind === 'index')
  const generation = generations(list, now, policy.graceMs)
  const refs = new Set(
    list.filter((c) => generation.get(c.entry.id) === 'superseded').map((c) => c.entry.ref),
  )
  return [...refs].sort()
}

export function analyze(
  entries: readonly CacheEntry[],
  indexes: ReadonlyMap<number, IndexRead>,
  policy: AnalysisPolicy,
  now: number,
  /** Every index entry of the repository, when known (a whole listing, or the `index-` listing). */
  indexListing?: readonly CacheEntry[],
  /** The repository's markers, for a listing of some refs only (a whole listing holds them). */
  markerListing: readonly CacheEntry[] = [],
): Analysis {
  const classified = entries.map((e) => classify(e, policy.ownKeyPrefixes))
  const byId = new Map(classified.map((c) => [c.entry.id, c]))
  const generation = generations(classified, now, policy.graceMs)
  const readable = new Set(policy.readableRefs)

  const blobsByKey = new Map<string, Classified[]>()
  for (const c of classified) {
    if (c.kind !== 'blob') continue
    const list = blobsByKey.get(c.entry.key) ?? []
    list.push(c)
    blobsByKey.set(c.entry.key, list)
  }

  const reads = new Map<number, IndexRead | undefined>()
  const referencers = new Map<number, number[]>()
  const failedReads: Classified[] = []
  for (const c of classified) {
    if (c.kind !== 'index' || !readable.has(c.entry.ref) || !isLive(generation.get(c.entry.id))) {
      continue
    }
    const read = indexes.get(c.entry.id)
    reads.set(c.entry.id, read)
    if (read === undefined || !read.ok) {
      failedReads.push(c)
      continue
    }
    for (const key of read.blobKeys) {
      for (const blob of blobsByKey.get(key) ?? []) {
        if (!canRead(c.entry.ref, blob.entry.ref, policy.defaultRef)) continue
        const list = referencers.get(blob.entry.id) ?? []
        list.push(c.entry.id)
        referencers.set(blob.entry.id, list)
      }
    }
  }
  // Entries in a layout this code does not know, from the entries or the index listing, once each.
  const unknown = new Map<number, Classified>()
  for (const c of classified) if (c.unknownLayout) unknown.set(c.entry.id, c)
  for (const e of indexListing ?? []) {
    if (byId.has(e.id)) continue
    const c = classify(e, policy.ownKeyPrefixes)
    if (c.unknownLayout) unknown.set(e.id, c)
  }
  // Rule 4 in a readable ref; in a ref this job cannot read (a fork's pull request can write any
  // key there) such an entry is judged like an index of that ref, by times (rule 5): it may use
  // what existed when it was written, for as long as it is listed, and no more.
  const unknownOutOfReach: Classified[] = []
  for (const c of unknown.values()) {
    if (!isBuildKitVersion(c.entry.version)) continue
    if (readable.has(c.entry.ref)) failedReads.push(c)
    else unknownOutOfReach.push(c)
  }
  return {
    now,
    policy,
    unknown: [...unknown.values()],
    declared: declarations([...entries, ...markerListing], [...entries, ...(indexListing ?? [])]),
    entries: classified,
    byId,
    blobsByKey,
    generation,
    reads,
    referencers,
    failedReads,
    ...(indexListing
      ? { outOfReach: [...liveOutOfReachIndexes(indexListing, policy, now), ...unknownOutOfReach] }
      : {}),
  }
}

/**
 * What markers declare, by the id of the index entry each describes: only a marker in the same
 * ref as a listed index with that id counts (a job writes markers for its own ref's indexes).
 */
export function declarations(
  markers: readonly CacheEntry[],
  indexes: readonly CacheEntry[],
): Map<number, (blobKey: string) => boolean> {
  const refOf = new Map<number, string>()
  for (const e of indexes) if (e.key.startsWith(INDEX_KEY_PREFIX)) refOf.set(e.id, e.ref)
  const declared = new Map<number, (blobKey: string) => boolean>()
  for (const e of markers) {
    if (e.version !== MARKER_VERSION) continue
    const marker = parseMarker(e.key)
    if (!marker || refOf.get(marker.indexId) !== e.ref) continue
    // Two markers of one index (a retried save) declare the union: either may be the true one.
    const other = declared.get(marker.indexId)
    declared.set(
      marker.indexId,
      other ? (key) => other(key) || marker.mayReference(key) : marker.mayReference,
    )
  }
  return declared
}
