/**
 * Runs a plan's deletions with bounded concurrency through an injected deleter (rule 11 of
 * docs/pruning-rules.md). An entry that waits for others (a blob for the indexes that referenced
 * it) runs only once all of them are gone, so a failed index delete keeps its blobs (rule 8). Stops starting new deletions on a permission
 * error, an exhausted rate limit, the deadline, or a run of failures. A copy (`lookUpFirst`) is
 * deleted only between two lookups of its key (see PlannedEntry). Before deleting, and again
 * whenever the last check is RECHECK_INTERVAL_MS old, the plan is re-checked against fresh data
 * with nothing in flight, and what moved since is kept (rule 10 of docs/pruning-rules.md).
 * `dryRun` deletes nothing.
 */
import { forEachLimited } from '../concurrency.js'
import { DeadlineExceeded, beforeDeadline } from './deadline.js'
import type { PlannedEntry } from './planner.js'

/**
 * How old the last re-check may be when a deletion starts. With GitHub's one write a second and
 * four deletions in flight, a deletion is sent at most about this plus four seconds after the
 * fresh data it was checked against was read: the window rule 10 leaves.
 */
export const RECHECK_INTERVAL_MS = 10_000

export type DeleteOutcome = 'deleted' | 'missing'

/** Deletes one cache entry by id. */
export type Deleter = (id: number) => Promise<DeleteOutcome>

export type StopReason =
  'permission-denied' | 'rate-limited' | 'deadline' | 'failures' | 'recheck-failed'

export interface ExecuteOptions {
  /** Deletions in flight at once. */
  concurrency: number
  dryRun: boolean
  /** No deletion starts at or after this time (ms since the epoch). */
  deadline?: number
  clock?: () => number
  /** Consecutive failures after which the executor gives up. */
  maxConsecutiveFailures?: number
  /** Errors that mean the token may not delete (no `actions: write`). */
  isPermissionDenied: (error: unknown) => boolean
  /** Errors that mean the rate limit outlasted the client's retries. */
  isRateLimited: (error: unknown) => boolean
  describeError: (error: unknown) => string
  /**
   * Looks a key up through the job's runtime token; true when it finds that key. Deletions marked
   * `lookUpFirst` run only after a lookup that finds their key, and are looked up again once done;
   * without this, they are skipped.
   */
  lookUp?: (key: string) => Promise<boolean>
  /**
   * Re-checks the plan against fresh data (rule 10): called, with no deletion in flight, before
   * the first deletion and whenever the last call started `recheckIntervalMs` ago or more; answers
   * the ids of planned deletions to keep after all. If it throws, no deletion starts after it.
   */
  recheck?: () => Promise<ReadonlySet<number>>
  recheckIntervalMs?: number
  /**
   * Whether an entry whose delete answered 404 is really gone: true only when a fresh lookup no
   * longer finds it. Asked only for an entry other deletions wait for (rule 8); without it, or
   * when it fails, such a 404 counts as not deleted and what waited for the entry is kept.
   */
  confirmGone?: (planned: PlannedEntry) => Promise<boolean>
}

export interface Failure {
  planned: PlannedEntry
  error: string
}

export interface ExecutionReport {
  dryRun: boolean
  deleted: PlannedEntry[]
  /** Gone before we asked (GitHub's eviction or another run got there first). */
  missing: PlannedEntry[]
  failed: Failure[]
  /** Not attempted: dry run, stopped, or something it waited for was not deleted. */
  skipped: PlannedEntry[]
  /** Kept because a re-check found it used or possibly adopted since the plan (rule 10). */
  moved: PlannedEntry[]
  /** Re-checks made. */
  rechecks: number
  stopped?: { reason: StopReason; error?: string }
  freedBytes: number
  /** Delete requests sent. */
  requests: number
  /** Lookups sent for `lookUpFirst` deletions. */
  lookups: number
  /** Fresh lookups that checked a 404 before what waited for its entry was deleted. */
  confirmations: number
}

type Result = 'gone' | 'kept'

