/**
 * One pruning run, from listing to deletions: decide how much to list, list it (completely or
 * not at all), read the live indexes, plan, ask GitHub about refs only if the budget needs it,
 * execute; and the post step's markers after it (pruneAndMark). Every piece of I/O is an argument (the REST client, the index source, the clock, the
 * log), so the post step, the `prune` entry point, tests and benchmarks all run this same code.
 * It never throws for a GitHub or cache-service failure: the outcome says what went wrong.
 */
import { forEachLimited, REQUEST_CONCURRENCY } from '../concurrency.js'
import { INDEX_KEY_PREFIX, isBuildKitVersion } from '../buildkit/keys.js'
import {
  ListingTooLargeError,
  type CacheEntry,
  type CacheUsage,
  type ListFilter,
  type ListOptions,
} from '../github/caches.js'
import type { PullRequestState } from '../github/repository.js'
import { singleLine } from '../log-line.js'
import { formatBytes, formatDuration, plural } from '../units.js'
import {
  type IndexRead,
  declarations,
  liveReadableIndexes,
  staleOutOfReachRefs,
} from './analysis.js'
import { BUDGET_BACKOFF_MS, NOTE_KEY_PREFIX, noteKey, parseNote } from './budget-note.js'
import {
  CacheServiceError,
  CacheStorageReadOnly,
  CacheWriteDenied,
} from '../cache-service/errors.js'
import { DeadlineExceeded, beforeDeadline } from './deadline.js'
import { type Deleter, type ExecutionReport, executePlan, ownRefsFirst } from './executor.js'
import { type IndexSource, readIndexes } from './index-reader.js'
import { MARKER_KEY_PREFIX, MARKER_VERSION, markerKey } from './marker.js'
import { movedSincePlan } from './recheck.js'
import { BUDGET_WORDS, type PrunePlan, type PrunePolicy, type RefState, plan } from './planner.js'
import { branchName, canRead, mergeQueueBase, pullRequestNumber, readByOtherRefs } from '../refs.js'

/**
 * A run's policy. The run finds out the rest itself: what GitHub says about refs (when the budget
 * needs it), and which refs it cannot read it judges from times.
 */
export type RunPolicy = Omit<PrunePolicy, 'refStates' | 'evidenceRefs'>

/** The REST calls a pruning run makes (src/github/client.ts GitHubClient has them all). */
export interface PruneApi {
  listCaches(filter?: ListFilter, options?: ListOptions): Promise<CacheEntry[]>
  /** Entries created or used at or after `since`, most recently used first (rule 10). */
  listRecentlyUsed(since: number, options?: Pick<ListOptions, 'onPage'>): Promise<CacheEntry[]>
  /** The first page of the repository's entries, largest first (rule 12). */
  listLargest(options?: Pick<ListOptions, 'onPage'>): Promise<CacheEntry[]>
  deleteCache: Deleter
  getCacheUsage(): Promise<CacheUsage>
  getPullRequestState(number: number): Promise<PullRequestState | undefined>
  branchExists(branch: string): Promise<boolean>
  /** How this API says a request was refused for want of permission (the run stops deleting). */
  isPermissionDenied(error: unknown): boolean
  /** How it says the rate limit was hit (the run stops deleting). */
  isRateLimited(error: unknown): boolean
  /** One line for an error of this API, for the log. */
  describeError(error: unknown): string
  /**
   * GitHub's time less the runner's (ms), from the answers' `Date` headers; undefined when no
   * answer said. Entries are judged by GitHub's clock (rule 2).
   */
  clockOffset?(): number | undefined
}

export interface Log {
  info(message: string): void
  debug(message: string): void
  warning(message: string): void
}

