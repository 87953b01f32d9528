/**
 * The pruning planner: (entries, readable indexes, policy, now) → a plan in which every entry
 * carries a verdict and the reason for it. Pure: the clock, the listing and the index contents are
 * arguments; nothing here talks to GitHub. The rules it applies are docs/pruning-rules.md, cited
 * by number where each is applied.
 *
 * Two passes. The regular pass removes garbage in the refs this run prunes: superseded generations
 * and blobs no live index references or may use (rules 5, 6, 7). The budget pass, only with a whole
 * listing and usage above the target, takes more in the order of rule 9. Throughout, protection()
 * keeps what rules 1, 2, 4 and 5 keep, and after() orders what is deleted (rule 8).
 */
import type { CacheEntry } from '../github/caches.js'
import {
  type Analysis,
  type AnalysisPolicy,
  type Classified,
  type EntryKind,
  type IndexRead,
  analyze,
  byGeneration,
  couldReference,
  isLive,
  lastUsed,
} from './analysis.js'
import { branchName, canRead, pullRequestNumber, readByOtherRefs } from '../refs.js'
import { DeadlineExceeded } from './deadline.js'
import { isBuildKitVersion } from '../buildkit/keys.js'

/** What GitHub says about a ref, asked only when the budget needs it. */
export type RefState = 'closed-pr' | 'deleted-branch' | 'alive'

export interface PrunePolicy extends AnalysisPolicy {
  /**
   * Unreferenced blobs used within this long are kept when an index in a ref this job cannot read
   * could use them (or when that cannot be told).
   */
  orphanAgeMs: number
  /**
   * Whether exports look up every layer they reference, so that a blob's last use tells which
   * indexes can reference it (BuildKit's default). False when this job's export used BuildKit's
   * `ghtoken` key map, which skips those lookups: orphan-age then keeps every unreferenced blob.
   */
  exportsLookUpLayers: boolean
  /** The repository's cache limit (`cache-limit`). */
  limitBytes: number
  /** Usage the budget pass brings the repository under (`prune-target` of the limit). */
  targetBytes: number
  /** Whether the default branch's live entries survive budget pressure. */
  protectDefaultBranch: boolean
  /** Refs whose garbage this run removes (the regular pass). */
  pruneRefs: readonly string[]
  /**
   * Refs this job cannot read whose garbage it removes all the same, judged from times alone
   * (couldReference): their indexes' keys and every entry of theirs must be listed.
   */
  evidenceRefs: readonly string[]
  /** Refs whose every entry goes: the pull request closed in this event. */
  dropRefs: readonly string[]
  /** What is known about refs, for the budget's closed-PR and deleted-branch steps. */
  refStates: ReadonlyMap<string, RefState>
}

export type KeepReason =
  | 'foreign'
  | 'unknown-layout'
  | 'within-grace'
  | 'newest-generation'
  | 'recently-superseded'
  | 'referenced'
  | 'failed-read-index'
  | 'out-of-reach-index'
  | 'other-ref-index'
  | 'recently-used'
  | 'local-entry'
  | 'marker'
  | 'budget-note'
  | 'not-pruned-here'

export type DeleteReason =
  | 'superseded'
  | 'unreferenced'
  | 'copy'
  | 'stale-marker'
  | 'stale-note'
  | 'pr-closed'
  | 'budget-closed-pr'
  | 'budget-deleted-branch'
  | 'budget-superseded'
  | 'budget-unreferenced'
  | 'budget-copy'
  | 'budget-lru-group'

export type Reason = KeepReason | DeleteReason

export const REASON_TEXT: Record<Reason, string> = {
  foreign: "not BuildKit's or this action's",
  'unknown-layout':
    "BuildKit's or this action's version on a key this version of the action cannot parse (a newer one may have written it)",
  'within-grace': 'created or used within prune-grace',
  'newest-generation': 'the newest index generation',
  'recently-superseded': 'superseded within prune-grace',
  referenced: 'referenced by a live index',
  'failed-read-index': 'a live index that may use it could not be read',
  'out-of-reach-index':
    'a live index of its ref, which this job cannot read, may use it (by its marker, or by times)',
  'other-ref-index':
    'a live index of another ref, which this job cannot read, may use it (by its marker, or by times): kept while that index lives',
  'recently-used':
    "used within orphan-age, and which live indexes of other refs may use it could not be told (the repository's index listing failed)",
  'local-entry': 'a type=local entry, rotated by its own step',
  marker: 'declares what a live index of its ref references',
  'budget-note': 'tells post steps that the budget could not be met, and until when to back off',
  'stale-note': 'a budget note whose back-off is over',
  'not-pruned-here': 'in a ref this run does not prune',
  superseded: 'superseded index generation',
  unreferenced: 'no live index references it',
  'stale-marker': 'declares what an index that is no longer live referenced',
  copy: 'a copy of a layer the default branch keeps for a live index: the indexes that may use it find that one',
  'pr-closed': 'cache of the closed pull request (or of a merge queue entry that ended)',
  'budget-closed-pr': 'over budget: cache of a closed pull request',
  'budget-deleted-branch': 'over budget: cache of a deleted branch',
  'budget-superseded': 'over budget: superseded index generation',
  'budget-unreferenced': 'over budget: no live index may use it (orphan-age aside)',
  'budget-copy':
    'over budget: a copy of a layer the default branch keeps for a live index (the indexes that may use it find that one)',
  'budget-lru-group':
    'over budget: (ref, scope) group, least recently used (groups no later job read go first)',
}

