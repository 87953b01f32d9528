/**
 * The simulator behind the pruning property tests (properties.test.ts): a repository of cache
 * entries as GitHub keeps them, random histories of exports (looking up every layer they reference,
 * as BuildKit's exporter does), imports, GitHub's LRU eviction, pull requests closing, branches
 * being deleted and pruning runs with failing reads and deletes, and the oracle that re-derives
 * liveness from BuildKit's rules on its own (it shares no code with the planner).
 */
import { expect } from '@jest/globals'
import fc from 'fast-check'
import { BUILDKIT_CACHE_VERSION, blobKey, indexKey, indexKeyBase } from '../../src/buildkit/keys.js'
import {
  IncompleteListingError,
  PAGE_SIZE,
  checkPages,
  type CacheEntry,
} from '../../src/github/caches.js'
import type { IndexRead } from '../../src/prune/analysis.js'
import type { IndexSource } from '../../src/prune/index-reader.js'
import { RECHECK_INTERVAL_MS, executePlan } from '../../src/prune/executor.js'
import { MARKER_KEY_PREFIX, MARKER_VERSION, markerKey } from '../../src/prune/marker.js'
import { NOTE_KEY_PREFIX } from '../../src/prune/budget-note.js'
import { plan, type PrunePlan, type PrunePolicy, type RefState } from '../../src/prune/planner.js'
import {
  CLOCK_ALLOWANCE_MS,
  pruneAndMark,
  type PruneApi,
  type RunPolicy,
} from '../../src/prune/pruner.js'
import { DAY, HOUR, MINUTE, digest, plainErrors, policy } from './world.js'
import { MAIN } from '../helpers/constants.js'
export { MAIN } from '../helpers/constants.js'

export const A = 'refs/heads/a'
export const B = 'refs/heads/b'
export const PR1 = 'refs/pull/1/merge' // base a
export const PR2 = 'refs/pull/2/merge' // base main
export const REFS = [MAIN, A, B, PR1, PR2]
export const BASE: Record<string, string> = { [PR1]: A, [PR2]: MAIN }
export const SCOPES = ['app', 'tools']

/** The refs a job on `ref` can read, own ref first, as GitHub scopes runtime tokens. */
export function readableFrom(ref: string): string[] {
  return [...new Set([ref, ...(BASE[ref] ? [BASE[ref]] : []), MAIN])]
}

export type Event =
  | { t: 'advance'; ms: number }
  | {
      t: 'export'
      ref: number
      scope: number
      layers: number[]
      inFlight: boolean
      /** How long the layer loop takes before the index is written (for an export not in flight). */
      duration: number
      /**
       * BuildKit's layout, or one a newer BuildKit might write (rule 4): a document that nests its
       * layer list (`future`), or an index key of another format (`future-key`).
       */
      layout: Layout
    }
  | { t: 'finish' }
  | { t: 'import'; ref: number; scope: number }
  | { t: 'evict'; fraction: number }
  | { t: 'foreign'; ref: number }
  | { t: 'close-pr'; pr: number }
  | { t: 'delete-branch'; branch: number }
  /**
   * A fork's pull request writes what it likes in its own ref: a key of BuildKit's version this
   * code cannot parse, a budget note until year 33658, a marker about another ref's index, an
   * index whose document is not BuildKit's (rule 4), a blob under another ref's layer key.
   */
  | { t: 'fork'; pr: number; what: ForkWrite }
  | {
      t: 'prune'
      mode: 'post' | 'schedule' | 'drop'
      job: number
      failReads: number[]
      failDeletes: number[]
      target: number
      protect: boolean
      grace: number
      orphan: number
      /** Plan on a whole listing, or run the pruner against the repository's API. */
      via: 'plan' | 'run'
      /** Whether the run trusts exports to look up their layers (false: as after a ghtoken export). */
      lookups: boolean
      /** Exports that run while the pruning run does (whole runs only): one step per request. */
      concurrent: { ref: number; scope: number; layers: number[]; after: number }[]
      /** How far the runner's clock is ahead of GitHub's (the Date header tells the run). */
      skew: number
      /** Deletes (by id mod 41) that answer 404 while the entry stays (a wrong answer). */
      wrong404s: number[]
      /** Entry listings (not by key) that miss one index, at this position mod its count. */
      shifts: number[]
      /** How long each request of the run takes, by GitHub's clock. */
      pace: number
      /** The run's deadline, this long after it starts (none: undefined). */
      deadline?: number
      /**
       * The most entries a listing of other refs may hold (rule 12); small, so that the budget
       * works from the job's own refs and the pull requests found by size.
       */
      listLimit?: number | undefined
    }

/** What a history is made of: each kind of event's weight (0 leaves it out) and its ranges. */
export interface Mix {
  weights: Record<Event['t'], number>
  ref: fc.Arbitrary<number>
  /** How many exports run inside a whole pruning run, at most. */
  maxConcurrent: number
  importRef: fc.Arbitrary<number>
  layers: number[]
  maxLayers: number
  prune: {
    mode: fc.Arbitrary<'post' | 'schedule' | 'drop'>
    job: fc.Arbitrary<number>
    maxFailReads: number
    maxFailDeletes: number
    protect: fc.Arbitrary<boolean>
    grace: fc.Arbitrary<number>
    lookups: fc.Arbitrary<boolean>
  }
}