export interface PruneRun {
  /** Policy without ref states: the run asks GitHub for those when the budget needs them. */
  policy: RunPolicy
  dryRun: boolean
  /** Deletions in flight at once. */
  concurrency: number
  /** The run ends by this time: no request is waited for after it, no deletion starts (rule 12). */
  deadline?: number
  /** Only the drop refs need listing (a closed pull request): no budget. */
  dropOnly?: boolean
  /**
   * Drop the caches of every pull request the listing shows closed: what `pull_request: closed`
   * left within prune-grace, or an export that landed after the close.
   */
  dropClosedPullRequests?: boolean
  /**
   * The ref this job exported to, when others judge it from times (not the default branch) and
   * the job may write there: its live indexes get markers (marker.ts) declaring what they use.
   */
  markerRef?: string
  /**
   * At most this many deletes in refs other than those it prunes and the default branch, after
   * theirs (a post step's share of its time; executor.ts ownRefsFirst). Undefined: no limit.
   */
  otherRefDeletes?: number
  /**
   * The most entries a listing of other refs' entries reads (the whole repository, its index
   * entries, markers, budget notes, another ref): beyond it the run does without that listing, as
   * when it fails, after one request (rule 12). Anyone who can open a pull request can write
   * entries there. Undefined: no limit.
   */
  listLimit?: number
  /**
   * A post step: when a budget note says the budget could not be met lately, list only the refs
   * this run prunes instead of the whole repository, and after a budget it cannot meet, save such
   * a note (rule 12).
   */
  backOff?: boolean
}

/** Saves a marker entry (marker.ts): false when the key exists already. */
export type MarkerSaver = (key: string, data: Uint8Array) => Promise<boolean>

export interface PruneDeps {
  api: PruneApi
  /** Undefined when the job cannot read the cache: live indexes then count as failed reads. */
  indexSource?: IndexSource
  /** Why there is no index source, for the one problem line that says so. */
  noIndexSource?: string
  /** Undefined without a cache-service runtime: no markers are written. */
  saveMarker?: MarkerSaver
  clock: () => number
  log: Log
}

/** Requests a run made, by kind: the cost a benchmark compares with the lower bound. */
export interface RequestTally {
  usage: number
  listPages: number
  indexLookups: number
  indexDownloads: number
  refQueries: number
  deletes: number
  /** Lookups of the default branch's entries before and after deleting copies of them. */
  copyLookups: number
  /** Markers saved for this job's live indexes. */
  markerWrites: number
  /** Pages of the fresh listings that re-checked the plan before deleting (rule 10). */
  rechecks: number
  /** Budget notes saved (rule 12). */
  noteWrites: number
}

export interface PruneOutcome {
  /** What was listed: the whole repository, or these refs. */
  listed: 'repository' | string[]
  /** Undefined when the listing failed: nothing was planned or deleted. */
  plan?: PrunePlan
  execution?: ExecutionReport
  /** Usage as the usage endpoint reported it, when asked. */
  reportedUsageBytes?: number
  requests: RequestTally
  /** One line per problem, for warnings and the summary. */
  problems: string[]
  /** What the run chose to do that the reader should know, not a problem (log and summary). */
  notices: string[]
  /** Time spent planning (synchronous, so the runner's CPU), in ms; 0 when nothing was planned. */
  planningMs?: number
  /** The live indexes it read, by entry id (for the post step's markers). */
  indexReads?: ReadonlyMap<number, IndexRead>
}

/**
 * How far this job's clock may run ahead of GitHub's, whose times are whole seconds: entries are
 * judged as of this long before the clock's reading (so prune-grace cannot shrink by a clock
 * ahead of GitHub's), and an index written since then counts as written during the listing.
 */
export const CLOCK_ALLOWANCE_MS = 60_000

const byState = (state: PullRequestState | undefined): RefState | undefined =>
  state === 'closed' ? 'closed-pr' : state === 'open' ? 'alive' : undefined

/**
 * Whether refs this job cannot read may hold indexes that use blobs of the refs it prunes: any
 * ref may read the default branch, and a pull request any branch (refs.ts canRead). Then the
 * repository's index entries tell orphan-age which blobs such indexes could use.
 */
export function needsIndexListing(policy: RunPolicy): boolean {
  const readable = new Set(policy.readableRefs)
  return policy.pruneRefs.some(
    (ref) => readable.has(ref) && readByOtherRefs(ref, policy.defaultRef),
  )
}

/** The refs whose live indexes may reference blobs in the refs this run prunes. */
export function refsToList(policy: RunPolicy): string[] {
  const refs = new Set([...policy.pruneRefs, ...policy.dropRefs])
  for (const reader of policy.readableRefs) {
    if (policy.pruneRefs.some((owner) => canRead(reader, owner, policy.defaultRef)))
      refs.add(reader)
  }
  return [...refs].sort()
}