export interface PlannedEntry {
  entry: CacheEntry
  kind: EntryKind
  scope?: string
  verdict: 'keep' | 'delete'
  reason: Reason
  /** Entries that must be deleted first; if one of them is not, this one is kept. */
  after: number[]
  /**
   * A copy (reason `copy` or `budget-copy`): look its key up through this job's runtime token
   * before deleting it, and delete it only if the lookup finds the key (the default branch's
   * entry: no other ref the job reads holds it); look it up again once deleted. The lookups are
   * the default branch's entry's last use, which tells later runs that the indexes that used the
   * copy may use it (couldReference).
   */
  lookUpFirst?: true
}

export type BudgetOutcome =
  /** The listing did not cover the repository; usage was not enforced. */
  | 'not-checked'
  /** Usage was under the target after the regular pass. */
  | 'under-target'
  /** The budget pass brought usage under the target. */
  | 'met'
  /** Everything deletable went and usage is still above the target. */
  | 'not-met'

/** What a budget outcome means, in words (the log and the job summary). */
export const BUDGET_WORDS: Record<BudgetOutcome, string> = {
  'not-checked': 'not checked (usage was under the target, so only this run’s refs were listed)',
  'under-target': 'under the target',
  met: 'brought under the target',
  'not-met': 'still above the target: nothing more could be deleted safely',
}

export interface PrunePlan {
  /** Every listed entry with its verdict, in listing order. */
  entries: PlannedEntry[]
  /** The deletions, in the order to run them: everything an entry waits for comes before it. */
  deletions: PlannedEntry[]
  usageBeforeBytes: number
  /** Usage once every deletion has run. */
  usageAfterBytes: number
  limitBytes: number
  targetBytes: number
  budget: BudgetOutcome
  /**
   * Usage was more than RAISED_LIMIT_MARGIN times cache-limit: the repository's limit is evidently
   * higher, and the budget evicted no live group of another ref.
   */
  limitRaised?: true
  /**
   * Refs whose state (closed pull request, deleted branch) the budget pass would use but the
   * policy did not give: ask GitHub and plan again.
   */
  unknownRefStates: string[]
  analysis: Analysis
}

export interface PlanInput {
  entries: readonly CacheEntry[]
  /**
   * Every index entry of the repository (the `index-` key-prefix listing), for a listing of some
   * refs only: which live indexes this job cannot read exist, and when they were written. Without
   * it (and without a whole listing) orphan-age keeps every unreferenced blob.
   */
  indexListing?: readonly CacheEntry[]
  /** Live indexes in readable refs, by entry id: their blob keys, or why they could not be read. */
  indexes: ReadonlyMap<number, IndexRead>
  policy: PrunePolicy
  now: number
  /** Whether `entries` is the whole repository; only then is the budget enforced in full. */
  complete: boolean
  /**
   * The repository holds more entries than the run may list (rule 12): with usage
   * (reportedUsageBytes) over the target, the budget takes from the listed refs alone, in rule 9's
   * order (superseded generations, blobs no live index the run knows may use, copies, then the
   * listed refs' groups). What GitHub's eviction would otherwise take is anything least recently
   * used, live layers included.
   */
  ownBudget?: boolean
  /** Usage from the usage endpoint, for a partial listing. */
  reportedUsageBytes?: number
  /**
   * When the listing that gave the indexes and blobs together began (a whole listing), less an
   * allowance for clocks: an index written since may have looked up blobs the listing had read
   * already (analysis.ts couldReference).
   */
  listedFrom?: number
  /**
   * The repository's markers (the marker key-prefix listing), for a listing of some refs only:
   * what the live indexes this job cannot read reference, as their own jobs declared it.
   */
  markerListing?: readonly CacheEntry[]
  /**
   * Asked as planning goes; true ends it with DeadlineExceeded (the run's deadline, rule 12):
   * planning is synchronous, and what forks write makes it longer.
   */
  shouldStop?: () => boolean
}

type Decision = { verdict: 'keep' | 'delete'; reason: Reason }

/**
 * How far above cache-limit usage must be to show that the repository's limit is higher: GitHub
 * evicts as soon as it passes its own (hourly), so a tenth more is more than an hour's exports.
 */
