/**
 * Who uses which layer, built once from the analysis: every "may this blob go?" of the passes is a
 * query here against the indexes that survive so far (`Survivors`). A blob's uses are
 *
 * - the live readable indexes whose documents reference it (read: rule 0);
 * - the live readable indexes that could not be read, which may use anything their ref sees
 *   (rule 4), and entries of BuildKit's version in a layout this code does not know;
 * - the live indexes this job cannot read whose times (and marker, when they have one) say they
 *   may have used it: in its own ref with a race window of prune-grace, in refs that see its ref
 *   without (rule 5). Known only with the repository's indexes (`evidence`);
 * - without those, in a ref this job cannot read, any index that sees the ref (rule 12: such a
 *   ref goes whole or not at all).
 *
 * Answers that depend only on the listing are computed once and remembered; answers that depend on
 * what the passes deleted take the survivors as an argument.
 */
import {
  type Analysis,
  type Classified,
  type AnalysisPolicy,
  couldReference,
  lastUsed,
} from './analysis.js'
import { canRead, readByOtherRefs } from '../refs.js'
import { isBuildKitVersion } from '../buildkit/keys.js'
import type { KeepReason } from './rules.js'

/** What the passes have deleted so far. */
export interface Survivors {
  deleted(id: number): boolean
}

/** What the graph needs of the run's policy. */
export interface GraphPolicy extends AnalysisPolicy {
  /**
   * Whether exports look up every layer they reference, so that a blob's last use tells which
   * indexes can reference it (BuildKit's default). False when this job's export used BuildKit's
   * `ghtoken` key map, which skips those lookups: orphan-age then keeps every unreferenced blob.
   */
  exportsLookUpLayers: boolean
  /** Whether the default branch's live entries survive budget pressure (rule 7 needs it). */
  protectDefaultBranch: boolean
  /**
   * How long after its last use a blob that other refs read stays when which of their live
   * indexes may use it cannot be told (rule 6).
   */
  orphanAgeMs: number
}

/** Indexes sorted by creation, for the range queries of UsageGraph.mayUse. */
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

/** Which uses of a blob keep it, strongest first (the reason a plan gives). */
export type UseReason = Extract<
  KeepReason,
  'referenced' | 'failed-read-index' | 'out-of-reach-index' | 'other-ref-index'
>

export class UsageGraph {
  private readonly readable: Set<string>
  /** Live indexes the job cannot read that see a ref, by that ref: its own, and other refs'. */
  private readonly usersByRef = new Map<string, { own: ByCreation; other: ByCreation }>()
  /** users() by blob id. */
  private readonly usersOf = new Map<number, readonly number[]>()
  private usedByIndex?: Map<number, Classified[]>
  private indexList?: Classified[]

  constructor(
    readonly analysis: Analysis,
    private readonly policy: GraphPolicy,
    /** When the listing that gave indexes and blobs together began (analysis.ts couldReference). */
    private readonly listedFrom = Infinity,
    /** Whether the listing covers the whole repository. */
    private readonly complete = false,
    /** Called once per entry of a long walk: the run's deadline can end it (rule 12). */
    private readonly step: () => void = () => {},
  ) {
    this.readable = new Set(policy.readableRefs)
  }

  isReadable(ref: string): boolean {
    return this.readable.has(ref)
  }

  /**
   * Whether the live indexes this job cannot read are known (a whole listing, or the repository's
   * index listing), so that their markers and times can tell which blobs they may use (rule 5).
   */
  get evidence(): boolean {
    return this.analysis.outOfReach !== undefined
  }

  /**
   * Whether the uses of a blob of `ref` are known one by one: read in a readable ref, told by
   * times elsewhere when the repository's indexes are known. Otherwise any index that sees the
   * ref may use any of its blobs (rule 12).
   */
  knowsUsers(ref: string): boolean {
    return this.evidence || this.readable.has(ref)
  }

  /**
   * Why a surviving use keeps the blob, if one does: a read index references it (rule 0), a failed
   * read may (rule 4), an index this job cannot read may use it (rule 5). `outOfReach: false`
   * leaves the last out (a copy's users find the default branch's entry instead: rule 7).
   */
  keptBy(blob: Classified, survivors: Survivors, outOfReach = true): UseReason | undefined {
    if (this.referenced(blob, survivors)) return 'referenced'
    if (this.maybeReferenced(blob, survivors)) return 'failed-read-index'
    return outOfReach ? this.outOfReachUse(blob, survivors) : undefined
  }

  /**
   * Rule 6: without the repository's indexes, a blob of a ref that others read may be used by a
   * live index of theirs that no one here can see; it stays for orphan-age after its last use.
   */
  unknownUse(blob: Classified): 'recently-used' | undefined {
    const { defaultRef, orphanAgeMs } = this.policy
    return !this.evidence &&
      readByOtherRefs(blob.entry.ref, defaultRef) &&
      this.analysis.now - lastUsed(blob.entry) < orphanAgeMs
      ? 'recently-used'
      : undefined
  }