/** What every phase of a run shares: its request, its I/O, its tallies and its notes. */
interface RunContext {
  readonly run: PruneRun
  readonly deps: PruneDeps
  readonly requests: RequestTally
  readonly problems: string[]
  readonly notices: string[]
  /** Time spent planning so far (ms). */
  planningMs: number
  /** Counts a listing page. */
  readonly onPage: () => void
  /**
   * Options for a listing of other refs' entries: pages counted, at most `slack` × the run's
   * listLimit entries (a second listing may find more than the first did).
   */
  limited(slack?: number): ListOptions
  /** Every request the run waits for ends at its deadline (rule 12). */
  bounded<T>(work: Promise<T>, what: string): Promise<T>
  /** GitHub's time now: the runner's clock corrected by the answers' `Date` headers (rule 2). */
  githubNow(): number
}

/** The listings a plan is made from. */
interface Listings {
  /** Every entry of the listed refs, and of the refs listed whole after them. */
  entries: CacheEntry[]
  /** The repository's index entries and markers (rule 5); undefined when not listed or failed. */
  indexListing?: CacheEntry[]
  markerListing?: CacheEntry[]
}

/**
 * One pruning run, as a sequence of phases: decide how much to list, list the repository's
 * indexes and markers, list the entries, read the live indexes, list the refs the plan also
 * needs (closed pull requests, stale refs out of reach), plan (asking GitHub about refs when the
 * plan needs them), execute with re-checks, and save the budget note. Saving markers is the post
 * step's (pruneAndMark), after the run.
 */