export const RAISED_LIMIT_MARGIN = 1.1

const byLastUse = (a: Classified, b: Classified) =>
  lastUsed(a.entry) - lastUsed(b.entry) || a.entry.id - b.entry.id

/**
 * Indexes before blobs (a blob becomes free once its indexes go), older generations before newer
 * (rule 8), blobs least recently used first.
 */
const indexesFirst = (a: Classified, b: Classified) =>
  Number(a.kind === 'blob') - Number(b.kind === 'blob') ||
  (a.kind === 'index' && b.kind === 'index' ? byGeneration(a, b) : byLastUse(a, b))

/** Indexes sorted by creation, for the range queries of Planner.mayUse. */
class ByCreation {
  private readonly list: Classified[]
  private readonly times: number[]
  constructor(list: readonly Classified[]) {
    this.list = [...list].sort((a, b) => a.entry.createdAt - b.entry.createdAt)
    this.times = this.list.map((c) => c.entry.createdAt)
  }

  /** The first position whose time is at least `t`. */
  private at(t: number): number {
    let lo = 0
    let hi = this.times.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.times[mid] < t) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /**
   * Those created within [from, until], then those created at or after `late` (past `until`),
   * each once, in order of creation.
   */
  *from(from: number, until: number, late = Infinity): Generator<Classified> {
    const start = this.at(from)
    const end = until === Infinity ? this.list.length : this.at(until + 1)
    for (let i = start; i < end; i++) yield this.list[i]
    if (late === Infinity) return
    for (let i = Math.max(end, this.at(late)); i < this.list.length; i++) yield this.list[i]
  }
}

function someOf<T>(items: Iterable<T>, pick: (item: T) => boolean): boolean {
  for (const item of items) if (pick(item)) return true
  return false
}

class Planner {
  readonly decisions = new Map<number, Decision>()
  /** Deleted ids in the order they were chosen: regular pass, then the budget's steps. */
  readonly order: number[] = []
  /** Where each deleted id is in `order`. */
  private readonly position = new Map<number, number>()
  /** Live indexes the job cannot read that see a ref, by that ref: its own, and other refs'. */
  private readonly usersByRef = new Map<string, { own: ByCreation; other: ByCreation }>()
  /** users() by blob id. */
  private readonly usersOf = new Map<number, readonly number[]>()
  private readonly readable: Set<string>
  usage: number

  constructor(
    readonly analysis: Analysis,
    readonly policy: PrunePolicy,
    usage: number,
    private readonly listedFrom = Infinity,
    /** Whether the listing covers the whole repository. */
    private readonly complete = false,
    /** Asked every few hundred steps; true ends planning with DeadlineExceeded (rule 12). */
    private readonly shouldStop: () => boolean = () => false,
  ) {
    this.readable = new Set(policy.readableRefs)
    this.usage = usage
  }

  private steps = 0

  /** One step of planning: the run's deadline can end it (rule 12). */
  private step(): void {
    if (++this.steps % 256 === 0 && this.shouldStop()) throw new DeadlineExceeded('planning')
  }

  withinGrace(c: Classified): boolean {
    return this.analysis.now - lastUsed(c.entry) < this.policy.graceMs
  }

  deleted(id: number): boolean {
    return this.decisions.get(id)?.verdict === 'delete'
  }

  /** A surviving live readable index references this blob entry. */
  referenced(blob: Classified): boolean {
    return (this.analysis.referencers.get(blob.entry.id) ?? []).some((id) => !this.deleted(id))
  }

  /**
   * Whether the live indexes this job cannot read are known (a whole listing, or the repository's
   * index listing), so that their markers and times can tell which blobs they may use (rule 5).
   */
  get evidence(): boolean {
    return this.analysis.outOfReach !== undefined
  }

  /**
   * Whether surviving live indexes this job cannot read may use the blob (rule 5): indexes of its
   * own ref, and of other refs that see its ref. Undefined when the live indexes of other refs are
   * not known (rule 6).
   */
  outOfReachUsers(blob: Classified): { own: boolean; other: boolean } | undefined {
    if (!this.evidence) return undefined
    const users = this.outOfReachSeeing(blob.entry.ref)
    const uses = (x: Classified) => !this.deleted(x.entry.id) && this.couldUse(x, blob)
    return {
      own: someOf(this.mayUse(users.own, blob, true), uses),
      other: someOf(this.mayUse(users.other, blob, false), uses),
    }
  }