  /** A surviving index this job cannot read may use the blob (rule 5). */
  outOfReachUse(blob: Classified, survivors: Survivors): UseReason | undefined {
    const users = this.outOfReachUsers(blob, survivors)
    if (users?.own) return 'out-of-reach-index'
    if (users?.other) return 'other-ref-index'
    return undefined
  }

  /** A surviving live readable index references this blob entry. */
  private referenced(blob: Classified, survivors: Survivors): boolean {
    return (this.analysis.referencers.get(blob.entry.id) ?? []).some((id) => !survivors.deleted(id))
  }

  /** A surviving live index that could not be read may reference this blob entry. */
  private maybeReferenced(blob: Classified, survivors: Survivors): boolean {
    return this.analysis.failedReads.some(
      (index) =>
        !survivors.deleted(index.entry.id) &&
        canRead(index.entry.ref, blob.entry.ref, this.policy.defaultRef),
    )
  }

  /**
   * Whether surviving live indexes this job cannot read may use the blob (rule 5): indexes of its
   * own ref, and of other refs that see its ref. Undefined when they are not known (rule 6).
   */
  private outOfReachUsers(
    blob: Classified,
    survivors: Survivors,
  ): { own: boolean; other: boolean } | undefined {
    if (!this.evidence) return undefined
    const users = this.outOfReachSeeing(blob.entry.ref)
    const uses = (x: Classified) => !survivors.deleted(x.entry.id) && this.couldUse(x, blob)
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
   * The live indexes that reference a blob entry (read) or, from a ref this job cannot read, may
   * (by times and markers, in a ref that sees its ref); deleted ones included. The blob's own ref
   * may be readable: a pull request this job cannot read may use a branch's blob.
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

  /** users() inverted: the blob entries an index uses or may use. */
  usedBy(indexId: number): readonly Classified[] {
    if (this.usedByIndex === undefined) {
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
      this.usedByIndex = map
    }
    return this.usedByIndex.get(indexId) ?? []
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
  copyOfKept(blob: Classified, survivors: Survivors): boolean {
    const { defaultRef, protectDefaultBranch, exportsLookUpLayers } = this.policy
    if (!protectDefaultBranch || !this.evidence || !exportsLookUpLayers) return false
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
      survivors.deleted(kept.entry.id) ||
      !(this.analysis.referencers.get(kept.entry.id) ?? []).some(
        (id) => !survivors.deleted(id) && this.analysis.byId.get(id)?.entry.ref === defaultRef,
      )
    ) {
      return false
    }
    return this.users(blob).every(
      (id) => kept.entry.createdAt <= (this.analysis.byId.get(id)?.entry.createdAt ?? -Infinity),
    )
  }

  /**
   * Whether each blob of `ref` can be told apart by the indexes that use it (rule 9's groups): read
   * in a readable ref with no failed read; by times elsewhere, with the repository's indexes and no
   * failed read that sees the ref.
   */
  attributable(ref: string): boolean {
    const { defaultRef } = this.policy
    return this.readable.has(ref)
      ? !this.analysis.failedReads.some((index) => index.entry.ref === ref)
      : this.evidence &&
          !this.analysis.failedReads.some((index) => canRead(index.entry.ref, ref, defaultRef))
  }

  /**
   * Whether an entry of `ref` may use any of its layers without the graph knowing which: without
   * the repository's indexes, an entry of BuildKit's version in a layout this code does not know
   * (rules 4, 12). Such a ref cannot be evicted whole.
   */
  unknownUserIn(ref: string): boolean {
    return (
      !this.evidence &&
      this.analysis.unknown.some((c) => c.entry.ref === ref && isBuildKitVersion(c.entry.version))
    )
  }

  /**
   * The deleted indexes a deleted blob must wait for (rule 8): those that reference it (read, or
   * a failed read that sees its ref); those that times say may use it, when chosen before it (a
   * whole-ref step takes a blob whatever indexes elsewhere may do); and, where the uses are not
   * known one by one, every deleted index that sees its ref.
   */
  waitsFor(
    blob: Classified,
    survivors: Survivors,
    chosenBefore: (id: number) => boolean,
  ): number[] {
    const { defaultRef } = this.policy
    const read = new Set(this.analysis.referencers.get(blob.entry.id) ?? [])
    const ids = this.users(blob).filter(
      (id) => survivors.deleted(id) && (read.has(id) || chosenBefore(id)),
    )
    const seeing = (index: Classified) =>
      survivors.deleted(index.entry.id) && canRead(index.entry.ref, blob.entry.ref, defaultRef)
    for (const index of this.analysis.failedReads) if (seeing(index)) ids.push(index.entry.id)
    if (!this.knowsUsers(blob.entry.ref)) {
      this.indexList ??= this.analysis.entries.filter((x) => x.kind === 'index')
      for (const index of this.indexList) if (seeing(index)) ids.push(index.entry.id)
    }
    return [...new Set(ids)].sort((x, y) => x - y)
  }
}