export async function runPrune(run: PruneRun, deps: PruneDeps): Promise<PruneOutcome> {
  const requests: RequestTally = {
    usage: 0,
    listPages: 0,
    indexLookups: 0,
    indexDownloads: 0,
    refQueries: 0,
    deletes: 0,
    copyLookups: 0,
    markerWrites: 0,
    rechecks: 0,
    noteWrites: 0,
  }
  const onPage = () => void requests.listPages++
  const ctx: RunContext = {
    run,
    deps,
    requests,
    problems: [],
    notices: [],
    planningMs: 0,
    onPage,
    limited: (slack = 1) => ({
      onPage,
      ...(run.listLimit === undefined ? {} : { maxEntries: run.listLimit * slack }),
    }),
    bounded: (work, what) => beforeDeadline(work, run.deadline, deps.clock, what),
    githubNow: () => deps.clock() + (deps.api.clockOffset?.() ?? 0),
  }
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
 * How much to list: the usage endpoint (one request, lags ~5 minutes) says whether the budget
 * needs the whole repository; otherwise the refs this run prunes are enough. A budget note can
 * make a post step back off to its own refs (rule 12).
 */
async function decideListing(
  ctx: RunContext,
): Promise<{ listed: PruneOutcome['listed']; reportedUsageBytes?: number; ownBudget: boolean }> {
  const { run, deps } = ctx
  let whole = false
  let ownBudget = false
  let reportedUsageBytes: number | undefined
  if (!run.dropOnly) {
    try {
      ctx.requests.usage++
      const usage = await ctx.bounded(deps.api.getCacheUsage(), 'asking for usage')
      reportedUsageBytes = usage.activeBytes
      whole = reportedUsageBytes > run.policy.targetBytes
      if (whole && run.listLimit !== undefined && usage.activeCount > run.listLimit) {
        whole = false
        ownBudget = true
        ctx.notices.push(
          `The repository holds ${usage.activeCount} cache entries, more than the ${run.listLimit} this run lists (rule 12 of docs/pruning-rules.md): to bring usage under prune-target it takes only from its own refs (superseded generations, then layers no live index it knows may use, least recently used first, those other refs read only past orphan-age)`,
        )
      }
      deps.log.debug(
        `usage endpoint: ${formatBytes(reportedUsageBytes)}, target ${formatBytes(run.policy.targetBytes)}`,
      )
    } catch (error) {
      if (error instanceof DeadlineExceeded) throw error
      // Without usage, list everything: the budget can then be checked from the listing itself.
      deps.log.debug(
        `usage endpoint failed (${deps.api.describeError(error)}); listing the repository`,
      )
      whole = true
    }
  }
  if (whole && run.backOff) {
    const until = await backOffUntil(ctx)
    if (until !== undefined) {
      whole = false
      ctx.notices.push(
        `A run at ${new Date(until - BUDGET_BACKOFF_MS).toISOString()} could not bring usage under prune-target; until ${new Date(until).toISOString()} post steps prune only their own ref (the scheduled prune still lists the repository)`,
      )
    }
  }
  return {
    listed: whole
      ? 'repository'
      : ownBudget
        ? // The budget takes from the refs whose live indexes the job reads (rule 12).
          [...new Set([...refsToList(run.policy), ...run.policy.readableRefs])].sort()
        : refsToList(run.policy),
    ...(reportedUsageBytes === undefined ? {} : { reportedUsageBytes }),
    ownBudget,
  }
}

/** At most this many refs holding the largest entries are listed for the budget (rule 12). */
export const BYTE_HOLDER_REFS = 10

/**
 * Rule 12: the repository holds more entries than the run lists, and usage is over the target.
 * Its listed refs alone may not hold enough to take, while GitHub's eviction, least recently used
 * first, would take single layers of pull requests whose indexes live. The first page of the
 * listing by size (one request) tells which pull requests hold the bytes; each is listed on its
 * own, within the limit, and its groups join the budget's candidates. Only refs that nothing but
 * themselves reads: evicting one whole takes every index that could use its layers. Adds their
 * entries to `entries` and returns the refs.
 */
async function listRefsHoldingBytes(
  ctx: RunContext,
  entries: CacheEntry[],
  listed: readonly string[],
): Promise<string[]> {
  const { run, deps } = ctx
  let largest: CacheEntry[]
  try {
    largest = await ctx.bounded(
      deps.api.listLargest({ onPage: ctx.onPage }),
      'listing the largest entries',
    )
  } catch (error) {
    if (error instanceof DeadlineExceeded) throw error
    deps.log.info(
      singleLine(
        `Listing the largest entries failed (${deps.api.describeError(error)}); the budget takes from ${listed.join(', ')} alone`,
      ),
    )
    return []
  }
  const bytes = new Map<string, number>()
  for (const e of largest) {
    if (listed.includes(e.ref) || readByOtherRefs(e.ref, run.policy.defaultRef)) continue
    bytes.set(e.ref, (bytes.get(e.ref) ?? 0) + e.sizeInBytes)
  }
  const refs = [...bytes]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, BYTE_HOLDER_REFS)
    .map(([ref]) => ref)
  const added: string[] = []
  for (const ref of refs) {
    try {
      entries.push(
        ...(await ctx.bounded(deps.api.listCaches({ ref }, ctx.limited()), `listing ${ref}`)),
      )
      added.push(ref)
    } catch (error) {
      if (error instanceof DeadlineExceeded) throw error
      deps.log.info(
        singleLine(
          error instanceof ListingTooLargeError
            ? `${ref} holds ${plural(error.total, 'cache entry', 'cache entries')}, more than the ${error.limit} this run reads: the budget leaves it to GitHub's eviction`
            : `Listing ${ref} failed (${deps.api.describeError(error)}); the budget leaves it alone`,
        ),
      )
    }
  }
  if (added.length > 0)
    deps.log.info(
      `The budget may also evict whole: ${added.join(', ')} (they hold the largest entries)`,
    )
  return added
}

/**
 * Indexes of refs this job cannot read: one listing by key prefix, every ref, with the markers
 * that declare what some of them reference (rule 5). Without it (or when it fails) orphan-age
 * keeps every unreferenced blob others may read (rule 6). It comes before the entries: every
 * index it holds then did its lookups before the blobs' last uses were read, so those times show
 * them.
 */
async function listIndexesAndMarkers(
  ctx: RunContext,
  listed: PruneOutcome['listed'],
): Promise<Omit<Listings, 'entries'>> {
  const { run, deps } = ctx
  if (listed === 'repository' || !needsIndexListing(run.policy)) return {}
  try {
    const indexListing = await ctx.bounded(
      deps.api.listCaches({ key: INDEX_KEY_PREFIX }, ctx.limited()),
      'listing the index entries',
    )
    const markerListing = await ctx.bounded(
      deps.api.listCaches({ key: MARKER_KEY_PREFIX }, ctx.limited()),
      'listing the markers',
    )
    deps.log.debug(
      `Listed ${indexListing.length} index entries and ${markerListing.length} markers of the repository`,
    )
    return { indexListing, markerListing }
  } catch (error) {
    if (error instanceof DeadlineExceeded) throw error
    if (error instanceof ListingTooLargeError) {
      ctx.notices.push(
        `The repository holds ${plural(error.total, 'entry', 'entries')} under one key prefix of this action (index entries or markers), more than the ${error.limit} this run reads: orphan-age keeps every unreferenced blob other refs may read (rule 6 of docs/pruning-rules.md). A pull request writing entries in a loop, a fork's included, does this; once it closes, prune drops its entries`,
      )
      return {}
    }
    deps.log.info(
      singleLine(
        `Listing the repository's index entries failed (${deps.api.describeError(error)}); orphan-age keeps every unreferenced blob other refs may read`,
      ),
    )
    return {}
  }
}