  /**
   * The indexes of `list` whose creation times could pass couldReference for `blob` (the rest
   * cannot): one or two ranges of the list by creation, found by binary search, so a query costs
   * the indexes that may use the blob, not every index a fork wrote. `own`: the blob's own ref,
   * where exports may race for a layer.
   */
  private mayUse(list: ByCreation, blob: Classified, own: boolean): Iterable<Classified> {
    const { graceMs, exportsLookUpLayers } = this.policy
    const race = own ? graceMs : 0
    const from = blob.entry.createdAt - race
    if (!exportsLookUpLayers) return list.from(from, Infinity)
    const until = lastUsed(blob.entry) + graceMs + race
    const late = Math.max(from, this.listedFrom)
    // Written while the blob was in use, or after the listing began.
    if (late <= until) return list.from(from, Infinity)
    return list.from(from, until, late)
  }

  /** Live indexes this job cannot read that see `ref`: its own, and other refs'. */
  private outOfReachSeeing(ref: string): { own: ByCreation; other: ByCreation } {
    let users = this.usersByRef.get(ref)
    if (users === undefined) {
      const own: Classified[] = []
      const other: Classified[] = []
      for (const x of this.analysis.outOfReach ?? []) {
        if (x.entry.ref === ref) own.push(x)
        else if (canRead(x.entry.ref, ref, this.policy.defaultRef)) other.push(x)
      }
      users = { own: new ByCreation(own), other: new ByCreation(other) }
      this.usersByRef.set(ref, users)
    }
    return users
  }

  private couldUse(index: Classified, blob: Classified): boolean {
    // Times say which entries the index may have found (without lookups, only that the entry
    // existed before it); a marker says which keys it references.
    const { graceMs, exportsLookUpLayers } = this.policy
    if (!couldReference(index.entry, blob.entry, graceMs, this.listedFrom, exportsLookUpLayers)) {
      return false
    }
    const declared = this.analysis.declared.get(index.entry.id)
    return declared === undefined || declared(blob.entry.key)
  }

  /**
   * A blob that no surviving live index references or may use, in a ref this run prunes: garbage
   * (rule 5), unless which live indexes of other refs may use it cannot be told, in a ref others
   * read: then it is kept for orphan-age after its last use (rule 6).
   */
  judge(blob: Classified): void {
    if (
      this.outOfReachUsers(blob) === undefined &&
      readByOtherRefs(blob.entry.ref, this.policy.defaultRef) &&
      this.analysis.now - lastUsed(blob.entry) < this.policy.orphanAgeMs
    ) {
      return this.keep(blob, 'recently-used')
    }
    this.delete(blob, 'unreferenced')
  }

  /**
   * Rule 7. Whether a blob outside the default branch, in a ref this job cannot read, is a copy it
   * may delete: the default branch holds the same key and version for a surviving live index this
   * job read (so it stays while that index lives; the default branch is protected, so not even
   * the budget takes it in this plan), and every live index that may use the copy (its ref's, or
   * a pull request's that reads that ref: couldReference) was written after the default branch's
   * entry was created. Those indexes' imports then find the default branch's entry, and once the
   * job has looked it up (`lookUpFirst`) its last use is no earlier than any of them was written,
   * so whoever later judges it sees that they may use it (couldReference) and keeps it while they
   * live (rule 5), exactly as if their exports had found it there. The lookup must find that entry:
   * no other ref the job reads may hold the key, which only a whole listing tells.
   */
  private copyOfKept(blob: Classified): boolean {
    const { defaultRef, protectDefaultBranch } = this.policy
    if (!protectDefaultBranch || !this.evidence || !this.policy.exportsLookUpLayers) return false
    if (blob.entry.ref === defaultRef) return false
    if (!this.readable.has(defaultRef) || this.readable.has(blob.entry.ref)) return false
    const holders = this.analysis.blobsByKey.get(blob.entry.key) ?? []
    const elsewhere = holders.some(
      (c) => c.entry.ref !== defaultRef && this.readable.has(c.entry.ref),
    )
    if (elsewhere || (this.readable.size > 1 && !this.complete)) return false
    const kept = holders.find((c) => c.entry.ref === defaultRef)
    if (
      kept === undefined ||
      kept.entry.version !== blob.entry.version ||
      this.deleted(kept.entry.id) ||
      !(this.analysis.referencers.get(kept.entry.id) ?? []).some(
        (id) => !this.deleted(id) && this.analysis.byId.get(id)?.entry.ref === defaultRef,
      )
    ) {
      return false
    }
    return this.users(blob).every(
      (id) => kept.entry.createdAt <= (this.analysis.byId.get(id)?.entry.createdAt ?? -Infinity),
    )
  }

  /**
   * The live indexes that reference a blob entry (read) or, from a ref this job cannot read, may
   * (written while it was in use, in a ref that sees its ref); deleted ones included. The blob's
   * own ref may be readable: a pull request this job cannot read may use a branch's blob.
   */
  users(blob: Classified): readonly number[] {
    const known = this.usersOf.get(blob.entry.id)
    if (known) return known
    const ids = [...(this.analysis.referencers.get(blob.entry.id) ?? [])]
    if (this.evidence) {
      const { own, other } = this.outOfReachSeeing(blob.entry.ref)
      for (const x of this.mayUse(own, blob, true)) {
        if (this.couldUse(x, blob)) ids.push(x.entry.id)
      }
      for (const x of this.mayUse(other, blob, false)) {
        if (this.couldUse(x, blob)) ids.push(x.entry.id)
      }
    }
    this.usersOf.set(blob.entry.id, ids)
    return ids
  }