/**
 * A post step's order of deletes: those in `own` refs (its own ref, the default branch) and all
 * they wait for first, in the plan's order; then at most `otherLimit` in other refs, the rest
 * left for a later run (the scheduled `prune` has time for them). A fork that fills its ref with
 * garbage then costs a post step a bounded share of its time, however much it writes.
 */
export function ownRefsFirst(
  deletions: readonly PlannedEntry[],
  own: ReadonlySet<string>,
  otherLimit: number,
): { order: PlannedEntry[]; deferred: PlannedEntry[] } {
  const byId = new Map(deletions.map((d) => [d.entry.id, d]))
  const first = new Set<number>()
  const pull = (d: PlannedEntry): void => {
    if (first.has(d.entry.id)) return
    first.add(d.entry.id)
    for (const id of d.after) {
      const dep = byId.get(id)
      if (dep) pull(dep)
    }
  }
  for (const d of deletions) if (own.has(d.entry.ref)) pull(d)
  const rest = deletions.filter((d) => !first.has(d.entry.id))
  return {
    order: [...deletions.filter((d) => first.has(d.entry.id)), ...rest.slice(0, otherLimit)],
    deferred: rest.slice(otherLimit),
  }
}

export async function executePlan(
  deletions: readonly PlannedEntry[],
  deleter: Deleter,
  options: ExecuteOptions,
): Promise<ExecutionReport> {
  const report: ExecutionReport = {
    dryRun: options.dryRun,
    deleted: [],
    missing: [],
    failed: [],
    skipped: [],
    moved: [],
    rechecks: 0,
    freedBytes: 0,
    requests: 0,
    lookups: 0,
    confirmations: 0,
  }
  if (options.dryRun) {
    report.skipped = [...deletions]
    return report
  }
  const execution = new Execution(deletions, deleter, options, report)
  await forEachLimited(deletions, options.concurrency, (planned, at) =>
    execution.settle(planned, at),
  )
  return report
}

/** One run of a plan: the state its workers share while they delete. */
class Execution {
  private readonly clock: () => number
  private readonly maxFailures: number
  private readonly interval: number
  private readonly results = new Map<number, Promise<Result>>()
  private readonly settlers = new Map<number, (r: Result) => void>()
  private readonly position = new Map<number, number>()
  /**
   * Entries others wait for: a 404 for one of them must be confirmed (a wrong 404 for an entry
   * that still exists would let an older generation become the newest without its blobs).
   */
  private readonly awaited: ReadonlySet<number>
  /**
   * Re-checks run with no deletion in flight (one of ours between two pages of the fresh listing
   * could shift an entry past the page boundary); what they find moved accumulates.
   */
  private readonly inFlight = new Set<Promise<unknown>>()
  private readonly moved = new Set<number>()
  private checkedAt = -Infinity
  private checking: Promise<void> | undefined
  private consecutiveFailures = 0

  constructor(
    deletions: readonly PlannedEntry[],
    private readonly deleter: Deleter,
    private readonly options: ExecuteOptions,
    private readonly report: ExecutionReport,
  ) {
    this.clock = options.clock ?? Date.now
    this.maxFailures = options.maxConsecutiveFailures ?? 5
    this.interval = options.recheckIntervalMs ?? RECHECK_INTERVAL_MS
    deletions.forEach((planned, i) => {
      this.position.set(planned.entry.id, i)
      this.results.set(
        planned.entry.id,
        new Promise((resolve) => this.settlers.set(planned.entry.id, resolve)),
      )
    })
    this.awaited = new Set(deletions.flatMap((planned) => planned.after))
  }

  /** Runs one planned deletion (the `at`-th of the plan) and tells those waiting for it. */
  async settle(planned: PlannedEntry, at: number): Promise<void> {
    this.settlers.get(planned.entry.id)?.(await this.runOne(planned, at))
  }

  private stop(reason: StopReason, error?: string): void {
    this.report.stopped ??= { reason, ...(error === undefined ? {} : { error }) }
  }

