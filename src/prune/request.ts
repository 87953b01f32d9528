/**
 * What a pruning run should do, decided from plain settings, what the post step knows of the
 * job's export, or the event that triggered `prune`. Pure: the steps (src/steps/post.ts,
 * src/steps/prune-step.ts) translate their inputs and state into these arguments and run the answer.
 */
import { REQUEST_CONCURRENCY } from '../concurrency.js'
import type { PruneRun, RunPolicy } from './pruner.js'
import { LOCAL_KEY_PREFIX } from '../local/keys.js'
import { MOUNT_KEY_PREFIX } from '../cache-mounts/keys.js'
import { pullRequestRef } from '../refs.js'

/**
 * Key prefixes of our own saved generations (`type=local`, cache mounts): entries pruning may
 * treat as ours. Everything else that is not BuildKit's is never touched.
 */
export const OWN_KEY_PREFIXES = [LOCAL_KEY_PREFIX, MOUNT_KEY_PREFIX] as const

/**
 * How long a pruning run may take, from its first request to its last (rule 12): the post step
 * holds up the end of a job that has built, so it stops early and leaves the rest for the next
 * run; `prune` is a job of its own.
 */
export const POST_TIME_LIMIT_MS = 5 * 60_000
/**
 * Deletes a post step spends on refs other than its own and the default branch, after theirs:
 * about a minute of GitHub's one write a second, a fifth of POST_TIME_LIMIT_MS (rule 12).
 */
export const POST_OTHER_REF_DELETES = 60
export const PRUNE_TIME_LIMIT_MS = 30 * 60_000
/**
 * Entries a post step reads of a listing of other refs' entries (rule 12): 100 pages, a tenth of
 * a `GITHUB_TOKEN`'s hourly requests. A busy repository's index entries fit many times over; a
 * pull request writing entries in a loop does not, and then costs a post step one request.
 */
export const POST_LIST_LIMIT = 10_000
/** The same for `prune`, which has 30 minutes: 1,000 pages, an hour's requests. */
export const PRUNE_LIST_LIMIT = 100_000

/**
 * What every pruning run is told by its step: the user's settings (src/steps/prune-and-report.ts
 * runSettings translates the inputs), where it runs, and until when.
 */
export interface RunSettings extends Pick<
  RunPolicy,
  'graceMs' | 'orphanAgeMs' | 'limitBytes' | 'targetBytes' | 'protectDefaultBranch' | 'defaultRef'
> {
  /** Refs whose indexes the runtime token can read. */
  readableRefs: readonly string[]
  dryRun: boolean
  /** The run ends by this time (rule 12). */
  deadline?: number
}

/** What the post step knows of the job's export (from the main step's state). */
export interface JobExport {
  /** The ref the job's export landed in; undefined when it had none. */
  ref?: string
  /** The export used BuildKit's `ghtoken` key map, which skips layer lookups. */
  keyMap: boolean
  /** Refs the job's runtime token may write. */
  writableRefs: readonly string[]
}

function runOf(s: RunSettings, overrides: Partial<PruneRun['policy']>, dropOnly = false): PruneRun {
  return {
    policy: {
      graceMs: s.graceMs,
      orphanAgeMs: s.orphanAgeMs,
      limitBytes: s.limitBytes,
      targetBytes: s.targetBytes,
      protectDefaultBranch: s.protectDefaultBranch,
      defaultRef: s.defaultRef,
      readableRefs: [...s.readableRefs],
      ownKeyPrefixes: [...OWN_KEY_PREFIXES],
      exportsLookUpLayers: true,
      pruneRefs: [],
      dropRefs: [],
      ...overrides,
    },
    dryRun: s.dryRun,
    // Rule 11; the REST client paces writes further (src/github/octokit.ts).
    concurrency: REQUEST_CONCURRENCY,
    ...(s.deadline === undefined ? {} : { deadline: s.deadline }),
    ...(dropOnly ? { dropOnly } : {}),
  }
}

/**
 * The post step prunes the ref its exports land in, then keeps the repository in budget (backing
 * off when the budget could not be met lately: rule 12), and marks what the ref's live indexes
 * reference (marker.ts) when others cannot read them. When this job's export used BuildKit's
 * `ghtoken` key map, the repository's other exports likely do too and skip the layer lookups that
 * date their use: an index then counts as possibly using every blob that existed before it (rule 5).
 */
export function postStepRequest(job: JobExport, s: RunSettings): PruneRun {
  const { ref } = job
  const run: PruneRun = {
    ...runOf(s, {
      pruneRefs: ref ? [ref] : [],
      ...(job.keyMap ? { exportsLookUpLayers: false } : {}),
    }),
    backOff: true,
    otherRefDeletes: POST_OTHER_REF_DELETES,
    listLimit: POST_LIST_LIMIT,
  }
  // Jobs on the default branch cannot read this ref's indexes: markers tell them what they use.
  const marks = ref !== undefined && ref !== s.defaultRef && job.writableRefs.includes(ref)
  return marks ? { ...run, markerRef: ref } : run
}

export type Trigger =
  { kind: 'pull-request-closed'; number: number; ref: string } | { kind: 'budget'; event: string }

/**
 * What started `prune`: a closed pull request (drop its caches), or anything else, in practice
 * `schedule` and `workflow_dispatch` (enforce the budget repository-wide).
 */
export function triggerOf(eventName: string, payload: unknown): Trigger {
  const event = payload as { action?: unknown; pull_request?: { number?: unknown } } | null
  const number = event?.pull_request?.number
  if (
    (eventName === 'pull_request' || eventName === 'pull_request_target') &&
    event?.action === 'closed' &&
    typeof number === 'number' &&
    Number.isSafeInteger(number) &&
    number > 0
  ) {
    return { kind: 'pull-request-closed', number, ref: pullRequestRef(number) }
  }
  return { kind: 'budget', event: eventName }
}

export function pruneStepRequest(trigger: Trigger, s: RunSettings): PruneRun {
  if (trigger.kind === 'pull-request-closed') {
    return { ...runOf(s, { dropRefs: [trigger.ref] }, true), listLimit: PRUNE_LIST_LIMIT }
  }
  // The readable refs are the ones whose garbage a scheduled run can judge: the default branch
  // for a run on it. Closed pull requests go whole: `pull_request: closed` keeps what was used
  // within prune-grace, and an export can land after the close.
  return {
    ...runOf(s, { pruneRefs: [...s.readableRefs] }),
    dropClosedPullRequests: true,
    listLimit: PRUNE_LIST_LIMIT,
  }
}