  /** A surviving live index that could not be read may reference this blob entry. */
  maybeReferenced(blob: Classified): boolean {
    return this.analysis.failedReads.some(
      (index) =>
        !this.deleted(index.entry.id) &&
        canRead(index.entry.ref, blob.entry.ref, this.policy.defaultRef),
    )
  }

  /**
   * Why an entry must stay whatever step is deciding, if it must: somebody else's entry or one in
   * a layout this code does not know (rules 1, 4), anything used within prune-grace, a generation
   * superseded within it (rule 2), a blob that a surviving live index references, or may
   * reference (failed reads: rule 4), or may use (out of reach: rule 5). A copy's users find the default
   * branch's entry instead (rule 7): `users: false` leaves them out.
   */
  protection(c: Classified, users = true): KeepReason | undefined {
    if (c.kind === 'foreign') return c.unknownLayout ? 'unknown-layout' : 'foreign'
    if (this.withinGrace(c)) return 'within-grace'
    if (this.analysis.generation.get(c.entry.id) === 'recently-superseded')
      return 'recently-superseded'
    if (c.kind !== 'blob') return undefined
    if (this.referenced(c)) return 'referenced'
    if (this.maybeReferenced(c)) return 'failed-read-index'
    return users ? this.usersProtection(c) : undefined
  }

  /** A surviving live index this job cannot read may use the blob (rule 5). */
  private usersProtection(blob: Classified): KeepReason | undefined {
    const users = this.outOfReachUsers(blob)
    if (users?.own) return 'out-of-reach-index'
    if (users?.other) return 'other-ref-index'
    return undefined
  }

  keep(c: Classified, reason: KeepReason): void {
    this.decisions.set(c.entry.id, { verdict: 'keep', reason })
  }

  delete(c: Classified, reason: DeleteReason): void {
    this.decisions.set(c.entry.id, { verdict: 'delete', reason })
    this.position.set(c.entry.id, this.order.length)
    this.order.push(c.entry.id)
    this.usage -= c.entry.sizeInBytes
  }

  /** Deletes the entry unless it is protected (see protection). */
  tryDelete(c: Classified, reason: DeleteReason): boolean {
    const copy = reason === 'copy' || reason === 'budget-copy'
    if (this.deleted(c.entry.id) || this.protection(c, !copy) !== undefined) return false
    this.delete(c, reason)
    return true
  }

  /** The regular pass (rules 5 to 7, 13): every entry gets its verdict. */
  regular(): void {
    const drop = new Set(this.policy.dropRefs)
    // Readable refs by their indexes; others, when times can tell, by evidence.
    const prune = new Set([
      ...this.policy.pruneRefs.filter((ref) => this.readable.has(ref)),
      ...(this.evidence ? this.policy.evidenceRefs.filter((ref) => !this.readable.has(ref)) : []),
    ])
    const blobs: Classified[] = []
    for (const c of this.analysis.entries) {
      this.step()
      const protection = c.kind === 'blob' ? undefined : this.protection(c)
      if (c.kind === 'blob') blobs.push(c)
      // A closed pull request's entries go with it whatever their keys (a fork writes any), but
      // not what was used within prune-grace nor somebody else's version (rule 1).
      else if (protection === 'unknown-layout' && drop.has(c.entry.ref) && !this.withinGrace(c))
        this.delete(c, 'pr-closed')
      else if (protection !== undefined) this.keep(c, protection)
      else if (drop.has(c.entry.ref)) this.delete(c, 'pr-closed')
      else if (c.kind === 'marker') this.judgeMarker(c, prune)
      else if (c.kind === 'note') this.judgeNote(c, prune)
      else if (this.analysis.generation.get(c.entry.id) === 'newest')
        this.keep(c, 'newest-generation')
      else if (!prune.has(c.entry.ref)) this.keep(c, 'not-pruned-here')
      else if (c.kind === 'local') this.keep(c, 'local-entry')
      else this.delete(c, 'superseded')
    }
    // Blobs last: whether one is referenced depends on which indexes survive.
    for (const blob of blobs) {
      this.step()
      const ref = blob.entry.ref
      const protection = this.protection(blob, false)
      if (protection !== undefined) this.keep(blob, protection)
      else if (!drop.has(ref) && !prune.has(ref)) this.keep(blob, 'not-pruned-here')
      else {
        const used = this.usersProtection(blob)
        if (used !== undefined && !drop.has(ref) && this.copyOfKept(blob)) this.delete(blob, 'copy')
        else if (used !== undefined) this.keep(blob, used)
        else if (drop.has(ref)) this.delete(blob, 'pr-closed')
        else this.judge(blob)
      }
    }
  }

