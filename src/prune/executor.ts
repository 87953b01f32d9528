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
  const clock = options.clock ?? Date.now
  const maxFailures = options.maxConsecutiveFailures ?? 5
  const results = new Map<number, Promise<Result>>()
  const settle = new Map<number, (r: Result) => void>()
  const position = new Map<number, number>()
  deletions.forEach((planned, i) => {
    position.set(planned.entry.id, i)
    results.set(planned.entry.id, new Promise((resolve) => settle.set(planned.entry.id, resolve)))
  })
  // Entries others wait for: a 404 for one of them must be confirmed (a wrong 404 for an entry
  // that still exists would let an older generation become the newest without its blobs).
  const awaited = new Set(deletions.flatMap((planned) => planned.after))
  const confirmGone = async (planned: PlannedEntry): Promise<boolean> => {
    if (!options.confirmGone) return false
    report.confirmations++
    try {
      return await beforeDeadline(
        options.confirmGone(planned),
        options.deadline,
        clock,
        'confirming a delete',
      )
    } catch {
      return false
    }
  }
  let consecutiveFailures = 0
  const stop = (reason: StopReason, error?: string) => {
    report.stopped ??= { reason, ...(error === undefined ? {} : { error }) }
  }

  // Re-checks run with no deletion in flight (one of ours between two pages of the fresh listing
  // could shift an entry past the page boundary); what they find moved accumulates.
  const interval = options.recheckIntervalMs ?? RECHECK_INTERVAL_MS
  const inFlight = new Set<Promise<unknown>>()
  const moved = new Set<number>()
  let checkedAt = -Infinity
  let checking: Promise<void> | undefined
  const recheck = async (): Promise<void> => {
    if (!options.recheck) return
    while (checking) await checking
    if (report.stopped || clock() - checkedAt < interval) return
    checking = (async () => {
      await Promise.allSettled([...inFlight])
      const started = clock()
      report.rechecks++
      try {
        for (const id of await beforeDeadline(
          options.recheck!(),
          options.deadline,
          clock,
          're-checking the plan',
        )) {
          moved.add(id)
        }
        checkedAt = started
      } catch (error) {
        if (error instanceof DeadlineExceeded) stop('deadline')
        else stop('recheck-failed', options.describeError(error))
      }
    })()
    try {
      await checking
    } finally {
      checking = undefined
    }
  }

  // A failed lookup counts as not found: the deletion that needed it does not run.
  const lookUp = async (key: string): Promise<boolean> => {
    if (!options.lookUp) return false
    report.lookups++
    try {
      return await options.lookUp(key)
    } catch {
      return false
    }
  }

  const runOne = async (planned: PlannedEntry, at: number): Promise<Result> => {
    // An entry waits for everything it depends on. The plan puts those first, so they are
    // running or done; one outside the plan or after the entry counts as not deleted (waiting
    // for it could deadlock the workers).
    const waits = await Promise.all(
      planned.after.map((id) =>
        (position.get(id) ?? Infinity) < at ? results.get(id)! : Promise.resolve<Result>('kept'),
      ),
    )
    if (waits.some((r) => r !== 'gone')) {
      report.skipped.push(planned)
      return 'kept'
    }
    if (report.stopped) {
      report.skipped.push(planned)
      return 'kept'
    }
    if (options.deadline !== undefined && clock() >= options.deadline) {
      stop('deadline')
      report.skipped.push(planned)
      return 'kept'
    }
    await recheck()
    if (report.stopped) {
      report.skipped.push(planned)
      return 'kept'
    }
    if (moved.has(planned.entry.id)) {
      report.moved.push(planned)
      return 'kept'
    }
    if (planned.lookUpFirst && !(await lookUp(planned.entry.key))) {
      report.skipped.push(planned)
      return 'kept'
    }
    report.requests++
    const sent = deleter(planned.entry.id)
    inFlight.add(sent)
    void sent.then(
      () => inFlight.delete(sent),
      () => inFlight.delete(sent),
    )
    try {
      const outcome = await beforeDeadline(sent, options.deadline, clock, 'deleting')
      if (planned.lookUpFirst) await lookUp(planned.entry.key)
      if (outcome === 'missing' && awaited.has(planned.entry.id) && !(await confirmGone(planned))) {
        report.failed.push({
          planned,
          error: 'the delete answered 404 (not found), but a fresh listing did not confirm it gone',
        })
        return 'kept'
      }
      consecutiveFailures = 0
      if (outcome === 'deleted') {
        report.deleted.push(planned)
        report.freedBytes += planned.entry.sizeInBytes
      } else report.missing.push(planned)
      return 'gone'
    } catch (error) {
      const message = options.describeError(error)
      report.failed.push({ planned, error: message })
      if (error instanceof DeadlineExceeded) stop('deadline')
      else if (options.isPermissionDenied(error)) stop('permission-denied', message)
      else if (options.isRateLimited(error)) stop('rate-limited', message)
      else if (++consecutiveFailures >= maxFailures) stop('failures', message)
      return 'kept'
    }
  }

  await forEachLimited(deletions, options.concurrency, async (planned, at) => {
    settle.get(planned.entry.id)?.(await runOne(planned, at))
  })
  return report
}