export function eventsOf(mix: Mix): fc.Arbitrary<Event> {
  const arbitraries: Record<Event['t'], fc.Arbitrary<Event>> = {
    advance: fc.record({
      t: fc.constant('advance' as const),
      ms: fc.constantFrom(25_000, MINUTE, 20 * MINUTE, 2 * HOUR, DAY, 3 * DAY),
    }),
    export: fc.record({
      t: fc.constant('export' as const),
      ref: mix.ref,
      scope: fc.nat(SCOPES.length - 1),
      layers: fc.subarray(mix.layers, { minLength: 1, maxLength: mix.maxLayers }),
      inFlight: fc.boolean(),
      duration: fc.constantFrom(0, MINUTE, 10 * MINUTE, 40 * MINUTE),
      layout: fc.oneof(
        { weight: 36, arbitrary: fc.constant('buildkit' as const) },
        { weight: 4, arbitrary: fc.constant('future' as const) },
        { weight: 1, arbitrary: fc.constant('future-key' as const) },
      ),
    }),
    finish: fc.record({ t: fc.constant('finish' as const) }),
    import: fc.record({
      t: fc.constant('import' as const),
      ref: mix.importRef,
      scope: fc.nat(SCOPES.length - 1),
    }),
    evict: fc.record({
      t: fc.constant('evict' as const),
      fraction: fc.double({ min: 0.3, max: 0.9, noNaN: true }),
    }),
    foreign: fc.record({ t: fc.constant('foreign' as const), ref: fc.nat(REFS.length - 1) }),
    'close-pr': fc.record({ t: fc.constant('close-pr' as const), pr: fc.constantFrom(1, 2) }),
    'delete-branch': fc.record({
      t: fc.constant('delete-branch' as const),
      branch: fc.constantFrom(1, 2),
    }),
    fork: fc.record({
      t: fc.constant('fork' as const),
      pr: fc.constantFrom(1, 2),
      what: fc.constantFrom<ForkWrite>('unknown-key', 'note', 'marker', 'bad-index', 'blob'),
    }),
    prune: fc.record({
      t: fc.constant('prune' as const),
      mode: mix.prune.mode,
      job: mix.prune.job,
      failReads: fc.array(fc.nat(4), { maxLength: mix.prune.maxFailReads }),
      failDeletes: fc.array(fc.nat(40), { maxLength: mix.prune.maxFailDeletes }),
      // Half the runs under their target, so the regular pass decides alone.
      target: fc.oneof(fc.constant(2), fc.double({ min: 0, max: 1.3, noNaN: true })),
      protect: mix.prune.protect,
      grace: mix.prune.grace,
      orphan: fc.constantFrom(0, HOUR, 6 * HOUR, 2 * DAY),
      via: fc.constantFrom('plan' as const, 'run' as const),
      lookups: mix.prune.lookups,
      concurrent: fc.array(
        fc.record({
          ref: mix.ref,
          scope: fc.nat(SCOPES.length - 1),
          layers: fc.subarray(mix.layers, { minLength: 1, maxLength: mix.maxLayers }),
          after: fc.nat(12),
        }),
        { maxLength: mix.maxConcurrent },
      ),
      skew: fc.constantFrom(0, 20_000, 59_000, 2 * HOUR, -2 * HOUR, 7 * HOUR),
      wrong404s: fc.array(fc.nat(40), { maxLength: 3 }),
      shifts: fc.array(fc.nat(50), { maxLength: 1 }),
      pace: fc.constantFrom(0, 1000, 3000),
      deadline: fc.option(fc.constantFrom(5_000, 30_000, 10 * MINUTE), { nil: undefined }),
      listLimit: fc.oneof(
        { weight: 3, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom(3, 10, 30) },
      ),
    }),
  }
  return fc.oneof(
    ...(Object.keys(arbitraries) as Event['t'][])
      .filter((t) => mix.weights[t] > 0)
      .map((t) => ({ weight: mix.weights[t], arbitrary: arbitraries[t] })),
  )
}

export const event = eventsOf({
  weights: {
    advance: 3,
    export: 5,
    finish: 2,
    import: 2,
    evict: 1,
    foreign: 1,
    'close-pr': 1,
    'delete-branch': 1,
    fork: 1,
    prune: 3,
  },
  ref: fc.nat(REFS.length - 1),
  maxConcurrent: 2,
  importRef: fc.nat(REFS.length - 1),
  layers: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
  maxLayers: 6,
  prune: {
    mode: fc.constantFrom('post' as const, 'schedule' as const, 'drop' as const),
    // The default branch twice as often: its blobs are the ones other refs' indexes use.
    job: fc.constantFrom(0, 0, 1, 2, 3, 4),
    maxFailReads: 3,
    maxFailDeletes: 4,
    protect: fc.boolean(),
    grace: fc.constantFrom(0, 30 * MINUTE, HOUR, 6 * HOUR),
    lookups: fc.constantFrom(true, true, true, false),
  },
})

/** An entry an export found (and so touched) or uploaded, and when (`seq`: the repository's step). */
export interface Lookup {
  id: number
  key: string
  at: number
  seq: number
}

/** An export running inside a pruning run: one layer looked up per request, then its index. */
export interface Running extends Pending {
  /** Requests of the run to wait for before starting. */
  after: number
  todo: string[]
  done?: boolean
}

export interface Pending {
  ref: string
  scope: string
  layers: string[]
  lookups: Lookup[]
  layout?: Layout
}

export type Layout = 'buildkit' | 'future' | 'future-key'

export type ForkWrite = 'unknown-key' | 'note' | 'marker' | 'bad-index' | 'blob'

/** The repository as GitHub holds it, with the index contents BuildKit wrote. */
export class Repo {
  now = Date.parse('2026-03-01T00:00:00Z')
  nextId = 1
  entries = new Map<number, CacheEntry>()
  contents = new Map<number, string[]>() // index entry id → blob keys
  used = new Map<number, Lookup[]>() // index entry id → the entries its export looked up
  pending: Pending[] = []
  closed = new Set<string>()
  deletedBranches = new Set<string>()
  foreignIds = new Set<number>()
  /** Entries a fork wrote, and the refs it wrote them in. */
  forkIds = new Set<number>()
  forkRefs = new Set<string>()
  /** Index entries whose document is in a layout a newer BuildKit might write. */
  futureLayout = new Set<number>()
  /** Every step of the world (a lookup, a request of a pruning run) gets the next number. */
  seq = 0
  /** Exports running inside the current pruning run, and how long each of its requests takes. */
  running: Running[] = []
  pace = 0

  /**
   * Index keys whose entry went in the window rule 10 leaves (an export found it after the last
   * re-check, just before its delete): `<index id>\n<key>`. The documented exception to rule 0;
   * what the key resolves to afterwards is not held to it either.
   */
  damaged = new Set<string>()

  /** The step at which each index entry was written. */
  writtenAt = new Map<number, number>()

  /** Whether the repository's exports use BuildKit's `ghtoken` key map (no lookups). */
  constructor(readonly keyMap = false) {}

  /**
   * One request of a pruning run: time passes by GitHub's clock, and every export running beside
   * the run takes its next step first (looks a layer up, or writes its index once all are done).
   */
  tick(): void {
    this.seq++
    // At least a millisecond a request: a touch after a listing is never at the instant it read.
    this.now += Math.max(this.pace, 1)
    for (const r of this.running) {
      if (r.after > 0) r.after--
      else if (r.todo.length > 0) r.lookups.push(...this.uploadBlobs(r.ref, [r.todo.shift()!]))
      else {
        this.writeIndex(r)
        r.done = true
      }
    }
    this.running = this.running.filter((r) => !r.done)
  }

  add(ref: string, key: string, size: number, version = BUILDKIT_CACHE_VERSION): CacheEntry {
    const entry: CacheEntry = {
      id: this.nextId++,
      ref,
      key,
      version,
      createdAt: this.now,
      lastAccessedAt: this.now,
      sizeInBytes: size,
    }
    this.entries.set(entry.id, entry)
    return entry
  }

  /** A lookup as the cache service answers it: exact key, own ref first, then the others readable. */
  find(key: string, readable: string[], version = BUILDKIT_CACHE_VERSION): CacheEntry | undefined {
    for (const ref of readable) {
      for (const e of this.entries.values()) {
        if (e.ref === ref && e.key === key && e.version === version) return e
      }
    }
    return undefined
  }

  /** The newest index generation of a scope in a ref, as the prefix lookup returns it. */
  newestIndex(ref: string, scope: string): CacheEntry | undefined {
    const base = indexKeyBase(scope, ref)
    let best: CacheEntry | undefined
    for (const e of this.entries.values()) {
      if (e.ref !== ref || !e.key.startsWith(`${base}#`)) continue
      if (
        !best ||
        e.createdAt > best.createdAt ||
        (e.createdAt === best.createdAt && e.id > best.id)
      )
        best = e
    }
    return best
  }