  /**
   * Rule 13. A marker stays while the index it describes lives; in a ref this run prunes (listed
   * whole) it goes once that index is superseded or gone.
   */
  private judgeMarker(c: Classified, prune: ReadonlySet<string>): void {
    const index = this.analysis.byId.get(c.marker?.indexId ?? 0)
    const live =
      index?.entry.ref === c.entry.ref && isLive(this.analysis.generation.get(index.entry.id))
    if (live) this.keep(c, 'marker')
    else if (!prune.has(c.entry.ref)) this.keep(c, 'not-pruned-here')
    else this.delete(c, 'stale-marker')
  }

  /** A budget note stays until its back-off is over (rule 12), then goes where the run prunes. */
  private judgeNote(c: Classified, prune: ReadonlySet<string>): void {
    if ((c.until ?? 0) > this.analysis.now) this.keep(c, 'budget-note')
    else if (!prune.has(c.entry.ref)) this.keep(c, 'not-pruned-here')
    else this.delete(c, 'stale-note')
  }

  overTarget(): boolean {
    return this.usage > this.policy.targetBytes
  }

  /** Entries still kept that the budget may take: ours or BuildKit's, outside prune-grace. */
  private candidates(filter: (c: Classified) => boolean): Classified[] {
    return this.analysis.entries.filter(
      (c) => c.kind !== 'foreign' && !this.deleted(c.entry.id) && !this.withinGrace(c) && filter(c),
    )
  }

  /** Deletes candidates in order until usage is under the target. */
  private deleteUntilUnder(list: Classified[], reason: DeleteReason): void {
    for (const c of list) {
      this.step()
      if (!this.overTarget()) return
      this.tryDelete(c, reason)
    }
  }

  /**
   * Rule 9: each step only while usage is above the target. With `groups` false (the repository's
   * limit is evidently above cache-limit), no live group of another ref goes: that would meet a
   * target below what GitHub itself allows.
   */
  budget(groups = true): void {
    const { refStates, defaultRef } = this.policy
    const inState = (state: RefState) => (c: Classified) =>
      c.entry.ref !== defaultRef && refStates.get(c.entry.ref) === state
    this.deleteUntilUnder(
      this.candidates(inState('closed-pr')).sort(indexesFirst),
      'budget-closed-pr',
    )
    this.deleteUntilUnder(
      this.candidates(inState('deleted-branch')).sort(indexesFirst),
      'budget-deleted-branch',
    )
    this.deleteUntilUnder(
      this.candidates((c) => this.analysis.generation.get(c.entry.id) === 'superseded').sort(
        byLastUse,
      ),
      'budget-superseded',
    )
    // Blobs no surviving live index may use, whatever orphan-age says (protection keeps the
    // others: rule 5), least recently used first. In a ref this job cannot read, only when times
    // can tell which of its live indexes may use each (rule 12: a ref listed for its bytes alone
    // goes whole or not at all).
    this.deleteUntilUnder(
      this.candidates(
        (c) => c.kind === 'blob' && (this.evidence || this.readable.has(c.entry.ref)),
      ).sort(byLastUse),
      'budget-unreferenced',
    )
    // Copies of blobs the default branch keeps for a live index, whose users find that one
    // instead (copyOfKept): deleting one costs no hit, where evicting a live group would.
    this.deleteUntilUnder(
      this.candidates((c) => c.kind === 'blob' && this.copyOfKept(c)).sort(byLastUse),
      'budget-copy',
    )
    if (!groups) return
    for (const group of this.groups()) {
      this.step()
      if (!this.overTarget()) return
      this.evict(group)
    }
  }

