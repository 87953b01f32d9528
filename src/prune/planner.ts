/**
 * The pruning planner: (entries, readable indexes, policy, now) → a plan in which every entry
 * carries a verdict and the reason for it. Pure: the clock, the listing and the index contents are
 * arguments; nothing here talks to GitHub. The rules it applies are docs/pruning-rules.md; each
 * reason carries its rule's number (rules.ts).
 *
 * The analysis (analysis.ts) classifies the listing; the usage graph (usage-graph.ts) says who
 * uses which layer; then two passes give verdicts: the regular pass (regular-pass.ts) removes the
 * garbage of the refs this run prunes, and the budget pass (budget-pass.ts), only with a whole
 * listing and usage above the target, takes more in rule 9's order. Decisions.protection keeps
 * what rules 1, 2, 4 and 5 keep whichever pass asks, and delete-order.ts orders what is deleted
 * (rule 8).
 */
import type { CacheEntry } from '../github/caches.js'
import { type Analysis, type EntryKind, type IndexRead, analyze } from './analysis.js'
import { branchName, pullRequestNumber } from '../refs.js'
import { UsageGraph, type GraphPolicy } from './usage-graph.js'
import { Decisions } from './decisions.js'
import { regularPass, type RegularPassPolicy } from './regular-pass.js'
import { budgetPass, type BudgetPassPolicy } from './budget-pass.js'
import { waitsFor } from './delete-order.js'
import { isCopy, type Reason } from './rules.js'

export type { RefState } from '../github/ref-states.js'
export { REASON_TEXT, type Reason, type KeepReason, type DeleteReason } from './rules.js'

/** Everything a plan needs to know about the run: what each of its parts reads, together. */
export interface PrunePolicy extends GraphPolicy, RegularPassPolicy, BudgetPassPolicy {
  /** The repository's cache limit (`cache-limit`). */
  limitBytes: number
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

/**
 * How far above cache-limit usage must be to show that the repository's limit is higher: GitHub
 * evicts as soon as it passes its own (hourly), so a tenth more is more than an hour's exports.
 */
export const RAISED_LIMIT_MARGIN = 1.1

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
  const graph = new UsageGraph(analysis, policy, input.listedFrom, input.complete, () =>
    decisions.step(),
  )
  const decisions = new Decisions(analysis, graph, policy.graceMs, usageBefore, input.shouldStop)
  regularPass(decisions, policy)

  let budget: BudgetOutcome = 'not-checked'
  let unknownRefStates: string[] = []
  // GitHub evicts above the repository's limit (at least hourly): usage well above cache-limit
  // means that limit is higher than cache-limit says (a raised, paid limit).
  const budgeted =
    input.complete || (input.ownBudget === true && input.reportedUsageBytes !== undefined)
  const limitRaised = budgeted && usageBefore > policy.limitBytes * RAISED_LIMIT_MARGIN
  if (budgeted) {
    if (!decisions.overTarget(policy.targetBytes)) budget = 'under-target'
    else {
      // Over the listed refs alone, no ref's state is asked: GitHub's answers would drop refs
      // whose entries the run has not listed.
      if (input.complete) unknownRefStates = refsToAsk(decisions, policy)
      budgetPass(decisions, policy, !limitRaised)
      budget = decisions.overTarget(policy.targetBytes) ? 'not-met' : 'met'
    }
  }

  const entries: PlannedEntry[] = analysis.entries.map((c) => {
    const decision = decisions.get(c.entry.id) ?? { verdict: 'keep', reason: 'foreign' }
    return {
      entry: c.entry,
      kind: c.kind,
      ...(c.scope === undefined ? {} : { scope: c.scope }),
      verdict: decision.verdict,
      reason: decision.reason,
      after: decision.verdict === 'delete' ? waitsFor(decisions, c) : [],
      ...(isCopy(decision.reason) ? { lookUpFirst: true as const } : {}),
    }
  })
  // In the order chosen, so that a run cut short has done the most important part. A blob is
  // chosen only once no surviving index needs it, i.e. after the indexes it waits for.
  const byId = new Map(entries.map((p) => [p.entry.id, p]))
  const deletions = decisions.order.map((id) => byId.get(id)!)
  return {
    entries,
    deletions,
    usageBeforeBytes: usageBefore,
    usageAfterBytes: decisions.usage,
    limitBytes: policy.limitBytes,
    targetBytes: policy.targetBytes,
    budget,
    ...(limitRaised ? { limitRaised: true as const } : {}),
    unknownRefStates,
    analysis,
  }
}

/** Refs the budget would ask about: pull requests and branches other than the default. */
function refsToAsk(d: Decisions, policy: PrunePolicy): string[] {
  const refs = new Set<string>()
  for (const c of d.analysis.entries) {
    d.step()
    const ref = c.entry.ref
    if (c.kind === 'foreign' || ref === policy.defaultRef || policy.refStates.has(ref)) continue
    if (pullRequestNumber(ref) !== undefined || branchName(ref) !== undefined) refs.add(ref)
  }
  return [...refs].sort()
}