  /** An export's layer loop: look each layer up (a hit touches it), upload what is missing. */
  uploadBlobs(ref: string, layers: string[]): Lookup[] {
    return layers.map((key) => {
      const found = this.find(key, readableFrom(ref))
      // With BuildKit's `ghtoken` key map an export lists the keys instead: nothing is touched.
      if (found && !this.keyMap) found.lastAccessedAt = this.now
      const id = (found ?? this.add(ref, key, 100 + key.length)).id
      return { id, key, at: this.now, seq: ++this.seq }
    })
  }

  writeIndex(p: Pending): void {
    const bk = indexKeyBase(p.scope, p.ref)
    // A newer BuildKit's key format: `-2-` where BuildKit v0.24 writes `-1-`.
    const base = p.layout === 'future-key' ? bk.replace(/-1-([0-9a-f]{8})$/, '-2-$1') : bk
    let generation = 0
    for (const e of this.entries.values()) {
      if (e.ref === p.ref && e.key.startsWith(`${base}#`))
        generation = Math.max(generation, Number(e.key.slice(base.length + 1)))
    }
    // Numbers of deleted generations are not reused while a newer one exists; after a full
    // eviction BuildKit restarts at #1, which the service accepts as a new key.
    const entry = this.add(p.ref, indexKey(base, generation + 1), 2)
    this.contents.set(entry.id, p.layers)
    this.used.set(entry.id, p.lookups)
    this.writtenAt.set(entry.id, ++this.seq)
    if (p.layout === 'future') this.futureLayout.add(entry.id)
  }

  importScope(ref: string, scope: string): void {
    for (const r of readableFrom(ref)) {
      const index = this.newestIndex(r, scope)
      if (!index) continue
      index.lastAccessedAt = this.now
      for (const key of this.contents.get(index.id) ?? []) {
        const blob = this.find(key, readableFrom(ref))
        if (blob) blob.lastAccessedAt = this.now
      }
    }
  }

  /** GitHub's eviction: least recently used first until under the limit. */
  evict(limit: number): void {
    const sorted = [...this.entries.values()].sort(
      (a, b) => a.lastAccessedAt - b.lastAccessedAt || a.id - b.id,
    )
    let usage = sorted.reduce((s, e) => s + e.sizeInBytes, 0)
    for (const e of sorted) {
      if (usage <= limit) break
      this.entries.delete(e.id)
      usage -= e.sizeInBytes
    }
  }

  usage(): number {
    return [...this.entries.values()].reduce((s, e) => s + e.sizeInBytes, 0)
  }

  listing(): CacheEntry[] {
    return [...this.entries.values()]
      .map((e) => ({ ...e }))
      .sort((a, b) => a.createdAt - b.createdAt || a.id - b.id)
  }
}

/**
 * Liveness re-derived from BuildKit's rules (docs/buildkit-gha-format.md §2), independent of the planner:
 * per (ref, key before '#') the newest generation by creation (then number) is what importers
 * load; an older one whose successor is younger than grace may still be being read.
 */
export function oracle(entries: CacheEntry[], now: number, grace: number) {
  const groups = new Map<string, CacheEntry[]>()
  for (const e of entries) {
    const m = /^(index-.+-[12]-[0-9a-f]{8}(?:-sig)?)#(\d+)$/.exec(e.key)
    if (!m || e.version !== BUILDKIT_CACHE_VERSION) continue
    const k = `${e.ref} ${m[1]}`
    groups.set(k, [...(groups.get(k) ?? []), e])
  }
  const newest = new Set<number>()
  const recentlySuperseded = new Set<number>()
  for (const list of groups.values()) {
    const gen = (e: CacheEntry) => Number(e.key.slice(e.key.lastIndexOf('#') + 1))
    list.sort((a, b) => a.createdAt - b.createdAt || gen(a) - gen(b) || a.id - b.id)
    list.forEach((e, i) => {
      const successor = list[i + 1]
      if (!successor) newest.add(e.id)
      else if (now - successor.createdAt < grace) recentlySuperseded.add(e.id)
    })
  }
  const live = new Set([...newest, ...recentlySuperseded])
  const superseded = new Set(
    [...groups.values()]
      .flat()
      .filter((e) => !live.has(e.id))
      .map((e) => e.id),
  )
  return { newest, recentlySuperseded, live, superseded }
}

/**
 * What a run judges from times alone, derived here without the code under test: its readable
 * refs' live indexes (what it reads), and the refs it cannot read (nor drops) whose export
 * superseded a generation longer than prune-grace ago (the evidence that an export there ran and
 * nothing judged what it left).
 */
export function whatARunSees(
  entries: CacheEntry[],
  policy: Pick<PrunePolicy, 'readableRefs' | 'dropRefs' | 'graceMs'>,
  now: number,
): { toRead: CacheEntry[]; evidenceRefs: string[] } {
  const { live, superseded } = oracle(entries, now, policy.graceMs)
  const readable = new Set(policy.readableRefs)
  const skip = new Set([...policy.readableRefs, ...policy.dropRefs])
  const evidence = new Set(
    entries.filter((e) => superseded.has(e.id) && !skip.has(e.ref)).map((e) => e.ref),
  )
  // A run reads only the key layout it knows (BuildKit's `-1-`); a newer one is kept unread.
  const knownLayout = (e: CacheEntry) => /-1-[0-9a-f]{8}(?:-sig)?#\d+$/.test(e.key)
  return {
    toRead: entries.filter((e) => readable.has(e.ref) && live.has(e.id) && knownLayout(e)),
    evidenceRefs: [...evidence].sort(),
  }
}

/** Blob entries (by id) that index `index` needs: its keys, in refs a job of its ref can read. */
export function needed(index: CacheEntry, keys: string[], entries: CacheEntry[]): number[] {
  const visible = new Set(readableFrom(index.ref))
  const wanted = new Set(keys)
  return entries.filter((e) => visible.has(e.ref) && wanted.has(e.key)).map((e) => e.id)
}

export interface PruneSetup {
  policy: PrunePolicy
  reads: Map<number, IndexRead>
  entries: CacheEntry[]
}

/**
 * The run policy of a prune event's job: a post step on its ref, the schedule on the default
 * branch, or `pull_request: closed` for a closed pull request (none: no run).
 */
export function jobOf(repo: Repo, e: Extract<Event, { t: 'prune' }>): RunPolicy | undefined {
  const job = REFS[e.job]
  const pr = [PR1, PR2].find((r) => repo.closed.has(r))
  const refs =
    e.mode === 'schedule'
      ? { readableRefs: [MAIN], pruneRefs: [MAIN], dropRefs: [] }
      : e.mode === 'post'
        ? { readableRefs: readableFrom(job), pruneRefs: [job], dropRefs: [] }
        : pr && { readableRefs: readableFrom(pr), pruneRefs: [], dropRefs: [pr] }
  if (!refs) return undefined
  return policy({
    graceMs: e.grace,
    orphanAgeMs: e.orphan,
    limitBytes: Math.max(1, repo.usage()),
    targetBytes: Math.floor(e.target * repo.usage()),
    protectDefaultBranch: e.protect,
    ...refs,
    exportsLookUpLayers: e.lookups,
  })
}

