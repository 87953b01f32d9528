/**
 * What a pruning run should do, decided from the settings, the main step's state or the event
 * that triggered `prune`; and what of its outcome deserves a warning. Pure: the orchestrators
 * (src/steps/post.ts, src/steps/prune.ts) gather the inputs and act on the answers.
 */
import { REQUEST_CONCURRENCY } from '../concurrency.js'
import type { PruneSettings } from '../inputs.js'
import type { MainState } from '../state.js'
import type { PruneOutcome, PruneRun, RunPolicy } from './pruner.js'
import { formatBytes } from '../units.js'
import { UPLOADS_PER_MINUTE } from './inventory.js'
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
export const POST_BUDGET_MS = 5 * 60_000
/**
 * Deletes a post step spends on refs other than its own and the default branch, after theirs:
 * about a minute of GitHub's one write a second, a fifth of POST_BUDGET_MS (rule 12).
 */
export const POST_OTHER_REF_DELETES = 60
export const PRUNE_BUDGET_MS = 30 * 60_000
/**
 * Entries a post step reads of a listing of other refs' entries (rule 12): 100 pages, a tenth of
 * a `GITHUB_TOKEN`'s hourly requests. A busy repository's index entries fit many times over; a
 * pull request writing entries in a loop does not, and then costs a post step one request.
 */
export const POST_LIST_LIMIT = 10_000
/** The same for `prune`, which has 30 minutes: 1,000 pages, an hour's requests. */
export const PRUNE_LIST_LIMIT = 100_000

export interface PruneContext {
  settings: PruneSettings
  /** `refs/heads/<default branch>`. */
  defaultRef: string
  /** Refs whose indexes the runtime token can read. */
  readableRefs: readonly string[]
  /** The run ends by this time (rule 12). */
  deadline?: number
}

function policy(ctx: PruneContext): RunPolicy {
  const s = ctx.settings
  return {
    graceMs: s.pruneGraceMs,
    orphanAgeMs: s.orphanAgeMs,
    limitBytes: s.cacheLimitBytes,
    targetBytes: s.pruneTargetBytes,
    protectDefaultBranch: s.protectDefaultBranch,
    defaultRef: ctx.defaultRef,
    readableRefs: [...ctx.readableRefs],
    ownKeyPrefixes: [...OWN_KEY_PREFIXES],
    exportsLookUpLayers: true,
    pruneRefs: [],
    dropRefs: [],
  }
}