/** The entries of the repository or of the listed refs; undefined (and a problem) when that failed. */
async function listEntries(
  ctx: RunContext,
  listed: PruneOutcome['listed'],
): Promise<CacheEntry[] | undefined> {
  const { api, log } = ctx.deps
  let entries: CacheEntry[]
  try {
    if (listed === 'repository') {
      entries = await ctx.bounded(api.listCaches({}, ctx.limited(2)), 'listing the caches')
    } else {
      entries = []
      for (const ref of listed) {
        entries.push(
          ...(await ctx.bounded(
            api.listCaches({ ref }, { onPage: ctx.onPage }),
            'listing the caches',
          )),
        )
      }
    }
  } catch (error) {
    if (error instanceof DeadlineExceeded) throw error
    ctx.problems.push(
      `listing the caches failed, so nothing was deleted: ${api.describeError(error)}`,
    )
    return undefined
  }
  log.info(
    singleLine(
      `Listed ${entries.length} cache entries (${listed === 'repository' ? 'whole repository' : listed.join(', ')})`,
    ),
  )
  return entries
}

/**
 * Rule 3: a listing is pages read at different times. An entry deleted before a page is read
 * shifts the next onto the page before, already read, and an entry created meanwhile keeps the
 * total: the pages add up and one entry was never seen. Only a missed index costs anything (the
 * generation before it would pass for the newest, and the blobs only it uses for garbage), so
 * the indexes are listed again after the entries, the whole repository's when the run needs them
 * (and the two index listings are merged), else each listed ref's. An index of a listed ref
 * that the entries missed is added to them and judged as if listed; one the first index listing
 * missed joins it. When this second listing fails, nothing is deleted: false.
 */
async function relistIndexes(
  ctx: RunContext,
  listings: Listings,
  listed: PruneOutcome['listed'],
): Promise<boolean> {
  const { api } = ctx.deps
  let again: CacheEntry[]
  try {
    if (listed === 'repository' || listings.indexListing) {
      again = await ctx.bounded(
        api.listCaches({ key: INDEX_KEY_PREFIX }, ctx.limited(2)),
        'listing the index entries again',
      )
    } else {
      again = []
      for (const ref of listed) {
        again.push(
          ...(await ctx.bounded(
            api.listCaches({ key: INDEX_KEY_PREFIX, ref }, { onPage: ctx.onPage }),
            'listing the index entries again',
          )),
        )
      }
    }
  } catch (error) {
    if (error instanceof DeadlineExceeded) throw error
    ctx.problems.push(
      `listing the index entries again (to check the listing) failed, so nothing was deleted: ${api.describeError(error)}`,
    )
    return false
  }
  if (listings.indexListing) {
    const known = new Set(listings.indexListing.map((e) => e.id))
    const missed = again.filter((e) => !known.has(e.id))
    if (missed.length > 0) listings.indexListing = [...listings.indexListing, ...missed]
  }
  addMissed(ctx, listings.entries, again, (ref) => listed === 'repository' || listed.includes(ref))
  return true
}

/**
 * Adds to `entries` the indexes among `candidates` in refs they cover that they do not hold, with
 * one notice (rule 3).
 */
