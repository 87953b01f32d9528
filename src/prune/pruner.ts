/**
 * One pruning run, from listing to deletions: decide how much to list, list it (completely or
 * not at all), read the live indexes, plan, ask GitHub about refs only if the budget needs it,
 * execute; and the post step's markers after it (pruneAndMark). Every piece of I/O is an argument
 * (the REST client, the index source, the clock, the log), so the post step, the `prune` entry
 * point, tests and benchmarks all run this same code. It never throws for a GitHub or
 * cache-service failure: the outcome says what went wrong.
 */
import { askRefStates, type RefState } from '../github/ref-states.js'
import type { CacheEntry } from '../github/caches.js'
import { formatBytes } from '../units.js'
import { type IndexRead, liveReadableIndexes } from './analysis.js'
import { BUDGET_BACKOFF_MS } from './budget-note.js'
import { DeadlineExceeded, beforeDeadline } from './deadline.js'
import { type ExecutionReport, executePlan, ownRefsFirst } from './executor.js'
import { type IndexSource, readIndexes } from './index-reader.js'
import {
  addMissed,
  decideListing,
  listEntries,
  listIndexesAndMarkers,
  relistIndexes,
} from './listing.js'
import { listMoreRefs, listRefsHoldingBytes } from './more-refs.js'
import { saveMarkers, saveNote, writesNotes } from './own-writes.js'
import { BUDGET_WORDS, type PrunePlan, type PrunePolicy, plan } from './planner.js'
import { readProblems, unknownLayoutProblems } from './read-problems.js'
import { movedSincePlan } from './recheck.js'
import {
  CLOCK_ALLOWANCE_MS,
  type Listings,
  type PruneDeps,
  type PruneOutcome,
  type PruneRun,
  type RunContext,
  clockOffset,
  newRunContext,
} from './run-context.js'

export * from './run-context.js'
export { BYTE_HOLDER_REFS } from './more-refs.js'
export { needsIndexListing, refsToList } from './listing.js'
export { writesNotes } from './own-writes.js'

/**
 * One pruning run, as a sequence of phases: decide how much to list, list the repository's
 * indexes and markers, list the entries, read the live indexes, list the refs the plan also
 * needs (closed pull requests, stale refs out of reach), plan (asking GitHub about refs when the
 * plan needs them), execute with re-checks, and save the budget note. Saving markers is the post
 * step's (pruneAndMark), after the run.
 */
export async function runPrune(run: PruneRun, deps: PruneDeps): Promise<PruneOutcome> {
  const ctx = newRunContext(run, deps)
  const { requests } = ctx
  let listed: PruneOutcome['listed'] = []
  let reportedUsageBytes: number | undefined
  const outcome = (rest: Partial<PruneOutcome> = {}): PruneOutcome => ({
    listed,
    requests,
    problems: ctx.problems,
    notices: ctx.notices,
    planningMs: ctx.planningMs,
    ...(reportedUsageBytes === undefined ? {} : { reportedUsageBytes }),
    ...rest,
  })

  try {
    const decided = await decideListing(ctx)
    ;({ listed, reportedUsageBytes } = decided)
    // The time entries are judged at is read before anything is listed: an export in flight when
    // the indexes were listed wrote its entries within prune-grace of it, however long the
    // listings that follow take. A whole listing holds indexes written while its pages were read
    // (see couldReference). It is GitHub's time (rule 2): the runner's reading then, corrected by
    // the offset the answers' Date headers show, which the listing itself may be the first to show.
    const startedAt = deps.clock()
    const listings: Listings = { ...(await listIndexesAndMarkers(ctx, listed)), entries: [] }
    const entries = await listEntries(ctx, listed)
    if (!entries) return outcome()
    listings.entries = entries
    if (decided.ownBudget && listed !== 'repository') {
      listed = [...listed, ...(await listRefsHoldingBytes(ctx, entries, listed))].sort()
    }
    if (!(await relistIndexes(ctx, listings, listed))) return outcome()
    const now = startedAt + clockOffset(ctx) - CLOCK_ALLOWANCE_MS
    const { reads, ownTouchUntil } = await readLiveIndexes(ctx, entries, now)
    const refStates = new Map<string, RefState>()
    const policy = await listMoreRefs(ctx, listings, listed, refStates, now)
    // The refs listed since may have missed what the index listings hold, too (rule 3).
    if (listed !== 'repository' && listings.indexListing) {
      const covered = new Set([...listed, ...policy.dropRefs, ...policy.evidenceRefs])
      addMissed(ctx, listings.entries, listings.indexListing, (ref) => covered.has(ref))
    }
    const result = await planRun(ctx, {
      listings,
      reads,
      policy: { ...policy, refStates },
      now,
      listed,
      reportedUsageBytes,
      ownBudget: decided.ownBudget,
    })
    const execution = await execute(ctx, result, now, ownTouchUntil)
    const notes = run.policy.pruneRefs.length > 0 && run.policy.pruneRefs.every(writesNotes)
    if (result.budget === 'not-met' && run.backOff && notes && deps.saveMarker && !run.dryRun) {
      requests.noteWrites += await ctx.bounded(
        saveNote(deps, ctx.githubNow() + BUDGET_BACKOFF_MS),
        'saving the budget note',
      )
    }
    return outcome({ plan: result, execution, indexReads: reads })
  } catch (error) {
    if (!(error instanceof DeadlineExceeded)) throw error
    ctx.problems.push(`${error.message}; nothing more was done (the rest is left for the next run)`)
    return outcome()
  }
}