function runOf(
  ctx: PruneContext,
  overrides: Partial<PruneRun['policy']>,
  dropOnly = false,
): PruneRun {
  return {
    policy: { ...policy(ctx), ...overrides },
    dryRun: ctx.settings.dryRun,
    // Rule 11; the REST client paces writes further (src/github/octokit.ts).
    concurrency: REQUEST_CONCURRENCY,
    ...(ctx.deadline === undefined ? {} : { deadline: ctx.deadline }),
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
export function postStepRun(state: MainState, ctx: PruneContext): PruneRun {
  const ref = state.exportRef ?? state.ref
  const run: PruneRun = {
    ...runOf(ctx, {
      pruneRefs: ref ? [ref] : [],
      ...(state.exportKeyMap ? { exportsLookUpLayers: false } : {}),
    }),
    backOff: true,
    otherRefDeletes: POST_OTHER_REF_DELETES,
    listLimit: POST_LIST_LIMIT,
  }
  // Jobs on the default branch cannot read this ref's indexes: markers tell them what they use.
  const marks = ref !== undefined && ref !== ctx.defaultRef && state.writableRefs.includes(ref)
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

export function pruneStepRun(trigger: Trigger, ctx: PruneContext): PruneRun {
  if (trigger.kind === 'pull-request-closed') {
    return { ...runOf(ctx, { dropRefs: [trigger.ref] }, true), listLimit: PRUNE_LIST_LIMIT }
  }
  // The readable refs are the ones whose garbage a scheduled run can judge: the default branch
  // for a run on it. Closed pull requests go whole: `pull_request: closed` keeps what was used
  // within prune-grace, and an export can land after the close.
  return {
    ...runOf(ctx, { pruneRefs: [...ctx.readableRefs] }),
    dropClosedPullRequests: true,
    listLimit: PRUNE_LIST_LIMIT,
  }
}

export interface WarningContext {
  /** The main step's state, for the post step. */
  state?: MainState
  /** Scopes with more than one export in this run (see inventory.ts scopeCollisions). */
  collisions?: readonly { scope: string; generations: number }[]
  /** The most entries this job's export created within one minute (peakCreationsPerMinute). */
  peakCreationsPerMinute?: number
}

/** A job alone at this share of GitHub's upload rate is told so (it meets 429s with company). */
export const NEAR_UPLOAD_RATE = 0.75

/** Usage at or above this share of the limit after pruning earns a warning. */
export const NEAR_LIMIT = 0.9

/** One line per thing the user should act on; each names its cause. */
export function outcomeWarnings(outcome: PruneOutcome, ctx: WarningContext = {}): string[] {
  const warnings = [...outcome.problems]
  const stopped = outcome.execution?.stopped
  if (stopped?.reason === 'permission-denied') {
    warnings.push(
      `the github-token may not delete caches (${stopped.error}); give the job "permissions: actions: write". The plan below shows what would have been deleted.`,
    )
  } else if (stopped?.reason === 'rate-limited') {
    warnings.push(
      `GitHub's API rate limit stopped the deletions (${stopped.error}); the rest is left for the next run`,
    )
  } else if (stopped?.reason === 'failures') {
    warnings.push(
      `deletions kept failing (last: ${stopped.error}); the rest is left for the next run`,
    )
  } else if (stopped?.reason === 'deadline') {
    warnings.push('the time allowed for pruning ran out; the rest is left for the next run')
  } else if (stopped?.reason === 'recheck-failed') {
    warnings.push(
      `re-checking the plan against a fresh listing failed (${stopped.error}), so no deletion was sent after it; the rest is left for the next run`,
    )
  }
  const plan = outcome.plan
  if (plan?.limitRaised) {
    warnings.push(
      `usage (${formatBytes(plan.usageBeforeBytes)}) is well above cache-limit (${formatBytes(plan.limitBytes)}), which GitHub would not allow: the repository's limit is evidently higher than cache-limit. Pruning deleted garbage but evicted no branch's or pull request's live cache to meet a target below what GitHub allows; leave cache-limit empty to use the limit GitHub reports (the token needs actions: read), or set it to the repository's limit`,
    )
  }
  if (plan?.budget === 'not-met' && !plan.limitRaised) {
    warnings.push(
      `usage stays above prune-target after everything pruning may delete: what is left is in use, within prune-grace or the protected default branch's live cache; post steps back off from listing the whole repository for an hour; raise prune-target or cache-limit (if the repository's limit is higher), or turn protection off`,
    )
  }
  if (plan && !plan.limitRaised) {
    const after = plan.usageAfterBytes
    if (after >= NEAR_LIMIT * plan.limitBytes) {
      warnings.push(
        `cache usage is ${Math.round((100 * after) / plan.limitBytes)}% of cache-limit after pruning: GitHub evicts least recently used entries above the limit, live layers included`,
      )
    }
  }
  const peak = ctx.peakCreationsPerMinute ?? 0
  if (peak >= NEAR_UPLOAD_RATE * UPLOADS_PER_MINUTE) {
    warnings.push(
      `this job's export created ${peak} cache entries within one minute; GitHub lets a repository create ${UPLOADS_PER_MINUTE} a minute and answers 429 beyond it (BuildKit writes one entry per new layer): use mode: min, or fewer scopes or matrix legs exporting at once`,
    )
  }
  for (const c of ctx.collisions ?? []) {
    warnings.push(
      `scope "${c.scope}" got ${c.generations} exports in this run: each replaces the last (BuildKit does not merge indexes); give each job or matrix leg its own scope`,
    )
  }
  const state = ctx.state
  if (
    state &&
    state.type === 'gha' &&
    state.readableRefs.length > 0 &&
    state.writableRefs.length === 0
  ) {
    warnings.push(
      'the runtime token is read-only (an untrusted trigger such as pull_request_target): BuildKit could not export, and this job’s cache was not updated',
    )
  }
  return warnings
}