export function setup(repo: Repo, e: Extract<Event, { t: 'prune' }>): PruneSetup | undefined {
  const job = jobOf(repo, e)
  if (!job) return undefined
  const entries = repo.listing()
  const refStates = new Map<string, RefState>()
  for (const ref of REFS.filter((r) => r !== MAIN)) {
    refStates.set(
      ref,
      repo.closed.has(ref)
        ? 'closed-pr'
        : repo.deletedBranches.has(ref)
          ? 'deleted-branch'
          : 'alive',
    )
  }
  // Evidence is given even when exports are not trusted to look their layers up: the planner
  // must not act on it then.
  const { toRead, evidenceRefs } = whatARunSees(entries, job, repo.now)
  const policy: PrunePolicy = { ...job, evidenceRefs, refStates }
  const reads = new Map<number, IndexRead>()
  toRead.forEach((index, i) => {
    if (e.failReads.includes(i)) reads.set(index.id, { ok: false, error: 'HTTP 500' })
    else reads.set(index.id, { ok: true, blobKeys: repo.contents.get(index.id) ?? [] })
  })
  return { policy, reads, entries }
}

/**
 * Checks every safety property of one plan, judged as of `now` (GitHub's time when the run read
 * its clock).
 */
export function checkPlan(repo: Repo, s: PruneSetup, p: PrunePlan, now = repo.now): void {
  const { policy, entries } = s
  const deleted = new Set(p.deletions.map((d) => d.entry.id))
  const byId = new Map(entries.map((e) => [e.id, e]))

  // Deletions are by id: each names one listed entry, once (rule 11).
  expect(p.deletions.length).toBe(deleted.size)
  for (const id of deleted) expect(byId.has(id)).toBe(true)

  // Whatever a deletion waits for comes before it in the plan (rule 8).
  const position = new Map(p.deletions.map((d, i) => [d.entry.id, i]))
  for (const [i, d] of p.deletions.entries()) {
    for (const id of d.after) expect(position.get(id)).toBeLessThan(i)
  }

  // Somebody else's entries are never deleted (rule 1).
  for (const id of deleted) expect(repo.foreignIds.has(id)).toBe(false)

  // Nothing created or used within grace; no generation superseded within it (rule 2).
  const { live, recentlySuperseded } = oracle(entries, now, policy.graceMs)
  for (const id of deleted) {
    const e = byId.get(id)!
    expect(now - Math.max(e.createdAt, e.lastAccessedAt) < policy.graceMs).toBe(false)
    expect(recentlySuperseded.has(id)).toBe(false)
  }

  // No blob a surviving live readable index references is deleted (rule 0).
  const readable = new Set(policy.readableRefs)
  for (const id of live) {
    const index = byId.get(id)!
    if (!readable.has(index.ref) || deleted.has(id)) continue
    const keys = (repo.contents.get(id) ?? []).filter((k) => !repo.damaged.has(`${id}\n${k}`))
    for (const blobId of needed(index, keys, entries)) {
      if (deleted.has(blobId)) {
        throw new Error(
          `deleted ${byId.get(blobId)!.key} (${byId.get(blobId)!.ref}) that live ${index.key} (${index.ref}) references`,
        )
      }
    }
  }

  // A copy goes only while the default branch keeps the same key for a surviving live index
  // this job read: whoever reads the copy's ref reads the default branch too (rule 7).
  for (const d of p.deletions) {
    if (d.reason !== 'budget-copy' && d.reason !== 'copy') continue
    if (d.reason === 'copy') stats.regularCopies++
    else stats.copies++
    // Only by a job whose lookup of the key finds the default branch's entry (it cannot read the
    // copy's ref, and no other ref it reads holds the key), and only when every live index whose
    // export looked the copy up was written after the default branch had the layer.
    expect(policy.readableRefs).not.toContain(d.entry.ref)
    expect(repo.find(d.entry.key, [...policy.readableRefs])?.ref).toBe(MAIN)
    expect(d.lookUpFirst).toBe(true)
    const kept = entries.find((e) => e.ref === MAIN && e.key === d.entry.key)!
    for (const xId of live) {
      const x = byId.get(xId)!
      const looked = (repo.used.get(xId) ?? []).some(
        (l) => l.id === d.entry.id && x.createdAt - l.at <= policy.graceMs,
      )
      if (looked) expect(kept.createdAt).toBeLessThanOrEqual(x.createdAt)
    }
    const survivors = entries.filter(
      (e) => e.ref === MAIN && e.key === d.entry.key && !deleted.has(e.id),
    )
    // Live as a run judges it: a whole run reads its clock less the allowance for GitHub's.
    const keeper = [...oracle(entries, now - CLOCK_ALLOWANCE_MS, policy.graceMs).live].some(
      (id) => {
        const index = byId.get(id)!
        return (
          index.ref === MAIN &&
          readable.has(MAIN) &&
          !deleted.has(id) &&
          (repo.contents.get(id) ?? []).includes(d.entry.key)
        )
      },
    )
    expect(d.entry.ref).not.toBe(MAIN)
    expect(survivors.length > 0 && keeper).toBe(true)
  }

  // The default branch's live set survives budget pressure while protected (rule 9).
  if (policy.protectDefaultBranch) {
    for (const id of live) {
      const index = byId.get(id)!
      if (index.ref !== MAIN) continue
      expect(deleted.has(id)).toBe(false)
      if (!readable.has(MAIN)) continue
      for (const blobId of needed(index, repo.contents.get(id) ?? [], entries)) {
        if (byId.get(blobId)!.ref === MAIN) expect(deleted.has(blobId)).toBe(false)
      }
    }
  }
}

/** Counts what a plan decided from times and markers, for the properties' coverage checks. */
export function tally(plan: PrunePlan, orphan: number, now: number): void {
  if (plan.analysis.unknown.length > 0) stats.unknownKeys++
  for (const p of plan.entries) {
    if (p.reason === 'other-ref-index' || p.reason === 'out-of-reach-index') {
      stats.keptByTimes++
      // Kept although unused for longer than orphan-age: only an idle live index keeps it.
      if (now - Math.max(p.entry.createdAt, p.entry.lastAccessedAt) >= Math.max(orphan, HOUR))
        stats.keptPastOrphanAge++
      if (p.reason === 'out-of-reach-index') stats.ownTrue++
    }
    if (p.reason === 'marker') stats.markedKeeps++
    if (p.reason === 'unreferenced' && !plan.analysis.policy.readableRefs.includes(p.entry.ref))
      stats.judgedFromTimes++
  }
}

