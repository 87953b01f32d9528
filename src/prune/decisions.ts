/**
 * The verdicts a plan has given so far, shared by its passes: each entry's decision, the deletes
 * in the order they were chosen, and usage once they have run. `protection` is the one answer to
 * "must this entry stay, whatever pass is asking?" (rules 1, 2, 4, 5, on the usage graph).
 */
import { type Analysis, type Classified, lastUsed } from './analysis.js'
import { DeadlineExceeded } from './deadline.js'
import { type DeleteReason, type KeepReason, type Reason, isCopy } from './rules.js'
import type { Survivors, UsageGraph } from './usage-graph.js'

export interface Decision {
  verdict: 'keep' | 'delete'
  reason: Reason
}

export class Decisions implements Survivors {
  private readonly decisions = new Map<number, Decision>()
  /** Deleted ids in the order they were chosen: regular pass, then the budget's steps. */
  readonly order: number[] = []
  /** Where each deleted id is in `order`. */
  private readonly position = new Map<number, number>()
  private steps = 0

  constructor(
    readonly analysis: Analysis,
    readonly graph: UsageGraph,
    readonly graceMs: number,
    /** Usage before any delete; less each delete's size as it is chosen. */
    public usage: number,
    /** Asked every few hundred steps; true ends planning with DeadlineExceeded (rule 12). */
    private readonly shouldStop: () => boolean = () => false,
  ) {}

  /** One step of planning: the run's deadline can end it (rule 12). */
  step(): void {
    if (++this.steps % 256 === 0 && this.shouldStop()) throw new DeadlineExceeded('planning')
  }

  get(id: number): Decision | undefined {
    return this.decisions.get(id)
  }

  deleted(id: number): boolean {
    return this.decisions.get(id)?.verdict === 'delete'
  }

  /** Whether `id` was chosen for deletion before `than` (both deleted). */
  chosenBefore(id: number, than: number): boolean {
    return (this.position.get(id) ?? Infinity) < (this.position.get(than) ?? Infinity)
  }

  withinGrace(c: Classified): boolean {
    return this.analysis.now - lastUsed(c.entry) < this.graceMs
  }

  /**
   * Why an entry must stay whatever pass is deciding, if it must: somebody else's entry or one in
   * a layout this code does not know (rules 1, 4), anything used within prune-grace, a generation
   * superseded within it (rule 2), a blob that a surviving use keeps (the usage graph: rules 0, 4,
   * 5). A copy's users find the default branch's entry instead (rule 7): `outOfReach: false`
   * leaves them out.
   */
  protection(c: Classified, outOfReach = true): KeepReason | undefined {
    if (c.kind === 'foreign') return c.unknownLayout ? 'unknown-layout' : 'foreign'
    if (this.withinGrace(c)) return 'within-grace'
    if (this.analysis.generation.get(c.entry.id) === 'recently-superseded')
      return 'recently-superseded'
    if (c.kind !== 'blob') return undefined
    return this.graph.keptBy(c, this, outOfReach)
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

  /** Deletes the entry unless it is protected (a copy: by what keeps it besides its users). */
  tryDelete(c: Classified, reason: DeleteReason): boolean {
    if (this.deleted(c.entry.id) || this.protection(c, !isCopy(reason)) !== undefined) return false
    this.delete(c, reason)
    return true
  }

  overTarget(targetBytes: number): boolean {
    return this.usage > targetBytes
  }
}