function addMissed(
  ctx: RunContext,
  entries: CacheEntry[],
  candidates: readonly CacheEntry[],
  covers: (ref: string) => boolean,
): void {
  const ids = new Set(entries.map((e) => e.id))
  const missed = candidates.filter(
    (e) => !ids.has(e.id) && e.key.startsWith(INDEX_KEY_PREFIX) && covers(e.ref),
  )
  if (missed.length === 0) return
  // Back in listing order (oldest first): a group's generations are decided in it (rule 8).
  entries.push(...missed)
  entries.sort((a, b) => a.createdAt - b.createdAt || a.id - b.id)
  ctx.notices.push(
    singleLine(
      `The listing missed ${plural(missed.length, 'index entry', 'index entries')} that a second listing holds (first: ${missed[0].key} in ${missed[0].ref}; entries moved between pages while they were read): added, and judged as listed`,
    ),
  )
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

/**
 * The refs the plan needs beyond those listed, each listed whole (a ref listed twice would hold
 * its entries twice): closed pull requests whose caches the run drops, and refs this job cannot
 * read with a generation superseded longer than prune-grace ago, which hold garbage (the post
 * step after an export must keep the generation it superseded, and so what only that one uses);
 * those are judged from markers and times (rule 5). Returns the policy with both.
 */
async function listMoreRefs(
  ctx: RunContext,
  listings: Listings,
  listed: PruneOutcome['listed'],
  refStates: Map<string, RefState>,
  now: number,
): Promise<RunPolicy & Pick<PrunePolicy, 'evidenceRefs'>> {
  const { run, deps } = ctx
  const { entries } = listings
  const extra = new Set<string>()
  const listRef = async (ref: string): Promise<string | undefined> => {
    if (listed === 'repository' || listed.includes(ref) || extra.has(ref)) return undefined
    try {
      entries.push(
        ...(await ctx.bounded(deps.api.listCaches({ ref }, ctx.limited()), `listing ${ref}`)),
      )
      extra.add(ref)
      return undefined
    } catch (error) {
      if (error instanceof DeadlineExceeded) throw error
      return deps.api.describeError(error)
    }
  }

  const dropRefs = [...run.policy.dropRefs]
  if (run.dropClosedPullRequests) {
    const closed = await ctx.bounded(
      closedPullRequests(
        [...entries, ...(listings.indexListing ?? [])],
        run.policy,
        refStates,
        deps,
        ctx.requests,
        ctx.problems,
      ),
      'asking which pull requests are closed',
    )
    for (const ref of closed) {
      const error = await listRef(ref)
      if (error === undefined) dropRefs.push(ref)
      else
        ctx.problems.push(`listing the caches of the closed pull request ${ref} failed: ${error}`)
    }
  }

  const evidenceRefs: string[] = []
  const indexes = listed === 'repository' ? entries : listings.indexListing
  if (indexes) {
    for (const ref of staleOutOfReachRefs(indexes, { ...run.policy, dropRefs }, now)) {
      const error = await listRef(ref)
      if (error === undefined) evidenceRefs.push(ref)
      else
        deps.log.info(
          singleLine(`Listing ${ref} failed (${error}); its garbage waits for another run`),
        )
    }
  }
  return { ...run.policy, dropRefs: dropRefs.sort(), evidenceRefs }
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
        ctx.deps,
        ctx.requests,
        ctx.problems,
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

/**
 * Whether a budget note (budget-note.ts) says post steps are backing off: one listing of the
 * notes' key prefix. Until when, or undefined (also when the listing fails: then the run lists
 * the repository as it would without the note).
 */
async function backOffUntil(ctx: RunContext): Promise<number | undefined> {
  const { deps } = ctx
  try {
    const notes = await ctx.bounded(
      deps.api.listCaches({ key: NOTE_KEY_PREFIX }, ctx.limited()),
      'listing the budget notes',
    )
    const now = ctx.githubNow()
    // Only branches' post steps save notes, and only a push can write a branch's entries: a pull
    // request's ref (a fork's, too) cannot turn the budget off. No note counts beyond one
    // back-off from now, whatever its key says.
    const until = Math.max(
      -Infinity,
      ...notes
        .filter((e) => e.version === MARKER_VERSION && writesNotes(e.ref))
        .map((e) => parseNote(e.key) ?? -Infinity),
    )
    return until > now ? Math.min(until, now + BUDGET_BACKOFF_MS) : undefined
  } catch (error) {
    if (error instanceof DeadlineExceeded) throw error
    deps.log.debug(`listing the budget notes failed (${deps.api.describeError(error)})`)
    return undefined
  }
}

/**
 * Whether budget notes in `ref` count (rule 12): a branch's, which only a push can write. A pull
 * request's post step saves none.
 */
export function writesNotes(ref: string): boolean {
  return branchName(ref) !== undefined
}

/**
 * GitHub's time less the runner's, as the answers so far show it (0 when none said), with one
 * notice when the two differ by more than CLOCK_ALLOWANCE_MS (rule 2).
 */
function clockOffset(ctx: RunContext): number {
  const offset = ctx.deps.api.clockOffset?.() ?? 0
  if (Math.abs(offset) > CLOCK_ALLOWANCE_MS) {
    const by = formatDuration(Math.abs(offset))
    ctx.notices.push(
      `The runner's clock is ${by} ${offset < 0 ? 'ahead of' : 'behind'} GitHub's (by the Date header of its answers): entries were judged by GitHub's clock`,
    )
  }
  return offset
}

/** Saves the note that asks post steps to back off until `until`; 1 when saved. */
async function saveNote(deps: PruneDeps, until: number): Promise<number> {
  const key = noteKey(until)
  try {
    const saved = await deps.saveMarker!(key, Buffer.from(`${new Date(until).toISOString()}\n`))
    if (saved) deps.log.info(`Saved ${key}: post steps list the whole repository again after that`)
    return saved ? 1 : 0
  } catch (error) {
    deps.log.info(
      singleLine(
        `Saving the budget note failed (${deps.api.describeError(error)}); the next post step lists the repository again`,
      ),
    )
    return 0
  }
}

/**
 * One problem line per kind of failed read (rule 4): indexes in a layout this code does not know,
 * indexes over the bytes read of one, and other failures, each naming its first entry.
 */
function readProblems(
  live: readonly CacheEntry[],
  reads: ReadonlyMap<number, IndexRead>,
): string[] {
  const failed = live.flatMap((index) => {
    const read = reads.get(index.id)
    return read && !read.ok ? [{ index, read }] : []
  })
  const problems: string[] = []
  const more = (n: number) => (n > 1 ? ` (and ${n - 1} more)` : '')
  const layout = failed.filter((f) => f.read.cause === 'layout')
  if (layout.length > 0) {
    const { index, read } = layout[0]
    problems.push(
      `the live index ${index.key} (${index.ref}) is not in the layout this action knows (${read.error})${more(layout.length)}: a newer BuildKit may have changed its format; what it may reference was kept`,
    )
  }
  const large = failed.filter((f) => f.read.cause === 'too-large')
  if (large.length > 0) {
    const { index, read } = large[0]
    problems.push(
      `the live index ${index.key} (${index.ref}) was not read: ${read.error}${more(large.length)}; what it may reference was kept`,
    )
  }
  const other = failed.filter((f) => f.read.cause !== 'layout' && f.read.cause !== 'too-large')
  if (other.length > 0) {
    problems.push(
      `${other.length} of ${live.length} live indexes could not be read (first: ${other[0].read.error}); what they may reference was kept`,
    )
  }
  return problems
}

/** One problem line for entries in a key layout this code does not know (rule 4). */
function unknownLayoutProblems(plan: PrunePlan): string[] {
  const unknown = plan.analysis.unknown
  if (unknown.length === 0) return []
  const first = unknown[0].entry
  const more = unknown.length > 1 ? ` (and ${unknown.length - 1} more)` : ''
  return [
    `${first.key} (${first.ref}) carries ${isBuildKitVersion(first.version) ? "BuildKit's" : "this action's"} version on a key this action cannot parse${more}: a newer version may have written it; it was kept, with whatever it may reference`,
  ]
}

/**
 * Saves a marker for each live index of `ref` this job read that has none yet; returns how many
 * it saved. A failure costs only precision (others judge that index from times), so it is logged
 * and the run goes on.
 */
async function saveMarkers(
  ref: string,
  entries: readonly CacheEntry[],
  reads: ReadonlyMap<number, IndexRead>,
  deps: PruneDeps,
  problems: string[],
): Promise<number> {
  const described = declarations(entries, entries)
  let saved = 0
  for (const index of entries) {
    const read = reads.get(index.id)
    if (index.ref !== ref || !read?.ok || described.has(index.id)) continue
    try {
      const data = Buffer.from(
        `${JSON.stringify({ index: index.key, blobs: read.blobKeys.length })}\n`,
      )
      const key = markerKey(index.id, read.blobKeys)
      if (await deps.saveMarker!(key, data)) {
        saved++
        deps.log.info(
          singleLine(
            `Saved ${key}: what ${index.key} references, for jobs that cannot read ${ref}`,
          ),
        )
      }
    } catch (error) {
      // A token that may not write will not write the next one either: one warning, then stop.
      if (error instanceof CacheWriteDenied || error instanceof CacheStorageReadOnly) {
        problems.push(
          `${error.message}. Without markers, jobs that cannot read ${ref} judge its indexes from times (they keep more)`,
        )
        break
      }
      // Rate limited after one Retry-After: the repository's upload rate is spent, and more
      // markers now would only compete with other jobs' exports for it.
      if (error instanceof CacheServiceError && error.status === 429) {
        deps.log.info(
          singleLine(
            `Saving markers stopped: the cache service limits new entries (${error.message}); the indexes left without one are judged from times (they keep more)`,
          ),
        )
        break
      }
      deps.log.info(
        singleLine(
          `Saving the marker of ${index.key} failed (${deps.api.describeError(error)}); others judge it from times`,
        ),
      )
    }
  }
  return saved
}

/** Whether a lookup of the key through the runtime token finds exactly that key. */
function lookUpWith(source: IndexSource): (key: string) => Promise<boolean> {
  return async (key) => (await source.lookup(key))?.matchedKey === key
}

/**
 * The pull requests among the listed entries' refs that GitHub says are closed, and the merge
 * queues' refs whose queue entry is gone (asking about each once), other than those the run drops
 * anyway: nothing reads their caches any more.
 */
async function closedPullRequests(
  listed: readonly CacheEntry[],
  policy: RunPolicy,
  states: Map<string, RefState>,
  deps: PruneDeps,
  requests: RequestTally,
  problems: string[],
): Promise<Set<string>> {
  const dropping = new Set(policy.dropRefs)
  const queue = (ref: string) => mergeQueueBase(ref) !== undefined
  const refs = [...new Set(listed.map((e) => e.ref))]
    .filter((ref) => (pullRequestNumber(ref) !== undefined || queue(ref)) && !dropping.has(ref))
    .sort()
  await askRefStates(refs, policy.defaultRef, states, deps, requests, problems)
  return new Set(
    refs.filter(
      (ref) =>
        states.get(ref) === 'closed-pr' || (queue(ref) && states.get(ref) === 'deleted-branch'),
    ),
  )
}

/**
 * Asks whether pull requests are closed and branches deleted, a few at a time. A branch counts as
 * deleted only when the default branch answers as present: a token without `contents: read` may
 * get 404s for branches that exist, and a 404 there must not delete a live branch's cache.
 */
async function askRefStates(
  refs: readonly string[],
  defaultRef: string,
  states: Map<string, RefState>,
  deps: PruneDeps,
  requests: RequestTally,
  problems: string[],
): Promise<void> {
  let failures = 0
  let firstError = ''
  let branchesVisible: Promise<boolean> | undefined
  const canSeeBranches = () =>
    (branchesVisible ??= (async () => {
      const branch = branchName(defaultRef)
      requests.refQueries++
      const visible = branch !== undefined && (await deps.api.branchExists(branch))
      if (!visible) {
        problems.push(
          `the default branch ${defaultRef} is not visible to the token (contents: read is needed), so no branch was treated as deleted`,
        )
      }
      return visible
    })().catch((error: unknown) => {
      problems.push(
        `the branch lookups are unavailable (${deps.api.describeError(error)}), so no branch was treated as deleted`,
      )
      return false
    }))
  await forEachLimited(refs, REQUEST_CONCURRENCY, async (ref) => {
    const number = pullRequestNumber(ref)
    const branch = branchName(ref)
    try {
      let state: RefState | undefined
      if (number !== undefined) {
        requests.refQueries++
        state = byState(await deps.api.getPullRequestState(number))
      } else if (branch !== undefined && (await canSeeBranches())) {
        requests.refQueries++
        state = (await deps.api.branchExists(branch)) ? 'alive' : 'deleted-branch'
      }
      if (state !== undefined) states.set(ref, state)
    } catch (error) {
      failures++
      firstError ||= deps.api.describeError(error)
    }
  })
  if (failures > 0) {
    problems.push(
      `${failures} of ${refs.length} pull request or branch lookups failed (first: ${firstError}); those refs were treated as alive`,
    )
  }
}