/**
 * The invariant (rule 0 of docs/pruning-rules.md), in the oracle's own terms: no blob that an
 * index live at the end of a run references was deleted by the run (the index's key no longer
 * resolves for it where it did, or where its export found it), unless the index itself was
 * deleted. The one exception is rule 10's window: the export that wrote the index looked the blob
 * up after the run's last re-check before deleting it. `before` is the repository as the run
 * began; `log` what the run did, by the repository's steps.
 */
export function checkLive(
  repo: Repo,
  before: CacheEntry[],
  log: RunLog,
  grace: number,
  pace: number,
  /**
   * The run did without the repository's indexes (rule 6): a blob unused for this long when it
   * was judged went by the user's own orphan-age, the trade rule 6 documents.
   */
  orphanTrade?: { orphanMs: number; judgedAt: number },
): void {
  const deleted = new Map(
    log.deletes.filter((d) => !repo.entries.has(d.id)).map((d) => [d.id, d] as const),
  )
  for (const d of log.rechecks ? log.deletes : []) {
    // Every delete follows a re-check of the plan, no older than the interval (plus the requests
    // in flight beside it).
    const last = [...log.rechecks!].reverse().find((r) => r.seq < d.seq)
    if (!last) throw new Error(`deleted ${d.id} without a re-check before it`)
    expect(d.at - last.at).toBeLessThanOrEqual(RECHECK_INTERVAL_MS + 6 * pace)
  }
  if (deleted.size === 0) return
  const start = new Map(before.map((e) => [e.id, e]))
  const { live } = oracle(repo.listing(), repo.now, grace)
  for (const xId of live) {
    const x = repo.entries.get(xId)!
    const visible = readableFrom(x.ref)
    const lookups = repo.used.get(xId) ?? []
    for (const key of repo.contents.get(xId) ?? []) {
      // An entry of this key went in the window rule 10 leaves: the documented exception.
      for (const l of lookups) {
        if (l.key !== key || !deleted.has(l.id)) continue
        const last = [...(log.rechecks ?? [])].reverse().find((r) => r.seq < deleted.get(l.id)!.seq)
        // What a re-check can see of the adoption: the lookup's touch, or, with the key map,
        // which touches nothing, the index once it is written.
        const seen = repo.keyMap ? (repo.writtenAt.get(xId) ?? Infinity) : l.seq
        if (last && seen > last.seq && !repo.damaged.has(`${xId}\n${key}`)) {
          repo.damaged.add(`${xId}\n${key}`)
          stats.windowAdoptions++
        }
      }
      if (repo.damaged.has(`${xId}\n${key}`)) continue
      if (repo.find(key, visible)) continue
      // An export that took longer than prune-grace is a documented limit (rule 2): its lookups
      // made longer than that before its index was written are not held to this.
      if (!lookups.some((l) => l.key === key && x.createdAt - l.at <= grace)) continue
      // What the key resolved to when the run began (an index of then), or what the export that
      // wrote it during the run found.
      const resolvedThen = start.has(xId)
        ? visible
            .map((ref) => before.find((e) => e.ref === ref && e.key === key))
            .find((e) => e !== undefined)
        : undefined
      // (Only an index written during this run: what an older one's export found is judged by
      // what its key resolved to when the run began, above.)
      const found = start.has(xId)
        ? []
        : (repo.used.get(xId) ?? []).filter((l) => deleted.has(l.id))
      // Only an entry the index could have used: one that existed when it was written. (After an
      // eviction took its own, a later upload elsewhere may answer its key by chance.)
      const usable =
        resolvedThen !== undefined &&
        resolvedThen.createdAt <= x.createdAt + (resolvedThen.ref === x.ref ? grace : 0)
      if (
        usable &&
        deleted.has(resolvedThen.id) &&
        orphanTrade !== undefined &&
        REFS.some((r) => r !== resolvedThen.ref && readableFrom(r).includes(resolvedThen.ref)) &&
        orphanTrade.judgedAt - Math.max(resolvedThen.createdAt, resolvedThen.lastAccessedAt) >=
          orphanTrade.orphanMs
      ) {
        stats.orphanTrades++
        continue
      }
      if (usable && deleted.has(resolvedThen.id)) {
        throw new Error(
          `deleted ${key} (${resolvedThen.ref}), which live ${x.key} (${x.ref}) references`,
        )
      }
      for (const l of found) {
        const gone = start.get(l.id)
        if (gone?.key !== key) continue
        throw new Error(
          `deleted ${key} (${gone.ref}), which ${x.key} (${x.ref}) adopted during the run before the last re-check`,
        )
      }
    }
  }
}

/** How often the rules had something to decide, across all histories. */
export const stats = {
  keptByTimes: 0,
  /** Blobs a run without the repository's indexes deleted by a user-shortened orphan-age (rule 6). */
  orphanTrades: 0,
  keptPastOrphanAge: 0,
  windowAdoptions: 0,
  moved: 0,
  concurrentIndexes: 0,
  futureLayouts: 0,
  unknownKeys: 0,
  judgedFromTimes: 0,
  runs: 0,
  ownTrue: 0,
  copies: 0,
  regularCopies: 0,
  copiesDeleted: 0,
  markers: 0,
  markedKeeps: 0,
  /** Entry listings that missed an index, deletes answered with a wrong 404. */
  shifted: 0,
  wrong404s: 0,
  /** Entries forks wrote; plans compared with and without them; runs a fork's note did not stop. */
  forkWrites: 0,
  forkCompared: 0,
  forkNotesIgnored: 0,
  /** Runs whose runner clock was off GitHub's by more than the allowance. */
  skewedRuns: 0,
  /** Runs over listLimit whose budget listed pull requests found by size, and evicted one whole. */
  byteHolderRuns: 0,
  byteHolderEvictions: 0,
}

/** What a whole run did, in the repository's steps: its re-checks and its deletes. */
export interface RunLog {
  /** The step of each re-check's listing (taken after that request's tick); none: not re-checked. */
  rechecks?: { seq: number; at: number }[]
  deletes: { id: number; seq: number; at: number }[]
  /** GitHub's time when the run read the clock it judges entries by (before its first listing). */
  judgedAt: number
  listed?: boolean
}

/**
 * The repository behind the REST API and the cache service, as a pruning run sees it. Every
 * request is one tick of the repository (time passes, exports beside the run take a step).
 */