  /**
   * Eviction units (rule 9): groups never read since they were written first, then groups whose
   * layers were imported again, each least recently used first. In a readable ref whose live indexes were all
   * read, one group per scope: its generations and the blobs in that ref only its live indexes
   * reference. In a ref this job cannot read, likewise when times tell which live indexes may use
   * each blob (couldReference): a blob that another scope's index may use stays with that one.
   * Elsewhere nothing says which blob belongs to which scope, so the whole ref is one group. A
   * group with anything used within prune-grace is not a candidate.
   */
  private groups(): Classified[][] {
    const { defaultRef, protectDefaultBranch } = this.policy
    const refs = new Map<string, Classified[]>()
    for (const c of this.analysis.entries) {
      this.step()
      if (c.kind === 'foreign' || this.deleted(c.entry.id)) continue
      if (c.entry.ref === defaultRef && protectDefaultBranch) continue
      const list = refs.get(c.entry.ref)
      if (list) list.push(c)
      else refs.set(c.entry.ref, [c])
    }
    const groups: Classified[][] = []
    for (const [ref, members] of refs) {
      // Which index uses which blob: read in a readable ref; told by times elsewhere.
      const attributable = this.readable.has(ref)
        ? !this.analysis.failedReads.some((index) => index.entry.ref === ref)
        : this.evidence &&
          !this.analysis.failedReads.some((index) => canRead(index.entry.ref, ref, defaultRef))
      if (!attributable) {
        // Without the repository's indexes, an entry in a layout this code does not know may use
        // any layer of its ref: the ref cannot be evicted whole (rules 4, 12).
        if (!this.evidence && this.unknownIn(ref)) continue
        groups.push(members)
        continue
      }
      const byScope = new Map<string, Classified[]>()
      for (const c of members) {
        // A marker goes with its index (a later run finds it stale), a note when it expires.
        if (c.kind === 'blob' || c.kind === 'marker' || c.kind === 'note') continue
        const list = byScope.get(c.scope ?? '')
        if (list) list.push(c)
        else byScope.set(c.scope ?? '', [c])
      }
      for (const owners of byScope.values()) {
        const ids = new Set(owners.map((c) => c.entry.id))
        const exclusive = members.filter((c) => {
          if (c.kind !== 'blob') return false
          const users = this.users(c).filter((id) => !this.deleted(id))
          return users.length > 0 && users.every((id) => ids.has(id))
        })
        groups.push([...owners, ...exclusive])
      }
    }
    const lastUse = (group: Classified[]) => Math.max(...group.map((c) => lastUsed(c.entry)))
    const reused = (group: Classified[]) => (group.some((c) => this.reusedLayers(c)) ? 1 : 0)
    return groups
      .filter((group) => !group.some((c) => this.withinGrace(c)))
      .sort(
        (x, y) =>
          reused(x) - reused(y) ||
          lastUse(x) - lastUse(y) ||
          x[0].entry.ref.localeCompare(y[0].entry.ref) ||
          (x[0].scope ?? '').localeCompare(y[0].scope ?? ''),
      )
  }

  /** Whether `ref` holds an entry in a layout this code does not know, of BuildKit's version. */
  private unknownIn(ref: string): boolean {
    return this.analysis.unknown.some(
      (c) => c.entry.ref === ref && isBuildKitVersion(c.entry.version),
    )
  }

  /**
   * Whether a group member shows that its layers are imported again (rule 9): a blob, or a blob in
   * the same ref that an index uses, accessed more than prune-grace after it was created (the
   * writing job's own lookups come within that). Blobs of other refs say nothing about this group:
   * the default branch's are read by every build.
   */
  private reusedLayers(c: Classified): boolean {
    const read = (blob: Classified) =>
      blob.entry.lastAccessedAt - blob.entry.createdAt > this.policy.graceMs
    if (c.kind === 'blob') return read(c)
    return (this.usedBy().get(c.entry.id) ?? []).some(
      (blob) => blob.entry.ref === c.entry.ref && read(blob),
    )
  }

  /** Deletes a group whole: owners first, then the blobs nothing else needs any more. */
  private evict(group: Classified[]): void {
    const owners = group.filter((c) => c.kind !== 'blob').sort(indexesFirst)
    for (const c of owners) this.tryDelete(c, 'budget-lru-group')
    for (const c of group) if (c.kind === 'blob') this.tryDelete(c, 'budget-lru-group')
    // Blobs that this group's indexes shared with groups evicted before it, in its ref or in a
    // ref its indexes see.
    for (const index of group) {
      for (const c of this.usedBy().get(index.entry.id) ?? []) {
        if (this.deleted(c.entry.id)) continue
        if (this.users(c).every((id) => this.deleted(id))) this.tryDelete(c, 'budget-lru-group')
      }
    }
  }

  private usedByIndex?: Map<number, Classified[]>

  /** users() inverted: index id → the blob entries it uses or may use. */
  private usedBy(): Map<number, Classified[]> {
    if (this.usedByIndex) return this.usedByIndex
    const map = new Map<number, Classified[]>()
    for (const c of this.analysis.entries) {
      this.step()
      if (c.kind !== 'blob') continue
      for (const id of this.users(c)) {
        const list = map.get(id)
        if (list) list.push(c)
        else map.set(id, [c])
      }
    }
    return (this.usedByIndex = map)
  }

  private indexList?: Classified[]