/**
 * Downloads every live index of a readable ref (rule 4). The run's own lookups refresh the
 * indexes it reads: `ownTouchUntil` tells a re-check not to take them for an import (rule 10).
 */
async function readLiveIndexes(
  ctx: RunContext,
  entries: readonly CacheEntry[],
  now: number,
): Promise<{ reads: Map<number, IndexRead>; ownTouchUntil: Map<number, number> }> {
  const { deps } = ctx
  const live = liveReadableIndexes(entries, ctx.run.policy, now)
  const ownTouchUntil = new Map<number, number>()
  if (live.length === 0) return { reads: new Map(), ownTouchUntil }
  if (!deps.indexSource) {
    ctx.problems.push(
      `${deps.noIndexSource ?? 'the cache service runtime is not available'}, so ${live.length} live indexes were not read; what they may reference was kept`,
    )
    return { reads: new Map(), ownTouchUntil }
  }
  const result = await ctx.bounded(readIndexes(deps.indexSource, live), 'reading the live indexes')
  ctx.requests.indexLookups += result.stats.lookups
  ctx.requests.indexDownloads += result.stats.downloads
  const touched = ctx.githubNow() + CLOCK_ALLOWANCE_MS
  for (const index of live) ownTouchUntil.set(index.id, touched)
  ctx.problems.push(...readProblems(live, result.reads))
  return { reads: result.reads, ownTouchUntil }
}

/** Plans; when the plan needs to know whether refs are gone, asks GitHub and plans again. */
async function planRun(
  ctx: RunContext,
  o: {
    listings: Listings
    reads: ReadonlyMap<number, IndexRead>
    policy: PrunePolicy & { refStates: Map<string, RefState> }
    now: number
    listed: PruneOutcome['listed']
    reportedUsageBytes: number | undefined
    ownBudget: boolean
  },
): Promise<PrunePlan> {
  const { listings, listed } = o
  const planWith = () => {
    const started = performance.now()
    try {
      return planOnce()
    } finally {
      ctx.planningMs += performance.now() - started
    }
  }
  const planOnce = () =>
    plan({
      entries: listings.entries,
      ...(listings.indexListing ? { indexListing: listings.indexListing } : {}),
      ...(listings.markerListing ? { markerListing: listings.markerListing } : {}),
      indexes: o.reads,
      policy: o.policy,
      now: o.now,
      complete: listed === 'repository',
      ...(o.ownBudget ? { ownBudget: true } : {}),
      // The listings started at the time entries are judged at; the second index listing
      // (relistIndexes) came after the entries.
      listedFrom: o.now,
      ...(o.reportedUsageBytes === undefined ? {} : { reportedUsageBytes: o.reportedUsageBytes }),
      ...(ctx.run.deadline === undefined
        ? {}
        : { shouldStop: () => ctx.deps.clock() >= ctx.run.deadline! }),
    })
  let result = planWith()
  if (result.unknownRefStates.length > 0) {
    await ctx.bounded(
      askRefStates(
        result.unknownRefStates,
        ctx.run.policy.defaultRef,
        o.policy.refStates,
        ctx.deps.api,
        ctx.refStateLog,
      ),
      'asking which refs are gone',
    )
    result = planWith()
  }
  ctx.problems.push(...unknownLayoutProblems(result))
  ctx.deps.log.info(
    `Plan: delete ${result.deletions.length} of ${listings.entries.length} entries, ${formatBytes(result.usageBeforeBytes)} → ${formatBytes(result.usageAfterBytes)} (budget: ${BUDGET_WORDS[result.budget]})`,
  )
  return result
}