export function repoApi(
  repo: Repo,
  failDeletes: readonly number[],
  calls: number[],
  log: RunLog = { rechecks: [], deletes: [], judgedAt: repo.now },
  world: { skew?: number; wrong404s?: readonly number[]; shifts?: readonly number[] } = {},
): PruneApi {
  const shifts = [...(world.shifts ?? [])]
  return {
    ...plainErrors,
    // GitHub's Date header: its time less the runner's.
    clockOffset: () => -(world.skew ?? 0),
    async listCaches(filter = {}) {
      repo.tick()
      // Entries are judged as of the clock read before the first listing of entries; the budget
      // notes a post step lists before reading it are not such a listing.
      if (!filter.key?.startsWith(NOTE_KEY_PREFIX)) log.listed = true
      const listed = repo
        .listing()
        .filter(
          (e) =>
            (filter.ref === undefined || e.ref === filter.ref) &&
            (filter.key === undefined || e.key.startsWith(filter.key)),
        )
      // A listing whose pages shifted while they were read: one index slid onto a page already
      // read, and the pages still add up (rule 3).
      const shift = filter.key === undefined ? shifts.shift() : undefined
      const indexes = listed.filter((e) => e.key.startsWith('index-'))
      if (shift === undefined || indexes.length === 0) return listed
      const missed = indexes[shift % indexes.length]
      stats.shifted++
      return listed.filter((e) => e !== missed)
    },
    async listLargest() {
      repo.tick()
      return largestFirst(repo.listing())
    },
    async listRecentlyUsed(since) {
      repo.tick()
      log.rechecks?.push({ seq: repo.seq, at: repo.now })
      return repo
        .listing()
        .filter((e) => Math.max(e.createdAt, e.lastAccessedAt) >= since)
        .sort((a, b) => b.lastAccessedAt - a.lastAccessedAt)
    },
    async deleteCache(id) {
      repo.tick()
      calls.push(id)
      if (failDeletes.includes(id % 41)) throw new Error('HTTP 502')
      // A wrong answer: 404 for an entry that is still there.
      if (world.wrong404s?.includes(id % 41) && repo.entries.has(id)) {
        stats.wrong404s++
        return 'missing'
      }
      log.deletes.push({ id, seq: repo.seq, at: repo.now })
      return repo.entries.delete(id) ? 'deleted' : 'missing'
    },
    async getCacheUsage() {
      repo.tick()
      return { activeBytes: repo.usage(), activeCount: repo.entries.size }
    },
    async getPullRequestState(n) {
      repo.tick()
      return repo.closed.has(`refs/pull/${n}/merge`) ? 'closed' : 'open'
    },
    async branchExists(branch) {
      repo.tick()
      return !repo.deletedBranches.has(`refs/heads/${branch}`)
    },
  }
}

/**
 * Index reads through the cache service: the `failReads`-th lookups fail; a document in a future
 * layout nests its layer list where this code does not look (rule 4).
 */
export function repoIndexes(
  repo: Repo,
  readable: string[],
  failReads: readonly number[],
): IndexSource {
  let n = 0
  return {
    async lookup(key) {
      repo.tick()
      if (failReads.includes(n++)) throw new Error('HTTP 500')
      const entry = repo.find(key, readable)
      if (!entry) return null
      entry.lastAccessedAt = repo.now
      return { matchedKey: entry.key, downloadUrl: String(entry.id) }
    },
    async download(url) {
      repo.tick()
      const keys = repo.contents.get(Number(url)) ?? []
      const layers = keys.map((k) => ({ blob: k.slice('buildkit-blob-1-'.length), parent: -1 }))
      const future = repo.futureLayout.has(Number(url))
      return Buffer.from(JSON.stringify(future ? { cache: { version: 2, layers } } : { layers }))
    },
  }
}

/** A whole pruning run of the kind the event asks for, against the repository. */
export async function runOn(
  repo: Repo,
  e: Extract<Event, { t: 'prune' }>,
): Promise<
  { plan: PrunePlan; readable: string[]; calls: number[]; log: RunLog; moved: number } | undefined
> {
  const policy = jobOf(repo, e)
  if (!policy) return undefined
  const readable = [...policy.readableRefs]
  const calls: number[] = []
  const log: RunLog = { rechecks: [], deletes: [], judgedAt: repo.now }
  // A post step outside the default branch marks what its ref's live indexes reference.
  const job = REFS[e.job]
  const marks = e.mode === 'post' && job !== MAIN && !repo.closed.has(job)
  // Exports beside the run, and time passing with each of its requests; the runner's clock is
  // `skew` ahead of GitHub's.
  repo.pace = e.pace
  repo.running = e.concurrent
    .filter((c) => !repo.closed.has(REFS[c.ref]) && !repo.deletedBranches.has(REFS[c.ref]))
    .map((c) => {
      const layers = c.layers.map((l) => blobKey(digest(`layer-${l}`)))
      return {
        ref: REFS[c.ref],
        scope: SCOPES[c.scope],
        layers,
        lookups: [],
        after: c.after,
        todo: [...layers],
      }
    })
  const clock = () => {
    if (!log.listed) log.judgedAt = repo.now
    return repo.now + e.skew
  }
  try {
    const outcome = await pruneAndMark(
      {
        policy,
        dryRun: false,
        concurrency: 3,
        ...(e.mode === 'drop' ? { dropOnly: true } : {}),
        ...(e.mode === 'schedule' ? { dropClosedPullRequests: true } : {}),
        ...(marks ? { markerRef: job } : {}),
        ...(e.mode === 'post' ? { backOff: true } : {}),
        ...(e.deadline === undefined ? {} : { deadline: clock() + e.deadline }),
        ...(e.listLimit === undefined ? {} : { listLimit: e.listLimit }),
      },
      {
        api: repoApi(repo, e.failDeletes, calls, log, e),
        indexSource: repoIndexes(repo, readable, e.failReads),
        saveMarker: async (key) => {
          repo.tick()
          if ([...repo.entries.values()].some((x) => x.key === key && x.ref === job)) return false
          repo.add(job, key, 1, MARKER_VERSION)
          if (key.startsWith(MARKER_KEY_PREFIX)) stats.markers++
          return true
        },
        clock,
        log: { info: () => {}, debug: () => {}, warning: () => {} },
      },
    )
    if (outcome.problems.some((p) => p.includes('is not in the layout this action knows'))) {
      stats.futureLayouts++
    }
    // Only a branch's note may make a post step back off (rule 12); a fork's never does.
    const branchNote = [...repo.entries.values()].some(
      (x) => x.ref.startsWith('refs/heads/') && x.key.startsWith(NOTE_KEY_PREFIX),
    )
    const backedOff = outcome.notices.some((n) => n.includes('post steps prune only their own ref'))
    if (backedOff && !branchNote)
      throw new Error('a pull request’s budget note made a post step back off')
    const forkNote = [...repo.entries.values()].some(
      (x) => repo.forkIds.has(x.id) && x.key.startsWith(NOTE_KEY_PREFIX),
    )
    if (forkNote && e.mode === 'post' && !backedOff) stats.forkNotesIgnored++
    if (Math.abs(e.skew) > CLOCK_ALLOWANCE_MS) stats.skewedRuns++
    // Runs whose budget also listed pull requests found by size (rule 12), and that evicted one.
    if (outcome.listed !== 'repository' && e.listLimit !== undefined) {
      const byteHolders = outcome.listed.filter((r) => r.startsWith('refs/pull/') && r !== job)
      if (byteHolders.length > 0) stats.byteHolderRuns++
      if (
        outcome.plan?.deletions.some(
          (d) => d.reason === 'budget-lru-group' && byteHolders.includes(d.entry.ref),
        )
      )
        stats.byteHolderEvictions++
    }
    if (!outcome.plan) {
      if (e.deadline !== undefined && outcome.problems.some((p) => p.includes('ran out')))
        return undefined
      throw new Error(`the run planned nothing: ${outcome.problems.join('; ')}`)
    }
    return { plan: outcome.plan, readable, calls, log, moved: outcome.execution?.moved.length ?? 0 }
  } finally {
    // What is still running finishes right after the run.
    stats.concurrentIndexes += e.concurrent.length - repo.running.length
    while (repo.running.length > 0) repo.tick()
    repo.pace = 0
  }
}