  /**
   * Sends the deletion once it may go; when it may not, records it as skipped or moved. An entry
   * waits for everything it depends on. The plan puts those first, so they are running or done;
   * one outside the plan or after the entry counts as not deleted (waiting for it could deadlock
   * the workers).
   */
  private async runOne(planned: PlannedEntry, at: number): Promise<Result> {
    const { report, options } = this
    const waits = await Promise.all(
      planned.after.map((id) =>
        (this.position.get(id) ?? Infinity) < at
          ? this.results.get(id)!
          : Promise.resolve<Result>('kept'),
      ),
    )
    if (waits.some((r) => r !== 'gone') || report.stopped) {
      report.skipped.push(planned)
      return 'kept'
    }
    if (options.deadline !== undefined && this.clock() >= options.deadline) {
      this.stop('deadline')
      report.skipped.push(planned)
      return 'kept'
    }
    await this.recheck()
    if (report.stopped) {
      report.skipped.push(planned)
      return 'kept'
    }
    if (this.moved.has(planned.entry.id)) {
      report.moved.push(planned)
      return 'kept'
    }
    if (planned.lookUpFirst && !(await this.lookUp(planned.entry.key))) {
      report.skipped.push(planned)
      return 'kept'
    }
    // The delete goes in the same turn as the last check: a worker's deletes are paced by it.
    report.requests++
    const sent = this.deleter(planned.entry.id)
    this.inFlight.add(sent)
    void sent.then(
      () => this.inFlight.delete(sent),
      () => this.inFlight.delete(sent),
    )
    try {
      const outcome = await beforeDeadline(sent, options.deadline, this.clock, 'deleting')
      if (planned.lookUpFirst) await this.lookUp(planned.entry.key)
      if (
        outcome === 'missing' &&
        this.awaited.has(planned.entry.id) &&
        !(await this.confirmGone(planned))
      ) {
        report.failed.push({
          planned,
          error: 'the delete answered 404 (not found), but a fresh listing did not confirm it gone',
        })
        return 'kept'
      }
      this.consecutiveFailures = 0
      if (outcome === 'deleted') {
        report.deleted.push(planned)
        report.freedBytes += planned.entry.sizeInBytes
      } else report.missing.push(planned)
      return 'gone'
    } catch (error) {
      const message = options.describeError(error)
      report.failed.push({ planned, error: message })
      if (error instanceof DeadlineExceeded) this.stop('deadline')
      else if (options.isPermissionDenied(error)) this.stop('permission-denied', message)
      else if (options.isRateLimited(error)) this.stop('rate-limited', message)
      else if (++this.consecutiveFailures >= this.maxFailures) this.stop('failures', message)
      return 'kept'
    }
  }

  /** A failed or late confirmation counts as not gone. */
  private async confirmGone(planned: PlannedEntry): Promise<boolean> {
    const { confirmGone, deadline } = this.options
    if (!confirmGone) return false
    this.report.confirmations++
    try {
      return await beforeDeadline(confirmGone(planned), deadline, this.clock, 'confirming a delete')
    } catch {
      return false
    }
  }

  /** A failed lookup counts as not found: the deletion that needed it does not run. */
  private async lookUp(key: string): Promise<boolean> {
    if (!this.options.lookUp) return false
    this.report.lookups++
    try {
      return await this.options.lookUp(key)
    } catch {
      return false
    }
  }

  /** Re-checks the plan when the last check is `interval` old, once in-flight deletes settle. */
  private async recheck(): Promise<void> {
    const { recheck, deadline, describeError } = this.options
    if (!recheck) return
    while (this.checking) await this.checking
    if (this.report.stopped || this.clock() - this.checkedAt < this.interval) return
    this.checking = (async () => {
      await Promise.allSettled([...this.inFlight])
      const started = this.clock()
      this.report.rechecks++
      try {
        const keep = await beforeDeadline(recheck(), deadline, this.clock, 're-checking the plan')
        for (const id of keep) this.moved.add(id)
        this.checkedAt = started
      } catch (error) {
        if (error instanceof DeadlineExceeded) this.stop('deadline')
        else this.stop('recheck-failed', describeError(error))
      }
    })()
    try {
      await this.checking
    } finally {
      this.checking = undefined
    }
  }
}
