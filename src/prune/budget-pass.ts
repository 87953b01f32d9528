/**
 * The budget pass (rule 9): with usage above the target, its steps in order, each only while usage
 * is still above it. The steps are data (BUDGET_STEPS): which entries each takes, in what order,
 * and the reason it gives; the last step evicts whole groups (budget-groups.ts).
 */
import type { Classified } from './analysis.js'
import type { Decisions } from './decisions.js'
import type { DeleteReason } from './rules.js'
import type { RefState } from '../github/ref-states.js'
import { evict, evictionGroups } from './budget-groups.js'
import { byLastUse, indexesFirst } from './delete-order.js'

export interface BudgetPassPolicy {
  defaultRef: string
  /** Whether the default branch's live entries survive budget pressure. */
  protectDefaultBranch: boolean
  /** Usage the pass brings the repository under. */
  targetBytes: number
  /** What is known about refs, for the closed-PR and deleted-branch steps. */
  refStates: ReadonlyMap<string, RefState>
}

interface BudgetStep {
  reason: DeleteReason
  /** Which of the entries still kept (ours or BuildKit's, outside prune-grace) the step takes. */
  takes: (c: Classified, d: Decisions, policy: BudgetPassPolicy) => boolean
  order: (a: Classified, b: Classified) => number
}

const inState =
  (state: RefState) =>
  (c: Classified, _d: Decisions, { refStates, defaultRef }: BudgetPassPolicy) =>
    c.entry.ref !== defaultRef && refStates.get(c.entry.ref) === state

/** Rule 9's steps before the groups, in order. */
export const BUDGET_STEPS: readonly BudgetStep[] = [
  { reason: 'budget-closed-pr', takes: inState('closed-pr'), order: indexesFirst },
  { reason: 'budget-deleted-branch', takes: inState('deleted-branch'), order: indexesFirst },
  {
    reason: 'budget-superseded',
    takes: (c, d) => d.analysis.generation.get(c.entry.id) === 'superseded',
    order: byLastUse,
  },
  // Blobs no surviving use keeps, whatever orphan-age says (protection keeps the others: rule
  // 5), least recently used first; only where the graph knows each blob's uses (rule 12: a ref
  // listed for its bytes alone goes whole or not at all).
  {
    reason: 'budget-unreferenced',
    takes: (c, d) => c.kind === 'blob' && d.graph.knowsUsers(c.entry.ref),
    order: byLastUse,
  },
  // Copies of blobs the default branch keeps for a live index, whose users find that one instead
  // (rule 7): deleting one costs no hit, where evicting a live group would.
  {
    reason: 'budget-copy',
    takes: (c, d) => c.kind === 'blob' && d.graph.copyOfKept(c, d),
    order: byLastUse,
  },
]

/**
 * Rule 9. With `groups` false (the repository's limit is evidently above cache-limit), no live
 * group of another ref goes: that would meet a target below what GitHub itself allows.
 */
export function budgetPass(d: Decisions, policy: BudgetPassPolicy, groups = true): void {
  const over = () => d.overTarget(policy.targetBytes)
  for (const step of BUDGET_STEPS) {
    const list = d.analysis.entries
      .filter(
        (c) =>
          c.kind !== 'foreign' &&
          !d.deleted(c.entry.id) &&
          !d.withinGrace(c) &&
          step.takes(c, d, policy),
      )
      .sort(step.order)
    for (const c of list) {
      d.step()
      if (!over()) return
      d.tryDelete(c, step.reason)
    }
  }
  if (!groups) return
  for (const group of evictionGroups(d, policy)) {
    d.step()
    if (!over()) return
    evict(d, group)
  }
}