  /** The ids a deleted blob must wait for: deleted indexes that referenced or might have. */
  after(c: Classified): number[] {
    if (c.kind === 'index') {
      // Deleting the newest generation while an older one of its group stays would make that one
      // the newest again, its blobs perhaps gone (rule 8): it waits for the older ones it deletes.
      if (this.analysis.generation.get(c.entry.id) !== 'newest') return []
      return this.analysis.entries
        .filter(
          (o) =>
            o.kind === 'index' &&
            o.group === c.group &&
            byGeneration(o, c) < 0 &&
            this.deleted(o.entry.id),
        )
        .map((o) => o.entry.id)
        .sort((x, y) => x - y)
    }
    if (c.kind !== 'blob') return []
    // A read index that references the blob is deleted before it (the blob is protected until
    // then). One that times say may use it waits only if chosen first: a whole-ref step takes
    // a blob whatever indexes elsewhere may do.
    const chosen = this.position.get(c.entry.id) ?? Infinity
    const read = new Set(this.analysis.referencers.get(c.entry.id) ?? [])
    const ids = this.users(c).filter(
      (id) => this.deleted(id) && (read.has(id) || (this.position.get(id) ?? Infinity) < chosen),
    )
    for (const index of this.analysis.failedReads) {
      if (
        this.deleted(index.entry.id) &&
        canRead(index.entry.ref, c.entry.ref, this.policy.defaultRef)
      ) {
        ids.push(index.entry.id)
      }
    }
    // In a ref this job cannot read, without the repository's indexes (a ref evicted whole: rule
    // 12), any deleted index that sees the ref may have used the blob.
    if (!this.evidence && !this.readable.has(c.entry.ref)) {
      this.indexList ??= this.analysis.entries.filter((x) => x.kind === 'index')
      for (const index of this.indexList) {
        if (
          this.deleted(index.entry.id) &&
          canRead(index.entry.ref, c.entry.ref, this.policy.defaultRef)
        ) {
          ids.push(index.entry.id)
        }
      }
    }
    return [...new Set(ids)].sort((x, y) => x - y)
  }

  /** Refs the budget would ask about: pull requests and branches other than the default. */
  unknownRefStates(): string[] {
    const refs = new Set<string>()
    for (const c of this.analysis.entries) {
      this.step()
      const ref = c.entry.ref
      if (
        c.kind === 'foreign' ||
        ref === this.policy.defaultRef ||
        this.policy.refStates.has(ref)
      ) {
        continue
      }
      if (pullRequestNumber(ref) !== undefined || branchName(ref) !== undefined) refs.add(ref)
    }
    return [...refs].sort()
  }
}

export function plan(input: PlanInput): PrunePlan {
  const { policy, now } = input
  const analysis = analyze(
    input.entries,
    input.indexes,
    policy,
    now,
    input.complete ? input.entries : input.indexListing,
    input.markerListing,
  )
  const listed = input.entries.reduce((sum, e) => sum + e.sizeInBytes, 0)
  const usageBefore = input.complete ? listed : Math.max(input.reportedUsageBytes ?? 0, listed)
  const planner = new Planner(
    analysis,
    policy,
    usageBefore,
    input.listedFrom,
    input.complete,
    input.shouldStop,
  )
  planner.regular()

  let budget: BudgetOutcome = 'not-checked'
  let unknownRefStates: string[] = []
  // GitHub evicts above the repository's limit (at least hourly): usage well above cache-limit
  // means that limit is higher than cache-limit says (a raised, paid limit).
  const budgeted =
    input.complete || (input.ownBudget === true && input.reportedUsageBytes !== undefined)
  const limitRaised = budgeted && usageBefore > policy.limitBytes * RAISED_LIMIT_MARGIN
  if (budgeted) {
    if (!planner.overTarget()) budget = 'under-target'
    else {
      // Over the listed refs alone, no ref's state is asked: GitHub's answers would drop refs
      // whose entries the run has not listed.
      if (input.complete) unknownRefStates = planner.unknownRefStates()
      planner.budget(!limitRaised)
      budget = planner.overTarget() ? 'not-met' : 'met'
    }
  }

  const entries: PlannedEntry[] = analysis.entries.map((c) => {
    const decision = planner.decisions.get(c.entry.id) ?? { verdict: 'keep', reason: 'foreign' }
    return {
      entry: c.entry,
      kind: c.kind,
      ...(c.scope === undefined ? {} : { scope: c.scope }),
      verdict: decision.verdict,
      reason: decision.reason,
      after: decision.verdict === 'delete' ? planner.after(c) : [],
      ...(decision.reason === 'copy' || decision.reason === 'budget-copy'
        ? { lookUpFirst: true as const }
        : {}),
    }
  })
  // In the order chosen, so that a run cut short has done the most important part. A blob is
  // chosen only once no surviving index needs it, i.e. after the indexes it waits for.
  const byId = new Map(entries.map((p) => [p.entry.id, p]))
  const deletions = planner.order.map((id) => byId.get(id)!)
  return {
    entries,
    deletions,
    usageBeforeBytes: usageBefore,
    usageAfterBytes: planner.usage,
    limitBytes: policy.limitBytes,
    targetBytes: policy.targetBytes,
    budget,
    ...(limitRaised ? { limitRaised: true as const } : {}),
    unknownRefStates,
    analysis,
  }
}
