/**
 * What a pruning run is given and what it gives back (its request, its I/O, its outcome), and the
 * context its phases share: the run, its I/O, the requests it made, its problems and notices, its
 * deadline and GitHub's clock. Types and one constructor; the phases are listing.ts, more-refs.ts,
 * pruner.ts (plan and execute) and own-writes.ts.
 */
import type {
  CacheEntry,
  CacheUsage,
  DeleteResult,
  ListFilter,
  ListOptions,
} from '../github/caches.js'
import type { RefStateApi, RefStateLog } from '../github/ref-states.js'
import type { IndexRead } from './analysis.js'
import { beforeDeadline } from './deadline.js'
import type { ExecutionReport } from './executor.js'
import type { IndexSource } from './index-reader.js'
import type { PrunePlan, PrunePolicy } from './planner.js'
import { formatDuration } from '../units.js'

/**
 * A run's policy. The run finds out the rest itself: what GitHub says about refs (when the budget
 * needs it), and which refs it cannot read it judges from times.
 */
export type RunPolicy = Omit<PrunePolicy, 'refStates' | 'evidenceRefs'>

/** The REST calls a pruning run makes (src/github/client.ts GitHubClient has them all). */
export interface PruneApi extends RefStateApi {
  listCaches(filter?: ListFilter, options?: ListOptions): Promise<CacheEntry[]>
  /** Entries created or used at or after `since`, most recently used first (rule 10). */
  listRecentlyUsed(since: number, options?: Pick<ListOptions, 'onPage'>): Promise<CacheEntry[]>
  /** The first page of the repository's entries, largest first (rule 12). */
  listLargest(options?: Pick<ListOptions, 'onPage'>): Promise<CacheEntry[]>
  deleteCache(id: number): Promise<DeleteResult>
  getCacheUsage(): Promise<CacheUsage>
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

/** What every phase of a run shares: its request, its I/O, its tallies and its notes. */
export interface RunContext {
  readonly run: PruneRun
  readonly deps: PruneDeps
  readonly requests: RequestTally
  readonly problems: string[]
  readonly notices: string[]
  /** Time spent planning so far (ms). */
  planningMs: number
  /** Counts a listing page. */
  readonly onPage: () => void
  /** Where questions about refs (askRefStates) are counted and their problems said. */
  readonly refStateLog: RefStateLog
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
export interface Listings {
  /** Every entry of the listed refs, and of the refs listed whole after them. */
  entries: CacheEntry[]
  /** The repository's index entries and markers (rule 5); undefined when not listed or failed. */
  indexListing?: CacheEntry[]
  markerListing?: CacheEntry[]
}

/** A tally with no request made yet. */
export function noRequests(): RequestTally {
  return {
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
}

/** A fresh context for one run: no request made yet. */
export function newRunContext(run: PruneRun, deps: PruneDeps): RunContext {
  const requests = noRequests()
  const onPage = () => void requests.listPages++
  const problems: string[] = []
  return {
    run,
    deps,
    requests,
    problems,
    notices: [],
    planningMs: 0,
    onPage,
    refStateLog: { onQuery: () => void requests.refQueries++, problems },
    limited: (slack = 1) => ({
      onPage,
      ...(run.listLimit === undefined ? {} : { maxEntries: run.listLimit * slack }),
    }),
    bounded: (work, what) => beforeDeadline(work, run.deadline, deps.clock, what),
    githubNow: () => deps.clock() + (deps.api.clockOffset?.() ?? 0),
  }
}

/**
 * GitHub's time less the runner's, as the answers so far show it (0 when none said), with one
 * notice when the two differ by more than CLOCK_ALLOWANCE_MS (rule 2).
 */
export function clockOffset(ctx: RunContext): number {
  const offset = ctx.deps.api.clockOffset?.() ?? 0
  if (Math.abs(offset) > CLOCK_ALLOWANCE_MS) {
    const by = formatDuration(Math.abs(offset))
    ctx.notices.push(
      `The runner's clock is ${by} ${offset < 0 ? 'ahead of' : 'behind'} GitHub's (by the Date header of its answers): entries were judged by GitHub's clock`,
    )
  }
  return offset
}