/**
 * After execution, with some deletes failed: every live readable index that survived still has
 * every blob it referenced before (a blob waits for its index; a failed index keeps its blobs:
 * rule 8).
 */
export function checkExecution(repo: Repo, s: PruneSetup, before: ReadonlySet<number>): void {
  const { live } = oracle(s.entries, repo.now, s.policy.graceMs)
  const readable = new Set(s.policy.readableRefs)
  for (const id of live) {
    const index = s.entries.find((e) => e.id === id)!
    if (!readable.has(index.ref) || !repo.entries.has(id)) continue
    const keys = (repo.contents.get(id) ?? []).filter((k) => !repo.damaged.has(`${id}\n${k}`))
    for (const blobId of needed(index, keys, s.entries)) {
      if (before.has(blobId) && !repo.entries.has(blobId)) {
        throw new Error(`execution left ${index.key} (${index.ref}) without a blob it references`)
      }
    }
  }
}

/**
 * A copy deleted: the indexes whose exports looked it up (written, or still in flight) now find
 * the default branch's entry, which the run looked up before and after the delete. From here on
 * they count as having looked that entry up when they looked the copy up, so checkEvidence holds
 * later runs to keeping it for orphan-age, as if their exports had found it there (the idle pull
 * request's case).
 */
export function redirectCopies(repo: Repo, p: PrunePlan, attempted: readonly number[]): void {
  const tried = new Set(attempted)
  for (const d of p.deletions) {
    if (d.lookUpFirst !== true || !tried.has(d.entry.id) || repo.entries.has(d.entry.id)) continue
    stats.copiesDeleted++
    const kept = repo.find(d.entry.key, [MAIN])
    if (!kept)
      throw new Error(`deleted the copy ${d.entry.key} (${d.entry.ref}) with no entry left on main`)
    const lookups = [...repo.used.values(), ...repo.pending.map((q) => q.lookups)]
    for (const list of lookups) {
      for (const l of list.filter((l) => l.id === d.entry.id)) list.push({ ...l, id: kept.id })
    }
  }
}

/**
 * Runs a history. In a repository whose exports use BuildKit's `ghtoken` key map (`keyMap`), no
 * export touches what it finds, and every pruning run knows it (its own export had the key map);
 * otherwise a run may still distrust lookups, which only makes it keep more.
 */
export async function simulate(
  events: Event[],
  keyMap = false,
): Promise<{ prunes: number; deletions: number; repo: Repo }> {
  const repo = new Repo(keyMap)
  let prunes = 0
  let deletions = 0
  for (const event of events) {
    const e = keyMap && event.t === 'prune' ? { ...event, lookups: false } : event
    switch (e.t) {
      case 'advance':
        repo.now += e.ms
        break
      case 'export': {
        const ref = REFS[e.ref]
        if (repo.closed.has(ref) || repo.deletedBranches.has(ref)) break
        const layers = e.layers.map((l) => blobKey(digest(`layer-${l}`)))
        const p: Pending = {
          ref,
          scope: SCOPES[e.scope],
          layers,
          lookups: repo.uploadBlobs(ref, layers),
          layout: e.layout,
        }
        if (e.inFlight) repo.pending.push(p)
        else {
          repo.now += e.duration
          repo.writeIndex(p)
        }
        break
      }
      case 'finish': {
        const p = repo.pending.shift()
        if (p) repo.writeIndex(p)
        break
      }
      case 'import':
        repo.importScope(REFS[e.ref], SCOPES[e.scope])
        break
      case 'evict':
        repo.evict(Math.floor(repo.usage() * e.fraction))
        break
      case 'foreign': {
        repo.foreignIds.add(
          repo.add(REFS[e.ref], `node-cache-${repo.nextId}`, 50, 'f'.repeat(64)).id,
        )
        // BuildKit's key with another writer's version is not BuildKit's either.
        repo.foreignIds.add(
          repo.add(REFS[e.ref], blobKey(digest('layer-1')), 50, '0'.repeat(64)).id,
        )
        break
      }
      case 'close-pr':
        repo.closed.add(e.pr === 1 ? PR1 : PR2)
        break
      case 'fork':
        forkWrites(repo, e.pr === 1 ? PR1 : PR2, e.what)
        break
      case 'delete-branch':
        repo.deletedBranches.add(e.branch === 1 ? A : B)
        break
      case 'prune': {
        if (e.via === 'run') {
          const truth = repo.listing()
          const before = new Set(repo.entries.keys())
          const r = await runOn(repo, e)
          if (!r) break
          stats.moved += r.moved
          const s: PruneSetup = {
            policy: {
              ...r.plan.analysis.policy,
              protectDefaultBranch: e.protect,
            } as PrunePolicy,
            reads: new Map(),
            entries: r.plan.entries.map((p) => p.entry),
          }
          checkPlan(repo, s, r.plan, r.log.judgedAt)
          tally(r.plan, e.orphan, repo.now)
          const withoutIndexes = r.plan.analysis.outOfReach === undefined
          checkLive(
            repo,
            truth,
            r.log,
            e.grace,
            e.pace,
            withoutIndexes ? { orphanMs: e.orphan, judgedAt: r.log.judgedAt } : undefined,
          )
          stats.runs++
          prunes++
          deletions += r.plan.deletions.length
          const planned = new Set(r.plan.deletions.map((d) => d.entry.id))
          expect(new Set(r.calls).size).toBe(r.calls.length)
          for (const id of r.calls) expect(planned.has(id)).toBe(true)
          checkExecution(repo, s, before)
          redirectCopies(repo, r.plan, r.calls)
          break
        }
        const s = setup(repo, e)
        if (!s) break
        const p = plan({
          entries: s.entries,
          indexes: s.reads,
          policy: s.policy,
          now: repo.now,
          complete: e.mode !== 'drop',
        })
        checkPlan(repo, s, p)
        checkForkIndifference(repo, s, p)
        tally(p, e.orphan, repo.now)
        prunes++
        deletions += p.deletions.length
        const failing = new Set(
          e.failDeletes.map((i) => p.deletions[i % Math.max(1, p.deletions.length)]?.entry.id),
        )
        const before = new Set(repo.entries.keys())
        const truth = repo.listing()
        const calls: number[] = []
        const log: RunLog = { deletes: [], judgedAt: repo.now }
        await executePlan(
          p.deletions,
          async (id) => {
            calls.push(id)
            if (failing.has(id)) throw new Error('HTTP 502')
            log.deletes.push({ id, seq: ++repo.seq, at: repo.now })
            return repo.entries.delete(id) ? 'deleted' : 'missing'
          },
          {
            concurrency: 3,
            dryRun: false,
            maxConsecutiveFailures: 1000,
            isPermissionDenied: () => false,
            isRateLimited: () => false,
            describeError: (x) => String(x),
            // The job's runtime token: a hit touches the entry, as a lookup does.
            lookUp: async (key) => {
              const found = repo.find(key, [...s.policy.readableRefs])
              if (found) found.lastAccessedAt = repo.now
              return found?.key === key
            },
          },
        )
        // Deletes go by id, each at most once, and only for planned deletions.
        const planned = new Set(p.deletions.map((d) => d.entry.id))
        expect(new Set(calls).size).toBe(calls.length)
        for (const id of calls) expect(planned.has(id)).toBe(true)
        checkExecution(repo, s, before)
        checkLive(repo, truth, log, e.grace, 0)
        redirectCopies(repo, p, calls)
        break
      }
    }
  }
  return { prunes, deletions, repo }
}