/** Deletes the plan's entries, each batch checked against what was created or used since (rule 10). */
async function execute(
  ctx: RunContext,
  result: PrunePlan,
  now: number,
  ownTouchUntil: ReadonlyMap<number, number>,
): Promise<ExecutionReport> {
  const { run, deps } = ctx
  let since = now
  const { order, deferred } =
    run.otherRefDeletes === undefined
      ? { order: result.deletions, deferred: [] }
      : ownRefsFirst(
          result.deletions,
          new Set([...run.policy.pruneRefs, run.policy.defaultRef]),
          run.otherRefDeletes,
        )
  if (deferred.length > 0) {
    ctx.notices.push(
      `${deferred.length} planned deletions in other refs were left for a later run (a post step deletes at most ${run.otherRefDeletes} there, after its own ref's and the default branch's; the scheduled prune has time for them)`,
    )
  }
  const planned = new Map(order.map((d) => [d.entry.id, d.entry]))
  const recheck = async () => {
    const started = ctx.githubNow()
    const fresh = await deps.api.listRecentlyUsed(since, {
      onPage: () => void ctx.requests.rechecks++,
    })
    since = started - CLOCK_ALLOWANCE_MS
    return movedSincePlan(planned, fresh, now, run.policy, ownTouchUntil)
  }
  const execution = await executePlan(order, deps.api.deleteCache, {
    concurrency: run.concurrency,
    dryRun: run.dryRun,
    ...(run.deadline === undefined ? {} : { deadline: run.deadline }),
    clock: deps.clock,
    isPermissionDenied: deps.api.isPermissionDenied,
    isRateLimited: deps.api.isRateLimited,
    describeError: deps.api.describeError,
    ...(deps.indexSource ? { lookUp: lookUpWith(deps.indexSource) } : {}),
    recheck,
    // A 404 is confirmed by listing the entry's key in its ref: gone only when its id is absent.
    confirmGone: async ({ entry }) =>
      !(await deps.api.listCaches({ key: entry.key, ref: entry.ref }, { onPage: ctx.onPage })).some(
        (e) => e.id === entry.id,
      ),
  })
  execution.skipped.push(...deferred)
  ctx.requests.deletes += execution.requests
  ctx.requests.copyLookups += execution.lookups
  if (execution.moved.length > 0) {
    deps.log.info(
      `Kept ${execution.moved.length} planned deletions that were used, or may have been adopted by an export, since the plan`,
    )
  }
  return execution
}

/**
 * The post step's pruning: the run, then a marker for each live index of the job's own ref that
 * it read (the run's `markerRef`), so jobs that cannot read that ref know what its indexes use.
 * A marker saved after the run's deletes is as good as one saved before: until it exists, other
 * jobs judge those indexes from times, which keeps more.
 */
export async function pruneAndMark(run: PruneRun, deps: PruneDeps): Promise<PruneOutcome> {
  const outcome = await runPrune(run, deps)
  if (!run.markerRef || !deps.saveMarker || run.dryRun || !outcome.plan || !outcome.indexReads)
    return outcome
  try {
    outcome.requests.markerWrites += await beforeDeadline(
      saveMarkers(
        run.markerRef,
        outcome.plan.analysis.entries.map((c) => c.entry),
        outcome.indexReads,
        deps,
        outcome.problems,
      ),
      run.deadline,
      deps.clock,
      'saving markers',
    )
  } catch (error) {
    if (!(error instanceof DeadlineExceeded)) throw error
    outcome.problems.push(`${error.message}; the markers were not saved (the next run saves them)`)
  }
  return outcome
}

/** Whether a lookup of the key through the runtime token finds exactly that key. */
function lookUpWith(source: IndexSource): (key: string) => Promise<boolean> {
  return async (key) => (await source.lookup(key))?.matchedKey === key
}