/**
 * A REST listing over the repository's entries with faults a real listing meets: a failed page,
 * a short page, an entry deleted between two page reads. Pages are checked by the real code.
 */
/** The first page of the listing by size, largest first (src/github/caches.ts listLargest). */
export function largestFirst(entries: readonly CacheEntry[]): CacheEntry[] {
  return [...entries]
    .sort((a, b) => b.sizeInBytes - a.sizeInBytes || a.id - b.id)
    .slice(0, PAGE_SIZE)
}

export function faultyApi(
  entries: CacheEntry[],
  fault: { kind: 'fail' | 'short' | 'shift'; page: number },
  deletes: number[],
): PruneApi {
  return {
    ...plainErrors,
    async listCaches() {
      const rows = [...entries]
      const pages = []
      const count = Math.max(1, Math.ceil(rows.length / PAGE_SIZE))
      for (let page = 1; page <= count; page++) {
        if (fault.kind === 'fail' && page === fault.page) {
          throw new IncompleteListingError(`a page could not be read (HTTP 502)`)
        }
        let slice = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
        const total = rows.length
        if (fault.kind === 'short' && page === fault.page) slice = slice.slice(0, -1)
        pages.push({ total, entries: slice })
        // Somebody deletes the first entry after this page was read: later pages shift.
        if (fault.kind === 'shift' && page === fault.page) rows.shift()
      }
      const problem = checkPages(pages)
      if (problem) throw new IncompleteListingError(problem)
      return pages.flatMap((p) => p.entries)
    },
    async listLargest() {
      return largestFirst(entries)
    },
    async listRecentlyUsed() {
      return []
    },
    async deleteCache(id) {
      deletes.push(id)
      return 'deleted'
    },
    async getCacheUsage() {
      return { activeBytes: Number.MAX_SAFE_INTEGER, activeCount: entries.length }
    },
    async getPullRequestState() {
      return 'closed'
    },
    async branchExists() {
      return false
    },
  }
}

/** What a fork's pull request writes in its own ref (its runtime token may write any entry there). */
export function forkWrites(repo: Repo, ref: string, what: ForkWrite): void {
  if (repo.closed.has(ref)) return
  const mainIndex = [...repo.entries.values()].find(
    (e) => e.ref === MAIN && e.key.startsWith('index-'),
  )
  const written: CacheEntry[] = []
  if (what === 'unknown-key') written.push(repo.add(ref, `index-x${repo.nextId}`, 10))
  else if (what === 'note') {
    written.push(repo.add(ref, `${NOTE_KEY_PREFIX}1-999999999999`, 1, MARKER_VERSION))
  } else if (what === 'marker') {
    // Declares that main's index references nothing: it must not count outside its own ref.
    written.push(repo.add(ref, markerKey(mainIndex?.id ?? 1, []), 1, MARKER_VERSION))
  } else if (what === 'bad-index') {
    // An index that claims main's layers without ever looking them up.
    const scope = SCOPES[repo.nextId % SCOPES.length]
    repo.writeIndex({
      ref,
      scope,
      layers: [0, 1, 2].map((l) => blobKey(digest(`layer-${l}`))),
      lookups: [],
      layout: 'future',
    })
    written.push(repo.newestIndex(ref, scope)!)
  } else written.push(repo.add(ref, blobKey(digest('layer-0')), 120))
  for (const entry of written) repo.forkIds.add(entry.id)
  repo.forkRefs.add(ref)
  stats.forkWrites += written.length
}

/**
 * Rule 0 beside forks: what a fork wrote in its ref changes nothing a run deletes in any other
 * ref, beyond keeping more. The same plan without the fork's entries must delete at least as
 * much there (compared where no budget pressure, which a fork's sizes add to, is at play).
 *
 * One change is the pull request's own: an index the fork writes supersedes its ref's older
 * generation, as the pull request's next export would, and what only that generation used
 * stops being protected by it. So the comparison leaves out, with the fork's entries, the
 * generations of its ref that they superseded.
 */
export function checkForkIndifference(repo: Repo, s: PruneSetup, p: PrunePlan): void {
  if (p.budget === 'met' || p.budget === 'not-met') return
  if (!s.entries.some((e) => repo.forkIds.has(e.id))) return
  // Every generation of a fork's ref that is not live beside the fork's entries stays out (left
  // in, an older one would come back to life once a newer one left with them).
  const { superseded } = oracle(s.entries, repo.now, s.policy.graceMs)
  const kept = s.entries.filter((e) => !repo.forkIds.has(e.id))
  const stale = (e: CacheEntry) => repo.forkRefs.has(e.ref) && superseded.has(e.id)
  const entries = kept.filter((e) => !stale(e))
  const without = plan({
    entries,
    indexes: s.reads,
    policy: { ...s.policy, evidenceRefs: whatARunSees(entries, s.policy, repo.now).evidenceRefs },
    now: repo.now,
    complete: p.budget !== 'not-checked',
  })
  const allowed = new Set(without.deletions.map((d) => d.entry.id))
  for (const d of p.deletions) {
    if (repo.forkRefs.has(d.entry.ref)) continue
    if (!allowed.has(d.entry.id)) {
      throw new Error(
        `a fork's entries made the run delete ${d.entry.key} (${d.entry.ref}), which it keeps without them`,
      )
    }
  }
  stats.forkCompared++
}

/** A post step of the job on REFS[job], over its target or not, with the defaults otherwise. */
export const prune = (
  orphan: number,
  more: Partial<Extract<Event, { t: 'prune' }>> = {},
): Event => ({
  t: 'prune',
  mode: 'post',
  job: 0,
  failReads: [],
  failDeletes: [],
  target: 2,
  protect: true,
  grace: HOUR,
  orphan,
  via: 'run',
  lookups: true,
  concurrent: [],
  skew: 0,
  pace: 0,
  wrong404s: [],
  shifts: [],
  ...more,
})

/** An export of scope 0 on REFS[ref] that writes its index at once. */
export const exportOf = (ref: number, layers: number[], layout: Layout = 'buildkit'): Event => ({
  t: 'export',
  ref,
  scope: 0,
  layers,
  inFlight: false,
  duration: 0,
  layout,
})
